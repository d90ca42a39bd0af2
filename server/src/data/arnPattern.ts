/**
 * IAM patterns as element lists and the matching DPs over them (data/arn.ts re-exports what
 * others use): user text (`*`, `?`, policy variables) and reference-data templates (`${Name}`
 * placeholders), and whether two patterns intersect. Linear or O(n·m) over bounded inputs; no
 * regular expression is built from user text.
 */

/** An element's kind: a literal char, `?` (exactly one char), a run (`*`: any, possibly empty), a run without `/`. */
export const K_LIT = 0;
export const K_ONE = 1;
export const K_RUN = 2;
export const K_RUN_NO_SLASH = 3;

/**
 * A pattern element: `kind` (above) and, for a literal, its char in `lit` ('' for the others). A run
 * without `/` (K_RUN_NO_SLASH, a reference-data placeholder) stands for characters other than `/`.
 * Every element has this one shape (both fields, in this order, made by elem()): the matching
 * loops read `kind` from one hidden class, not a `'lit' in e` test over four (a shape first met
 * late, the first `?` of the corpus, threw away their optimised code).
 */
export interface Elem {
  readonly kind: number;
  readonly lit: string;
}
function elem(kind: number, lit: string): Elem {
  return Object.freeze({ kind, lit });
}

// Elements are immutable and shared (one object per literal character): matching allocates only arrays.
export const RUN: Elem = elem(K_RUN, '');
export const ONE: Elem = elem(K_ONE, '');
const RUN_NO_SLASH: Elem = elem(K_RUN_NO_SLASH, '');
const LITERALS = new Map<string, Elem>();
/** The literal elements of the ASCII characters, by character code (no map look-up per character). */
const ASCII: Elem[] = [];
for (let c = 0; c < 128; c++) ASCII.push(elem(K_LIT, String.fromCharCode(c)));
export function lit(c: string): Elem {
  if (c.length === 1) {
    const code = c.charCodeAt(0);
    if (code < 128) return ASCII[code];
  }
  let e = LITERALS.get(c);
  if (!e) {
    e = elem(K_LIT, c);
    if (LITERALS.size < 4096) LITERALS.set(c, e);
  }
  return e;
}

/** The literal element of the character at `i` (lower-cased when `lower`): ASCII by table, anything else through lit(). */
function litAt(text: string, i: number, lower: boolean): Elem {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII[lower && code >= 65 && code <= 90 ? code + 32 : code];
  return lit(lower ? text[i].toLowerCase() : text[i]);
}

export const MAX_LEN = 2048;

/** User text: `*` run, `?` one, `${...}` variable → run, everything else literal. */
export function userElems(text: string, lower: boolean): Elem[] {
  const out: Elem[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let e: Elem;
    if (code === 42 /* * */) e = RUN;
    else if (code === 63 /* ? */) e = ONE;
    else if (code === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      const end = text.indexOf('}', i + 2);
      if (end < 0) e = ASCII[36];
      else {
        e = RUN;
        i = end;
      }
    } else e = litAt(text, i, lower);
    out.push(e); // one push site: a branch taken late (the first `?`) adds no call the optimised code has not seen
  }
  return out;
}

/**
 * Which reference-data placeholders may stand for text containing `/`.
 *
 * Most placeholders name one path segment (`${BucketName}`, `${InstanceId}`, `${TableName}`), so a
 * `/` in the user's ARN where the template has such a placeholder means another resource type:
 * `arn:aws:s3:::my-bucket/key` is an `object`, not a `bucket`. The rule, decided from the
 * placeholder names that end the 2,300-odd ARN formats of the data (listed with a throw-away
 * script over dist/data/services/*.json `resourceTypes[].arn`):
 * - the template's LAST placeholder may contain `/` when its name says it is a path, a key or a
 *   free-form identifier: it contains Path (RoleNameWithPath, ObjectPath, ApiSpecificResourcePath),
 *   ParameterName (ParameterNameWithoutLeadingSlash), ObjectName, Key (RouteKey, KeyId), Prefix, Pattern, Filter
 *   (iot TopicFilter), Uri, Token or Resource (ResourceId, ResourcePath), or it is the bare `Id`,
 *   `Identifier` or `Name`; or it is one of the names whose values are documented to hold slashes:
 *   SecretId (prod/db), Alias (KMS alias/aws/s3), RepositoryName (ECR team/app), TopicName (IoT
 *   topics sensors/temp), LogStreamName, Specification;
 * - `LogGroupName` may contain `/` wherever it stands (`/aws/lambda/f` comes before `:log-stream:`);
 * - every other placeholder matches any run of characters without `/`.
 * A literal `*` in a template, and the user's own wildcards (`*`, `?`, policy variables, host holes)
 * keep matching anything, `/` included: they are how a policy names many resources.
 */
const SLASH_IN_LAST = /Path|ParameterName|ObjectName|Key|Prefix|Pattern|Filter|Uri|Token|Resource|^(Id|Identifier|Name|SecretId|Alias|RepositoryName|TopicName|LogStreamName|Specification)$/;
const SLASH_ANYWHERE = /^LogGroupName$/;

