import { buildPolicyDocument } from '../../model/policy';
import { movesOf, noteShift, shiftOf, type PolicyShift } from '../../model/derived';
import type { ArrayNode, ObjectNode, PolicyDocument, PropertyNode, Span, ValueNode } from '../../model';
import type { ExtractEdit, Unit } from './extract';
import { propsObjects, type RenderMeta } from './values';

/**
 * Incremental extraction: which units (constructs) of the previous extraction an edit leaves alone,
 * moved to the new text.
 *
 * A unit is re-extracted when the edit's region — the edit and tree-sitter's changed ranges, grown
 * to whole lines, in old and new text — overlaps a source range the unit read, or when those lines
 * spell a name the unit looked up (a variable it followed, a builder call's receiver, a `this.x`
 * it resolved: a new use or declaration elsewhere may change it). When the lines spell construct
 * names (`PolicyStatement`, `assumedBy`, …) a different number of times before and after the edit,
 * every unit is re-extracted (constructs are discovered anew each time; this is a safety margin). A reused unit's policy is
 * copied with every offset after the edit moved by the edit's delta (the model's spans stay
 * absolute offsets into the current text); a policy entirely before the edit is reused as is.
 */

/** Dirty regions this large (characters) re-extract everything. */
const MAX_DIRTY = 20000;

const WORD = /[A-Za-z_$][\w$]*/g;

/** Adds the words of `text` to `out`; returns how many construct names it spells, per name. */
function wordsOf(text: string, out: Set<string>): string {
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  const triggers: string[] = [];
  while ((m = WORD.exec(text))) {
    out.add(m[0]);
    if (TRIGGER_WORDS.has(m[0])) triggers.push(m[0]);
  }
  return triggers.sort().join(',');
}

const TRIGGER_WORDS = new Set(['PolicyStatement', 'PolicyDocument', 'ManagedPolicy', 'Policy', 'fromJson', 'from_json', 'assumedBy', 'assumed_by']);

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
}

function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
}

/**
 * The previous units that survive the edit, keyed by `phase:seed` in new offsets (their deps and
 * policies moved), or undefined when everything must be extracted again.
 */
export function reusable(edit: ExtractEdit, text: string): Map<string, Unit> | undefined {
  const { prev, prevText, startIndex, oldEndIndex, newEndIndex } = edit;
  const delta = newEndIndex - oldEndIndex;
  let ds = startIndex;
  let de = newEndIndex;
  for (const r of edit.changed) {
    ds = Math.min(ds, r.startIndex);
    de = Math.max(de, r.endIndex);
  }
  // Old offsets of the region: the end maps back by the delta (de ≥ newEndIndex).
  const oldDs = lineStart(prevText, ds);
  const oldDe = lineEnd(prevText, Math.max(oldEndIndex, de - delta));
  const newDs = lineStart(text, ds);
  const newDe = lineEnd(text, de);
  if (oldDe - oldDs > MAX_DIRTY || newDe - newDs > MAX_DIRTY) return undefined;
  const words = new Set<string>();
  // A construct written or removed (the lines spell construct names a different number of times): everything again.
  if (wordsOf(prevText.slice(oldDs, oldDe), words) !== wordsOf(text.slice(newDs, newDe), words)) return undefined;
  const toNew = (o: number): number => (o >= oldEndIndex ? o + delta : o);
  const out = new Map<string, Unit>();
  for (const u of prev.units) {
    let clean = true;
    const sp = u.deps.spans;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < sp.length; i += 2) {
      // Touching counts: a token next to the edit may have grown into it.
      if (sp[i] <= oldDe && sp[i + 1] >= oldDs) {
        clean = false;
        break;
      }
      if (sp[i] < min) min = sp[i];
      if (sp[i + 1] > max) max = sp[i + 1];
    }
    if (clean) for (const n of u.deps.names) if (words.has(n)) { clean = false; break; }
    if (!clean) continue;
    let moved: Unit = u;
    if (delta !== 0 && max >= oldEndIndex) {
      const spans = sp.map(toNew);
      // The policy is moved in place (it belongs to this document's previous parse, which this
      // parse replaces): no new nodes, so the renderer's marks, the statement views and the
      // findings cache's key stay valid. An uneven move (a variable it follows lies before the
      // edit, its statement after it) is noted for the findings cache (model/derived.ts).
      const policy = u.policy && movePolicy(u.policy, min >= oldEndIndex, oldEndIndex, delta, toNew, prev.meta);
      moved = { ...u, seed: toNew(u.seed), seedEnd: toNew(u.seedEnd), deps: { spans, names: u.deps.names }, consumes: u.consumes.map(toNew), policy };
    }
    out.set(`${moved.phase}:${moved.seed}:${moved.seedEnd}`, moved);
  }
  return out;
}

/** One edit's move of offsets: `o >= oldEnd` moves by `delta`. */
interface Step {
  oldEnd: number;
  delta: number;
}

/** The steps of each in-place move noted for the findings cache and not yet taken by it. */
const stepsOf = new WeakMap<PolicyShift, Step[]>();

/** More pending moves than this (no findings cache takes them): the policy is copied instead. */
const MAX_PENDING_STEPS = 32;

