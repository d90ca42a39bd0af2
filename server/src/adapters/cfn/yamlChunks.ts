import { LIMITS, formatCount, limitProblem, type ObjectNode, type ParseProblem, type PropertyNode, type Span, type ValueNode } from '../../model';
import { MAX_SYNTAX_ERRORS, parseYaml, yamlReads, type YamlTree } from './yamlTree';

/**
 * Incremental YAML parsing for large templates. A template is a block mapping whose `Resources`
 * hold many independent entries, and an edit touches one of them. The text is cut at top-level
 * keys and at resource keys; each piece is parsed on its own and cached by its text, so after an
 * edit only the edited piece is parsed again (the others are reused, their spans moved by the
 * length change). Anything that could make pieces depend on each other (several documents,
 * anchors/aliases, directives, a flow mapping at the top) falls back to one full parse.
 *
 * A piece with a syntax error is read again joined with the next few (a quoted scalar or a flow
 * collection may run on past a cut); when that does not read either, the error is the piece's own:
 * in a template longer than WHOLE_RECOVERY_CHARS the piece alone is read with recovery (yamlTree.ts `recover`), and the other pieces stay as they
 * are. So a keystroke that breaks one resource of a large template costs that resource, not the
 * whole text read several times over (which is what it cost before: seconds for a 20,000-line
 * template, and a minute for a mangled 1 MB one).
 */

interface Piece {
  text: string;
  offset: number;
}

interface CacheEntry {
  /** The piece's text: a copy, so that neither it nor the strings of its tree keep a whole document version alive. */
  key: string;
  /** Parsed at `base`; spans are absolute for that base. */
  base: number;
  root: ValueNode | undefined;
  problems: ParseProblem[];
  /** Text left out by recovery (absolute spans at `base`). */
  skipped?: Span[];
}

/** Cache keys of pieces read with recovery start with this (the same text read without recovery has another entry). */
const RECOVERED = '\u0000recovered\u0000';

/**
 * The piece cache, per owner (a document URI; '' when the caller names none). An owner keeps
 * exactly the pieces of its latest parse (one generation: an edit re-parses one piece and the
 * others carry over), so a document's cache never outgrows the document. Owners are dropped on
 * close (releaseYamlPieces) and, least recently parsed first, when the pieces' text of all owners
 * exceeds MAX_PIECE_BYTES (the parsed trees weigh a small multiple of that).
 */
interface OwnerPieces {
  pieces: Map<string, CacheEntry>;
  bytes: number;
}

const MAX_PIECE_BYTES = 8 * 1024 * 1024;
const owners = new Map<string, OwnerPieces>();
let totalBytes = 0;

function dropOwner(owner: string): void {
  const o = owners.get(owner);
  if (!o) return;
  owners.delete(owner);
  totalBytes -= o.bytes;
}

/** Forgets a document's pieces (it was closed). */
export function releaseYamlPieces(owner: string): void {
  warming.delete(owner);
  lastSplit.delete(owner);
  dropOwner(owner);
}

export function yamlPieceStats(): { owners: number; pieces: number; bytes: number; maxBytes: number } {
  let pieces = 0;
  for (const o of owners.values()) pieces += o.pieces.size;
  return { owners: owners.size, pieces, bytes: totalBytes, maxBytes: MAX_PIECE_BYTES };
}

/**
 * Up to this length a template with a piece that does not read is read whole with recovery (each
 * recovery step reads the whole text again, up to 16 times: well under a second here); a longer
 * one recovers in the broken piece alone.
 */
export const WHOLE_RECOVERY_CHARS = 64 * 1024;

/** Resource pieces read together, at most, when one was cut inside a construct that runs on. */
const MAX_JOIN = 8;

