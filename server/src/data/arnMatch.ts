import type { ResourceTypeInfo } from './iamData';
import { parseArn, type ParsedArn } from './arnParse';
import { intersects, MAX_LEN, templateElems, userElems, type Elem } from './arnPattern';

/**
 * Matching user ARN fields against the resource-type ARN formats of the reference data
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), strict and loose, memoised (data/arn.ts
 * re-exports it).
 */

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
    v = intersects(lowerUserElems(userText), t.elems);
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
 * `userElems(text, true)` of the text asked last, kept: callers match one ARN field against many
 * templates in a row (every resource format of a service), so only the first of them reads the
 * text into elements. Exact: the elements of a text never change, and intersects() only reads them.
 * It holds one text (and so at most the one document that text was sliced from) until the next call.
 */
function lowerUserElems(text: string): Elem[] {
  if (text !== lastUserText) {
    lastUserElems = userElems(text, true);
    lastUserText = text;
  }
  return lastUserElems;
}
let lastUserText = '';
let lastUserElems: Elem[] = [];

/**
 * Whether a user text and a template both begin with a literal ASCII character and these differ
 * (case-insensitively): then intersects() would answer false at its first element. Only the plain
 * case is judged (a `*`, `?`, `$` or non-ASCII first character, an empty side or a text too long
 * to match is left to the full match).
 */
export function firstLiteralsDiffer(userText: string, template: string): boolean {
  const u = literalCode(userText, true);
  if (u < 0) return false;
  const t = literalCode(template, false);
  return t >= 0 && u !== t;
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
  return intersects(lowerUserElems(userText), te);
}

const looseTemplateCache = new Map<string, Elem[]>();

/** `templates.some((t) => templateMayMatchLoosely(userText, t))`, the user text read into elements once. */
export function someTemplateMayMatchLoosely(userText: string, templates: readonly string[]): boolean {
  return someLooseTemplateMatches(userText, looseTemplates(templates));
}

/**
 * A list of templates read for loose matching once (a caller that matches many texts against the
 * same list keeps it): each template's elements, and the lower-case ASCII code of its first
 * character when that is a literal (-1 otherwise), to refuse a text that begins with another
 * literal without a match.
 */
export interface LooseTemplates {
  readonly elems: readonly Elem[][];
  readonly first: readonly number[];
}

export function looseTemplates(templates: readonly string[]): LooseTemplates {
  const elems: Elem[][] = [];
  const first: number[] = [];
  for (let i = 0; i < templates.length; i++) {
    const template = templates[i];
    let te = looseTemplateCache.get(template);
    if (!te) {
      te = templateElems(template, true, true);
      if (looseTemplateCache.size > 20000) looseTemplateCache.clear();
      looseTemplateCache.set(template, te);
    }
    elems.push(te);
    first.push(literalCode(template, false));
  }
  return { elems, first };
}

/**
 * The lower-case code of a pattern's first character when intersects() reads it as an ASCII
 * literal, else -1 (`*`, `$`, non-ASCII, empty, too long to judge; `?` too on the user side):
 * a user text and a template whose codes are both ≥ 0 and differ cannot match (firstLiteralsDiffer
 * with each side's code read once).
 */
export function literalCode(text: string, user: boolean): number {
  if (text.length === 0 || text.length > MAX_LEN) return -1;
  const c = text.charCodeAt(0);
  if (c >= 128 || c === 42 /* * */ || c === 36 /* $ */ || (user && c === 63) /* ? */) return -1;
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** `someTemplateMayMatchLoosely` over a prepared list: templates whose first literal differs from the text's are refused without a match. */
export function someLooseTemplateMatches(userText: string, templates: LooseTemplates): boolean {
  const elems = templates.elems;
  if (elems.length === 0) return false;
  const first = templates.first;
  const u = literalCode(userText, true);
  let ue: Elem[] | undefined;
  for (let k = 0; k < elems.length; k++) {
    const t = first[k];
    if (u >= 0 && t >= 0 && u !== t) continue;
    if (intersects((ue ??= lowerUserElems(userText)), elems[k])) return true;
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
  const c = formatColons(format);
  if (c === undefined) return undefined;
  return { partition: format.slice(c[0] + 1, c[1]), service: format.slice(c[1] + 1, c[2]), region: format.slice(c[2] + 1, c[3]), account: format.slice(c[3] + 1, c[4]), resource: format.slice(c[4] + 1) };
}

/**
 * `splitArnFormat(format)?.service`, uncached and without slicing the other fields (for a caller
 * that reads every format of the data once; scripts/build-data.mjs reads formats the same way).
 */
export function formatServiceSegment(format: string): string | undefined {
  const c = formatColons(format);
  return c === undefined ? undefined : format.slice(c[1] + 1, c[2]);
}

/** The positions of the first five colons outside `${…}` (reused array), or undefined when there are fewer. */
const colons = [0, 0, 0, 0, 0];

/**
 * The first five colons of a reference-data ARN format outside its `${…}` placeholders (nested ones
 * counted; a `}` outside any is plain text), found by indexOf: a colon with no `${` before it since
 * the last one is outside; otherwise the placeholder is skipped to its closing brace first.
 * Undefined when there are fewer than five (the format has fewer than six fields).
 */
function formatColons(format: string): readonly number[] | undefined {
  let n = 0;
  let i = 0;
  const len = format.length;
  while (n < 5) {
    const c = format.indexOf(':', i);
    if (c < 0) return undefined;
    const d = format.indexOf('${', i);
    if (d < 0 || d > c) {
      colons[n++] = c;
      i = c + 1;
      continue;
    }
    // A placeholder opens before the colon: find where it closes (colons inside do not count).
    let depth = 1;
    let j = d + 2;
    for (; j < len; j++) {
      const ch = format.charCodeAt(j);
      if (ch === 36 /* $ */ && format.charCodeAt(j + 1) === 123 /* { */) depth++;
      else if (ch === 125 /* } */ && --depth === 0) break;
    }
    if (j >= len) return undefined; // never closed: no colon after it is outside
    i = j + 1;
  }
  return colons;
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
  return !!f && arnMatchesSplitFormat(arn, f);
}

/** arnMatchesFormat with the format already split (splitArnFormat). */
export function arnMatchesSplitFormat(arn: ParsedArn, f: ArnFormat): boolean {
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
