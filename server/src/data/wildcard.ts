/**
 * IAM wildcard matching (`*` any run, `?` any one character), case-insensitive when both sides
 * are lower-cased by the caller. Greedy with single backtrack point: O(|pattern|·|text|) worst
 * case, no regular expressions built from user text, and inputs are bounded by MAX_PATTERN.
 */
export const MAX_PATTERN = 1024;

export function globMatch(pattern: string, text: string): boolean {
  return match(pattern, text, false);
}

/**
 * globMatch against the lower-cased spelling of a text without building it: the text's capitals
 * A–Z are read as lower case (the pattern is lower-cased by the caller); a text with a character
 * past ASCII is lower-cased and matched by globMatch (same answer).
 */
export function globMatchFolded(pattern: string, text: string): boolean {
  return match(pattern, text, true);
}

/** The one matcher of both: `fold` reads the text's ASCII capitals as lower case. */
function match(pattern: string, text: string, fold: boolean): boolean {
  if (pattern.length > MAX_PATTERN || text.length > MAX_PATTERN * 4) return false;
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern.charCodeAt(p);
    let tc = text.charCodeAt(t);
    if (fold) {
      if (tc >= 65 && tc <= 90) tc += 32;
      else if (tc > 127) return match(pattern, text.toLowerCase(), false);
    }
    if (p < pattern.length && (pc === 63 /* ? */ || pc === tc)) {
      p++;
      t++;
    } else if (p < pattern.length && pc === 42 /* * */) {
      starP = p++;
      // A run of stars is one star: the backtracking resumes after the whole run.
      while (p < pattern.length && pattern.charCodeAt(p) === 42) starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** The index of the first `*` or `?` of a text, or -1. */
export function firstWildcard(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 42 || c === 63) return i;
  }
  return -1;
}

/**
 * Matches text against a template whose `${Name}` holes each stand for one or more characters
 * (e.g. `aws:RequestTag/${TagKey}`). Both sides should be lower-cased by the caller.
 */
export function templateMatch(template: string, text: string): boolean {
  const literals = templateLiterals(template);
  if (literals === undefined) return template === text;
  // literal0 (hole literal1)* ; each hole non-empty; greedy left to right, last literal anchored at end.
  if (!text.startsWith(literals[0])) return false;
  let pos = literals[0].length;
  for (let k = 1; k < literals.length; k++) {
    const l = literals[k];
    if (k === literals.length - 1) {
      return text.length - l.length >= pos + 1 && text.endsWith(l);
    }
    const found = l === '' ? pos + 1 : text.indexOf(l, pos + 1);
    if (found < 0) return false;
    pos = found + l.length;
  }
  return true;
}

/**
 * A template's literal texts around its `${…}` holes (an unclosed `${` is literal text), or
 * undefined when it has no hole: read once per template (templates are the reference data's few
 * hundred keys and prefixes, matched again and again), bounded.
 */
function templateLiterals(template: string): readonly string[] | undefined {
  const hit = literalsMemo.get(template);
  if (hit !== undefined) return hit === NO_HOLE ? undefined : hit;
  const literals = readTemplateLiterals(template);
  if (literalsMemo.size >= 4096) literalsMemo.clear();
  literalsMemo.set(template, literals ?? NO_HOLE);
  return literals;
}
const literalsMemo = new Map<string, readonly string[]>();
const NO_HOLE: readonly string[] = Object.freeze([]);

/** templateLiterals without the memo (exported for the tests). */
export function readTemplateLiterals(template: string): string[] | undefined {
  const literals: string[] = [];
  let i = 0;
  let from = 0;
  for (;;) {
    const open = template.indexOf('${', i);
    const end = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (end < 0) break;
    literals.push(template.slice(from, open));
    from = i = end + 1;
  }
  if (literals.length === 0) return undefined;
  literals.push(template.slice(from));
  return literals;
}
