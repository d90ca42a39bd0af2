/** Known text and unknown holes of a partially known value (structurally the model's ArnTextPart; data/ imports nothing of ours). */
export type ArnTextPart = { text: string } | { hole: string };
import type { IamData, ResourceTypeInfo } from './iamData';
import { PARTITIONS } from './regions';
import { globMatch } from './wildcard';

/**
 * ARN parsing and matching against the resource-type ARN formats of the reference data
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
 *
 * A user ARN may contain IAM wildcards (`*`, `?`), policy variables (`${aws:username}`) and, when it
 * comes from a host template (CloudFormation `!Sub`, CDK), unknown holes. Variables and holes are
 * treated as wildcards ("any run of characters"): nothing that is only unknown can make a check
 * fail. A hole whose value may contain colons makes the field split after it uncertain; such
 * fields are marked `uncertain` and checks must skip them.
 *
 * Everything is linear or O(n·m) over bounded inputs; no regular expression is built from user
 * text.
 */

/** One of the six ARN fields. */
export interface ArnField {
  /** The field text with holes rendered as `*` (variables kept as written). */
  text: string;
  /** Offset of the field in the known string (only meaningful when the ARN has no holes before it). */
  offset: number;
  /** Contains `*`, `?`, a policy variable or a hole: the field stands for several values. */
  wild: boolean;
  /** Contains a hole (an unknown host value). */
  hole: boolean;
  /** The split is not certain (an earlier hole may contain colons): do not judge this field. */
  uncertain: boolean;
}

export interface ParsedArn {
  partition: ArnField;
  service: ArnField;
  region: ArnField;
  account: ArnField;
  resource: ArnField;
  /** The whole ARN as a matching pattern (holes → `*`). */
  pattern: string;
  /** True when any part is a hole. */
  hasHoles: boolean;
}

export type ArnParseResult =
  /** A resource element value that is not an ARN: `*` alone. */
  | { kind: 'star' }
  /** Does not begin with `arn:` (case-insensitive; a hole at the start may supply it). */
  | { kind: 'no-prefix' }
  /** Begins with `arn:` but has fewer than six colon-separated fields. */
  | { kind: 'missing-fields'; fields: number }
  | { kind: 'arn'; arn: ParsedArn };

/** Host pseudo values that never contain a colon (CloudFormation pseudo parameters). */
const COLON_FREE_HOLES = new Set(['aws::partition', 'aws::region', 'aws::accountid', 'aws::urlsuffix', 'aws::stackname']);

interface Token {
  ch: string;
  /** 'lit' literal char, 'var' part of a policy variable, 'hole' a hole (one token per hole). */
  kind: 'lit' | 'var' | 'hole';
  /** For holes: whether the value may contain a colon. */
  colonSafe?: boolean;
  offset: number;
}

function tokenize(parts: readonly ArnTextPart[]): Token[] {
  const out: Token[] = [];
  let offset = 0;
  for (const p of parts) {
    if ('hole' in p) {
      out.push({ ch: '*', kind: 'hole', colonSafe: COLON_FREE_HOLES.has(p.hole.toLowerCase()), offset });
      continue;
    }
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '$' && t[i + 1] === '{') {
        const end = t.indexOf('}', i + 2);
        if (end > 0) {
          for (let k = i; k <= end; k++) out.push({ ch: t[k], kind: 'var', offset: offset + k });
          i = end;
          continue;
        }
      }
      out.push({ ch: t[i], kind: 'lit', offset: offset + i });
    }
    offset += t.length;
  }
  return out;
}

