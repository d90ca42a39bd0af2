/**
 * The shared walker of the Java, C# and Go extractors: chunks of the syntax tree read once and reused
 * by the next, incremental extraction; constructs, their variables and builder calls; contexts from
 * the calls a statement is passed to (`extractWith`). Each language plugs in its `LangSyntax`
 * (langSyntax.ts).
 */
import type { ArrayNode, ObjectNode, PolicyDocument, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { newMeta, spanOf, unionSpan, type RenderMeta } from './values';
import { RESOURCE_TYPES, resourceElementOf } from './tables';
import { dependOn, dependOnName, startDeps, stopDeps } from './syntax';
import { reusable } from './reuse';
import type { ExtractEdit, ExtractState, Unit } from './extract';
import { trustStatement, type Context, TRUST_CONTEXT, syntheticRoot, rootOver, principalsMakeResource, IDENTITY_METHOD, RESOURCE_METHOD, callLabel, buildPolicy, withOrdinals, type Prop, type MethodCall, cedarStatement, forgetCarried } from './extractCommon';
import { type Construct, type LangSyntax, type LangCtx, statementOf, lowerFirst, STATEMENT_BUILDERS } from './langSyntax';

/** The result of a Java / C# / Go extraction. */
export interface LangExtraction {
  policies: PolicyDocument[];
  meta: RenderMeta;
  /** What the next, incremental extraction of the same document reuses. */
  state: LangState;
}

/** A Java or C# extraction: a fresh context (the previous state's render meta kept) read by the shared walker. */
export function extractLang(makeSyntax: (ctx: LangCtx) => LangSyntax, root: SyntaxNode, text: string, edit?: LangEdit): LangExtraction {
  const meta = (edit?.prev as LangState | undefined)?.meta ?? newMeta();
  const r = extractWith(makeSyntax({ meta, decls: new DeclMap() }), root, text, edit);
  return { policies: r.policies, meta, state: r.state };
}

/** A declaration, a construct or a nested chunk, in pre-order. */
type ChunkItem = { k: 0; c: Construct } | { k: 1; name: string; value: SyntaxNode } | { k: 2; chunk: Chunk };

interface Chunk {
  node: SyntaxNode;
  items: ChunkItem[];
  kids: Chunk[];
  /** Identifiers in the chunk (not in nested chunks), by name (created on the first one). */
  idents?: Map<string, SyntaxNode[]>;
  /** Calls on an identifier receiver in the chunk (not in nested chunks; their nodes), by the receiver's name. */
  calls?: Map<string, SyntaxNode[]>;
}

/** Chunks nested deeper than this are read as part of their parent chunk (hostile nesting). */
const MAX_CHUNK_DEPTH = 64;

/** Extraction state of one Java, C# or Go document kept between edits (owned by index.ts). */
export interface LangState extends ExtractState {
  /** Chunks by their root node (valid while the mirror is spliced, not rebuilt). */
  chunks: WeakMap<SyntaxNode, Chunk>;
  /** Go: the `jsii.String(…)` calls of list items (extractGo.ts), kept with the reused policies' nodes. */
  wrapped?: WeakMap<ArrayNode, SyntaxNode[]>;
}

interface LangUnit extends Unit {
  /** Contexts this unit gives documents (`inlinePolicies`, a Policy's `document`), by the document's node id. */
  links?: { doc: number; context: Context }[];
  /** A document unit: the key of the context given to it by another unit when it was extracted. */
  ctxKey?: string;
}

/** What the last Java / C# / Go extraction did (tests count work with it; no timing). */
export const langExtractStats = { unitsExtracted: 0, unitsReused: 0, nodesScanned: 0, chunksScanned: 0, chunksReused: 0 };

/** Local variables and fields by name (first declaration in the file wins); a lookup is a dependency of the current unit. */
export class DeclMap extends Map<string, SyntaxNode> {
  override get(name: string): SyntaxNode | undefined {
    dependOnName(name);
    const v = super.get(name);
    if (v) {
      dependOn(v);
      dependOn(v.parent);
    }
    return v;
  }
}

function pushTo<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The incremental side of an extraction: the previous state and the edit since (see index.ts). */
export type LangEdit = ExtractEdit;

/** The dirty region of an edit (new offsets, whole lines), or undefined when there is no edit. */
function dirtyRegion(edit: ExtractEdit, text: string): { start: number; end: number } {
  let ds = edit.startIndex;
  let de = edit.newEndIndex;
  for (const r of edit.changed) {
    ds = Math.min(ds, r.startIndex);
    de = Math.max(de, r.endIndex);
  }
  const start = text.lastIndexOf('\n', Math.max(0, ds - 1)) + 1;
  const e = text.indexOf('\n', de);
  return { start, end: e < 0 ? text.length : e };
}

/** Reads the chunk rooted at `x`, or takes it from `memo` when `clean(x)`. */
function scanChunk(syn: LangSyntax, x: SyntaxNode, depth: number, memo: WeakMap<SyntaxNode, Chunk>, clean: (n: SyntaxNode) => boolean): Chunk {
  if (clean(x)) {
    const m = memo.get(x);
    if (m) {
      langExtractStats.chunksReused++;
      return m;
    }
  }
  langExtractStats.chunksScanned++;
  const chunk: Chunk = { node: x, items: [], kids: [] };
  let claimed: Set<number> | undefined;
  const claim = (inner: SyntaxNode): void => void (claimed ??= new Set()).add(inner.id);
  const stack: SyntaxNode[] = [x];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== x && n.parent && syn.containers.has(n.parent.type)) {
      if (depth < MAX_CHUNK_DEPTH) {
        const sub = scanChunk(syn, n, depth + 1, memo, clean);
        chunk.items.push({ k: 2, chunk: sub });
        chunk.kids.push(sub);
        continue;
      }
      memo.delete(n); // read as part of this chunk now: a chunk kept for it would go stale
    }
    langExtractStats.nodesScanned++;
    if (!claimed?.has(n.id)) {
      const c = syn.construct(n, claim);
      if (c && !(c.cls === 'PolicyStatement' && cedarStatement(c.node.text))) chunk.items.push({ k: 0, c });
    }
    const d = syn.declare(n);
    if (d) for (const [name, value] of d) chunk.items.push({ k: 1, name, value });
    if (n.type === 'identifier') pushTo((chunk.idents ??= new Map()), n.text, n);
    const recv = syn.receiver(n);
    if (recv) {
      const r = syn.unwrap(recv);
      if (r.type === 'identifier') pushTo((chunk.calls ??= new Map()), r.text, n);
    }
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  memo.set(x, chunk);
  return chunk;
}

