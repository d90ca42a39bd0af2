import type { ArrayNode, ObjectNode, Path, PolicyDocument, PropertyNode, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { newMeta, spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { RESOURCE_TYPES } from './tables';
import { IDENTITY_METHOD, RESOURCE_METHOD, TRUST_CONTEXT, callLabel, effectText, elementOf, finishPolicies, principals, principalsMakeResource, property, setProperty, statementNode, syntheticRoot, trustStatement, walk, type Context, type PrincipalSyntax } from './extractCommon';

/**
 * CDK in Java (tree-sitter-java) → policy documents. Recognised:
 * `PolicyStatement.Builder.create()….build()`, `new PolicyStatement(PolicyStatementProps.builder()….build())`
 * (builder methods `sid`, `effect`, `actions`, `notActions`, `resources`, `notResources`,
 * `principals`, `notPrincipals`, `conditions`), `assumedBy(principal)` in a Role builder, and the
 * context of a statement: `x.addToPolicy(…)` / `addToPrincipalPolicy` → identity,
 * `x.addToResourcePolicy(…)` → resource, else no context (identity unless it has principals).
 * A statement held in a local variable takes the context of the call it is passed to.
 *
 * Values: string literals are known; `List.of(…)`, `Arrays.asList(…)`, `Collections.singletonList(…)`
 * are lists (their argument list is the array, so fixes keep the call), `Map.of(k, v, …)` is an
 * object; a local variable holding one of those is followed one level; anything else is unknown.
 * Full extraction on every parse (no incremental reuse: see docs/cdk.md).
 */

const LIST_FACTORIES = /^(List\.of|Arrays\.asList|Collections\.singletonList|ImmutableList\.of)$/;
interface JCtx {
  text: string;
  meta: RenderMeta;
  /** Local variables and fields: name → initialiser (first declaration in the file wins). */
  decls: Map<string, SyntaxNode>;
}

export interface JavaExtraction {
  policies: PolicyDocument[];
  meta: RenderMeta;
}

/** The last identifier of a type / name expression (`iam.PolicyStatement` → PolicyStatement). */
function simpleName(n: SyntaxNode | null): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier' || n.type === 'type_identifier') return n.text;
  if (n.type === 'scoped_type_identifier' || n.type === 'field_access' || n.type === 'scoped_identifier') {
    const kids = n.namedChildren;
    return simpleName(kids[kids.length - 1] ?? null);
  }
  if (n.type === 'generic_type') return simpleName(n.namedChildren[0] ?? null);
  return undefined;
}

function args(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'line_comment' && c.type !== 'block_comment') ?? [];
}