/** Parses a fully known string, or the parts of a partially known one. Never throws. */
export function parseArn(value: string | readonly ArnTextPart[]): ArnParseResult {
  // The usual value, a known string without policy variables: split at its colons directly (the
  // same result as the token walk below, without a token object per character).
  if (typeof value === 'string' && value.indexOf('${') < 0) return parsePlainArn(value);
  const parts: readonly ArnTextPart[] = typeof value === 'string' ? [{ text: value }] : value;
  const tokens = tokenize(parts);
  if (tokens.length === 1 && tokens[0].kind === 'lit' && tokens[0].ch === '*') return { kind: 'star' };
  // Prefix: "arn:" (case-insensitive) unless a hole comes first.
  const prefix = 'arn:';
  for (let i = 0; i < prefix.length; i++) {
    const t = tokens[i];
    if (!t) return { kind: 'no-prefix' };
    if (t.kind === 'hole') break;
    if (t.kind !== 'lit' || t.ch.toLowerCase() !== prefix[i]) return { kind: 'no-prefix' };
  }
  const fields: { tokens: Token[]; offset: number; uncertain: boolean }[] = [];
  let current: Token[] = [];
  let currentOffset = 0;
  let uncertain = false;
  let nextUncertain = false;
  for (const t of tokens) {
    if (t.kind === 'lit' && t.ch === ':' && fields.length < 5) {
      fields.push({ tokens: current, offset: currentOffset, uncertain });
      current = [];
      currentOffset = t.offset + 1;
      if (nextUncertain) uncertain = true;
      continue;
    }
    if (t.kind === 'hole' && !t.colonSafe) {
      // The hole may hide colons: this field and every later one are uncertain.
      uncertain = true;
      nextUncertain = true;
    }
    current.push(t);
  }
  fields.push({ tokens: current, offset: currentOffset, uncertain });
  const hasHoles = tokens.some((t) => t.kind === 'hole');
  if (fields.length < 6) {
    // With a hole that may contain colons the field count is unknown: judge only the known prefix.
    if (tokens.some((t) => t.kind === 'hole' && !t.colonSafe)) {
      while (fields.length < 6) fields.push({ tokens: [{ ch: '*', kind: 'hole', offset: 0 }], offset: 0, uncertain: true });
    } else {
      return { kind: 'missing-fields', fields: fields.length };
    }
  }
  const mk = (f: { tokens: Token[]; offset: number; uncertain: boolean }): ArnField => ({
    text: f.tokens.map((t) => t.ch).join(''),
    offset: f.offset,
    wild: f.tokens.some((t) => t.kind !== 'lit' || t.ch === '*' || t.ch === '?'),
    hole: f.tokens.some((t) => t.kind === 'hole'),
    uncertain: f.uncertain,
  });
  const [, partition, service, region, account, resource] = fields.map(mk);
  return {
    kind: 'arn',
    arn: { partition, service, region, account, resource, pattern: tokens.map((t) => (t.kind === 'hole' ? '*' : t.ch)).join(''), hasHoles },
  };
}

/** `parseArn` of a string with no policy variable and no hole: every character is a literal. */
function parsePlainArn(value: string): ArnParseResult {
  if (value === '*') return { kind: 'star' };
  const prefix = 'arn:';
  for (let i = 0; i < prefix.length; i++) {
    if (i >= value.length || value[i].toLowerCase() !== prefix[i]) return { kind: 'no-prefix' };
  }
  const starts = [0];
  for (let i = 0; i < value.length && starts.length < 6; i++) if (value.charCodeAt(i) === 58 /* : */) starts.push(i + 1);
  if (starts.length < 6) return { kind: 'missing-fields', fields: starts.length };
  const field = (k: number): ArnField => {
    const text = k < 5 ? value.slice(starts[k], starts[k + 1] - 1) : value.slice(starts[k]);
    return { text, offset: starts[k], wild: text.includes('*') || text.includes('?'), hole: false, uncertain: false };
  };
  return { kind: 'arn', arn: { partition: field(1), service: field(2), region: field(3), account: field(4), resource: field(5), pattern: value, hasHoles: false } };
}

// ---- glob-vs-template matching -----------------------------------------------------------

/**
 * A pattern element: a literal char, `?` (exactly one char) or a run (`*`: any, possibly empty).
 * A run with `noSlash` (a reference-data placeholder) stands for characters other than `/`.
 */
type Elem = { lit: string } | { one: true } | { run: true; noSlash?: boolean };

// Elements are immutable and shared (one object per literal character): matching allocates only arrays.
const RUN: Elem = Object.freeze({ run: true as const });
const ONE: Elem = Object.freeze({ one: true as const });
const RUN_NO_SLASH: Elem = Object.freeze({ run: true as const, noSlash: true });
const LITERALS = new Map<string, Elem>();
function lit(c: string): Elem {
  let e = LITERALS.get(c);
  if (!e) {
    e = Object.freeze({ lit: c });
    if (LITERALS.size < 4096) LITERALS.set(c, e);
  }
  return e;
}

const MAX_LEN = 2048;

