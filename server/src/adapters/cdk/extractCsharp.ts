import type { ArrayNode, ObjectNode, Path, PolicyDocument, PropertyNode, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { newMeta, spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { RESOURCE_TYPES } from './tables';
import { IDENTITY_METHOD, RESOURCE_METHOD, TRUST_CONTEXT, callLabel, effectText, elementOf, finishPolicies, principals, principalsMakeResource, property, setProperty, statementNode, syntheticRoot, trustStatement, walk, type Context, type PrincipalSyntax } from './extractCommon';

/**
 * CDK in C# (tree-sitter-c-sharp) → policy documents. Recognised:
 * `new PolicyStatement(new PolicyStatementProps { Effect = Effect.ALLOW, Actions = new [] { … }, … })`
 * (properties `Sid`, `Effect`, `Actions`, `NotActions`, `Resources`, `NotResources`, `Principals`,
 * `NotPrincipals`, `Conditions`), `AssumedBy = principal` in a `RoleProps` initialiser, and the
 * context of a statement: `x.AddToPolicy(…)` / `AddToPrincipalPolicy` → identity,
 * `x.AddToResourcePolicy(…)` → resource; a statement in a local variable takes the context of the
 * call it is passed to.
 *
 * Values: regular and verbatim (`@"…"`) string literals are known; arrays and lists written with an
 * initialiser (`new [] { … }`, `new string[] { … }`, `new List<string> { … }`, `{ … }` in a field
 * declaration) are lists whose items are edited in place (the braces and the `new …` stay);
 * `[ … ]` collection expressions are lists; `new Dictionary<string, object> { { "k", v } }` /
 * `{ ["k"] = v }` are objects; a local variable or field holding one of those is followed one
 * level; interpolated strings and everything else are unknown.
 */

interface CCtx {
  meta: RenderMeta;
  decls: Map<string, SyntaxNode>;
}

export interface CsharpExtraction {
  policies: PolicyDocument[];
  meta: RenderMeta;
}

function simpleName(n: SyntaxNode | null): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'qualified_name' || n.type === 'member_access_expression') return simpleName(n.childForFieldName('name') ?? n.namedChildren[n.namedChildren.length - 1] ?? null);
  if (n.type === 'generic_name') return simpleName(n.namedChildren[0] ?? null);
  return undefined;
}

/** The expression of an `argument` node (a named argument's `name:` skipped). */
function argExpr(a: SyntaxNode): SyntaxNode {
  const kids = a.namedChildren.filter((c) => c.type !== 'name_colon' && c.type !== 'comment');
  return kids[kids.length - 1] ?? a;
}

function args(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((c) => c.type === 'argument').map(argExpr) : [];
}

function unwrapC(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let i = 0; i < 16 && (cur.type === 'parenthesized_expression' || cur.type === 'cast_expression'); i++) {
    const inner = cur.childForFieldName('value') ?? cur.namedChildren[cur.namedChildren.length - 1];
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

function initializerOf(n: SyntaxNode): SyntaxNode | undefined {
  return n.childForFieldName('initializer') ?? n.namedChildren.find((c) => c.type === 'initializer_expression') ?? undefined;
}

function stringValue(n: SyntaxNode, path: Path): ValueNode {
  if (n.type === 'verbatim_string_literal') {
    const t = n.text;
    const inner = t.slice(2, -1);
    if (inner.includes('""')) return { kind: 'string', value: inner.replace(/""/g, '"'), span: spanOf(n), path };
    return { kind: 'string', value: inner, span: spanOf(n), path, valueSpan: { offset: n.startIndex + 2, length: inner.length } };
  }
  const kids = n.namedChildren;
  if (kids.some((c) => c.type !== 'string_literal_content' && c.type !== 'escape_sequence')) return unknownNode(n, path);
  if (kids.some((c) => c.type === 'escape_sequence')) {
    let value = '';
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '0': '\0' };
    for (const c of kids) {
      if (c.type === 'string_literal_content') value += c.text;
      else if (c.text.length === 2 && simple[c.text[1]] !== undefined) value += simple[c.text[1]];
      else if (/^\\u[0-9a-fA-F]{4}$/.test(c.text)) value += String.fromCharCode(parseInt(c.text.slice(2), 16));
      else return unknownNode(n, path);
    }
    return { kind: 'string', value, span: spanOf(n), path };
  }
  const node: StringNode = { kind: 'string', value: n.text.slice(1, -1), span: spanOf(n), path, valueSpan: { offset: n.startIndex + 1, length: Math.max(0, n.endIndex - n.startIndex - 2) } };
  return node;
}