/**
 * Moves a reused policy to the new text. Evenly (every offset after the edit) and with no move
 * pending: in place, nothing noted (the findings cache's fingerprint is relative to the root).
 * Unevenly, or with an earlier uneven move not yet taken by the findings cache: in place, the
 * composed move noted as a shift of the policy onto itself (`base`: its root offset before the
 * first of those moves). With too many moves pending: a copy, with nothing noted.
 */
function movePolicy(p: PolicyDocument, even: boolean, oldEnd: number, delta: number, toNew: (o: number) => number, meta: RenderMeta): PolicyDocument {
  const pending = shiftOf(p);
  const mine = pending && pending.from === p ? stepsOf.get(pending) : undefined;
  if (even && !mine) return moveInPlace(p, oldEnd, toNew);
  if (mine && mine.length >= MAX_PENDING_STEPS) return shiftPolicy(p, meta, toNew, even, false);
  const base = mine ? pending!.base! : p.root.span.offset;
  const baseMoves = mine ? pending!.baseMoves! : movesOf(p);
  const steps = mine ? [...mine, { oldEnd, delta }] : [{ oldEnd, delta }];
  moveInPlace(p, oldEnd, toNew);
  const map = (o: number): number => {
    for (const st of steps) if (o >= st.oldEnd) o += st.delta;
    return o;
  };
  const shift: PolicyShift = { from: p, map, uniform: false, base, baseMoves };
  stepsOf.set(shift, steps);
  noteShift(p, shift);
  return p;
}

/**
 * Moves every span of a policy by `toNew`, in place (spans that end before `oldEnd` stay). Span
 * objects are replaced, not changed (several nodes may share one).
 */
function moveInPlace(p: PolicyDocument, oldEnd: number, toNew: (o: number) => number): PolicyDocument {
  const mv = (s: Span): Span => {
    const end = s.offset + s.length;
    if (end < oldEnd) return s;
    const start = toNew(s.offset);
    return { offset: start, length: toNew(end) - start };
  };
  const value = (n: ValueNode, depth: number): void => {
    if (depth > 200) return;
    n.span = mv(n.span);
    switch (n.kind) {
      case 'string':
        if (n.valueSpan) n.valueSpan = mv(n.valueSpan);
        return;
      case 'array':
        for (const i of n.items) value(i, depth + 1);
        return;
      case 'object': {
        for (const q of n.properties) {
          q.keySpan = mv(q.keySpan);
          q.span = mv(q.span);
          value(q.value, depth + 1);
        }
        const po = propsObjects.get(n);
        if (po) propsObjects.set(n, mv(po));
        return;
      }
      case 'unknown':
        if (n.alternatives) for (const a of n.alternatives) value(a, depth + 1);
        return;
    }
  };
  value(p.root, 0);
  return p;
}

/**
 * A copy of a policy with offsets mapped by `toNew` (nodes shared inside the policy stay shared;
 * the renderer's marks on nodes are carried over). `uniform`: every offset moved by the same delta.
 * `note`: the copy is noted as a shift of `p` (not when `p` has moves of its own pending).
 */
function shiftPolicy(p: PolicyDocument, meta: RenderMeta, toNew: (o: number) => number, uniform: boolean, note = true): PolicyDocument {
  const copies = new Map<object, unknown>();
  const span = (s: Span): Span => {
    const start = toNew(s.offset);
    return { offset: start, length: toNew(s.offset + s.length) - start };
  };
  const mark = <T extends object>(from: object, to: T): T => {
    copies.set(from, to);
    if (meta.synthetic.has(from)) meta.synthetic.add(to);
    return to;
  };
  const prop = (q: PropertyNode): PropertyNode => {
    const done = copies.get(q) as PropertyNode | undefined;
    if (done) return done;
    return mark(q, { ...q, keySpan: span(q.keySpan), span: span(q.span), value: value(q.value) });
  };
  const value = (n: ValueNode): ValueNode => {
    const done = copies.get(n) as ValueNode | undefined;
    if (done) return done;
    switch (n.kind) {
      case 'string': {
        const c = mark(n, { ...n, span: span(n.span) });
        if (n.valueSpan) c.valueSpan = span(n.valueSpan);
        return c;
      }
      case 'array': {
        const c = mark(n, { ...n, span: span(n.span), items: [] as ValueNode[] }) as ArrayNode;
        for (const i of n.items) c.items.push(value(i));
        if (meta.args.has(n)) meta.args.add(c);
        return c;
      }
      case 'object': {
        const c = mark(n, { ...n, span: span(n.span), properties: [] as PropertyNode[] }) as ObjectNode;
        for (const q of n.properties) c.properties.push(prop(q));
        if (meta.props.has(n)) meta.props.add(c);
        const po = propsObjects.get(n);
        if (po) propsObjects.set(c, span(po));
        return c;
      }
      case 'unknown': {
        const c = mark(n, { ...n, span: span(n.span) });
        if (n.alternatives) c.alternatives = n.alternatives.map(value);
        return c;
      }
      default:
        return mark(n, { ...n, span: span(n.span) });
    }
  };
  const root = value(p.root);
  const copy = buildPolicyDocument(root, { type: p.type, typeSource: p.typeSource, resourceType: p.resourceType, label: p.label, hostPath: p.hostPath });
  if (note) noteShift(copy, { from: p, map: toNew, uniform });
  return copy;
}