function unwrapJ(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let i = 0; i < 16 && (cur.type === 'parenthesized_expression' || cur.type === 'cast_expression'); i++) {
    const inner = cur.childForFieldName('value') ?? cur.namedChildren[cur.namedChildren.length - 1];
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/** A builder chain `X.….build()`: the calls from the first after the root to the last, and the root expression. */
function chainOf(build: SyntaxNode): { root: SyntaxNode; calls: SyntaxNode[] } {
  const calls: SyntaxNode[] = [];
  let cur: SyntaxNode | null = build;
  for (let i = 0; cur && cur.type === 'method_invocation' && i < 200; i++) {
    calls.unshift(cur);
    const obj: SyntaxNode | null = cur.childForFieldName('object');
    if (!obj || obj.type !== 'method_invocation') return { root: obj ?? cur, calls };
    cur = obj;
  }
  return { root: cur ?? build, calls };
}

function methodName(call: SyntaxNode): string {
  return call.childForFieldName('name')?.text ?? '';
}

/** The text of a call's callee without whitespace (`List.of`, `Arrays.asList`). */
function calleeText(call: SyntaxNode): string {
  const obj = call.childForFieldName('object');
  return `${obj ? obj.text.replace(/\s+/g, '').replace(/^java\.util\./, '') + '.' : ''}${methodName(call)}`;
}

/** Is `build` the `.build()` of a `PolicyStatement.Builder.create()` or `PolicyStatementProps.builder()` chain? */
function statementChain(build: SyntaxNode): { calls: SyntaxNode[]; props: boolean } | undefined {
  if (build.type !== 'method_invocation' || methodName(build) !== 'build') return undefined;
  const { calls } = chainOf(build);
  const first = calls[0];
  if (!first) return undefined;
  const obj = first.childForFieldName('object');
  const objName = obj?.text.replace(/\s+/g, '') ?? '';
  if (methodName(first) === 'create' && /(^|\.)PolicyStatement\.Builder$/.test(objName)) return { calls: calls.slice(1, -1), props: false };
  if (methodName(first) === 'builder' && /(^|\.)PolicyStatementProps$/.test(objName)) return { calls: calls.slice(1, -1), props: true };
  return undefined;
}

function stringValue(n: SyntaxNode, path: Path): ValueNode {
  const kids = n.namedChildren;
  if (n.text.startsWith('"""') || kids.some((c) => c.type !== 'string_fragment' && c.type !== 'escape_sequence')) return unknownNode(n, path);
  const escaped = kids.some((c) => c.type === 'escape_sequence');
  if (escaped) {
    let value = '';
    for (const c of kids) {
      if (c.type === 'string_fragment') value += c.text;
      else {
        const e = c.text;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\' };
        if (e.length === 2 && simple[e[1]] !== undefined) value += simple[e[1]];
        else if (/^\\u[0-9a-fA-F]{4}$/.test(e)) value += String.fromCharCode(parseInt(e.slice(2), 16));
        else return unknownNode(n, path);
      }
    }
    return { kind: 'string', value, span: spanOf(n), path };
  }
  const value = n.text.slice(1, -1);
  const node: StringNode = { kind: 'string', value, span: spanOf(n), path, valueSpan: { offset: n.startIndex + 1, length: Math.max(0, n.endIndex - n.startIndex - 2) } };
  return node;
}

/** A Java expression → model value (literals known, everything else unknown). */
function toValueJ(raw: SyntaxNode, path: Path, ctx: JCtx, follow = 1): ValueNode {
  const n = unwrapJ(raw);
  switch (n.type) {
    case 'string_literal':
      return stringValue(n, path);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: n.type === 'true', span: spanOf(n), path };
    case 'decimal_integer_literal': {
      const v = Number(n.text.replace(/_/g, '').replace(/[lL]$/, ''));
      return Number.isFinite(v) ? { kind: 'number', value: v, raw: n.text, span: spanOf(n), path } : unknownNode(n, path);
    }
    case 'identifier': {
      const d = follow > 0 ? ctx.decls.get(n.text) : undefined;
      if (d && isLiteralish(unwrapJ(d))) return toValueJ(d, path, ctx, follow - 1);
      return unknownNode(n, path);
    }
    case 'method_invocation': {
      const c = calleeText(n);
      if (LIST_FACTORIES.test(c)) return listValue(n, path, ctx, follow);
      if (c === 'Map.of') return mapValue(n, path, ctx, follow);
      return unknownNode(n, path);
    }
  }
  return unknownNode(n, path);
}

function isLiteralish(n: SyntaxNode): boolean {
  if (n.type === 'string_literal') return true;
  if (n.type === 'method_invocation') {
    const c = calleeText(n);
    return LIST_FACTORIES.test(c) || c === 'Map.of';
  }
  return false;
}

/** `List.of("a", "b")`: an array whose span is the inside of the parentheses (fixes keep the call). */
function listValue(call: SyntaxNode, path: Path, ctx: JCtx, follow: number): ArrayNode {
  const items = args(call).map((a, i) => toValueJ(a, [...path, i], ctx, follow));
  const argList = call.childForFieldName('arguments')!;
  const arr: ArrayNode = { kind: 'array', items, span: { offset: argList.startIndex + 1, length: Math.max(0, argList.endIndex - argList.startIndex - 2) }, path };
  ctx.meta.args.add(arr);
  return arr;
}

/** `Map.of("k", v, "k2", v2)`: an object (written keys are the string literals). Not edited as a whole. */
function mapValue(call: SyntaxNode, path: Path, ctx: JCtx, follow: number): ValueNode {
  const a = args(call);
  if (a.length % 2 !== 0) return unknownNode(call, path);
  const properties: PropertyNode[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const k = unwrapJ(a[i]);
    if (k.type !== 'string_literal') return unknownNode(call, path);
    const key = toValueJ(k, path, ctx, 0);
    if (key.kind !== 'string') return unknownNode(call, path);
    const v = toValueJ(a[i + 1], [...path, key.value], ctx, follow);
    properties.push({ key: key.value, keySpan: spanOf(k), value: v, span: unionSpan([spanOf(k), v.span]), path: [...path, key.value] });
  }
  const obj: ObjectNode = { kind: 'object', properties, span: spanOf(call), path };
  ctx.meta.synthetic.add(obj);
  return obj;
}