const UNSAFE = /(^|\n)(---|\.\.\.|%)|(^|[\s,[{])[&*][^\s,[\]{}]/;
const TOP_KEY = /^[A-Za-z_"'][^\n]*?:(\s|$)/;

function lineIter(text: string): { start: number; line: string }[] {
  const out: { start: number; line: string }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push({ start, line: text.slice(start, end) });
    start = end + 1;
  }
  return out;
}

/**
 * The last cut, per owner: reading ahead and the parse after it cut the same text (the same string:
 * a pointer comparison), and cutting a 20,000-line template costs several milliseconds in one go.
 */
const lastSplit = new Map<string, { text: string; pieces: Piece[] | undefined }>();

function splitFor(text: string, owner: string): Piece[] | undefined {
  const last = lastSplit.get(owner);
  if (last && last.text === text) return last.pieces;
  const pieces = splitTemplate(text);
  lastSplit.delete(owner);
  if (text.length >= 20000) {
    lastSplit.set(owner, { text, pieces });
    for (const o of lastSplit.keys()) if (lastSplit.size > 4) lastSplit.delete(o); // oldest first
  }
  return pieces;
}

/** Cuts a template into independently parseable pieces, or undefined when it is not safe to. */
export function splitTemplate(text: string): Piece[] | undefined {
  if (text.length < 20000 || UNSAFE.test(text) || text.includes('\t')) return undefined;
  const lines = lineIter(text);
  const cuts: number[] = [];
  let inResources = false;
  let resIndent = -1;
  for (const { start, line } of lines) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!TOP_KEY.test(line)) return undefined; // a flow mapping or something unusual at the top
      cuts.push(start);
      inResources = /^Resources\s*:\s*(#.*)?$/.test(line);
      resIndent = -1;
      continue;
    }
    if (inResources) {
      if (resIndent < 0) resIndent = indent;
      if (indent === resIndent) {
        if (line.trimStart().startsWith('-')) return undefined;
        cuts.push(start);
      } else if (indent < resIndent) return undefined;
    }
  }
  if (cuts.length === 0 || cuts[0] !== 0 && text.slice(0, cuts[0]).trim() !== '' && !/^(\s*#[^\n]*\n|\s*\n)*$/.test(text.slice(0, cuts[0]))) return undefined;
  const pieces: Piece[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const from = i === 0 ? 0 : cuts[i];
    const to = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    pieces.push({ text: text.slice(from, to), offset: from });
  }
  return pieces;
}

function shiftSpan(s: Span, d: number): Span {
  return { offset: s.offset + d, length: s.length };
}

/** Moves every span of a raw tree by `d` (new span objects: earlier models keep theirs). */
function shiftTree(n: ValueNode, d: number): void {
  const stack: ValueNode[] = [n];
  while (stack.length) {
    const cur = stack.pop()!;
    cur.span = shiftSpan(cur.span, d);
    if (cur.kind === 'string' && cur.valueSpan) cur.valueSpan = shiftSpan(cur.valueSpan, d);
    if (cur.kind === 'object') {
      for (const p of cur.properties) {
        p.keySpan = shiftSpan(p.keySpan, d);
        p.span = shiftSpan(p.span, d);
        stack.push(p.value);
      }
    } else if (cur.kind === 'array') stack.push(...cur.items);
    else if (cur.kind === 'unknown' && cur.alternatives) stack.push(...cur.alternatives);
  }
}

/**
 * A copy of a raw tree with every span moved by `d`: what `structuredClone` and `shiftTree` did, in
 * one pass and without serialising (a template of thousands of repeated pieces spent most of its
 * parse in structuredClone). Nodes, properties, paths and string parts are new objects.
 */
function cloneShifted(n: ValueNode, d: number): ValueNode {
  const copy = (v: ValueNode): ValueNode => {
    const c = { ...v, span: shiftSpan(v.span, d), path: [...v.path] } as ValueNode;
    if (c.kind === 'string') {
      if (c.valueSpan) c.valueSpan = shiftSpan(c.valueSpan, d);
      if (c.parts) c.parts = c.parts.map((part) => ({ ...part }));
    }
    return c;
  };
  const root = copy(n);
  const stack: ValueNode[] = [root];
  const child = (v: ValueNode): ValueNode => {
    const c = copy(v);
    stack.push(c);
    return c;
  };
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur.kind === 'object') cur.properties = cur.properties.map((p) => ({ ...p, keySpan: shiftSpan(p.keySpan, d), span: shiftSpan(p.span, d), path: [...p.path], value: child(p.value) }));
    else if (cur.kind === 'array') cur.items = cur.items.map(child);
    else if (cur.kind === 'unknown' && cur.alternatives) cur.alternatives = cur.alternatives.map(child);
  }
  return root;
}