const COLLECTION_TYPES = /^(List|IList|IEnumerable|ICollection|IReadOnlyList|IReadOnlyCollection|HashSet|ISet|string|String|object|Object|IPrincipal)$/;

/** Items of a list-like expression and whether it is written with braces (an initialiser) or brackets. */
function listItems(n: SyntaxNode): { items: SyntaxNode[]; holder: SyntaxNode; braces: boolean } | undefined {
  switch (n.type) {
    case 'implicit_array_creation_expression':
    case 'array_creation_expression': {
      const init = initializerOf(n);
      return init ? { items: init.namedChildren.filter((c) => c.type !== 'comment'), holder: init, braces: true } : undefined;
    }
    case 'object_creation_expression': {
      const cls = simpleName(n.childForFieldName('type'));
      const init = initializerOf(n);
      if (!cls || !COLLECTION_TYPES.test(cls) || !init || args(n).length > 0) return undefined;
      const items = init.namedChildren.filter((c) => c.type !== 'comment');
      if (items.some((c) => c.type === 'initializer_expression' || c.type === 'assignment_expression')) return undefined;
      return { items, holder: init, braces: true };
    }
    case 'initializer_expression': {
      const items = n.namedChildren.filter((c) => c.type !== 'comment');
      if (items.some((c) => c.type === 'initializer_expression' || c.type === 'assignment_expression')) return undefined;
      return { items, holder: n, braces: true };
    }
    case 'element_binding_expression':
    case 'collection_expression':
      return { items: n.namedChildren.filter((c) => c.type !== 'comment').map((c) => (c.type === 'argument' ? argExpr(c) : c)), holder: n, braces: false };
  }
  return undefined;
}

/** `new Dictionary<…> { { "k", v }, ["k2"] = v2 }` → key/value pairs, else undefined. */
function dictionaryPairs(n: SyntaxNode): { key: SyntaxNode; value: SyntaxNode }[] | undefined {
  if (n.type !== 'object_creation_expression') return undefined;
  const cls = simpleName(n.childForFieldName('type'));
  const init = initializerOf(n);
  if (!cls || !/Dictionary$/.test(cls) || !init) return undefined;
  const out: { key: SyntaxNode; value: SyntaxNode }[] = [];
  for (const c of init.namedChildren) {
    if (c.type === 'comment') continue;
    if (c.type === 'initializer_expression' && c.namedChildren.length === 2) out.push({ key: c.namedChildren[0], value: c.namedChildren[1] });
    else if (c.type === 'assignment_expression') {
      const l = c.childForFieldName('left');
      const r = c.childForFieldName('right');
      const k = l?.type === 'element_binding_expression' ? l.namedChildren.filter((x) => x.type === 'argument').map(argExpr) : [];
      if (k.length !== 1 || !r) return undefined;
      out.push({ key: k[0], value: r });
    } else return undefined;
  }
  return out;
}