function principalSyntax(ctx: JCtx): PrincipalSyntax {
  return {
    unwrap: unwrapJ,
    creation: (n) => {
      // ServicePrincipal.Builder.create("x")….build()
      if (n.type === 'method_invocation' && methodName(n) === 'build') {
        const first = chainOf(n).calls[0];
        const obj = first?.childForFieldName('object');
        const m = obj && /(?:^|\.)(\w*Principal)\.Builder$/.exec(obj.text.replace(/\s+/g, ''));
        return m && methodName(first) === 'create' && obj ? { cls: m[1], nameNode: obj, args: args(first) } : undefined;
      }
      if (n.type !== 'object_creation_expression') return undefined;
      const typeNode = n.childForFieldName('type');
      const cls = simpleName(typeNode);
      return cls && typeNode ? { cls, nameNode: typeNode, args: args(n) } : undefined;
    },
    list: (n) => (n.type === 'method_invocation' && LIST_FACTORIES.test(calleeText(n)) ? args(n) : undefined),
    receiverOfWith: (n) => (n.type === 'method_invocation' && /^with(Conditions|SessionTags)$/.test(methodName(n)) ? (n.childForFieldName('object') ?? undefined) : undefined),
    value: (n, path) => toValueJ(n, path, ctx),
  };
}

/** One statement from its builder calls. */
function statementOf(ctx: JCtx, construct: SyntaxNode, calls: SyntaxNode[], path: Path): ObjectNode {
  const properties: PropertyNode[] = [];
  for (const call of calls) {
    const el = elementOf(methodName(call));
    const nameNode = call.childForFieldName('name');
    const a = args(call);
    if (!el || !nameNode || a.length !== 1) continue;
    const p = [...path, el];
    let value: ValueNode;
    if (el === 'Effect') {
      const e = effectText(unwrapJ(a[0]).text);
      value = e ? synthValue(ctx, e, a[0], p) : unknownNode(a[0], p);
    } else if (el === 'Principal' || el === 'NotPrincipal') value = principals(ctx.meta, principalSyntax(ctx), [a[0]], p).value ?? unknownNode(a[0], p);
    else value = toValueJ(a[0], p, ctx);
    setProperty(properties, property(el, nameNode, value, path));
  }
  return statementNode(ctx.meta, construct, properties, path);
}

/** `Effect.ALLOW` as a value: not a literal of the file, never edited. */
function synthValue(ctx: JCtx, value: string, n: SyntaxNode, path: Path): StringNode {
  const s: StringNode = { kind: 'string', value, span: spanOf(n), path };
  ctx.meta.synthetic.add(s);
  return s;
}

function enclosingBlock(n: SyntaxNode): SyntaxNode | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'block' || p.type === 'constructor_body' || p.type === 'class_body' || p.type === 'program') return p;
  return null;
}

/** The class a receiver variable was created with (`Bucket bucket = new Bucket(…)`, `Bucket.Builder.create(…)…build()`). */
function receiverClass(ctx: JCtx, receiver: SyntaxNode): string | undefined {
  const r = unwrapJ(receiver);
  const name = r.type === 'identifier' ? r.text : r.type === 'field_access' ? r.childForFieldName('field')?.text : undefined;
  const v = name ? ctx.decls.get(name) : undefined;
  if (!v) return undefined;
  const u = unwrapJ(v);
  if (u.type === 'object_creation_expression') return simpleName(u.childForFieldName('type'));
  if (u.type === 'method_invocation') {
    const { calls } = chainOf(u);
    const obj = calls[0]?.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
    const m = /(?:^|\.)(\w+)\.Builder$/.exec(obj) ?? /(?:^|\.)(\w+)$/.exec(obj);
    return m?.[1];
  }
  return undefined;
}

/** The context a statement expression is used in (directly, or through the variable it is assigned to). */
function contextOf(ctx: JCtx, construct: SyntaxNode, root: SyntaxNode): Context | undefined {
  const direct = callContext(ctx, construct);
  if (direct) return direct;
  let p = construct.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  if (p?.type !== 'variable_declarator') return undefined;
  const name = p.childForFieldName('name')?.text;
  const scope = enclosingBlock(p) ?? root;
  if (!name) return undefined;
  let found: Context | undefined;
  walk(scope, (n) => {
    if (!found && n.type === 'identifier' && n.text === name && n.parent?.type === 'argument_list') found = callContext(ctx, n);
  });
  return found;
}