/** A string with its own storage (not a slice of a larger one); lone surrogates kept. */
function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** How a piece is read: alone (`plain`), PyYAML's grammar first, or with recovery from its syntax errors within a budget of characters read. */
type PieceMode = { kind: 'plain' } | { kind: 'pyyamlFirst' } | { kind: 'recover'; chars: number };

function parsePiece(piece: Piece, previous: Map<string, CacheEntry> | undefined, next: Map<string, CacheEntry>, used: Set<CacheEntry>, mode: PieceMode = { kind: 'plain' }): CacheEntry {
  const recovering = mode.kind === 'recover';
  const hit = previous?.get(recovering ? RECOVERED + piece.text : piece.text);
  if (hit && !used.has(hit)) {
    if (hit.base !== piece.offset) {
      const d = piece.offset - hit.base;
      if (hit.root) shiftTree(hit.root, d);
      hit.problems = hit.problems.map((p) => ({ ...p, span: shiftSpan(p.span, d) }));
      if (hit.skipped) hit.skipped = hit.skipped.map((r) => shiftSpan(r, d));
      hit.base = piece.offset;
    }
    used.add(hit);
    if (!next.has(hit.key)) next.set(hit.key, hit);
    return hit;
  }
  // The same text at another place of this document (a repeated block): a moved copy of its tree, not another read.
  const twin = hit ?? next.get(recovering ? RECOVERED + piece.text : piece.text);
  if (twin) {
    const d = piece.offset - twin.base;
    const root = twin.root ? cloneShifted(twin.root, d) : undefined;
    const copy: CacheEntry = { key: twin.key, base: piece.offset, root, problems: twin.problems.map((p) => ({ ...p, span: shiftSpan(p.span, d) })) };
    if (twin.skipped) copy.skipped = twin.skipped.map((r) => shiftSpan(r, d));
    used.add(copy);
    return copy;
  }
  // Parse the piece alone (a flat copy: a slice of the text, and every substring the parser takes
  // of it, would pin the whole text of this version), then move its spans to where it stands.
  const copy = flatCopy(piece.text);
  const key = recovering ? RECOVERED + copy : copy;
  // A piece that does not read is read again joined with the next, else alone with recovery (mode `recover`).
  const tree = recovering ? parseYaml(copy, { pyyamlFirst: true, recoveryChars: mode.chars }) : parseYaml(copy, { recover: false, pyyamlFirst: mode.kind === 'pyyamlFirst' });
  const root = tree.roots[0]?.root;
  if (root) shiftTree(root, piece.offset);
  const entry: CacheEntry = { key, base: piece.offset, root, problems: tree.problems.map((p) => ({ ...p, span: shiftSpan(p.span, piece.offset) })) };
  if (tree.skipped?.length) entry.skipped = tree.skipped.map((r) => shiftSpan(r, piece.offset));
  if (!next.has(key)) next.set(key, entry);
  used.add(entry);
  return entry;
}

function remember(owner: string, pieces: Map<string, CacheEntry>): void {
  let bytes = 0;
  for (const k of pieces.keys()) bytes += k.length;
  if (bytes > MAX_PIECE_BYTES) return;
  owners.set(owner, { pieces, bytes });
  totalBytes += bytes;
  // Least recently parsed owners first (Map order is insertion order; an owner is re-inserted on every parse).
  for (const o of owners.keys()) {
    if (totalBytes <= MAX_PIECE_BYTES) break;
    if (o !== owner) dropOwner(o);
  }
}

/**
 * Three turns of the event loop: the requests read in the first (queued behind us) run, up to and
 * past their first cancellation checkpoint, before the next slice (as service.ts `giveWay`).
 */