/** The innermost chunk that holds `scope`. */
function chunkHolding(root: Chunk, scope: SyntaxNode): Chunk {
  let c = root;
  for (let depth = 0; depth <= MAX_CHUNK_DEPTH; depth++) {
    const k = c.kids.find((x) => x.node.startIndex <= scope.startIndex && x.node.endIndex >= scope.endIndex);
    if (!k) break;
    c = k;
  }
  return c;
}

/** Calls `visit` with every chunk whose entries may lie inside `scope` (the one holding it first). */
function chunksIn(root: Chunk, scope: SyntaxNode, visit: (c: Chunk, filter: boolean) => void): void {
  const c = chunkHolding(root, scope);
  visit(c, true);
  const all = (k: Chunk, depth: number): void => {
    visit(k, false);
    if (depth < MAX_CHUNK_DEPTH) for (const x of k.kids) all(x, depth + 1);
  };
  for (const k of c.kids) if (k.node.startIndex >= scope.startIndex && k.node.endIndex <= scope.endIndex) all(k, 0);
}

/** Everything `pick` gives for the chunks inside `scope` (nested included), sorted by offset `at` (= pre-order here). */
function gather<T>(root: Chunk, scope: SyntaxNode, pick: (c: Chunk) => T[] | undefined, at: (t: T) => number): T[] {
  const out: T[] = [];
  chunksIn(root, scope, (c, filter) => {
    const mine = pick(c);
    if (!mine) return;
    if (!filter) out.push(...mine);
    else for (const t of mine) if (at(t) >= scope.startIndex && at(t) < scope.endIndex) out.push(t);
  });
  return out.sort((x, y) => at(x) - at(y));
}

/** Every entry of the chunks' maps (`pick`) inside `scope`, by name, each list sorted by offset `at`. */
function indexOf<T>(root: Chunk, scope: SyntaxNode, pick: (c: Chunk) => Map<string, T[]> | undefined, at: (t: T) => number): Map<string, T[]> {
  const out = new Map<string, T[]>();
  chunksIn(root, scope, (c, filter) => {
    for (const [name, list] of pick(c) ?? []) for (const t of list) if (!filter || (at(t) >= scope.startIndex && at(t) < scope.endIndex)) pushTo(out, name, t);
  });
  for (const list of out.values()) list.sort((x, y) => at(x) - at(y));
  return out;
}

/** Lookups in one scope after which the scope is indexed whole (a full extraction asks for every variable of a block). */
const INDEX_AFTER = 8;

