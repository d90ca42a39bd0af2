/** Shared by REDUNDANT_ACTION and REDUNDANT_RESOURCE (rules/redundancy/). */
import { elementStrings, type PropertyNode } from '../../model';
import { patternCovers } from '../../data/arn';
import { firstWildcard } from '../../data/wildcard';

/**
 * Entries of one element fully covered by another entry of the same element. Equal entries:
 * the later one is the redundant one. Partially known values neither cover nor are covered.
 * Wildcard entries are indexed by their literal prefix, so long lists stay near-linear.
 */
export function redundantEntries(prop: PropertyNode | undefined, caseInsensitive: boolean) {
  const entries = elementStrings(prop?.value).filter((n) => !n.parts);
  const out: { node: (typeof entries)[number]; by: string }[] = [];
  if (entries.length <= 1) return out; // one entry is neither a duplicate nor covered by another
  // Normalised once (patternCovers then compares the normalised texts case-sensitively).
  const norm = caseInsensitive ? entries.map((n) => n.value.toLowerCase()) : entries.map((n) => n.value);
  const firstIndex = new Map<string, number>();
  const byPrefix = new Map<string, number[]>();
  for (let i = 0; i < norm.length; i++) {
    const v = norm[i];
    if (!firstIndex.has(v)) firstIndex.set(v, i);
    const k = firstWildcard(v);
    if (k < 0) continue; // no wildcard: covers only its duplicates
    const key = v.slice(0, k);
    const list = byPrefix.get(key);
    if (list) list.push(i);
    else byPrefix.set(key, [i]);
  }
  if (entries.length === firstIndex.size && byPrefix.size === 0) return out; // no duplicates, no wildcards
  // Only the lengths of the indexed prefixes need looking up (not every prefix of every entry).
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  for (let bi = 0; bi < norm.length; bi++) {
    const bv = norm[bi];
    const first = firstIndex.get(bv)!;
    if (first < bi) {
      out.push({ node: entries[bi], by: entries[first].value });
      continue;
    }
    let by = -1;
    for (const k of prefixLengths) {
      if (k > bv.length) break;
      const candidates = byPrefix.get(k === bv.length ? bv : bv.slice(0, k));
      if (!candidates) continue;
      for (const i of candidates) {
        if (i !== bi && norm[i] !== bv && patternCovers(norm[i], bv, false)) {
          by = i;
          break;
        }
      }
      if (by >= 0) break;
    }
    if (by >= 0) out.push({ node: entries[bi], by: entries[by].value });
  }
  return out;
}
