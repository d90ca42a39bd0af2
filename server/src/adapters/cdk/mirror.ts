import type { Language, Tree, TreeCursor } from '@vscode/tree-sitter-wasm';
import { rawCursor, type RawCursor } from './runtime';

/**
 * A plain JavaScript copy of a tree-sitter tree, read once with a TreeCursor and then kept up to
 * date across edits by re-reading only what changed.
 *
 * Why: every property of a web-tree-sitter `Node` is a call into wasm that marshals the node
 * through a transfer buffer, and `node.parent` walks down from the root. The extractor reads the
 * same nodes many times (parents for context, children for values, identifiers for variables), so
 * on a 3,000-line stack it spent most of its time in that marshalling. A cursor walk reads each
 * node once (type id, field id, start, end); everything after that — parents, fields, text (a slice
 * of the source), descendant-for-offset — is JavaScript.
 *
 * Incremental: after `tree.edit()` + an incremental parse, `spliceMirror` reads from the new tree
 * only the nodes that overlap the dirty region (the edit plus tree-sitter's changed ranges, one
 * character of margin each side). Children entirely before the region are kept as they are;
 * children entirely after it are kept with their offsets shifted (lazily: a kept subtree's
 * descendants move when the extractor first reads them). The nodes on the path to the
 * edit are updated in place, so a mirror (like the tree it copies) belongs to one document.
 *
 * The node API is the subset of web-tree-sitter's `Node` that the extractor uses (`type`,
 * `startIndex`, `endIndex`, `text`, `id`, `parent`, `namedChildren`, `childForFieldName`, `equals`,
 * `descendantForIndex`, `childWithDescendant`); test/cdk-mirror.test.ts compares a mirror with the
 * tree it copies, also after random edits.
 */

interface Source {
  text: string;
}

let nextId = 1;

/** The children of every leaf read from a tree (shared: never changed; `addChild` replaces it). */
const NO_KIDS: MirrorNode[] = [];

export class MirrorNode {
  readonly id = nextId++;
  parent: MirrorNode | null = null;
  private kids: MirrorNode[] = NO_KIDS;
  /**
   * How far this node's descendants have yet to move: `moveBy` moves a node at once and its
   * subtree lazily, one level each time a node's children are read, so an edit costs the nodes on
   * the paths the extractor walks, not every node after the edit.
   */
  private pending = 0;
  /** Nodes in this subtree, itself included (tree-sitter's descendant count, for `gotoDescendant`). */
  size = 1;
  private named?: MirrorNode[];

  constructor(
    private readonly src: Source,
    public type: string,
    public typeId: number,
    public isNamed: boolean,
    /** The field of the parent this node is in (`function`, `arguments`, …), or null. */
    public field: string | null,
    public startIndex: number,
    public endIndex: number,
  ) {}

  /** The node's source text (a slice of the document: no wasm call). */
  get text(): string {
    return this.src.text.slice(this.startIndex, this.endIndex);
  }

  get children(): MirrorNode[] {
    if (this.pending !== 0) {
      const d = this.pending;
      this.pending = 0;
      for (const k of this.kids) k.moveBy(d);
    }
    return this.kids;
  }

  /** New children (their offsets current). */
  set children(kids: MirrorNode[]) {
    this.kids = kids;
    this.pending = 0;
  }

  /** Appends a child read from the tree (a leaf's first child replaces the shared empty list). */
  addChild(n: MirrorNode): void {
    if (this.kids === NO_KIDS) this.kids = [n];
    else this.kids.push(n);
  }

  /** Moves the node by `delta` now and its descendants when they are read. */
  moveBy(delta: number): void {
    this.startIndex += delta;
    this.endIndex += delta;
    this.pending += delta;
  }

  get namedChildren(): MirrorNode[] {
    const kids = this.children; // moves them first when a shift is pending
    return (this.named ??= kids.length === 0 ? NO_KIDS : kids.filter((c) => c.isNamed));
  }