/** User text: `*` run, `?` one, `${...}` variable → run, everything else literal. */
function userElems(text: string, lower: boolean): Elem[] {
  const out: Elem[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') out.push(RUN);
    else if (c === '?') out.push(ONE);
    else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) out.push(lit(lower ? c.toLowerCase() : c));
      else {
        out.push(RUN);
        i = end;
      }
    } else out.push(lit(lower ? c.toLowerCase() : c));
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
function templateElems(text: string, lower: boolean, spanLast = false): Elem[] {
  const out: Elem[] = [];
  const lastHole = text.lastIndexOf('${');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') out.push(RUN);
    else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) out.push(lit(lower ? c.toLowerCase() : c));
      else {
        const name = text.slice(i + 2, end);
        const slash = SLASH_ANYWHERE.test(name) || (i === lastHole && (spanLast || SLASH_IN_LAST.test(name)));
        out.push(slash ? RUN : RUN_NO_SLASH);
        i = end;
      }
    } else out.push(lit(lower ? c.toLowerCase() : c));
  }
  return out;
}

/**
 * Drops the literal prefix and suffix both patterns share (exact for intersection and coverage);
 * returns undefined when the literal ends already differ.
 */
function trimLiterals(a: Elem[], b: Elem[]): [Elem[], Elem[]] | undefined {
  let i = 0;
  while (i < a.length && i < b.length && 'lit' in a[i] && 'lit' in b[i]) {
    if ((a[i] as { lit: string }).lit !== (b[i] as { lit: string }).lit) return undefined;
    i++;
  }
  let ea = a.length;
  let eb = b.length;
  while (ea > i && eb > i && 'lit' in a[ea - 1] && 'lit' in b[eb - 1]) {
    if ((a[ea - 1] as { lit: string }).lit !== (b[eb - 1] as { lit: string }).lit) return undefined;
    ea--;
    eb--;
  }
  return [a.slice(i, ea), b.slice(i, eb)];
}

/** Two rows of the matching DPs, reused by every call (grown on demand): matching allocates no rows. */
let rowPrev = new Uint8Array(128);
let rowCur = new Uint8Array(128);
function rows(m: number): void {
  if (rowPrev.length <= m) {
    rowPrev = new Uint8Array(2 * m + 2);
    rowCur = new Uint8Array(2 * m + 2);
  }
}

/**
 * Whether some string matches both patterns (O(|a|·|b|) dynamic programming, bounded input). The
 * literal prefix and suffix both share are skipped by index (no copies), and the DP runs over two
 * shared rows.
 */
function intersects(a: Elem[], b: Elem[]): boolean {
  if (a.length > MAX_LEN || b.length > MAX_LEN) return true; // too long to judge: assume it may match
  // Drop the literal prefix and suffix both patterns share (exact); literal ends that differ: no match.
  let lo = 0;
  while (lo < a.length && lo < b.length && 'lit' in a[lo] && 'lit' in b[lo]) {
    if ((a[lo] as { lit: string }).lit !== (b[lo] as { lit: string }).lit) return false;
    lo++;
  }
  let ea = a.length;
  let eb = b.length;
  while (ea > lo && eb > lo && 'lit' in a[ea - 1] && 'lit' in b[eb - 1]) {
    if ((a[ea - 1] as { lit: string }).lit !== (b[eb - 1] as { lit: string }).lit) return false;
    ea--;
    eb--;
  }
  const m = eb - lo;
  rows(m);
  let prev = rowPrev;
  let cur = rowCur;
  // prev[j]: a[lo..lo+i) and b[lo..lo+j) can produce a common string.
  prev[0] = 1;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] && 'run' in b[lo + j - 1] ? 1 : 0;
  for (let i = lo; i < ea; i++) {
    const x = a[i];
    const xRun = 'run' in x;
    cur[0] = prev[0] && xRun ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const y = b[lo + j - 1];
      let v = 0;
      if (xRun && (prev[j] || cur[j - 1])) v = 1; // a's run absorbs b's element / ends
      else if ('run' in y && (cur[j - 1] || (prev[j] && !(y.noSlash && 'lit' in x && x.lit === '/')))) v = 1; // b's run ends / absorbs a's element
      if (!v && prev[j - 1]) {
        // both consume exactly one char
        if ('lit' in x && 'lit' in y) v = x.lit === y.lit ? 1 : 0;
        else if (!xRun && !('run' in y)) v = 1; // ? with ? or literal
      }
      if (!v && xRun && 'run' in y && prev[j - 1]) v = 1;
      cur[j] = v;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] === 1;
}