function toValueC(raw: SyntaxNode, path: Path, ctx: CCtx, follow = 1): ValueNode {
  const n = unwrapC(raw);
  if (n.type === 'string_literal' || n.type === 'verbatim_string_literal') return stringValue(n, path);
  if (n.type === 'boolean_literal') return { kind: 'boolean', value: n.text === 'true', span: spanOf(n), path };
  if (n.type === 'integer_literal') {
    const v = Number(n.text.replace(/_/g, '').replace(/[uUlL]+$/, ''));
    return Number.isFinite(v) ? { kind: 'number', value: v, raw: n.text, span: spanOf(n), path } : unknownNode(n, path);
  }
  if (n.type === 'identifier') {
    const d = follow > 0 ? ctx.decls.get(n.text) : undefined;
    if (d && (listItems(unwrapC(d)) || dictionaryPairs(unwrapC(d)) || unwrapC(d).type === 'string_literal' || unwrapC(d).type === 'verbatim_string_literal')) return toValueC(d, path, ctx, follow - 1);
    return unknownNode(n, path);
  }
  const list = listItems(n);
  if (list) {
    const items = list.items.map((c, i) => toValueC(c, [...path, i], ctx, follow));
    const h = list.holder;
    // Braces: the items are edited inside them (the renderer never writes brackets there).
    const arr: ArrayNode = list.braces ? { kind: 'array', items, span: { offset: h.startIndex + 1, length: Math.max(0, h.endIndex - h.startIndex - 2) }, path } : { kind: 'array', items, span: spanOf(h), path };
    if (list.braces) ctx.meta.args.add(arr);
    return arr;
  }
  const pairs = dictionaryPairs(n);
  if (pairs) {
    const properties: PropertyNode[] = [];
    for (const { key, value } of pairs) {
      const k = toValueC(key, path, ctx, 0);
      if (k.kind !== 'string' || k.parts) return unknownNode(n, path);
      const v = toValueC(value, [...path, k.value], ctx, follow);
      properties.push({ key: k.value, keySpan: spanOf(key), value: v, span: unionSpan([spanOf(key), v.span]), path: [...path, k.value] });
    }
    const obj: ObjectNode = { kind: 'object', properties, span: spanOf(n), path };
    ctx.meta.synthetic.add(obj);
    return obj;
  }
  return unknownNode(n, path);
}

function principalSyntax(ctx: CCtx): PrincipalSyntax {
  return {
    unwrap: unwrapC,
    creation: (n) => {
      if (n.type !== 'object_creation_expression') return undefined;
      const typeNode = n.childForFieldName('type');
      const cls = simpleName(typeNode);
      return cls && typeNode ? { cls, nameNode: typeNode, args: args(n) } : undefined;
    },
    list: (n) => listItems(n)?.items,
    receiverOfWith: (n) => {
      if (n.type !== 'invocation_expression') return undefined;
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'member_access_expression' || !/^With(Conditions|SessionTags)$/.test(fn.childForFieldName('name')?.text ?? '')) return undefined;
      return fn.childForFieldName('expression') ?? undefined;
    },
    value: (n, path) => toValueC(n, path, ctx),
  };
}

/** Assignments of an object initialiser (`new XProps { A = …, B = … }`): property name node and value. */
function assignments(creation: SyntaxNode): { name: SyntaxNode; value: SyntaxNode }[] {
  const init = initializerOf(creation);
  const out: { name: SyntaxNode; value: SyntaxNode }[] = [];
  for (const c of init?.namedChildren ?? []) {
    if (c.type !== 'assignment_expression') continue;
    const l = c.childForFieldName('left');
    const r = c.childForFieldName('right');
    if (l?.type === 'identifier' && r) out.push({ name: l, value: r });
  }
  return out;
}

function statementOf(ctx: CCtx, construct: SyntaxNode, props: SyntaxNode | undefined, path: Path): ObjectNode {
  const properties: PropertyNode[] = [];
  for (const { name, value: v } of props ? assignments(props) : []) {
    const el = elementOf(name.text);
    if (!el || name.text[0] !== name.text[0].toUpperCase()) continue;
    const p = [...path, el];
    let value: ValueNode;
    if (el === 'Effect') {
      const e = effectText(unwrapC(v).text);
      if (e) {
        value = { kind: 'string', value: e, span: spanOf(v), path: p };
        ctx.meta.synthetic.add(value);
      } else value = unknownNode(v, p);
    } else if (el === 'Principal' || el === 'NotPrincipal') value = principals(ctx.meta, principalSyntax(ctx), [v], p).value ?? unknownNode(v, p);
    else value = toValueC(v, p, ctx);
    setProperty(properties, property(el, name, value, path));
  }
  return statementNode(ctx.meta, construct, properties, path);
}

function receiverClass(ctx: CCtx, receiver: SyntaxNode): string | undefined {
  const r = unwrapC(receiver);
  const name = r.type === 'identifier' ? r.text : r.type === 'member_access_expression' ? r.childForFieldName('name')?.text : undefined;
  const v = name ? ctx.decls.get(name) : undefined;
  const u = v && unwrapC(v);
  return u?.type === 'object_creation_expression' ? simpleName(u.childForFieldName('type')) : undefined;
}