function callContext(ctx: JCtx, expr: SyntaxNode): Context | undefined {
  let e = expr;
  while (e.parent && e.parent.type === 'parenthesized_expression') e = e.parent;
  const argList = e.parent;
  if (argList?.type !== 'argument_list') return undefined;
  const call = argList.parent;
  if (call?.type !== 'method_invocation') return undefined;
  const method = methodName(call);
  const receiver = call.childForFieldName('object');
  const label = callLabel(receiver?.text ?? '', method);
  if (IDENTITY_METHOD.test(method)) return { type: 'identity', label };
  if (RESOURCE_METHOD.test(method)) {
    const cls = receiver ? receiverClass(ctx, receiver) : undefined;
    return { type: 'resource', resourceType: cls ? RESOURCE_TYPES[cls] : undefined, label };
  }
  return undefined;
}

function collectDecls(root: SyntaxNode): Map<string, SyntaxNode> {
  const decls = new Map<string, SyntaxNode>();
  walk(root, (n) => {
    if (n.type !== 'variable_declarator') return;
    const name = n.childForFieldName('name');
    const value = n.childForFieldName('value');
    if (name && value && !decls.has(name.text)) decls.set(name.text, value);
  });
  return decls;
}

/** The constructor id (`Role.Builder.create(this, "Id")`) of a builder chain, when a plain literal. */
function builderId(chainRoot: SyntaxNode | undefined): string | undefined {
  const a = chainRoot ? args(chainRoot)[1] : undefined;
  const m = a && /^"([\w.:/-]{1,60})"$/.exec(a.text);
  return m ? m[1] : undefined;
}

export function extractJava(root: SyntaxNode, text: string): JavaExtraction {
  const meta = newMeta();
  const ctx: JCtx = { text, meta, decls: collectDecls(root) };
  const found: { construct: SyntaxNode; calls: SyntaxNode[] }[] = [];
  const trust: { call: SyntaxNode; chainRoot?: SyntaxNode }[] = [];
  const propsInNew = new Set<SyntaxNode>();
  walk(root, (n) => {
    if (n.type === 'object_creation_expression' && simpleName(n.childForFieldName('type')) === 'PolicyStatement') {
      const a = args(n);
      const inner = a.length === 1 ? unwrapJ(a[0]) : undefined;
      const chain = inner ? statementChain(inner) : undefined;
      if (chain && inner) {
        propsInNew.add(inner);
        found.push({ construct: n, calls: chain.calls });
      } else if (a.length === 0) found.push({ construct: n, calls: [] });
      return;
    }
    if (n.type === 'method_invocation') {
      const name = methodName(n);
      if (name === 'build' && !propsInNew.has(n)) {
        const chain = statementChain(n);
        if (chain && !chain.props) found.push({ construct: n, calls: chain.calls });
      } else if (name === 'assumedBy' && args(n).length === 1) {
        // Role.Builder.create(this, "Id").assumedBy(…) / RoleProps.builder().assumedBy(…)
        let first: SyntaxNode = n;
        for (let o = n.childForFieldName('object'); o && o.type === 'method_invocation'; o = o.childForFieldName('object')) first = o;
        trust.push({ call: n, chainRoot: first === n ? undefined : first });
      }
    }
  });
  const out: { root: ObjectNode; context?: Context; fallback: string }[] = [];
  for (const f of found) {
    const stmt = statementOf(ctx, f.construct, f.calls, ['Statement', 0]);
    out.push({ root: syntheticRoot(meta, stmt), context: principalsMakeResource(contextOf(ctx, f.construct, root), stmt), fallback: 'PolicyStatement' });
  }
  for (const t of trust) {
    const stmt = trustStatement(meta, principalSyntax(ctx), t.call.childForFieldName('name')!, args(t.call)[0]);
    if (!stmt) continue;
    const id = builderId(t.chainRoot);
    const label = id ? `assumedBy ${id}` : 'assumedBy';
    out.push({ root: syntheticRoot(meta, stmt), context: TRUST_CONTEXT(label), fallback: label });
  }
  return { policies: finishPolicies(out), meta };
}
