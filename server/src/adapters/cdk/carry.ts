import type { PolicyDocument } from '../../model';
import { noteShift } from '../../model/derived';

/**
 * Java, C# and Go extract again the units an edit touched (extractCommon.ts) and, after a larger
 * edit, the whole file (new policy objects). A policy that an edit elsewhere only moved is still the
 * same policy: this file finds, for each new policy,
 * the previous one it equals with every offset mapped through the edit, and notes the new one as
 * a shift of it (model/derived.ts), so that the findings cache takes the previous findings (moved)
 * instead of fingerprinting and checking it again — also when its offsets moved unevenly (a list
 * in a variable declared above the edit, the statement below it).
 */

const VIEWS = new Set(['statements', 'statementProperty', 'version', 'id']);

function isSpan(v: object): v is { offset: number; length: number } {
  return 'offset' in v && 'length' in v && Object.keys(v).length === 2;
}

/** `b` equals `a` with each offset `o` moved to `map(o)` (spans end-mapped; everything else equal). */
function sameMoved(a: unknown, b: unknown, map: (o: number) => number, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 200) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameMoved(a[i], b[i], map, depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (isSpan(a)) {
    if (!isSpan(b)) return false;
    const start = map(a.offset);
    return b.offset === start && b.length === map(a.offset + a.length) - start;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (depth === 0 && VIEWS.has(k)) continue; // views of the root (buildPolicyDocument), equal when the roots are
    if (!(k in b)) return false;
    if (!sameMoved((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], map, depth + 1)) return false;
  }
  return true;
}

/** A key that pairs a new policy with its previous self: its label and host path (unique per file with ordinals). */
function pairKey(p: PolicyDocument): string {
  return p.label + '\u0001' + p.hostPath.join('\u0001');
}

/**
 * Notes each policy of `next` that equals a policy of `prev` moved by the edit (`oldEnd` and later
 * moved by `delta`) as a shift of it. Policies of `prev` reused as they are (the incremental
 * extraction moves them in place) are skipped, and so is a new labelled copy of a reused policy
 * (it shares its root with the previous copy: the root is already moved, nothing to pair). Work:
 * one walk of each paired policy, stopping at the first difference.
 */
export function carryShifts(prev: PolicyDocument[], next: PolicyDocument[], oldEnd: number, delta: number): void {
  const reused = new Set(prev);
  let byKey: Map<string, PolicyDocument> | undefined;
  const map = (o: number): number => (o >= oldEnd ? o + delta : o);
  for (const q of next) {
    if (reused.has(q)) continue;
    if (!byKey) {
      byKey = new Map();
      for (const p of prev) byKey.set(pairKey(p), p);
    }
    const p = byKey.get(pairKey(q));
    if (!p || p === q || p.root === q.root) continue;
    if (!sameMoved(p, q, map, 0)) continue;
    // Every offset moved by the same amount (or none did): the findings cache reuses the previous key as it is.
    const r = p.root.span.offset;
    noteShift(q, { from: p, map, uniform: allMovedBy(p, map, map(r) - r) });
  }
}

/** True when every span offset of the policy moves by the same amount. */
function allMovedBy(p: PolicyDocument, map: (o: number) => number, by: number): boolean {
  const stack: unknown[] = [p.root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (isSpan(v)) {
      if (map(v.offset) - v.offset !== by || map(v.offset + v.length) - (v.offset + v.length) !== by) return false;
      continue;
    }
    for (const k in v) stack.push((v as Record<string, unknown>)[k]);
  }
  return true;
}