export async function giveWayToRequests(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Latest warm-up per owner: an older one still running for the same owner stops; one for the same text is shared. */
const warming = new Map<string, { text: string; done: Promise<void> }>();

/**
 * Parses the pieces of a large template into the owner's cache ahead of `parseYamlIncremental`,
 * a few milliseconds at a time with `setImmediate` in between, so that reading a large template
 * never holds the event loop for long (an editor's completion and hover answer meanwhile). The
 * parse that follows finds every piece cached and only assembles them. Nothing to do for a text
 * that is not cut into pieces. Stops early when `cancelled()` says so or a newer warm-up for the
 * same owner starts; what was parsed stays cached (keyed by text, so never wrong).
 */
export function warmYamlPieces(text: string, owner: string, options: { sliceMs?: number; cancelled?: () => boolean } = {}): Promise<void> {
  const running = warming.get(owner);
  if (running && running.text === text) return running.done;
  const pieces = splitFor(text, owner);
  if (!pieces) return Promise.resolve();
  const me = { text, done: Promise.resolve() };
  warming.set(owner, me);
  me.done = warmPieces(pieces, owner, me, options.sliceMs ?? 8, options.cancelled);
  return me.done;
}

async function warmPieces(pieces: Piece[], owner: string, me: object, sliceMs: number, cancelled: (() => boolean) | undefined): Promise<void> {
  try {
    let o = owners.get(owner);
    let start = Date.now();
    for (const piece of pieces) {
      if (Date.now() - start >= sliceMs) {
        await giveWayToRequests();
        // Stop when cancelled, superseded, or the owner's pieces were replaced (a parse did the work) or released (closed).
        if (warming.get(owner) !== me || cancelled?.() || owners.get(owner) !== o) return;
        start = Date.now();
      }
      if (!o) {
        o = { pieces: new Map(), bytes: 0 };
        owners.set(owner, o);
      }
      if (o.pieces.has(piece.text)) continue;
      if (totalBytes + piece.text.length > MAX_PIECE_BYTES) return;
      const before = o.pieces.size;
      parsePiece(piece, undefined, o.pieces, new Set());
      if (o.pieces.size > before) {
        o.bytes += piece.text.length;
        totalBytes += piece.text.length;
      }
    }
  } finally {
    if (warming.get(owner) === me) warming.delete(owner);
  }
}

/**
 * Parses YAML text, piece by piece with caching when the text is a large plain template
 * (see splitTemplate), else in one go. Same result shape as parseYaml.
 */
export function parseYamlIncremental(text: string, owner = ''): YamlTree {
  const pieces = splitFor(text, owner);
  const previous = owners.get(owner)?.pieces;
  dropOwner(owner);
  if (!pieces) return parseYaml(text);
  const next = new Map<string, CacheEntry>();
  const used = new Set<CacheEntry>();
  const properties: PropertyNode[] = [];
  const problems: ParseProblem[] = [];
  const collections: { prop: PropertyNode; props: PropertyNode[] }[] = [];
  let current: { prop: PropertyNode; props: PropertyNode[] } | undefined;
  const skipped: Span[] = [];
  const broken = (e: CacheEntry): boolean => e.problems.some((p) => p.code === 'YAML_SYNTAX_ERROR');
  let sawBroken = false;
  // Characters that recovering broken pieces may read in all (as for one text: LIMITS.yamlRecoveryChars).
  let recoveryChars = LIMITS.yamlRecoveryChars;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    // Once a piece has needed PyYAML's grammar, the others are likely to as well: that reading first.
    let e = parsePiece(piece, previous, next, used, { kind: sawBroken ? 'pyyamlFirst' : 'plain' });
    let recovered = false;
    if (broken(e)) {
      sawBroken = true;
      // A piece that does not read on its own may have been cut inside a quoted scalar or a flow
      // collection, which PyYAML lets run on at any indentation: it is read together with the next
      // resources (a few at most, still cached by text), else the whole text is read at once.
      let joined: CacheEntry | undefined;
      for (let j = i + 1; j < pieces.length && j <= i + MAX_JOIN && /^\s/.test(piece.text) && /^\s/.test(pieces[j].text); j++) {
        const candidate = parsePiece({ text: text.slice(piece.offset, pieces[j].offset + pieces[j].text.length), offset: piece.offset }, previous, next, used, { kind: 'pyyamlFirst' });
        if (!broken(candidate)) {
          joined = candidate;
          i = j;
          break;
        }
      }
      if (joined) e = joined;
      // A text small enough is read whole with recovery, exactly as PyYAML reads it (a few re-reads of it cost little).
      else if (text.length <= WHOLE_RECOVERY_CHARS) return parseYaml(text);
      else if (recoveryChars >= piece.text.length) {
        // The error is this piece's own: the piece alone, read with recovery (what it reads counts against the budget; a cached one costs nothing).
        const before = yamlReads.yaml + yamlReads.pyyaml;
        e = parsePiece(piece, previous, next, used, { kind: 'recover', chars: recoveryChars });
        recoveryChars -= yamlReads.yaml + yamlReads.pyyaml - before;
        recovered = true;
      }
      // else: past the budget the piece is left out (its error reported, its content not read).
    }
    problems.push(...e.problems);
    if (e.skipped) skipped.push(...e.skipped);
    const root = e.root;
    if (!root) continue;
    if (root.kind !== 'object') {
      if (recovered) continue; // what recovery kept of a broken piece is not an entry
      return parseYaml(text);
    }
    if (current && /^\s/.test(piece.text)) {
      // One resource of the Resources mapping.
      current.props.push(...root.properties);
      continue;
    }
    current = undefined;
    for (const p of root.properties) {
      if (p.key === 'Resources' && (p.value.kind === 'null' || p.value.kind === 'object')) {
        const obj: ValueNode = { kind: 'object', properties: p.value.kind === 'object' ? [...p.value.properties] : [], span: p.value.span, path: ['Resources'] };
        current = { prop: { ...p, value: obj }, props: obj.properties };
        collections.push(current);
        properties.push(current.prop);
      } else {
        properties.push(p);
      }
    }
  }
  for (const c of collections) {
    if (!c.props.length) continue;
    const obj = c.prop.value;
    const first = c.props[0];
    const last = c.props[c.props.length - 1];
    obj.span = { offset: first.keySpan.offset, length: last.span.offset + last.span.length - first.keySpan.offset };
    c.prop.span = { offset: c.prop.keySpan.offset, length: obj.span.offset + obj.span.length - c.prop.keySpan.offset };
  }
  remember(owner, next);
  const firstProp = properties[0];
  const lastProp = properties[properties.length - 1];
  const root: ValueNode | undefined = firstProp
    ? { kind: 'object', properties, span: { offset: firstProp.keySpan.offset, length: lastProp.span.offset + lastProp.span.length - firstProp.keySpan.offset }, path: [] }
    : undefined;
  return { roots: [{ root }], problems: capSyntaxErrors(problems), ...(skipped.length ? { skipped } : {}) };
}

