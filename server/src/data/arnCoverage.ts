import { globMatch } from './wildcard';
import { K_LIT, K_ONE, K_RUN, lit, MAX_LEN, ONE, RUN, trimLiterals, userElems, type Elem } from './arnPattern';

/** Pattern coverage for the redundancy checks (data/arn.ts re-exports it). */

/**
 * Whether every string matched by `specific` is also matched by `general` (IAM wildcards;
 * a policy variable `${...}` in `specific` stands for unknown text and must be absorbed by a `*`
 * of `general` unless written identically). Sound but not complete: when unsure, false.
 * `caseInsensitive` for actions; ARNs compare case-sensitively.
 */
export function patternCovers(general: string, specific: string, caseInsensitive = false): boolean {
  const g = caseInsensitive ? general.toLowerCase() : general;
  const s = caseInsensitive ? specific.toLowerCase() : specific;
  if (g.length > MAX_LEN || s.length > MAX_LEN) return false;
  // Fast path: `general` is a literal prefix ending in its only wildcard, a `*` (`arn:aws:s3:::b/*`,
  // `s3:get*`), and holds no `$`: it covers exactly what starts with that prefix verbatim (no
  // wildcard or variable of `specific` can begin inside the prefix, whose characters it repeats).
  const star = g.indexOf('*');
  const question = g.indexOf('?');
  if (star >= 0 && star === g.length - 1 && question < 0 && !g.includes('$')) return s.startsWith(g.slice(0, star));
  // Fast rejection without allocating: the literal text before general's first wildcard must
  // start `specific` verbatim (a wildcard of `specific` there cannot be covered by a literal).
  // Compared by the string built-ins, not character by character.
  const w = star < 0 ? question : question < 0 ? star : Math.min(star, question);
  if (w < 0 ? !s.startsWith(g) : w > 0 && !s.startsWith(g.slice(0, w))) return false;
  // A literal `specific` (no wildcard, no variable) is covered exactly when `general` matches it:
  // the common case, decided by the allocation-free matcher (variables in `general` stay literal there too).
  if (!s.includes('*') && !s.includes('?') && !s.includes('${')) return globMatch(g, s);
  // Fast rejection without allocating: each literal character of `general` must be matched by the
  // same literal character of `specific`, so general's literal runs (between its wildcards) occur in
  // `specific` in order, the last one at its end. Most pairs of a long Resource list fail here.
  // The run before the first wildcard was just found at the start of `specific`.
  if (!literalRunsOccur(g, s, w > 0 ? w : 0)) return false;
  // Elements of the specific side: literal chars, `?` (one unknown char), runs (`*` or a variable).
  const se: Elem[] = userElems(s, false);
  const ge: Elem[] = [];
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') ge.push(RUN);
    else if (c === '?') ge.push(ONE);
    else ge.push(lit(c));
  }
  // Variables in `general` are kept literal; `specific` then needs the same text, which userElems
  // turned into a run: re-read such cases literally.
  if (g.includes('${')) {
    se.length = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      se.push(c === '*' ? RUN : c === '?' ? ONE : lit(c));
    }
  }
  // A literal end of `general` must meet the same literal in `specific`; equal literal ends drop.
  const trimmed = trimLiterals(ge, se);
  if (!trimmed) return false;
  const [gt, st] = trimmed;
  if (gt.length > 0 && gt[0].kind === K_LIT) return false;
  if (gt.length > 0 && gt[gt.length - 1].kind === K_LIT) return false;
  ge.length = 0;
  ge.push(...gt);
  se.length = 0;
  se.push(...st);
  const m = se.length;
  // dp over (i in ge, j in se): ge[0..i) covers se[0..j).
  let prev = new Uint8Array(m + 1);
  prev[0] = 1;
  for (let i = 1; i <= ge.length; i++) {
    const eg = ge[i - 1];
    const cur = new Uint8Array(m + 1);
    cur[0] = prev[0] && eg.kind >= K_RUN ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const es = se[j - 1];
      let v = 0;
      if (eg.kind >= K_RUN) v = prev[j] || cur[j - 1] ? 1 : 0; // run matches nothing more, or absorbs es
      else if (prev[j - 1]) {
        if (eg.kind === K_ONE) v = es.kind >= K_RUN ? 0 : 1; // `?` covers one literal or one `?`, not a run
        else v = es.kind === K_LIT && es.lit === eg.lit ? 1 : 0;
      }
      cur[j] = v;
    }
    prev = cur;
  }
  return prev[m] === 1;
}

/**
 * Necessary for `general` to cover `specific`: the literal runs of `general` (the text between its
 * `*`/`?`) are found in `specific` in order without overlap, the first at its start and the last at
 * its end when `general` begins/ends with a literal (indexOf/startsWith:
 * allocates only the substrings it looks for). `from`: the length of general's leading literal run,
 * already found at the start of `specific` (0 to check from the start).
 */
function literalRunsOccur(g: string, s: string, from: number): boolean {
  let pos = from; // where the next run may start in s
  let star = false; // a `*` came before: runs may start anywhere from pos on
  let i = from;
  const n = g.length;
  while (i < n) {
    // Skip wildcards; each `?` consumes exactly one character of s.
    while (i < n) {
      const c = g.charCodeAt(i);
      if (c === 42 /* * */) star = true;
      else if (c === 63 /* ? */) pos++;
      else break;
      i++;
    }
    if (i >= n) return pos <= s.length;
    let j = i;
    while (j < n) {
      const c = g.charCodeAt(j);
      if (c === 42 || c === 63) break;
      j++;
    }
    const len = j - i;
    if (j === n) {
      // The last literal run ends s (and starts exactly at pos when no `*` came before it).
      const at = s.length - len;
      if (at < pos || (!star && at !== pos)) return false;
      return s.startsWith(g.slice(i, j), at);
    }
    const found = star ? s.indexOf(g.slice(i, j), pos) : s.startsWith(g.slice(i, j), pos) ? pos : -1;
    if (found < 0) return false;
    pos = found + len;
    i = j;
  }
  return pos <= s.length;
}
