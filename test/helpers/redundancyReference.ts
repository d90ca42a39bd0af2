import { patternCovers } from '../../server/src/data/arn';

/**
 * REDUNDANT_ACTION/REDUNDANT_RESOURCE's definition written the simple way (quadratic), the oracle
 * of the redundancy tests: each entry that repeats an earlier one (compared lower-cased when
 * `caseInsensitive`) or is covered by a wildcard entry (shortest literal prefix first, then list
 * order), with its index and the entry (as written) that repeats or covers it.
 */
export function redundancyReference(values: string[], caseInsensitive: boolean): { index: number; by: string }[] {
  const norm = values.map((v) => (caseInsensitive ? v.toLowerCase() : v));
  const prefixLength = norm.map((v) => v.search(/[*?]/));
  const lengths = [...new Set(prefixLength.filter((k) => k >= 0))].sort((a, b) => a - b);
  const out: { index: number; by: string }[] = [];
  for (let b = 0; b < norm.length; b++) {
    const first = norm.indexOf(norm[b]);
    if (first < b) {
      out.push({ index: b, by: values[first] });
      continue;
    }
    let by = -1;
    for (const k of lengths) {
      for (let i = 0; i < norm.length && by < 0; i++) {
        if (prefixLength[i] !== k || i === b || norm[i] === norm[b] || norm[b].slice(0, k) !== norm[i].slice(0, k)) continue;
        if (patternCovers(norm[i], norm[b], false)) by = i;
      }
      if (by >= 0) break;
    }
    if (by >= 0) out.push({ index: b, by: values[by] });
  }
  return out;
}
