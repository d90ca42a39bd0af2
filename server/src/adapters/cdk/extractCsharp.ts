import type { ArrayNode, ObjectNode, Path, PropertyNode, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { spanOf, unionSpan, unknownNode } from './values';
import { unwrapParensAndCasts, type Prop } from './extractCommon';
import { CONSTRUCT_CLASSES, argumentsArray, callOfArgument, constructCall, propsClassOf, newExpression, scopeOf, type LangCtx, type LangSyntax } from './langSyntax';
import { extractLang, type LangEdit, type LangExtraction } from './extractLang';

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

type CCtx = LangCtx;
export type CsharpExtraction = LangExtraction;

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
  const n = unwrapParensAndCasts(raw);
  if (n.type === 'string_literal' || n.type === 'verbatim_string_literal') return stringValue(n, path);
  if (n.type === 'boolean_literal') return { kind: 'boolean', value: n.text === 'true', span: spanOf(n), path };
  if (n.type === 'integer_literal') {
    const v = Number(n.text.replace(/_/g, '').replace(/[uUlL]+$/, ''));
    return Number.isFinite(v) ? { kind: 'number', value: v, raw: n.text, span: spanOf(n), path } : unknownNode(n, path);
  }
  if (n.type === 'identifier') {
    const d = follow > 0 ? ctx.decls.get(n.text) : undefined;
    if (d && (listItems(unwrapParensAndCasts(d)) || dictionaryPairs(unwrapParensAndCasts(d)) || unwrapParensAndCasts(d).type === 'string_literal' || unwrapParensAndCasts(d).type === 'verbatim_string_literal')) return toValueC(d, path, ctx, follow - 1);
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

function receiverClass(ctx: CCtx, receiver: SyntaxNode): string | undefined {
  const r = unwrapParensAndCasts(receiver);
  const name = r.type === 'identifier' ? r.text : r.type === 'member_access_expression' ? r.childForFieldName('name')?.text : undefined;
  const v = name ? ctx.decls.get(name) : undefined;
  const u = v && unwrapParensAndCasts(v);
  return u?.type === 'object_creation_expression' ? simpleName(u.childForFieldName('type')) : undefined;
}

/** `name = value` of a variable declarator (locals and fields). */
function declare(n: SyntaxNode): [string, SyntaxNode][] | undefined {
  if (n.type !== 'variable_declarator') return undefined;
  const name = n.childForFieldName('name');
  const value = n.namedChildren.filter((c) => c !== name && c.type !== 'comment' && c.type !== 'bracketed_argument_list').pop();
  return name && value ? [[name.text, value.type === 'equals_value_clause' ? (value.namedChildren[0] ?? value) : value]] : undefined;
}

const CONTAINERS: ReadonlySet<string> = new Set(['compilation_unit', 'declaration_list', 'file_scoped_namespace_declaration', 'block', 'switch_section']);

/** Assignments of an object initialiser (`new XProps { A = …, B = … }`) as properties. */
function assignments(creation: SyntaxNode): Prop[] {
  const init = initializerOf(creation);
  const out: Prop[] = [];
  for (const c of init?.namedChildren ?? []) {
    if (c.type !== 'assignment_expression') continue;
    const l = c.childForFieldName('left');
    const r = c.childForFieldName('right');
    if (l?.type === 'identifier' && r) out.push({ name: l.text, nameNode: l, value: r });
  }
  return out;
}

/** `new XProps { … }` of a construct class X: the class. */
function propsClass(n: SyntaxNode): string | undefined {
  return n.type === 'object_creation_expression' ? propsClassOf(simpleName(n.childForFieldName('type'))) : undefined;
}

/** The C# spelling of what the shared walker reads (extractCommon.ts). */
function csharpSyntax(ctx: CCtx): LangSyntax {
  const syn: LangSyntax = {
    ...ctx,
    containers: CONTAINERS,
    declare,
    unwrap: unwrapParensAndCasts,
    creation: (n) => newExpression(n, simpleName, args),
    list: (n) => listItems(n)?.items,
    value: (n, path) => toValueC(n, path, ctx),
    construct: (n, claim) => {
      if (n.type === 'object_creation_expression') {
        const cls = simpleName(n.childForFieldName('type'));
        if (cls && CONSTRUCT_CLASSES.test(cls)) return constructCall(syn, cls, n, args(n), (last) => (propsClass(last) === cls ? assignments(last) : undefined), claim);
        // `new RoleProps { … }` on its own (a props variable).
        const pc = propsClass(n);
        return pc ? { cls: pc, node: n, props: assignments(n) } : undefined;
      }
      // PolicyStatement.FromJson(obj) / PolicyDocument.FromJson(obj)
      const c = syn.call(n);
      const cls = c?.receiver && simpleName(c.receiver);
      if (c && c.method === 'FromJson' && (cls === 'PolicyStatement' || cls === 'PolicyDocument') && c.args.length === 1) return { cls, node: n, props: [], json: c.args[0] };
      return undefined;
    },
    receiver: (n) => {
      const fn = n.type === 'invocation_expression' ? n.childForFieldName('function') : null;
      return fn?.type === 'member_access_expression' && fn.childForFieldName('name') ? (fn.childForFieldName('expression') ?? undefined) : undefined;
    },
    call: (n) => {
      if (n.type !== 'invocation_expression') return undefined;
      const fn = n.childForFieldName('function');
      const nameNode = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : null;
      return fn && nameNode ? { receiver: fn.childForFieldName('expression') ?? undefined, method: nameNode.text, nameNode, args: args(n), node: n } : undefined;
    },
    argumentOf: (expr) => callOfArgument(expr, 'argument'),
    binding: (expr) => {
      let p = expr.parent;
      while (p?.type === 'parenthesized_expression' || p?.type === 'equals_value_clause') p = p.parent;
      const name = p?.type === 'variable_declarator' ? p.childForFieldName('name')?.text : undefined;
      return p && name ? { name, scope: scopeOf(p, /^(block|declaration_list|compilation_unit)$/) } : undefined;
    },
    entries: (n) => dictionaryPairs(n),
    literal: (n) => {
      const v = n.type === 'string_literal' || n.type === 'verbatim_string_literal' ? stringValue(n, []) : undefined;
      return v?.kind === 'string' ? v.value : undefined;
    },
    argsArray: (call, path, start) => argumentsArray(ctx.meta, call, args(call).map((a, i) => toValueC(a, [...path, start + i], ctx)), path),
    receiverClass: (r) => receiverClass(ctx, r),
  };
  return syn;
}

/** The policies of a C# CDK file; with `edit`, incrementally from the previous state (extractCommon.ts). */
export function extractCsharp(root: SyntaxNode, text: string, edit?: LangEdit): CsharpExtraction {
  return extractLang(csharpSyntax, root, text, edit);
}