/**
 * At most MAX_SYNTAX_ERRORS syntax errors from broken pieces (as many as recovery reports for one
 * text), then one information with the count of the others.
 */
function capSyntaxErrors(problems: ParseProblem[]): ParseProblem[] {
  let errors = 0;
  let last: Span | undefined;
  const kept: ParseProblem[] = [];
  for (const p of problems) {
    if (p.code === 'YAML_SYNTAX_ERROR' && p.severity === 'error' && ++errors > MAX_SYNTAX_ERRORS) continue;
    if (p.code === 'YAML_SYNTAX_ERROR' && p.severity === 'error') last = p.span;
    kept.push(p);
  }
  if (errors <= MAX_SYNTAX_ERRORS) return problems;
  kept.push(limitProblem(`${formatCount(errors - MAX_SYNTAX_ERRORS)} more YAML syntax errors after these ${formatCount(MAX_SYNTAX_ERRORS)} are not reported.`, { offset: last!.offset + last!.length, length: 0 }));
  return kept;
}

/** Whether a line (from `start`) is blank or only a comment. */
function blankOrComment(text: string, start: number): boolean {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return Number.isNaN(c) || c === 10 || c === 13 || c === 35; // end, \n, \r, #
}

function indentAt(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}

/**
 * The resource of a large template's `Resources` around `offset`, parsed alone — the same piece
 * splitTemplate cuts, so a piece already read ahead (warmYamlPieces) is taken from the document's
 * cache — without cutting (or even scanning) the whole text: the lines above the cursor up to the
 * resource's key and up to `Resources:`, and the lines below it to the next resource. For position
 * features (completion, hover) asked about a template whose full parse is not there yet: they
 * answer from the cursor's resource instead of waiting for the whole template to be read. A root
 * `{ Resources: { <that resource> } }` with absolute spans, or undefined when the cursor is not in
 * a resource of a template that is cut into pieces (the caller then parses the whole text).
 */
