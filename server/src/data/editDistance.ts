/** Optimal string alignment distance with an upper bound (returns bound+1 when exceeded). */
export function editDistance(a: string, b: string, bound = 3): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return bound + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The closest candidates to `word` (case-insensitive), best first. A candidate qualifies when its
 * distance is at most max(1, min(3, ⌊len/4⌋)), when it differs only in case, or when the word is a
 * truncation of it (`UpdateFunctionConfig` → `UpdateFunctionConfiguration`).
 */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lw = word.toLowerCase();
  const bound = typoBound(lw.length);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let d = lc === lw ? 0 : editDistance(lw, lc, bound);
    if (lw.length >= 6 && lc.startsWith(lw) && lc.length - lw.length <= 12) d = Math.min(d, 1.5);
    if (d <= bound || d === 1.5) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.length - y.c.length || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}

/** The edit budget a typo of a word of this length may use: max(1, min(3, ⌊len/4⌋)). */
export function typoBound(length: number): number {
  return Math.max(1, Math.min(3, Math.floor(length / 4)));
}

/**
 * Whether `word` looks like a typo of `candidate`, the rule INVALID_ACTION and INVALID_ARN_RESOURCE
 * use before they call a name misspelt (an error) rather than unknown (possibly newer than the data):
 * - a difference in case only, or
 * - an optimal-string-alignment distance (one substitution, insertion, deletion or transposition of
 *   two neighbours per edit) of at most typoBound(length of the word written), case ignored (as `closest`),
 * - but never one contiguous run of two or more characters added or dropped (a missing or extra
 *   word, prefix or suffix: `UpdateBudget` / `UpdateBudgetAction`, `GetItem` / `BatchGetItem`),
 *   nor one word replaced by another (`Get` / `List`: when both names have as many words, each
 *   word must be within typoBound of its own length, or change less than half of it): that is usually another name, e.g. one
 *   newer than the reference data.
 */
export function isTypo(word: string, candidate: string): boolean {
  const a = word.toLowerCase();
  const b = candidate.toLowerCase();
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length >= 2) {
    let i = 0;
    while (i < short.length && short[i] === long[i]) i++;
    if (long.endsWith(short.slice(i))) return false; // one contiguous run inserted at i
  }
  const bound = typoBound(a.length);
  if (editDistance(a, b, bound) > bound) return false;
  // Word by word (camelCase humps, `-`, `_`) when both have as many words: each word may carry
  // only its own small typo, so a different word (`GetPaymentPreferences` / `ListPaymentPreferences`) is not one.
  const wa = words(word);
  const wb = words(candidate);
  if (wa.length !== wb.length) return true;
  return wa.every((w, i) => {
    const x = w.toLowerCase();
    const y = wb[i].toLowerCase();
    if (x === y) return true;
    const d = editDistance(x, y, bound);
    // Within the word's own budget, or (within the name's budget) changing less than half of it.
    return d <= typoBound(x.length) || (d <= bound && 2 * d < Math.min(x.length, y.length));
  });
}

/** camelCase humps and `-`/`_`/`/`-separated parts: `UpdateBudgetAction` → Update, Budget, Action. */
function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '-' || c === '_' || c === '/') {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    const upper = c >= 'A' && c <= 'Z';
    const prevLower = i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z';
    if (upper && prevLower && cur) {
      out.push(cur);
      cur = '';
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}