  childForFieldName(name: string): MirrorNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  equals(other: MirrorNode | null | undefined): boolean {
    return this === other;
  }

  /** The child of this node that contains `n` (n a descendant), else null. */
  childWithDescendant(n: MirrorNode): MirrorNode | null {
    let c: MirrorNode | null = n;
    while (c && c.parent !== this) c = c.parent;
    return c;
  }

  /** The smallest node (named or not) that spans [start, end), as tree-sitter's `descendantForIndex`. */
  descendantForIndex(start: number, end = start): MirrorNode {
    return descendantFor(this, start, end);
  }

  /** Forgets derived lists after the children changed. */
  childrenChanged(): void {
    this.named = undefined;
  }
}

function descendantFor(from: MirrorNode, start: number, end: number): MirrorNode {
  {
    let node = from;
    for (;;) {
      const kids = node.children;
      // Children's ends are non-decreasing: the first child that ends at or after `end` and after `start`.
      const need = Math.max(end, start + 1);
      let lo = 0;
      let hi = kids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (kids[mid].endIndex < need) lo = mid + 1;
        else hi = mid;
      }
      let next: MirrorNode | undefined;
      for (let i = lo; i < kids.length; i++) {
        const c = kids[i];
        if (c.startIndex > start) break;
        if (c.endIndex >= end && (c.endIndex > start || c.startIndex === c.endIndex)) {
          next = c;
          break;
        }
      }
      if (!next) return node;
      node = next;
    }
  }
}

export interface Mirror {
  root: MirrorNode;
  src: Source;
  /**
   * After `spliceMirror`: the range (new offsets) of everything that may differ from the previous
   * tree — the edit, the changed ranges and every node read again (a node kept from the previous
   * mirror is structurally identical, only moved). Incremental extraction starts from it.
   */
  dirty?: { startIndex: number; endIndex: number };
  /**
   * Kept subtrees move at once, every descendant (`shift`), instead of lazily: for extractors that
   * keep nodes of the previous extraction and read their offsets without walking down to them
   * (Java, C#, Go: extractCommon.ts keeps whole chunks).
   */
  eager?: boolean;
}

/** Type names and named-ness per type id of a language (read once per language). */
const typeInfo = new WeakMap<Language, { types: (string | undefined)[]; named: (boolean | undefined)[] }>();

function infoFor(lang: Language): { types: (string | undefined)[]; named: (boolean | undefined)[] } {
  let i = typeInfo.get(lang);
  if (!i) {
    i = { types: [], named: [] };
    typeInfo.set(lang, i);
  }
  return i;
}

/** Extent (new offsets) of the nodes read during the current splice: what changed structurally. */
let readMin = Infinity;
let readMax = -Infinity;

/** A node read anew into the mirror (not kept from the previous one). */
function track(n: MirrorNode): void {
  if (n.startIndex < readMin) readMin = n.startIndex;
  if (n.endIndex > readMax) readMax = n.endIndex;
}

/** Reads the cursor's current node (four wasm calls). */
function readNode(c: TreeCursor, lang: Language, src: Source): MirrorNode {
  const typeId = c.nodeTypeId;
  const info = infoFor(lang);
  let type = info.types[typeId];
  let named = info.named[typeId];
  if (type === undefined || named === undefined) {
    type = c.nodeType;
    named = c.nodeIsNamed;
    // An id can name an error or a missing node differently: cache only ordinary types.
    if (type !== 'ERROR') {
      info.types[typeId] = type;
      info.named[typeId] = named;
    }
  }
  const fieldId = c.currentFieldId;
  const field = fieldId ? (lang.fields[fieldId] ?? null) : null;
  return new MirrorNode(src, type, typeId, named, field, c.startIndex, c.endIndex);
}

function finish(n: MirrorNode): void {
  let size = 1;
  for (const k of n.children) size += k.size;
  n.size = size;
}

/** The moves and the read of one walk over a tree (through web-tree-sitter's cursor, or the runtime's raw calls). */
interface Walker {
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): void;
  read(): MirrorNode;
}