/** The call an expression is passed to, as a policy context. */
function callContext(syn: LangSyntax, expr: SyntaxNode, text: string): Context | undefined {
  const callNode = syn.argumentOf(expr);
  const call = callNode && syn.call(callNode);
  if (!call) return undefined;
  dependOn(callNode);
  const label = callLabel(call.receiver?.text ?? '', call.method);
  if (IDENTITY_METHOD.test(call.method)) return { type: 'identity', label };
  if (RESOURCE_METHOD.test(call.method)) {
    const cls = call.receiver ? syn.receiverClass(call.receiver) : undefined;
    const name = call.receiver?.text ?? '';
    if (!cls && name) dependOnName(name);
    const resourceElement = call.receiver ? resourceElementOf(cls, name, text) : undefined;
    return { type: 'resource', resourceType: cls ? RESOURCE_TYPES[cls] : undefined, ...(resourceElement ? { resourceElement } : {}), label };
  }
  return undefined;
}

const contextKey = (c: Context | undefined): string => (c ? `${c.type ?? ''}\u0001${c.resourceType ?? ''}\u0001${c.resourceElement ?? ''}\u0001${c.label}` : '');

/**
 * Every policy of a Java, C# or Go CDK file. With `edit` (the previous state of the same document
 * and the edit since; the mirror spliced, not rebuilt) only the chunks and units the edit touched
 * are read again; the result equals a full extraction (test/cdkIncrementalLangsH2.test.ts).
 */
