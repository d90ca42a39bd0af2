import { buildPolicyDocument } from '../../model/policy';
import { noteShift } from '../../model/derived';
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
      // Every offset after the edit: the policy is moved in place (it belongs to this document's
      // previous parse, which this parse replaces). Else a copy with each offset mapped.
      const policy = u.policy && (min >= oldEndIndex ? moveInPlace(u.policy, delta) : shiftPolicy(u.policy, prev.meta, toNew, false));
      moved = { ...u, seed: toNew(u.seed), seedEnd: toNew(u.seedEnd), deps: { spans, names: u.deps.names }, consumes: u.consumes.map(toNew), policy };
    }
    out.set(`${moved.phase}:${moved.seed}:${moved.seedEnd}`, moved);
  }
  return out;
}

/**
 * Moves every span of a policy by `delta`, in place: no new nodes, so the renderer's marks, the
 * statement views and the findings cache's key for the policy object stay valid. Span objects are
 * replaced, not changed (several nodes may share one).
 */
function moveInPlace(p: PolicyDocument, delta: number): PolicyDocument {
  const mv = (s: Span): Span => ({ offset: s.offset + delta, length: s.length });
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
 */
function shiftPolicy(p: PolicyDocument, meta: RenderMeta, toNew: (o: number) => number, uniform: boolean): PolicyDocument {
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
  noteShift(copy, { from: p, map: toNew, uniform });
  return copy;
}