/** Reads the subtree under the cursor's current node into `top` (iterative: deep trees cannot overflow the stack). The cursor ends where it started. */
function readChildren(c: TreeCursor, lang: Language, src: Source, top: MirrorNode): void {
  const r = mirrorOptions.raw ? rawCursor() : undefined;
  const tree = r && treeAddress(c);
  if (r && tree !== undefined) return readChildrenRaw(c, r, tree, lang, src, top);
  walkInto({ firstChild: () => c.gotoFirstChild(), nextSibling: () => c.gotoNextSibling(), parent: () => void c.gotoParent(), read: () => readNode(c, lang, src) }, top);
}

/** The walk itself: depth first, each node read once, sizes summed on the way back up. */
function walkInto(w: Walker, top: MirrorNode): void {
  const stack: MirrorNode[] = [top];
  const push = (parent: MirrorNode): void => {
    const n = w.read();
    if (stack.length === 1) track(n);
    n.parent = parent;
    parent.addChild(n);
    stack.push(n);
  };
  for (;;) {
    if (w.firstChild()) {
      push(stack[stack.length - 1]);
      continue;
    }
    for (;;) {
      finish(stack[stack.length - 1]);
      if (stack.length === 1) return;
      if (w.nextSibling()) {
        stack.pop();
        push(stack[stack.length - 1]);
        break;
      }
      w.parent();
      stack.pop();
    }
  }
}

/** For tests: `raw: false` reads every node through web-tree-sitter's wrapper (the fallback when the runtime lacks the raw calls). */
export const mirrorOptions = { raw: true };

/** The address of a cursor's tree in the runtime (web-tree-sitter keeps it as `tree[0]`), if it can be read. */
function treeAddress(c: TreeCursor): number | undefined {
  const t = (c as unknown as { tree?: Record<number, unknown> }).tree?.[0];
  return typeof t === 'number' && t > 0 ? t : undefined;
}

/**
 * `readChildren` through the runtime's own cursor calls (runtime.ts `RawCursor`): the cursor stays
 * in the runtime's transfer buffer for the whole walk, so a node costs five wasm calls (a move,
 * type, field, start, end) and no copying; copied back into `c` at the end.
 */
function readChildrenRaw(c: TreeCursor, r: RawCursor, tree: number, lang: Language, src: Source, top: MirrorNode): void {
  const f = r.calls();
  const info = infoFor(lang);
  const types = info.types;
  const namedOf = info.named;
  const fields = lang.fields;
  const read = (): MirrorNode => {
    const typeId = f.typeId(tree);
    let type = types[typeId];
    let named = namedOf[typeId];
    if (type === undefined || named === undefined) {
      type = lang.types[typeId] || 'ERROR'; // as web-tree-sitter's `nodeType`
      named = f.isNamed(tree) === 1;
      // An id can name an error or a missing node differently: cache only ordinary types.
      if (type !== 'ERROR') {
        types[typeId] = type;
        namedOf[typeId] = named;
      }
    }
    const fieldId = f.fieldId(tree);
    const field = fieldId ? (fields[fieldId] ?? null) : null;
    return new MirrorNode(src, type, typeId, named, field, f.startIndex(tree), f.endIndex(tree));
  };
  r.load(c);
  try {
    walkInto({ firstChild: () => f.gotoFirstChild(tree) === 1, nextSibling: () => f.gotoNextSibling(tree) === 1, parent: () => void f.gotoParent(tree), read }, top);
  } finally {
    r.store(c);
  }
}

/** A mirror of a whole tree. */
export function buildMirror(tree: Tree, text: string, eager = false): Mirror {
  const src: Source = { text };
  const c = tree.walk();
  try {
    const root = readNode(c, tree.language, src);
    readChildren(c, tree.language, src, root);
    return eager ? { root, src, eager } : { root, src };
  } finally {
    c.delete();
  }
}

