import type { ArrayNode, ObjectNode, Path, PropertyNode, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { spanOf, unionSpan, unknownNode } from './values';
import { unwrapParensAndCasts, type Creation, type Prop } from './extractCommon';
import { CONSTRUCT_CLASSES, argumentsArray, callOfArgument, constructCall, constructId, newExpression, scopeOf, type LangCtx, type LangSyntax } from './langSyntax';
import { extractLang, type LangEdit, type LangExtraction } from './extractLang';

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
 * Incremental after an edit (chunks and units of extractCommon.ts: see docs/cdk.md).
 */

const LIST_FACTORIES = /^(List\.of|Arrays\.asList|Collections\.singletonList|ImmutableList\.of)$/;
type JCtx = LangCtx;
export type JavaExtraction = LangExtraction;

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
  const n = unwrapParensAndCasts(raw);
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
      if (d && isLiteralish(unwrapParensAndCasts(d))) return toValueJ(d, path, ctx, follow - 1);
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
function listValue(call: SyntaxNode, path: Path, ctx: JCtx, follow: number, start = 0): ArrayNode {
  return argumentsArray(ctx.meta, call, args(call).map((a, i) => toValueJ(a, [...path, start + i], ctx, follow)), path);
}

/** `Map.of("k", v, "k2", v2)`: an object (written keys are the string literals). Not edited as a whole. */
function mapValue(call: SyntaxNode, path: Path, ctx: JCtx, follow: number): ValueNode {
  const a = args(call);
  if (a.length % 2 !== 0) return unknownNode(call, path);
  const properties: PropertyNode[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const k = unwrapParensAndCasts(a[i]);
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

/** The class a receiver variable was created with (`Bucket bucket = new Bucket(…)`, `Bucket.Builder.create(…)…build()`). */
function receiverClass(ctx: JCtx, receiver: SyntaxNode): string | undefined {
  const r = unwrapParensAndCasts(receiver);
  const name = r.type === 'identifier' ? r.text : r.type === 'field_access' ? r.childForFieldName('field')?.text : undefined;
  const v = name ? ctx.decls.get(name) : undefined;
  if (!v) return undefined;
  const u = unwrapParensAndCasts(v);
  if (u.type === 'object_creation_expression') return simpleName(u.childForFieldName('type'));
  if (u.type === 'method_invocation') {
    const { calls } = chainOf(u);
    const obj = calls[0]?.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
    const m = /(?:^|\.)(\w+)\.Builder$/.exec(obj) ?? /(?:^|\.)(\w+)$/.exec(obj);
    return m?.[1];
  }
  return undefined;
}

/** `name = value` of a variable declarator (locals and fields). */
function declare(n: SyntaxNode): [string, SyntaxNode][] | undefined {
  if (n.type !== 'variable_declarator') return undefined;
  const name = n.childForFieldName('name');
  const value = n.childForFieldName('value');
  return name && value ? [[name.text, value]] : undefined;
}

const CONTAINERS: ReadonlySet<string> = new Set(['program', 'class_body', 'interface_body', 'enum_body', 'enum_body_declarations', 'annotation_type_body', 'constructor_body', 'block', 'switch_block_statement_group']);

/** Builder calls of a chain as properties (`.actions(List.of(…))` → actions). */
function chainProps(calls: SyntaxNode[]): Prop[] {
  const out: Prop[] = [];
  for (const call of calls) {
    const nameNode = call.childForFieldName('name');
    const a = args(call);
    if (nameNode && a.length === 1) out.push({ name: nameNode.text, nameNode, value: a[0] });
  }
  return out;
}

/**
 * `X.Builder.create(args)….build()` (X a construct class) → the class, its create arguments and
 * its builder calls; `XProps.builder()….build()` → the class and its builder calls.
 */
function builderChain(n: SyntaxNode): { cls: string; createArgs?: SyntaxNode[]; calls: SyntaxNode[]; props: boolean } | undefined {
  if (n.type !== 'method_invocation' || methodName(n) !== 'build') return undefined;
  const { calls } = chainOf(n);
  const first = calls[0];
  const objName = first?.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
  let m: RegExpExecArray | null;
  if (first && methodName(first) === 'create' && (m = /(?:^|\.)(\w+)\.Builder$/.exec(objName)) && CONSTRUCT_CLASSES.test(m[1])) return { cls: m[1], createArgs: args(first), calls: calls.slice(1, -1), props: false };
  if (first && methodName(first) === 'builder' && (m = /(?:^|\.)(\w+)Props$/.exec(objName)) && CONSTRUCT_CLASSES.test(m[1])) return { cls: m[1], calls: calls.slice(1, -1), props: true };
  return undefined;
}

/** `ServicePrincipal.Builder.create("x")….build()` as a principal creation. */
function principalBuilder(n: SyntaxNode): Creation | undefined {
  if (methodName(n) !== 'build') return undefined;
  const first = chainOf(n).calls[0];
  const obj = first?.childForFieldName('object');
  const m = obj && /(?:^|\.)(\w*Principal)\.Builder$/.exec(obj.text.replace(/\s+/g, ''));
  return m && methodName(first) === 'create' && obj ? { cls: m[1], nameNode: obj, args: args(first) } : undefined;
}

/** The Java spelling of what the shared walker reads (extractCommon.ts). */
function javaSyntax(ctx: JCtx): LangSyntax {
  const syn: LangSyntax = {
    ...ctx,
    containers: CONTAINERS,
    declare,
    unwrap: unwrapParensAndCasts,
    creation: (n) => (n.type === 'method_invocation' ? principalBuilder(n) : newExpression(n, simpleName, args)),
    list: (n) => (n.type === 'method_invocation' && LIST_FACTORIES.test(calleeText(n)) ? args(n) : undefined),
    value: (n, path) => toValueJ(n, path, ctx),
    construct: (n, claim) => {
      if (n.type === 'object_creation_expression') {
        const cls = simpleName(n.childForFieldName('type'));
        if (!cls || !CONSTRUCT_CLASSES.test(cls)) return undefined;
        return constructCall(syn, cls, n, args(n), (last) => {
          const chain = builderChain(last);
          return chain?.props && chain.cls === cls ? chainProps(chain.calls) : undefined;
        }, claim);
      }
      // Only `.build()` and `.fromJson(…)` calls can be constructs: skip the others cheaply.
      if (n.type !== 'method_invocation' || !/^(build|fromJson)$/.test(methodName(n))) return undefined;
      const chain = builderChain(n);
      if (chain) return { cls: chain.cls, node: n, props: chainProps(chain.calls), id: chain.createArgs ? constructId(syn, chain.createArgs[1]) : undefined };
      // PolicyStatement.fromJson(obj) / PolicyDocument.fromJson(obj)
      const obj = n.childForFieldName('object');
      const cls = simpleName(obj);
      const a = args(n);
      if (methodName(n) === 'fromJson' && (cls === 'PolicyStatement' || cls === 'PolicyDocument') && a.length === 1) return { cls, node: n, props: [], json: a[0] };
      return undefined;
    },
    receiver: (n) => (n.type === 'method_invocation' && n.childForFieldName('name') ? (n.childForFieldName('object') ?? undefined) : undefined),
    call: (n) => {
      if (n.type !== 'method_invocation') return undefined;
      const nameNode = n.childForFieldName('name');
      return nameNode ? { receiver: n.childForFieldName('object') ?? undefined, method: nameNode.text, nameNode, args: args(n), node: n } : undefined;
    },
    argumentOf: (expr) => callOfArgument(expr, 'argument_list'),
    binding: (expr) => {
      let p = expr.parent;
      while (p?.type === 'parenthesized_expression') p = p.parent;
      const name = p?.type === 'variable_declarator' ? p.childForFieldName('name')?.text : undefined;
      return p && name ? { name, scope: scopeOf(p, /^(block|constructor_body|class_body|program)$/) } : undefined;
    },
    entries: (n) => {
      if (n.type !== 'method_invocation' || calleeText(n) !== 'Map.of') return undefined;
      const a = args(n);
      const out: { key: SyntaxNode; value: SyntaxNode }[] = [];
      for (let i = 0; i + 1 < a.length; i += 2) out.push({ key: a[i], value: a[i + 1] });
      return out;
    },
    literal: (n) => {
      const v = n.type === 'string_literal' ? stringValue(n, []) : undefined;
      return v?.kind === 'string' ? v.value : undefined;
    },
    argsArray: (call, path, start) => listValue(call, path, ctx, 1, start),
    receiverClass: (r) => receiverClass(ctx, r),
  };
  return syn;
}

/** The policies of a Java CDK file; with `edit`, incrementally from the previous state (extractCommon.ts). */
export function extractJava(root: SyntaxNode, text: string, edit?: LangEdit): JavaExtraction {
  return extractLang(javaSyntax, root, text, edit);
}