/** The call an expression is an argument of, as a context. */
function callContext(ctx: CCtx, expr: SyntaxNode): Context | undefined {
  let e = expr;
  while (e.parent?.type === 'parenthesized_expression') e = e.parent;
  if (e.parent?.type !== 'argument') return undefined;
  const call = e.parent.parent?.parent;
  if (call?.type !== 'invocation_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_access_expression') return undefined;
  const method = fn.childForFieldName('name')?.text ?? '';
  const receiver = fn.childForFieldName('expression');
  const label = callLabel(receiver?.text ?? '', method);
  if (IDENTITY_METHOD.test(method)) return { type: 'identity', label };
  if (RESOURCE_METHOD.test(method)) {
    const cls = receiver ? receiverClass(ctx, receiver) : undefined;
    return { type: 'resource', resourceType: cls ? RESOURCE_TYPES[cls] : undefined, label };
  }
  return undefined;
}

function contextOf(ctx: CCtx, construct: SyntaxNode, root: SyntaxNode): Context | undefined {
  const direct = callContext(ctx, construct);
  if (direct) return direct;
  let p = construct.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  if (p?.type !== 'variable_declarator') return undefined;
  const name = p.childForFieldName('name')?.text;
  let scope: SyntaxNode | null = p.parent;
  while (scope && scope.type !== 'block' && scope.type !== 'declaration_list' && scope.type !== 'compilation_unit') scope = scope.parent;
  if (!name) return undefined;
  let found: Context | undefined;
  walk(scope ?? root, (n) => {
    if (!found && n.type === 'identifier' && n.text === name && n.parent?.type === 'argument') found = callContext(ctx, n);
  });
  return found;
}

function collectDecls(root: SyntaxNode): Map<string, SyntaxNode> {
  const decls = new Map<string, SyntaxNode>();
  walk(root, (n) => {
    if (n.type !== 'variable_declarator') return;
    const name = n.childForFieldName('name');
    const value = n.namedChildren.filter((c) => c !== name && c.type !== 'comment' && c.type !== 'bracketed_argument_list').pop();
    if (name && value && !decls.has(name.text)) decls.set(name.text, value.type === 'equals_value_clause' ? (value.namedChildren[0] ?? value) : value);
  });
  return decls;
}

export function extractCsharp(root: SyntaxNode): CsharpExtraction {
  const meta = newMeta();
  const ctx: CCtx = { meta, decls: collectDecls(root) };
  const out: { root: ObjectNode; context?: Context; fallback: string }[] = [];
  walk(root, (n) => {
    if (n.type === 'object_creation_expression' && simpleName(n.childForFieldName('type')) === 'PolicyStatement') {
      const a = args(n);
      const props = a.length === 1 ? unwrapC(a[0]) : undefined;
      const propsCreation = props?.type === 'object_creation_expression' && simpleName(props.childForFieldName('type')) === 'PolicyStatementProps' ? props : undefined;
      if (a.length > 0 && !propsCreation) return;
      const stmt = statementOf(ctx, n, propsCreation, ['Statement', 0]);
      out.push({ root: syntheticRoot(meta, stmt), context: principalsMakeResource(contextOf(ctx, n, root), stmt), fallback: 'PolicyStatement' });
      return;
    }
    if (n.type === 'assignment_expression' && n.childForFieldName('left')?.text === 'AssumedBy' && n.parent?.type === 'initializer_expression') {
      const owner = n.parent.parent;
      if (owner?.type !== 'object_creation_expression' || simpleName(owner.childForFieldName('type')) !== 'RoleProps') return;
      const v = n.childForFieldName('right');
      if (!v) return;
      const stmt = trustStatement(meta, principalSyntax(ctx), n.childForFieldName('left')!, v);
      if (!stmt) return;
      // new Role(this, "Id", new RoleProps { … })
      const role = owner.parent?.type === 'argument' ? owner.parent.parent?.parent : undefined;
      const idArg = role?.type === 'object_creation_expression' ? args(role)[1] : undefined;
      const m = idArg && /^"([\w.:/-]{1,60})"$/.exec(idArg.text);
      const label = m ? `assumedBy ${m[1]}` : 'assumedBy';
      out.push({ root: syntheticRoot(meta, stmt), context: TRUST_CONTEXT(label), fallback: label });
    }
  });
  return { policies: finishPolicies(out), meta };
}