/** Moves a kept subtree: the node now, its descendants lazily (`MirrorNode.moveBy`) or, `eager`, now too. */
function shift(n: MirrorNode, delta: number, eager: boolean | undefined): void {
  if (delta === 0) return;
  n.moveBy(delta);
  if (!eager) return;
  const stack = [n];
  while (stack.length) for (const k of stack.pop()!.children) stack.push(k); // reading children applies the move
}

export interface MirrorEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
}

/** Old children looked at while splicing, since the process started (a test hook: the work of a splice, counted). */
export const spliceStats = { compared: 0 };

/** Deeper than this the dirty path is re-read whole instead of spliced (hostile nesting). */
const MAX_SPLICE_DEPTH = 400;

/**
 * Updates `old` (the mirror of the tree before `edit`) to mirror `tree` (the incremental re-parse
 * with `text`). `changed` are the tree's changed ranges (new offsets). Returns the same mirror.
 */
export function spliceMirror(old: Mirror, tree: Tree, text: string, edit: MirrorEdit, changed: { startIndex: number; endIndex: number }[]): Mirror {
  const delta = edit.newEndIndex - edit.oldEndIndex;
  let ds = edit.startIndex;
  let de = edit.newEndIndex;
  for (const r of changed) {
    ds = Math.min(ds, r.startIndex);
    de = Math.max(de, r.endIndex);
  }
  // One character of margin: a token that touches the edit may have grown into it.
  ds = Math.max(0, ds - 1);
  de = de + 1;
  const src = old.src;
  src.text = text;
  const lang = tree.language;
  const c = tree.walk();
  try {
    const rootType = c.nodeTypeId;
    if (rootType !== old.root.typeId) return buildMirror(tree, text, old.eager);
    readMin = Infinity;
    readMax = -Infinity;
    spliceNode(c, { lang, src, ds, de, oldEnd: edit.oldEndIndex, delta, eager: old.eager }, old.root, 0, 0);
    old.dirty = { startIndex: Math.min(ds, readMin), endIndex: Math.max(de, readMax) };
    return old;
  } finally {
    c.delete();
  }
}

interface SpliceCtx {
  lang: Language;
  src: Source;
  /** Dirty region in new offsets (margin included). */
  ds: number;
  de: number;
  /** Old offsets from here on moved by `delta`. */
  oldEnd: number;
  delta: number;
  /** Kept subtrees move at once (`Mirror.eager`). */
  eager?: boolean;
}

/**
 * `o` mirrors the cursor's node (descendant index `index`, depth `depth`) before the edit: update
 * it in place from the cursor. The cursor ends where it started.
 */