export function extractWith(syn: LangSyntax, root: SyntaxNode, text: string, edit?: LangEdit): { policies: PolicyDocument[]; state: LangState } {
  const meta = syn.meta;
  for (const k of Object.keys(langExtractStats) as (keyof typeof langExtractStats)[]) langExtractStats[k] = 0;
  const prev = edit?.prev as LangState | undefined;
  const memo = prev?.chunks ?? new WeakMap<SyntaxNode, Chunk>();
  const dirty = edit ? dirtyRegion(edit, text) : undefined;
  const clean = (n: SyntaxNode): boolean => !!dirty && (n.endIndex < dirty.start || n.startIndex > dirty.end);
  const top = scanChunk(syn, root, 0, memo, edit ? clean : () => false);

  // Constructs and declarations in pre-order.
  const constructs: Construct[] = [];
  syn.decls.clear();
  const flatten = (c: Chunk, depth: number): void => {
    for (const it of c.items) {
      if (it.k === 0) constructs.push(it.c);
      else if (it.k === 1) {
        if (!syn.decls.has(it.name)) syn.decls.set(it.name, it.value);
      } else if (depth < MAX_CHUNK_DEPTH) flatten(it.chunk, depth + 1);
    }
  };
  flatten(top, 0);
  // Constructs by node id: only units extracted again resolve expressions (built on first use).
  let byNodeMap: Map<number, Construct> | undefined;
  const byNode = (id: number): Construct | undefined => {
    if (!byNodeMap) {
      byNodeMap = new Map();
      for (const c of constructs) byNodeMap.set(c.node.id, c);
    }
    return byNodeMap.get(id);
  };

  // Identifier uses and calls by name in a scope: gathered per name from the chunks (an edit asks a
  // few), or, once a scope has been asked often (a full extraction asks for every variable), indexed whole.
  const perScope = new Map<number, { asked: number; idents?: Map<string, SyntaxNode[]>; calls?: Map<string, SyntaxNode[]>; identsOf: Map<string, SyntaxNode[]>; callsOf: Map<string, MethodCall[]> }>();
  const askScope = (scope: SyntaxNode): { indexed: boolean; st: NonNullable<ReturnType<typeof perScope.get>> } => {
    let st = perScope.get(scope.id);
    if (!st) perScope.set(scope.id, (st = { asked: 0, identsOf: new Map(), callsOf: new Map() }));
    return { indexed: ++st.asked > INDEX_AFTER, st };
  };
  const identAt = (n: SyntaxNode): number => n.startIndex; // (also a call node's: its receiver starts it)
  const identsIn = (scope: SyntaxNode, name: string): SyntaxNode[] => {
    const { indexed, st } = askScope(scope);
    if (indexed) return (st.idents ??= indexOf(top, scope, (c) => c.idents, identAt)).get(name) ?? [];
    let v = st.identsOf.get(name);
    if (!v) st.identsOf.set(name, (v = gather(top, scope, (c) => c.idents?.get(name), identAt)));
    return v;
  };
  const callsIn = (scope: SyntaxNode, name: string): MethodCall[] => {
    const { indexed, st } = askScope(scope);
    let v = st.callsOf.get(name);
    if (v) return v;
    const nodes = indexed ? ((st.calls ??= indexOf(top, scope, (c) => c.calls, identAt)).get(name) ?? []) : gather(top, scope, (c) => c.calls?.get(name), identAt);
    v = [];
    for (const n of nodes) {
      const call = syn.call(n);
      if (call) v.push(call);
    }
    st.callsOf.set(name, v);
    return v;
  };
  /** The variable a construct is assigned to (a dependency: a new use of it may change the unit). */
  const bindingOf = (n: SyntaxNode): { name: string; scope: SyntaxNode } | undefined => {
    const b = syn.binding(n);
    if (b) dependOnName(b.name);
    return b;
  };
  /** The statement (a chunk root) holding `n`. */
  const statementAt = (n: SyntaxNode): SyntaxNode => {
    let cur = n;
    for (let i = 0; i < 10000 && cur.parent && !syn.containers.has(cur.parent.type); i++) cur = cur.parent;
    return cur;
  };

  /** The construct an expression is, directly or through a variable (one level). */
  const resolve = (raw: SyntaxNode): Construct | undefined => {
    const n = syn.unwrap(raw);
    const direct = byNode(n.id);
    if (direct) return direct;
    const d = n.type === 'identifier' ? syn.decls.get(n.text) : undefined;
    return d ? byNode(syn.unwrap(d).id) : undefined;
  };
  const builderCalls = (c: Construct, methods: RegExp): MethodCall[] => {
    const b = bindingOf(c.node);
    if (!b) return [];
    const out = callsIn(b.scope, b.name).filter((x) => methods.test(lowerFirst(x.method)));
    for (const x of out) dependOn(x.node);
    return out;
  };
  /** The context of a construct: the call it is passed to, directly or through its variable. */
  const contextOf = (construct: SyntaxNode): Context | undefined => {
    const direct = callContext(syn, construct, text);
    if (direct) return direct;
    const b = bindingOf(construct);
    if (!b) return undefined;
    for (const n of identsIn(b.scope, b.name)) {
      const found = syn.argumentOf(n) ? callContext(syn, n, text) : undefined;
      if (found) return found;
    }
    return undefined;
  };

  const reuse = edit ? reusable(edit, text) : undefined;
  const units: LangUnit[] = [];
  const policies: PolicyDocument[] = [];
  /** Statement constructs (start offsets) taken into a document or policy. */
  const consumed = new Set<number>();
  /** Contexts given to documents by Roles and Policies, by the document's node id. */
  const docContext = new Map<number, Context>();
  let current: LangUnit | undefined;
  /** A reused policy the edit moved (in place, reuse.ts): every offset at or after the edit's end. */
  const moved = (p: PolicyDocument): boolean => !!edit && edit.newEndIndex !== edit.oldEndIndex && p.root.span.offset + p.root.span.length >= edit.newEndIndex;
  /** Extracts one unit, or takes the previous one when the edit left it alone (and `valid` agrees). */
  const unit = (phase: number, seed: SyntaxNode, body: (u: LangUnit) => void, valid?: (u: LangUnit) => boolean): void => {
    let u = reuse?.get(`${phase}:${seed.startIndex}:${seed.endIndex}`) as LangUnit | undefined;
    if (u && (!valid || valid(u))) {
      langExtractStats.unitsReused++;
      if (u.policy && moved(u.policy)) forgetCarried(u.policy);
    } else {
      u = { phase, seed: seed.startIndex, seedEnd: seed.endIndex, deps: startDeps(), consumes: [] };
      current = u;
      try {
        dependOn(statementAt(seed));
        body(u);
      } finally {
        stopDeps();
        current = undefined;
      }
      langExtractStats.unitsExtracted++;
    }
    units.push(u);
    if (u.policy) policies.push(u.policy);
    for (const o of u.consumes) consumed.add(o);
    for (const l of u.links ?? []) docContext.set(l.doc, l.context);
  };
  const link = (u: LangUnit, doc: Construct, context: Context): void => void (u.links ??= []).push({ doc: doc.node.id, context });
  const prop = (c: Construct, name: string): Prop | undefined => c.props.find((p) => lowerFirst(p.name) === name);

  /** A policy root over statement expressions (a document's `statements`, `addStatements` arguments). */
  const documentRoot = (owner: Construct, exprs: SyntaxNode[], lists: SyntaxNode[]): ObjectNode => {
    const items: ValueNode[] = [];
    for (const e of exprs) {
      const path = ['Statement', items.length];
      const s = resolve(e);
      if (s && s.cls === 'PolicyStatement') {
        current?.consumes.push(s.node.startIndex);
        dependOn(s.node);
        items.push(statementOf(syn, s, builderCalls(s, STATEMENT_BUILDERS), path));
      } else items.push(syn.value(e, path));
    }
    return rootOver(meta, items, unionSpan([spanOf(owner.node), ...lists.map(spanOf)]));
  };
  /** Statements of a document / policy construct: its `statements` list and `addStatements(…)` calls. */
  const statementExprs = (c: Construct): { exprs: SyntaxNode[]; lists: SyntaxNode[] } => {
    const exprs: SyntaxNode[] = [];
    const lists: SyntaxNode[] = [];
    const st = prop(c, 'statements');
    if (st) {
      const v = syn.unwrap(st.value);
      const d = v.type === 'identifier' ? syn.decls.get(v.text) : undefined;
      const items = syn.list(v) ?? (d ? syn.list(syn.unwrap(d)) : undefined);
      if (items) exprs.push(...items);
      else exprs.push(st.value);
      lists.push(st.value);
    }
    for (const call of builderCalls(c, /^addStatements$/)) {
      exprs.push(...call.args);
      lists.push(call.node);
    }
    return { exprs, lists };
  };

  // Roles: trust statements (`assumedBy`) and inline policies (their documents are identity policies).
  for (const c of constructs) {
    if (c.cls !== 'Role') continue;
    unit(1, c.node, (u) => {
      const ab = prop(c, 'assumedBy');
      if (ab) {
        const stmt = trustStatement(meta, syn, ab.nameNode, syn.unwrap(ab.value));
        if (stmt) {
          const label = c.id ? `assumedBy ${c.id}` : 'assumedBy';
          u.policy = buildPolicy(syntheticRoot(meta, stmt), TRUST_CONTEXT(label), label);
        }
      }
      const inl = prop(c, 'inlinePolicies');
      const v = inl && syn.unwrap(inl.value);
      const d = v && v.type === 'identifier' ? syn.decls.get(v.text) : undefined;
      for (const e of (v && (syn.entries(v) ?? (d ? syn.entries(syn.unwrap(d)) : undefined))) ?? []) {
        const doc = resolve(e.value);
        const name = syn.literal(syn.unwrap(e.key));
        if (doc?.cls === 'PolicyDocument') link(u, doc, { type: 'identity', label: `inlinePolicies.${name ?? '?'}` });
      }
    });
  }
  // Policy / ManagedPolicy: their `document` is an identity policy; their `statements` make one.
  for (const c of constructs) {
    if (c.cls !== 'Policy' && c.cls !== 'ManagedPolicy') continue;
    unit(2, c.node, (u) => {
      const label = `new ${c.cls}${c.id ? ` ${c.id}` : ''}`;
      const doc = prop(c, 'document');
      const dc = doc && resolve(doc.value);
      if (dc?.cls === 'PolicyDocument') link(u, dc, { type: 'identity', label });
      const { exprs, lists } = statementExprs(c);
      if (exprs.length) u.policy = buildPolicy(documentRoot(c, exprs, lists), { type: 'identity', label }, label);
    });
  }
  // Documents.
  for (const c of constructs) {
    if (c.cls !== 'PolicyDocument') continue;
    const given = docContext.get(c.node.id);
    unit(3, c.node, (u) => {
      u.ctxKey = contextKey(given);
      const context = given ?? contextOf(c.node);
      if (c.json) {
        const v = syn.value(c.json, []);
        if (v.kind === 'object') u.policy = buildPolicy(v, context, 'PolicyDocument');
        return;
      }
      const { exprs, lists } = statementExprs(c);
      if (exprs.length) u.policy = buildPolicy(documentRoot(c, exprs, lists), context, 'PolicyDocument');
    }, (u) => u.ctxKey === contextKey(given));
  }
  // Statements on their own.
  for (const c of constructs) {
    if (c.cls !== 'PolicyStatement' || consumed.has(c.node.startIndex)) continue;
    unit(4, c.node, (u) => {
      const stmt = statementOf(syn, c, builderCalls(c, STATEMENT_BUILDERS), ['Statement', 0]);
      if (stmt.kind !== 'object') return;
      u.policy = buildPolicy(syntheticRoot(meta, stmt), principalsMakeResource(contextOf(c.node), stmt), 'PolicyStatement');
    });
  }
  return { policies: withOrdinals(policies), state: { units, meta, aliasKey: '', chunks: memo } };
}