/**
 * Whether a user ARN field/pattern may match a reference-data template (case-insensitive).
 * Answers are memoised per (template, user text): policies repeat the same fields (Regions,
 * accounts, `*`) against the same few thousand templates, so most calls are two map lookups.
 */
export function templateMayMatch(userText: string, template: string): boolean {
  // Most pairs differ at their first character (`instance/…` against `volume/${VolumeId}`): then
  // both patterns begin with a literal and the match fails, without the memo's two look-ups.
  if (firstLiteralsDiffer(userText, template)) return false;
  let t = templateCache.get(template);
  if (!t) {
    t = { elems: templateElems(template, true), answers: new Map() };
    if (templateCache.size > 20000) {
      templateCache.clear();
      answerCount = 0;
    }
    templateCache.set(template, t);
  }
  let v = t.answers.get(userText);
  if (v === undefined) {
    v = intersects(userElems(userText, true), t.elems);
    if (userText.length <= 256) {
      if (answerCount >= MAX_ANSWERS) {
        for (const e of templateCache.values()) e.answers.clear();
        answerCount = 0;
      }
      if (t.answers.size >= 256) {
        answerCount -= t.answers.size;
        t.answers.clear();
      }
      t.answers.set(userText, v);
      answerCount++;
    }
  }
  return v;
}

/**
 * Whether a user text and a template both begin with a literal ASCII character and these differ
 * (case-insensitively): then intersects() would answer false at its first element. Only the plain
 * case is judged (a `*`, `?`, `$` or non-ASCII first character, an empty side or a text too long
 * to match is left to the full match).
 */
function firstLiteralsDiffer(userText: string, template: string): boolean {
  if (userText.length === 0 || template.length === 0 || userText.length > MAX_LEN || template.length > MAX_LEN) return false;
  let u = userText.charCodeAt(0);
  let t = template.charCodeAt(0);
  if (u >= 128 || t >= 128 || u === 42 /* * */ || u === 63 /* ? */ || u === 36 /* $ */ || t === 42 || t === 36) return false;
  if (u >= 65 && u <= 90) u += 32;
  if (t >= 65 && t <= 90) t += 32;
  return u !== t;
}

/** templateMayMatch without its shortcut and memo: the full match (the reference the tests compare with). */
export function templateMayMatchUncached(userText: string, template: string): boolean {
  return intersects(userElems(userText, true), templateElems(template, true));
}

/** Template → its elements and a memo of answers per user text (≤ 256 per template, ≤ MAX_ANSWERS in all). */
const templateCache = new Map<string, { elems: Elem[]; answers: Map<string, boolean> }>();
const MAX_ANSWERS = 100_000;
let answerCount = 0;

/**
 * Like templateMayMatch, but the template's last placeholder may stand for one or more path
 * segments whatever its name. Real ARNs often carry more segments there than the reference data's
 * format shows: AWS-managed Config rules (`config-rule/aws-service-rule/securityhub.amazonaws.com/…`
 * for `config-rule/${ConfigRuleId}`), CloudTrail service-linked channels
 * (`channel/aws-service-channel/…`), OpenSearch sub-resources (`domain/my-domain/_cluster/settings`
 * for `domain/${DomainName}`) and Glue schemas (`schema/registry/schema` for `schema/${SchemaName}`).
 * INVALID_ARN_RESOURCE judges with this looser reading: an ARN it does not match cannot be any
 * resource of the service; the strict reading is for choosing among resource types.
 */
export function templateMayMatchLoosely(userText: string, template: string): boolean {
  let te = looseTemplateCache.get(template);
  if (!te) {
    te = templateElems(template, true, true);
    if (looseTemplateCache.size > 20000) looseTemplateCache.clear();
    looseTemplateCache.set(template, te);
  }
  return intersects(userElems(userText, true), te);
}

const looseTemplateCache = new Map<string, Elem[]>();