function spliceNode(c: TreeCursor, x: SpliceCtx, o: MirrorNode, index: number, depth: number): void {
  const { lang, src, ds, de, oldEnd, delta } = x;
  const toNew = (v: number): number => (v >= oldEnd ? v + delta : v);
  o.startIndex = c.startIndex;
  o.endIndex = c.endIndex;
  const oldKids = o.children;
  const kids: MirrorNode[] = [];
  o.children = kids;
  o.childrenChanged();
  const readAll = (): void => {
    kids.length = 0;
    readChildren(c, lang, src, o);
  };
  if (depth > MAX_SPLICE_DEPTH) return readAll();
  // Children that end before the dirty region are unchanged: keep them and move the cursor past them.
  let oi = 0;
  let at = index + 1;
  while (oi < oldKids.length && oldKids[oi].endIndex <= ds) {
    at += oldKids[oi].size;
    kids.push(oldKids[oi++]);
  }
  let onChild: boolean;
  if (oi === 0) onChild = c.gotoFirstChild();
  else {
    // web-tree-sitter's gotoFirstChildForIndex does not move in this build; gotoDescendant does.
    c.gotoDescendant(at);
    onChild = c.currentDepth === depth + 1;
    if (!onChild) c.gotoDescendant(index);
  }
  if (!onChild) {
    // No child reaches the region: the children are the old ones before it; check the last one.
    if (kids.length === 0) return finish(o);
    const last = kids[kids.length - 1];
    let ok = false;
    if (c.gotoLastChild()) {
      ok = c.nodeTypeId === last.typeId && c.startIndex === last.startIndex && c.endIndex === last.endIndex;
      c.gotoParent();
    }
    if (!ok) readAll();
    else finish(o);
    return;
  }
  // Near a syntax error a parent may change its production while keeping its children: then the
  // fields of the kept children are read again (a cheap walk over the siblings).
  let refreshFields = o.type === 'ERROR';
  for (let k = oi; k < oldKids.length && !refreshFields; k++) if (oldKids[k].type === 'ERROR' && oldKids[k].startIndex <= de) refreshFields = true;
  // Where the search for a child's old self starts: the old children before it start before the
  // child read last (so before every later one too) and can match none. Searching from `oi` each
  // time was quadratic in the children of one node in the region when none matched: a character
  // typed at the top of a Java stack past LIMITS.maxCdkChars shifts the part that is read, the
  // edit spans all of it, and one splice made 1.2 billion comparisons (16 s; fuzzer, seed
  // 20261204, document 423; test/cdkIncrementalH1.test.ts).
  let si = oi;
  for (;;) {
    const n = readNode(c, lang, src);
    if (n.type === 'ERROR') refreshFields = true;
    if (n.startIndex > de) {
      // The first child after the region: the rest are the old ones after it, shifted.
      let ti = oi;
      while (ti < oldKids.length && (oldKids[ti].startIndex < oldEnd || toNew(oldKids[ti].startIndex) < n.startIndex)) ti++;
      const t = oldKids[ti];
      if (t && t.typeId === n.typeId && toNew(t.startIndex) === n.startIndex && toNew(t.endIndex) === n.endIndex && t.field === n.field) {
        for (let k = ti; k < oldKids.length; k++) {
          shift(oldKids[k], delta, x.eager);
          kids.push(oldKids[k]);
        }
        break;
      }
    }
    // A child in the region: splice it into its old self when there is one at the same place, else read it.
    let match: MirrorNode | undefined;
    if (si < oi) si = oi;
    while (si < oldKids.length && toNew(oldKids[si].startIndex) < n.startIndex) {
      si++;
      spliceStats.compared++;
    }
    for (let k = si; k < oldKids.length; k++) {
      spliceStats.compared++;
      const m = oldKids[k];
      const ms = toNew(m.startIndex);
      if (ms > n.startIndex) break;
      if (ms === n.startIndex && m.typeId === n.typeId && m.field === n.field && m.children.length > 0) {
        match = m;
        oi = k + 1;
        break;
      }
    }
    if (match) {
      spliceNode(c, x, match, at, depth + 1);
      match.parent = o;
      kids.push(match);
      at += match.size;
    } else {
      track(n);
      readChildren(c, lang, src, n);
      n.parent = o;
      kids.push(n);
      at += n.size;
    }
    if (!c.gotoNextSibling()) break;
  }
  c.gotoParent();
  if (refreshFields && c.gotoFirstChild()) {
    let i = 0;
    do {
      const k = kids[i++];
      if (!k) break;
      const fieldId = c.currentFieldId;
      k.field = fieldId ? (lang.fields[fieldId] ?? null) : null;
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  finish(o);
}

/**
 * Node types of the text inside a string literal — TypeScript/JavaScript and Java
 * `string_fragment`, Python `string_content`, C# `string_literal_content`, Go
 * `interpreted_string_literal_content` / `raw_string_literal_content` — and of the literals that
 * hold them (opening quote, text and escape sequences, closing quote).
 */
const STRING_TEXT = new Set(['string_fragment', 'string_content', 'string_literal_content', 'interpreted_string_literal_content', 'raw_string_literal_content']);
const STRING_LITERAL = new Set(['string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal']);

/**
 * Characters that, typed into or deleted from a string's text, cannot change any token: no quote,
 * backslash, line break, `$`, `{`, `}` (template substitutions, f-string fields).
 */
const PLAIN = /^[A-Za-z0-9 :*._\-/@+=,?!~%^&|<>()[\];#]*$/;

/**
 * The string-text node of `m` (the mirror of `oldText`) that an edit changes without changing
 * any token, or undefined. Such an edit (typing an action name, the most common keystroke in a
 * CDK file) changes no syntax node but the string's text: the tree need not be parsed again, and
 * the mirror is updated by moving offsets (`stretchMirror`). Conservative: both the removed and
 * the inserted text are plain characters, the edit lies inside one string's text (TypeScript's
 * `string_fragment`, Python's `string_content`) that stays non-empty, the characters next to it
 * are plain or the string's own quotes, no escape sequence touches it (`\12` + `3`), and it makes
 * or unmakes no `*\/` (`makesCommentEnd`). With `hasError` (Java, C#, Go: index.ts), not when it
 * answers true (the tree has a syntax error).
 */
export function stringTextEdit(m: Mirror, oldText: string, newText: string, edit: MirrorEdit, hasError?: () => boolean): MirrorNode | undefined {
  const { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd } = edit;
  if (!PLAIN.test(oldText.slice(start, oldEnd)) || !PLAIN.test(newText.slice(start, newEnd))) return undefined;
  let leaf = m.root.descendantForIndex(start, oldEnd);
  // Typing at the end of a string's text: the smallest node at that offset is the closing quote.
  if (!STRING_TEXT.has(leaf.type) && start > 0) leaf = m.root.descendantForIndex(start - 1, oldEnd);
  if (!STRING_TEXT.has(leaf.type) || leaf.startIndex > start || leaf.endIndex < oldEnd) return undefined;
  if (leaf.endIndex - leaf.startIndex + newEnd - oldEnd <= 0) return undefined;
  const parent = leaf.parent;
  if (!parent || !STRING_LITERAL.has(parent.type)) return undefined;
  const siblings = parent.children;
  const i = siblings.indexOf(leaf);
  if (start === leaf.startIndex ? i !== 1 : !PLAIN.test(oldText[start - 1])) return undefined;
  if (oldEnd === leaf.endIndex ? i !== siblings.length - 2 : !PLAIN.test(oldText[oldEnd])) return undefined;
  for (const k of leaf.children) if (k.endIndex >= start && k.startIndex <= oldEnd) return undefined;
  if (makesCommentEnd(oldText, newText, edit)) return undefined;
  if (hasError?.()) return undefined;
  return leaf;
}

/**
 * A `*\/` typed into or deleted from a string can change tokens before it: where a `/*` starts no
 * terminated comment its `/` and `*` tokens were lexed looking ahead to the end of the file (an
 * error, or in Go a valid `1 /* x` = `1 / *x`), so a `*\/` below closes the comment.
 */
function makesCommentEnd(oldText: string, newText: string, edit: MirrorEdit): boolean {
  const { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd } = edit;
  return oldText.slice(Math.max(0, start - 1), oldEnd + 1).includes('*/') || newText.slice(Math.max(0, start - 1), newEnd + 1).includes('*/');
}

/**
 * Updates `m` for an edit that `stringTextEdit` accepted (its `leaf`): the leaf and its ancestors
 * grow or shrink, everything after the edit moves (lazily, `moveBy`; at once in an eager mirror,
 * whose extractor reads kept nodes' offsets without walking down to them). No wasm call.
 */
export function stretchMirror(m: Mirror, leaf: MirrorNode, text: string, edit: MirrorEdit): Mirror {
  const delta = edit.newEndIndex - edit.oldEndIndex;
  m.src.text = text;
  for (const k of leaf.children) if (k.startIndex >= edit.oldEndIndex) shift(k, delta, m.eager);
  for (let n: MirrorNode = leaf; ; ) {
    n.endIndex += delta;
    const p = n.parent;
    if (!p) break;
    const kids = p.children;
    for (let j = kids.indexOf(n) + 1; j < kids.length; j++) shift(kids[j], delta, m.eager);
    n = p;
  }
  m.dirty = { startIndex: edit.startIndex, endIndex: edit.newEndIndex };
  return m;
}
