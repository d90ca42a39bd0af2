import type { SyntaxNode } from './runtime';

/**
 * The few syntax facts the CDK extractor needs, for TypeScript/JavaScript and Python trees. Every
 * other file in this folder asks these helpers instead of spelling node types.
 */

export interface Syntax {
  py: boolean;
}

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

/** The expression inside parentheses, `as const`, `!`, `satisfies …`. */
export function unwrap(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let i = 0; i < 16 && WRAPPERS.has(cur.type); i++) {
    const inner = cur.namedChildren.find((c) => c && c.type !== 'comment' && !c.type.endsWith('type') && c.type !== 'type_identifier');
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/** The parent, looking out of wrappers. */
export function outerParent(n: SyntaxNode): { node: SyntaxNode; parent: SyntaxNode | null } {
  let cur = n;
  let p = parentOf(cur);
  while (p && WRAPPERS.has(p.type)) {
    cur = p;
    p = parentOf(p);
  }
  return { node: cur, parent: p };
}

export function isCall(n: SyntaxNode): boolean {
  return n.type === 'call_expression' || n.type === 'new_expression' || n.type === 'call';
}

/** The callee expression of a call / `new`. */
export function callee(n: SyntaxNode): SyntaxNode | null {
  return n.type === 'new_expression' ? n.childForFieldName('constructor') : n.childForFieldName('function');
}

export function isMember(n: SyntaxNode): boolean {
  return n.type === 'member_expression' || n.type === 'attribute';
}

export function memberObject(n: SyntaxNode): SyntaxNode | null {
  return n.childForFieldName('object');
}

export function memberName(n: SyntaxNode): SyntaxNode | null {
  return n.childForFieldName(n.type === 'attribute' ? 'attribute' : 'property');
}

/** The last name of a callee: `iam.PolicyStatement` → PolicyStatement. */
export function lastName(n: SyntaxNode | null): string | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  if (u.type === 'identifier' || u.type === 'property_identifier') return u.text;
  if (isMember(u)) return memberName(u)?.text;
  return undefined;
}