/** `templates.some((t) => templateMayMatchLoosely(userText, t))`, the user text read into elements once. */
export function someTemplateMayMatchLoosely(userText: string, templates: readonly string[]): boolean {
  if (templates.length === 0) return false;
  const ue = userElems(userText, true);
  for (const template of templates) {
    let te = looseTemplateCache.get(template);
    if (!te) {
      te = templateElems(template, true, true);
      if (looseTemplateCache.size > 20000) looseTemplateCache.clear();
      looseTemplateCache.set(template, te);
    }
    if (intersects(ue, te)) return true;
  }
  return false;
}

export interface ArnFormat {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const formatCache = new Map<string, ArnFormat | undefined>();

/** Splits a reference-data ARN format into its fields (`${...}` never contains a colon there). Cached. */
export function splitArnFormat(format: string): ArnFormat | undefined {
  if (formatCache.has(format)) return formatCache.get(format);
  const f = splitArnFormatUncached(format);
  if (formatCache.size > 20000) formatCache.clear();
  formatCache.set(format, f);
  return f;
}

function splitArnFormatUncached(format: string): ArnFormat | undefined {
  const f: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < format.length && f.length < 5; i++) {
    if (format[i] === '$' && format[i + 1] === '{') depth++;
    else if (format[i] === '}' && depth > 0) depth--;
    else if (format[i] === ':' && depth === 0) {
      f.push(format.slice(start, i));
      start = i + 1;
    }
  }
  f.push(format.slice(start));
  if (f.length < 6) return undefined;
  return { partition: f[1], service: f[2], region: f[3], account: f[4], resource: f[5] };
}

/**
 * Whether a Resource value (a whole string with IAM wildcards and policy variables) may name a
 * resource whose ARN format is `format`: `*` always; an ARN field by field (partition too); a value
 * cut short by a wildcard (`arn:*`) as one pattern; anything else (not an ARN) never.
 */
export function arnMayDenote(value: string, format: string): boolean {
  const parsed = parseArn(value);
  if (parsed.kind === 'star') return true;
  if (parsed.kind === 'missing-fields') return value.includes('*') && templateMayMatch(value, format);
  if (parsed.kind !== 'arn') return false;
  const f = splitArnFormat(format);
  return !!f && templateMayMatch(parsed.arn.partition.text, f.partition) && arnMatchesFormat(parsed.arn, format);
}

/** Whether an ARN may denote a resource of this format (every field may match). */
export function arnMatchesFormat(arn: ParsedArn, format: string): boolean {
  const f = splitArnFormat(format);
  if (!f) return false;
  return (
    templateMayMatch(arn.service.text, f.service) &&
    templateMayMatch(arn.region.text, f.region) &&
    templateMayMatch(arn.account.text, f.account) &&
    templateMayMatch(arn.resource.text, f.resource)
  );
}

/** Resource types (of the given candidates) whose ARN format the ARN may match. */
export function matchResourceTypes(arn: ParsedArn, candidates: readonly ResourceTypeInfo[]): ResourceTypeInfo[] {
  return candidates.filter((rt) => arnMatchesFormat(arn, rt.arn));
}

/**
 * Resource types of a service whose ARN service segment may match this ARN's service field.
 * The ARN service segment is usually the IAM prefix; a few services use another segment
 * (see arnServiceIndex), which is looked up lazily.
 */
export function resourceTypesForArn(data: IamData, arn: ParsedArn): ResourceTypeInfo[] {
  const service = arn.service.text;
  if (arn.service.wild || arn.service.uncertain) return [];
  const out: ResourceTypeInfo[] = [];
  for (const prefix of servicesForArnSegment(data, service)) {
    out.push(...matchResourceTypes(arn, data.listResourceTypes(prefix)));
  }
  return out;
}

const arnIndexCache = new WeakMap<IamData, Map<string, string[]>>();

/** ARN service segment (lower case) → IAM prefixes whose resource types use it. Built once, lazily. */
export function arnServiceIndex(data: IamData): Map<string, string[]> {
  let idx = arnIndexCache.get(data);
  if (!idx) {
    idx = new Map();
    for (const s of data.listServices()) {
      for (const rt of data.listResourceTypes(s.prefix)) {
        const f = splitArnFormat(rt.arn);
        if (!f) continue;
        const seg = f.service.toLowerCase();
        const list = idx.get(seg) ?? [];
        if (!list.includes(s.prefix)) list.push(s.prefix);
        idx.set(seg, list);
      }
    }
    arnIndexCache.set(data, idx);
  }
  return idx;
}

