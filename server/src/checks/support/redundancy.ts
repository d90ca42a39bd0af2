/** Shared by REDUNDANT_ACTION and REDUNDANT_RESOURCE (rules/redundancy/). */
import { elementStrings, type PropertyNode } from '../../model';
import { patternCovers } from '../../data/arn';

/**
 * Entries of one element fully covered by another entry of the same element. Equal entries:
 * the later one is the redundant one. Partially known values neither cover nor are covered.
 * Wildcard entries are indexed by their literal prefix, so long lists stay near-linear.
 */
export function redundantEntries(prop: PropertyNode | undefined, caseInsensitive: boolean) {
  const entries = elementStrings(prop?.value).filter((n) => !n.parts);
  const norm = (v: string): string => (caseInsensitive ? v.toLowerCase() : v);
  const firstIndex = new Map<string, number>();
  const byPrefix = new Map<string, number[]>();
  entries.forEach((n, i) => {
    const v = norm(n.value);
    if (!firstIndex.has(v)) firstIndex.set(v, i);
    let k = 0;
    while (k < v.length && v[k] !== '*' && v[k] !== '?') k++;
    if (k === v.length) return; // no wildcard: covers only its duplicates
    const key = v.slice(0, k);
    const list = byPrefix.get(key) ?? [];
    list.push(i);
    byPrefix.set(key, list);
  });
  // Only the lengths of the indexed prefixes need looking up (not every prefix of every entry).
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const out: { node: (typeof entries)[number]; by: string }[] = [];
  entries.forEach((b, bi) => {
    const bv = norm(b.value);
    const first = firstIndex.get(bv)!;
    if (first < bi) {
      out.push({ node: b, by: entries[first].value });
      return;
    }
    for (const k of prefixLengths) {
      if (k > bv.length) break;
      const candidates = byPrefix.get(bv.slice(0, k));
      if (!candidates) continue;
      const ai = candidates.find((i) => i !== bi && norm(entries[i].value) !== bv && patternCovers(entries[i].value, b.value, caseInsensitive));
      if (ai !== undefined) {
        out.push({ node: b, by: entries[ai].value });
        return;
      }
    }
  });
  return out;
}