/** Argument nodes of a call (positional and keyword, comments excluded). */
export function callArgs(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  if (!args || (args.type !== 'arguments' && args.type !== 'argument_list')) return [];
  return args.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

export function argsNode(call: SyntaxNode): SyntaxNode | null {
  const a = call.childForFieldName('arguments');
  return a && (a.type === 'arguments' || a.type === 'argument_list') ? a : null;
}

/** Positional arguments (keyword arguments and splats excluded). */
export function positional(call: SyntaxNode): SyntaxNode[] {
  return callArgs(call).filter((c) => c.type !== 'keyword_argument' && c.type !== 'dictionary_splat');
}

/** A keyword argument's value (Python), by snake_case name. */
export function keyword(call: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const a of callArgs(call)) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** Argument `i`, or Python keyword `name`. */
export function arg(call: SyntaxNode, i: number, name?: string): SyntaxNode | undefined {
  const p = positional(call)[i];
  if (p) return p;
  return name ? keyword(call, name) : undefined;
}

export function isArray(n: SyntaxNode): boolean {
  return n.type === 'array' || n.type === 'list' || n.type === 'tuple';
}

export function isSpread(n: SyntaxNode): boolean {
  return n.type === 'spread_element' || n.type === 'list_splat';
}

export function isObject(n: SyntaxNode): boolean {
  return n.type === 'object' || n.type === 'dictionary';
}

export function isIdentifier(n: SyntaxNode): boolean {
  return n.type === 'identifier';
}

/** Items of an array / list / tuple literal. */
export function arrayItems(n: SyntaxNode): SyntaxNode[] {
  return n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

/** `key → value` entries of an object literal / dict / Python keyword arguments. */
export interface Entry {
  /** The written key (quotes included for string keys). */
  keyNode: SyntaxNode;
  /** The key's text (string keys decoded when simple). */
  key: string;
  value: SyntaxNode;
  /** The whole entry (`key: value`, `key=value`). */
  node: SyntaxNode;
  /** Shorthand `{ actions }`: the key is also the value. */
  shorthand?: boolean;
}

/** The key text of a property-name node. */
export function keyText(k: SyntaxNode): string | undefined {
  if (k.type === 'property_identifier' || k.type === 'identifier' || k.type === 'number' || k.type === 'integer') return k.text;
  if (k.type === 'string') {
    const t = k.text;
    const m = /^[a-zA-Z]*("""|'''|"|')/.exec(t);
    if (!m) return undefined;
    const q = m[1];
    const inner = t.slice(m[0].length, t.length - q.length);
    return inner.includes('\\') ? undefined : inner;
  }
  return undefined;
}

export function entries(n: SyntaxNode): Entry[] {
  const out: Entry[] = [];
  const kids = n.type === 'argument_list' ? callArgsOfList(n) : n.namedChildren;
  for (const c of kids) {
    if (!c) continue;
    if (c.type === 'pair') {
      const k = c.childForFieldName('key');
      const v = c.childForFieldName('value');
      if (!k || !v) continue;
      const key = keyText(k);
      if (key !== undefined) out.push({ keyNode: k, key, value: v, node: c });
    } else if (c.type === 'keyword_argument') {
      const k = c.childForFieldName('name');
      const v = c.childForFieldName('value');
      if (k && v) out.push({ keyNode: k, key: k.text, value: v, node: c });
    } else if (c.type === 'shorthand_property_identifier') {
      out.push({ keyNode: c, key: c.text, value: c, node: c, shorthand: true });
    }
  }
  return out;
}

function callArgsOfList(n: SyntaxNode): (SyntaxNode | null)[] {
  return n.namedChildren;
}

/** snake_case → camelCase (Python keyword names → CDK property names). */
export function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Scopes that hold declarations. */
const SCOPES = new Set(['program', 'statement_block', 'module', 'block', 'class_body', 'switch_body']);

export function isScope(n: SyntaxNode): boolean {
  return SCOPES.has(n.type);
}

type Decl = { nameNode: SyntaxNode; value: SyntaxNode };

/**
 * Declarations per scope, built once per scope per extraction (a scope's children are read once,
 * not once per identifier): `resetDeclarations()` starts a new extraction.
 */
let declarations = new Map<number, Map<string, Decl>>();

/** Starts a new extraction (per-tree caches). */
export function resetDeclarations(): void {
  declarations = new Map();
}

/** The parent of a node (the mirror keeps parents: no walk from the root as web-tree-sitter's `node.parent` does). */
export function parentOf(n: SyntaxNode): SyntaxNode | null {
  return n.parent;
}

/** The variable a declaration statement (`const x = …`, `x = …`) binds in a scope's direct children, with its value. */
export function declarationIn(scope: SyntaxNode, name: string): Decl | undefined {
  let map = declarations.get(scope.id);
  if (!map) {
    map = new Map();
    for (const stmt of scope.namedChildren) if (stmt) collectDeclarations(stmt, map);
    declarations.set(scope.id, map);
  }
  return map.get(name);
}

function collectDeclarations(stmt: SyntaxNode, map: Map<string, Decl>): void {
  const t = stmt.type;
  if (t !== 'export_statement' && t !== 'lexical_declaration' && t !== 'variable_declaration' && t !== 'expression_statement') return;
  const probe = stmt.type === 'expression_statement' ? stmt.namedChildren[0]?.childForFieldName('left')?.text : undefined;
  if (t === 'expression_statement') {
    if (probe && !map.has(probe)) {
      const d = declarationOf(stmt, probe);
      if (d) map.set(probe, d);
    }
    return;
  }
  const decl = t === 'export_statement' ? stmt.childForFieldName('declaration') : stmt;
  if (!decl) return;
  for (const d of decl.namedChildren) {
    if (d?.type !== 'variable_declarator') continue;
    const n = d.childForFieldName('name');
    const v = d.childForFieldName('value');
    if (n?.type === 'identifier' && v && !map.has(n.text)) map.set(n.text, { nameNode: n, value: v });
  }
}

function declarationOf(stmt: SyntaxNode, name: string): { nameNode: SyntaxNode; value: SyntaxNode } | undefined {
  switch (stmt.type) {
    case 'export_statement': {
      const d = stmt.childForFieldName('declaration');
      return d ? declarationOf(d, name) : undefined;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const d of stmt.namedChildren) {
        if (d?.type !== 'variable_declarator') continue;
        const n = d.childForFieldName('name');
        const v = d.childForFieldName('value');
        if (n?.type === 'identifier' && n.text === name && v) return { nameNode: n, value: v };
      }
      return undefined;
    case 'expression_statement': {
      const a = stmt.namedChildren[0];
      if (a?.type === 'assignment') {
        const l = a.childForFieldName('left');
        const r = a.childForFieldName('right');
        if (l?.type === 'identifier' && l.text === name && r) return { nameNode: l, value: r };
      }
      return undefined;
    }
  }
  return undefined;
}

/** If `expr` is the value of a variable declaration, the bound name and its scope. */
export function bindingOf(expr: SyntaxNode): { name: string; scope: SyntaxNode; at: number } | undefined {
  const { node, parent } = outerParent(expr);
  if (!parent) return undefined;
  let nameNode: SyntaxNode | null = null;
  if (parent.type === 'variable_declarator' && parent.childForFieldName('value')?.equals(node)) nameNode = parent.childForFieldName('name');
  else if ((parent.type === 'assignment' || parent.type === 'assignment_expression') && parent.childForFieldName('right')?.equals(node)) nameNode = parent.childForFieldName('left');
  if (!nameNode || nameNode.type !== 'identifier') return undefined;
  let scope: SyntaxNode | null = parent;
  while (scope && !isScope(scope)) scope = parentOf(scope);
  return scope ? { name: nameNode.text, scope, at: nameNode.startIndex } : undefined;
}

/** The declaration visible from `use` (innermost enclosing scope first). */
export function resolveIdentifier(use: SyntaxNode): { nameNode: SyntaxNode; value: SyntaxNode } | undefined {
  const name = use.text;
  dependOnName(name);
  for (let s: SyntaxNode | null = parentOf(use), i = 0; s && i < 200; s = parentOf(s), i++) {
    if (!isScope(s)) continue;
    const d = declarationIn(s, name);
    if (d) {
      dependOn(d.nameNode);
      dependOn(d.value);
      return d;
    }
  }
  return undefined;
}

/**
 * What one extracted construct read (for incremental extraction, see extract.ts): source ranges
 * (flat start/end pairs) and the names it looked up. An edit that touches none of the ranges and
 * whose lines spell none of the names leaves the construct's policy as it was (shifted).
 */
export interface Deps {
  spans: number[];
  names: Set<string>;
}

let deps: Deps | undefined;

/** Starts recording what the extraction reads (until `stopDeps`). */
export function startDeps(): Deps {
  deps = { spans: [], names: new Set() };
  return deps;
}

export function stopDeps(): void {
  deps = undefined;
}

/** The extraction read this node. */
export function dependOn(n: SyntaxNode | null | undefined): void {
  if (deps && n) deps.spans.push(n.startIndex, n.endIndex);
}

/** The extraction looked this name up (a declaration or use of it elsewhere may change the result). */
export function dependOnName(name: string): void {
  deps?.names.add(name);
}

/**
 * The statement (a direct child of a scope) that contains `n`, else the root. Inside a syntax
 * error, the child of the ERROR node: tree-sitter's recovery can put the rest of a file under one
 * ERROR node (Python: an unterminated string), and a construct there depends on its own piece of
 * it, not on the whole region (a change of how the pieces group re-reads the nodes: mirror.dirty).
 */
export function enclosingStatement(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let p = parentOf(cur), i = 0; p && i < 10000; p = parentOf(p), i++) {
    if (isScope(p) || p.type === 'ERROR') return cur;
    cur = p;
  }
  return cur;
}