/** IAM prefixes whose resources use this ARN service segment (exact IAM prefix first). */
export function servicesForArnSegment(data: IamData, segment: string): string[] {
  let bySegment = segmentCache.get(data);
  if (!bySegment) segmentCache.set(data, (bySegment = new Map()));
  let hit = bySegment.get(segment);
  if (!hit) {
    hit = Object.freeze(servicesForArnSegmentUncached(data, segment)) as string[];
    if (bySegment.size >= 4096) bySegment.clear();
    bySegment.set(segment, hit);
  }
  return hit;
}
/** Per data instance: ARN service segment as written → IAM prefixes (shared, frozen; bounded). */
const segmentCache = new WeakMap<IamData, Map<string, string[]>>();

function servicesForArnSegmentUncached(data: IamData, segment: string): string[] {
  const lower = segment.toLowerCase();
  const direct = data.hasService(lower) ? [lower] : [];
  // Most services use their IAM prefix; only consult the full index when that prefix has no
  // resource type using this segment.
  const ownUses = direct.length > 0 && data.listResourceTypes(lower).some((rt) => splitArnFormat(rt.arn)?.service.toLowerCase() === lower);
  if (ownUses) return direct;
  const fromIndex = arnServiceIndex(data).get(lower) ?? [];
  return [...new Set([...direct, ...fromIndex])];
}

/** Whether a segment is a known ARN service segment (an IAM prefix or used by some ARN format). */
export function isKnownArnService(data: IamData, segment: string): boolean {
  const lower = segment.toLowerCase();
  return data.hasService(lower) || arnServiceIndex(data).has(lower);
}

// ---- partitions, regions, accounts -------------------------------------------------------

const PARTITION_IDS = new Set(PARTITIONS.map((p) => p.id));
const REGION_PARTITION = new Map<string, string>();
for (const p of PARTITIONS) for (const r of p.regions) REGION_PARTITION.set(r, p.id);

export function isKnownPartition(id: string): boolean {
  return PARTITION_IDS.has(id);
}

export function knownPartitions(): string[] {
  return [...PARTITION_IDS];
}

/** The partition a Region code belongs to, or undefined for an unknown Region. */
export function partitionOfRegion(region: string): string | undefined {
  return REGION_PARTITION.get(region);
}

export function isKnownRegion(region: string): boolean {
  return REGION_PARTITION.has(region);
}

/** A 12-digit account ID. */
export function isAccountId(s: string): boolean {
  if (s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// ---- pattern coverage (redundancy) ---------------------------------------------------------

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
  if (star >= 0 && star === g.length - 1 && !g.includes('?') && !g.includes('$')) return s.startsWith(g.slice(0, star));
  // Fast rejection without allocating: the literal text before general's first wildcard must
  // start `specific` verbatim (a wildcard of `specific` there cannot be covered by a literal).
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) break;
    if (i >= s.length || s.charCodeAt(i) !== c) return false;
  }
  // A literal `specific` (no wildcard, no variable) is covered exactly when `general` matches it:
  // the common case, decided by the allocation-free matcher (variables in `general` stay literal there too).
  if (!s.includes('*') && !s.includes('?') && !s.includes('${')) return globMatch(g, s);
  // Fast rejection without allocating: each literal character of `general` must be matched by the
  // same literal character of `specific`, so general's literal runs (between its wildcards) occur in
  // `specific` in order, the last one at its end. Most pairs of a long Resource list fail here.
  if (!literalRunsOccur(g, s)) return false;
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
  if (gt.length > 0 && 'lit' in gt[0]) return false;
  if (gt.length > 0 && 'lit' in gt[gt.length - 1]) return false;
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
    cur[0] = prev[0] && 'run' in eg ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const es = se[j - 1];
      let v = 0;
      if ('run' in eg) v = prev[j] || cur[j - 1] ? 1 : 0; // run matches nothing more, or absorbs es
      else if (prev[j - 1]) {
        if ('one' in eg) v = 'run' in es ? 0 : 1; // `?` covers one literal or one `?`, not a run
        else v = 'lit' in es && es.lit === eg.lit ? 1 : 0;
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
 * allocates only the substrings it looks for).
 */