export function pieceAround(text: string, offset: number, owner = ''): { root: ObjectNode; problems: ParseProblem[] } | undefined {
  if (text.length < 20000 || offset < 0 || offset > text.length) return undefined;
  const lineStart = (at: number): number => text.lastIndexOf('\n', at - 1) + 1;
  // The top-level key above the cursor must be `Resources:` (nothing else at column 0 in between).
  let resources = -1;
  for (let at = text.lastIndexOf('\nResources', offset); at >= -1; at = text.lastIndexOf('\nResources', at - 1)) {
    const start = at + 1;
    if (/^Resources[ \t]*:[ \t]*(#[^\n]*)?\r?$/.test(text.slice(start, text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start)))) {
      resources = start;
      break;
    }
    if (at <= 0) break;
  }
  if (resources < 0) return undefined;
  const top = /\n[^\s#]/g;
  top.lastIndex = resources;
  const nextTop = top.exec(text);
  const cursorLine = lineStart(offset);
  if (nextTop && nextTop.index + 1 <= cursorLine) return undefined; // the cursor is under another top-level key
  const resourcesEnd = text.indexOf('\n', resources);
  if (resourcesEnd < 0 || cursorLine <= resources) return undefined;
  // The indentation of the resource keys: the first line under `Resources:` that says something.
  let resIndent = -1;
  for (let s = resourcesEnd + 1; s < text.length; s = text.indexOf('\n', s) + 1 || text.length) {
    if (blankOrComment(text, s)) continue;
    resIndent = indentAt(text, s);
    break;
  }
  if (resIndent <= 0) return undefined;
  // The resource's key line: the nearest line at or above the cursor indented exactly resIndent.
  let from = -1;
  for (let s = cursorLine; s > resources; s = lineStart(s - 1)) {
    if (blankOrComment(text, s)) continue;
    const ind = indentAt(text, s);
    if (ind < resIndent) return undefined; // a shape splitTemplate does not cut
    if (ind === resIndent) {
      if (text.charCodeAt(s + ind) === 45) return undefined; // `- ` at the resource level: not a mapping of resources
      from = s;
      break;
    }
  }
  if (from < 0) return undefined;
  // Its end: the next line indented resIndent or less (the next resource or top-level key), else the end.
  let to = text.length;
  for (let s = text.indexOf('\n', from) + 1; s > 0 && s < text.length; s = text.indexOf('\n', s) + 1) {
    if (blankOrComment(text, s)) continue;
    if (indentAt(text, s) <= resIndent) {
      to = s;
      break;
    }
  }
  const piece: Piece = { text: text.slice(from, to), offset: from };
  // Anchors, aliases, tabs: a piece that may depend on others (splitTemplate reads such a text whole).
  if (UNSAFE.test(piece.text) || piece.text.includes('\t')) return undefined;
  const o = owners.get(owner);
  const cached = o?.pieces.get(piece.text);
  let entry: CacheEntry;
  if (cached && cached.base === piece.offset) entry = cached;
  else {
    // Parsed into a scratch map (a cached entry at another offset is not moved: the document's parse owns it).
    const scratch = new Map<string, CacheEntry>();
    entry = parsePiece(piece, undefined, scratch, new Set());
    // Kept for the document's next parse or read-ahead when the document has pieces already.
    if (o && !o.pieces.has(entry.key) && totalBytes + piece.text.length <= MAX_PIECE_BYTES) {
      o.pieces.set(entry.key, entry);
      o.bytes += piece.text.length;
      totalBytes += piece.text.length;
    }
  }
  const root = entry.root;
  if (!root || root.kind !== 'object') return undefined;
  const keySpan = { offset: resources, length: 'Resources'.length };
  const objSpan = root.span;
  const value: ObjectNode = { kind: 'object', properties: [...root.properties], span: objSpan, path: ['Resources'] };
  const prop: PropertyNode = { key: 'Resources', keySpan, value, span: { offset: resources, length: objSpan.offset + objSpan.length - resources }, path: ['Resources'] };
  return { root: { kind: 'object', properties: [prop], span: prop.span, path: [] }, problems: entry.problems };
}