/**
 * Reference-data template: `${Name}` → run (without `/` unless the rule above allows it), `*` → run, other chars literal.
 * `spanLast`: the template's last placeholder matches any text, `/` included, whatever its name
 * (see templateMayMatchLoosely).
 */
export function templateElems(text: string, lower: boolean, spanLast = false): Elem[] {
  const out: Elem[] = [];
  const lastHole = text.lastIndexOf('${');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let e: Elem;
    if (code === 42 /* * */) e = RUN;
    else if (code === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      const end = text.indexOf('}', i + 2);
      if (end < 0) e = ASCII[36];
      else {
        const name = text.slice(i + 2, end);
        const slash = SLASH_ANYWHERE.test(name) || (i === lastHole && (spanLast || SLASH_IN_LAST.test(name)));
        e = slash ? RUN : RUN_NO_SLASH;
        i = end;
      }
    } else e = litAt(text, i, lower);
    out.push(e);
  }
  return out;
}

/**
 * Drops the literal prefix and suffix both patterns share (exact for intersection and coverage);
 * returns undefined when the literal ends already differ.
 */
export function trimLiterals(a: Elem[], b: Elem[]): [Elem[], Elem[]] | undefined {
  let i = 0;
  while (i < a.length && i < b.length && a[i].kind === K_LIT && b[i].kind === K_LIT) {
    if (a[i].lit !== b[i].lit) return undefined;
    i++;
  }
  let ea = a.length;
  let eb = b.length;
  while (ea > i && eb > i && a[ea - 1].kind === K_LIT && b[eb - 1].kind === K_LIT) {
    if (a[ea - 1].lit !== b[eb - 1].lit) return undefined;
    ea--;
    eb--;
  }
  return [a.slice(i, ea), b.slice(i, eb)];
}

/** Two rows of the matching DPs and the kinds of b's elements, reused by every call (grown on demand): matching allocates no rows. */
let rowPrev = new Uint8Array(128);
let rowCur = new Uint8Array(128);
let kindsB = new Uint8Array(128);
function rows(m: number): void {
  if (rowPrev.length <= m) {
    rowPrev = new Uint8Array(2 * m + 2);
    rowCur = new Uint8Array(2 * m + 2);
    kindsB = new Uint8Array(2 * m + 2);
  }
}

/**
 * Whether some string matches both patterns (O(|a|·|b|) dynamic programming, bounded input). The
 * literal prefix and suffix both share are skipped by index (no copies), the DP runs over two
 * shared rows and reads b's element kinds from a shared array (each element's kind is read once,
 * not once per cell), and it stops with false as soon as a row is all false (every later row is).
 */
export function intersects(a: Elem[], b: Elem[]): boolean {
  if (a.length > MAX_LEN || b.length > MAX_LEN) return true; // too long to judge: assume it may match
  // Drop the literal prefix and suffix both patterns share (exact); literal ends that differ: no match.
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo].kind === K_LIT && b[lo].kind === K_LIT) {
    if (a[lo].lit !== b[lo].lit) return false;
    lo++;
  }
  let ea = a.length;
  let eb = b.length;
  while (ea > lo && eb > lo && a[ea - 1].kind === K_LIT && b[eb - 1].kind === K_LIT) {
    if (a[ea - 1].lit !== b[eb - 1].lit) return false;
    ea--;
    eb--;
  }
  const m = eb - lo;
  rows(m);
  let prev = rowPrev;
  let cur = rowCur;
  const kb = kindsB;
  for (let j = 1; j <= m; j++) kb[j] = b[lo + j - 1].kind;
  // prev[j]: a[lo..lo+i) and b[lo..lo+j) can produce a common string.
  prev[0] = 1;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] && kb[j] >= K_RUN ? 1 : 0;
  for (let i = lo; i < ea; i++) {
    const x = a[i];
    const kx = x.kind;
    const xRun = kx >= K_RUN;
    const xLit = kx === K_LIT;
    const xSlash = xLit && x.lit === '/';
    let alive = (cur[0] = prev[0] && xRun ? 1 : 0);
    for (let j = 1; j <= m; j++) {
      const ky = kb[j];
      const yRun = ky >= K_RUN;
      let v = 0;
      if (xRun && (prev[j] || cur[j - 1])) v = 1; // a's run absorbs b's element / ends
      else if (yRun && (cur[j - 1] || (prev[j] && !(ky === K_RUN_NO_SLASH && xSlash)))) v = 1; // b's run ends / absorbs a's element
      if (!v && prev[j - 1]) {
        // both consume exactly one char
        if (xLit && ky === K_LIT) {
          const y = b[lo + j - 1];
          v = x === y || x.lit === y.lit ? 1 : 0;
        } else if (!xRun && !yRun) v = 1; // ? with ? or literal
      }
      if (!v && xRun && yRun && prev[j - 1]) v = 1;
      cur[j] = v;
      alive |= v;
    }
    if (!alive) return false; // no cell of this row: none of any later row either
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] === 1;
}