function literalRunsOccur(g: string, s: string): boolean {
  let pos = 0; // where the next run may start in s
  let star = false; // a `*` came before: runs may start anywhere from pos on
  let i = 0;
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

export type ArnFieldName = 'region' | 'account' | 'resource';

/**
 * Resource types of the ARN's service whose format may match every field of the ARN except
 * `ignore` (so a check can ask "would it match if the Region were right?"). Empty when the
 * service field is wild, uncertain or unknown.
 */
export function candidateResourceTypes(data: IamData, arn: ParsedArn, ignore?: ArnFieldName): { type: ResourceTypeInfo; format: ArnFormat }[] {
  if (arn.service.wild || arn.service.uncertain) return [];
  const out: { type: ResourceTypeInfo; format: ArnFormat }[] = [];
  const service = arn.service.text.toLowerCase();
  const region = ignore !== 'region' && !arn.region.uncertain;
  const account = ignore !== 'account' && !arn.account.uncertain;
  const resource = ignore !== 'resource' && !arn.resource.uncertain;
  // A service's formats mostly repeat their Region and account fields (`${Region}`, `${Account}`,
  // empty): the answer for the previous type's field is reused when the template text is the same.
  let regionT: string | undefined;
  let regionV = false;
  let accountT: string | undefined;
  let accountV = false;
  for (const prefix of servicesForArnSegment(data, arn.service.text)) {
    for (const { type: rt, format: f, service: fs } of splitFormats(data.listResourceTypes(prefix))) {
      if (fs !== service) continue;
      if (region) {
        if (f.region !== regionT) regionV = templateMayMatch(arn.region.text, (regionT = f.region));
        if (!regionV) continue;
      }
      if (account) {
        if (f.account !== accountT) accountV = templateMayMatch(arn.account.text, (accountT = f.account));
        if (!accountV) continue;
      }
      if (resource && !templateMayMatch(arn.resource.text, f.resource)) continue;
      out.push({ type: rt, format: f });
    }
  }
  return out;
}

/**
 * Whether some resource type of this ARN service segment has a Region field other than empty or
 * `*` in its ARN format, i.e. whether an ARN of the segment can need a Region (memoised per data
 * instance and segment). MISSING_ARN_REGION asks it before matching every type of the service.
 */
export function arnSegmentMayNeedRegion(data: IamData, segment: string): boolean {
  let bySegment = needsRegionCache.get(data);
  if (!bySegment) needsRegionCache.set(data, (bySegment = new Map()));
  let v = bySegment.get(segment);
  if (v === undefined) {
    const service = segment.toLowerCase();
    v = false;
    for (const prefix of servicesForArnSegment(data, segment)) {
      for (const { format: f, service: fs } of splitFormats(data.listResourceTypes(prefix))) {
        if (fs === service && f.region !== '' && f.region !== '*') v = true;
      }
    }
    if (bySegment.size >= 4096) bySegment.clear();
    bySegment.set(segment, v);
  }
  return v;
}
const needsRegionCache = new WeakMap<IamData, Map<string, boolean>>();

/** A service's resource types with their split ARN formats (lower-cased service segment), per shared type list. */
function splitFormats(types: readonly ResourceTypeInfo[]): readonly { type: ResourceTypeInfo; format: ArnFormat; service: string }[] {
  let out = splitFormatsCache.get(types);
  if (!out) {
    const list: { type: ResourceTypeInfo; format: ArnFormat; service: string }[] = [];
    for (const type of types) {
      const format = splitArnFormat(type.arn);
      if (format) list.push({ type, format, service: format.service.toLowerCase() });
    }
    splitFormatsCache.set(types, (out = list));
  }
  return out;
}
const splitFormatsCache = new WeakMap<readonly ResourceTypeInfo[], readonly { type: ResourceTypeInfo; format: ArnFormat; service: string }[]>();

/**
 * Whether a Region code looks like a real one we do not know yet (a newer Region of a known
 * area, e.g. `us-east-3`): such codes are not reported, since the Region list may lag behind AWS.
 */
export function isPlausibleNewRegion(region: string): boolean {
  const dash = region.lastIndexOf('-');
  if (dash <= 0) return false;
  const num = region.slice(dash + 1);
  if (!num || [...num].some((c) => c < '0' || c > '9')) return false;
  const area = region.slice(0, dash);
  return REGION_AREAS.has(area);
}

const REGION_AREAS = new Set([...REGION_PARTITION.keys()].map((r) => r.slice(0, r.lastIndexOf('-'))));
