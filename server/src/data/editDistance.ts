/** Three reusable DP rows (grown when a longer string comes): a distance allocates nothing. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance with an upper bound: the distance when it is at most `bound`,
 * otherwise bound + 1. Only the diagonal band |i - j| ≤ bound is computed (a cell outside it is
 * over the bound on every path through it), with reused rows: no allocation.
 */
export function editDistance(a: string, b: string, bound = 3): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > bound) return bound + 1;
  const over = bound + 1;
  if (rows[0].length <= n + 1) rows = [new Int32Array(2 * n + 4), new Int32Array(2 * n + 4), new Int32Array(2 * n + 4)];
  // Row i - 2 (read only from i = 2 on, when it holds row 0 or later), row i - 1, row i.
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = i - bound > 1 ? i - bound : 1;
    const hi = i + bound < n ? i + bound : n;
    cur[0] = i;
    // The cell left of the band is over the bound.
    if (lo > 1) cur[lo - 1] = over;
    let rowMin = lo > 1 ? over : i;
    const ai = a.charCodeAt(i - 1);
    const ai1 = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (j > 1 && ai1 === bj && ai === b.charCodeAt(j - 2) && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return over;
    // The cell right of the band, which the next row reads above its last cell, is over the bound.
    if (hi < n) cur[hi + 1] = over;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n] > bound ? over : prev[n];
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
  for (const c of candidates) score(lw, bound, c, c.toLowerCase(), scored);
  return best(scored, limit);
}

/**
 * `closest` over ASCII names (the reference data's action names and service prefixes: lower-casing
 * keeps their length), the same answer: a name whose length rules it out (more than the bound
 * shorter or longer, and not a truncation's length) is skipped before it is lower-cased or scored.
 */
export function closestAmong(word: string, names: readonly string[], limit = 3): string[] {
  const lw = word.toLowerCase();
  const bound = typoBound(lw.length);
  const scored: { c: string; d: number }[] = [];
  for (let i = 0; i < names.length; i++) {
    const c = names[i];
    if (lengthMayQualify(lw.length, bound, c.length)) score(lw, bound, c, c.toLowerCase(), scored);
  }
  return best(scored, limit);
}

/** The longest truncation a word of 6 characters or more may be of a candidate: this many characters cut. */
const MAX_TRUNCATION = 12;

/** Whether a candidate of this (lower-cased) length may qualify for a word of this length: within the bound, or a truncation. */
function lengthMayQualify(wordLength: number, bound: number, length: number): boolean {
  const diff = length - wordLength;
  return Math.abs(diff) <= bound || (wordLength >= 6 && diff > 0 && diff <= MAX_TRUNCATION);
}

/** Scores one candidate (lower-cased `lc`) against the lower-cased word; keeps it when it qualifies. */
function score(lw: string, bound: number, c: string, lc: string, scored: { c: string; d: number }[]): void {
  if (!lengthMayQualify(lw.length, bound, lc.length)) return;
  const truncation = lw.length >= 6 && lc.length - lw.length <= MAX_TRUNCATION && lc.startsWith(lw);
  // A length difference over the bound: editDistance would answer bound + 1 without looking.
  if (!truncation && Math.abs(lc.length - lw.length) > bound) return;
  let d = lc === lw ? 0 : editDistance(lw, lc, bound);
  if (truncation) d = Math.min(d, 1.5);
  if (d <= bound || d === 1.5) scored.push({ c, d });
}

function best(scored: { c: string; d: number }[], limit: number): string[] {
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
