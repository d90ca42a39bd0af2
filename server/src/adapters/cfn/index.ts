import { LIMITS, formatCount, limitProblem, type HostReference, type HostSymbol, type ParseProblem, type ParseResult, type PolicyDocument, type Span } from '../../model';
import { mayHaveTopLevelKey, parseJson } from '../json/jsonTree';
import type { Adapter, HostDocument } from '../types';
import { isTemplate, templatePolicies, templatePolicySteps } from './template';
import { hostSymbols } from './references';
import { giveWayToRequests, parseYamlIncremental, pieceAround, releaseYamlPieces, warmYamlPieces } from './yamlChunks';
import { guardedRenderer, yamlRenderer } from './yamlEdits';
import { createJsonEditRenderer } from '../json/jsonEdits';
import { CFN_JSON_SUPPRESSIONS, CFN_YAML_SUPPRESSIONS } from './comments';

/**
 * CloudFormation / SAM templates in YAML and JSON. Both adapters build the raw template tree in
 * their own syntax and hand it to template.ts, which knows resources, policy locations and
 * intrinsic functions but not the host syntax.
 */

function pathOf(uri: string): string {
  return uri.split(/[?#]/)[0];
}

const YAML_FILE = /\.(ya?ml|template)$/i;
const JSON_FILE = /\.(json|template)$/i;
/** Cheap pre-checks so plain policy files and other YAML never pay for a template parse. */
const YAML_HINT = /(^|\n)['"]?(AWSTemplateFormatVersion|Resources|Transform)['"]?[ \t]*:/;
const JSON_HINT = /"(AWSTemplateFormatVersion|Resources)"\s*:/;
const TEMPLATE_KEYS = ['AWSTemplateFormatVersion', 'Resources'];

function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/**
 * How long reading ahead runs before it gives way (setImmediate): a request that arrives meanwhile
 * waits at most about this long (a few milliseconds for completion while a large template is read).
 */
const WARM_SLICE_MS = 3;

export const cfnYamlAdapter: Adapter = {
  id: 'cfn-yaml',
  suppressions: () => CFN_YAML_SUPPRESSIONS,
  accepts(doc: HostDocument): boolean {
    if (doc.languageId === 'yaml') return true;
    if (doc.languageId && doc.languageId !== 'plaintext') return false;
    return YAML_FILE.test(pathOf(doc.uri)) && !(/\.template$/i.test(pathOf(doc.uri)) && looksLikeJson(doc.text));
  },
  release: (uri: string) => releaseYaml(uri),
  /**
   * A large template's pieces are read ahead, a few milliseconds at a time (see warmYamlPieces), and
   * then its parse is built a few resources at a time (`preparedParse`), so that neither holds the
   * event loop for long; `parse` of the same text takes that result. Not a resource: always ready.
   */
  async prepare(doc: HostDocument): Promise<boolean> {
    // An unchanged text (a revalidation, a pull of diagnostics) was parsed already: the facade keeps that parse.
    if (doc.text.length >= 20000 && lastParsed.get(doc.uri) !== doc.text && YAML_HINT.test(doc.text)) {
      await warmYamlPieces(readPart(doc.text), doc.uri, { sliceMs: WARM_SLICE_MS });
      await preparedParse(doc);
    }
    return true;
  },
  /**
   * The policies of the resource around `offset` in a large template, from that resource alone (its
   * piece, read ahead or read now): what completion and hover use while the whole template is still
   * being read, so they never wait for it. Provisional (`pending`: never kept as the document's parse). Parameters and other resources are not seen (a `!Ref`
   * to a parameter stays unknown, host references list nothing); the full parse replaces it.
   */
  parseAround(doc: HostDocument, offset: number): ParseResult | undefined {
    if (doc.text.length < 20000 || !YAML_HINT.test(doc.text)) return undefined;
    const text = readPart(doc.text);
    if (offset > text.length) return undefined;
    const piece = pieceAround(text, offset, doc.uri);
    if (!piece) return undefined;
    const t = templatePolicies(piece.root, doc.text);
    return { format: 'cfn-yaml', policies: t.policies, problems: [...piece.problems, ...t.problems], renderer: yamlRenderer(doc.text), symbols: hostSymbols(t.symbols), references: t.references, pending: true };
  },
  parse(doc: HostDocument): ParseResult | undefined {
    if (doc.text.length >= 20000) noteParsed(doc);
    const ready = prepared.get(doc.uri);
    if (ready?.result && ready.text === doc.text) {
      prepared.delete(doc.uri); // handed over once: the facade keeps the parse of the document's text
      return ready.result.value;
    }
    const steps = yamlTemplateSteps(doc);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  },
};

/** The cfn-yaml parse, one template resource per step (reading the YAML is the first step). */
function* yamlTemplateSteps(doc: HostDocument): Generator<void, ParseResult | undefined, void> {
  if (!YAML_HINT.test(doc.text)) return undefined;
  // Beyond LIMITS.maxYamlChars only a prefix that ends before a top-level key or a resource is read.
  const text = readPart(doc.text);
  const cut = text.length;
  const tree = parseYamlIncremental(text, doc.uri);
  const policies: PolicyDocument[] = [];
  const problems: ParseProblem[] = [];
  let anyTemplate = false;
  const symbols: HostSymbol[] = [];
  const references: HostReference[] = [];
  for (const { root } of tree.roots) {
    if (!isTemplate(root)) continue;
    anyTemplate = true;
    const t = yield* templatePolicySteps(root, doc.text);
    policies.push(...t.policies.filter((p) => !runsIntoSkipped(p, tree.skipped, doc.text)));
    problems.push(...t.problems);
    symbols.push(...hostSymbols(t.symbols));
    references.push(...t.references);
  }
  // A broken file that says it is a template still gets its syntax errors.
  if (!anyTemplate && !/(^|\n)['"]?AWSTemplateFormatVersion['"]?[ \t]*:/.test(doc.text)) return undefined;
  problems.unshift(...tree.problems);
  if (cut < doc.text.length) {
    const line = doc.text.slice(0, cut).split('\n').length;
    problems.push(limitProblem(`This YAML document has ${formatCount(doc.text.length)} characters; only the first ${formatCount(cut)} (up to line ${formatCount(line)}) were read and checked.`, { offset: cut, length: 0 }));
  }
  return { format: 'cfn-yaml', policies, problems, renderer: yamlRenderer(doc.text), symbols, references };
}

/**
 * The parse `prepare` built ahead for a document's text (`result` once it is complete), until
 * `parse` takes it, a newer text is prepared or the document is released. At most one per open
 * large template: the facade would keep that parse anyway.
 */
const prepared = new Map<string, { text: string; done: Promise<void>; result?: { value: ParseResult | undefined } }>();

/**
 * The text each document was last parsed with (the last few documents): a prepare of that text
 * again (a revalidation, a pull of diagnostics) does not build the parse again, since the facade
 * keeps the parse of an unchanged text.
 */
const lastParsed = new Map<string, string>();
const MAX_LAST_PARSED = 16;

function noteParsed(doc: HostDocument): void {
  lastParsed.delete(doc.uri);
  lastParsed.set(doc.uri, doc.text);
  for (const uri of lastParsed.keys()) if (lastParsed.size > MAX_LAST_PARSED) lastParsed.delete(uri); // oldest first
}

/** Builds the parse of a large template in slices (`WARM_SLICE_MS`, three event-loop turns between slices); shared by concurrent callers of the same text. */
function preparedParse(doc: HostDocument): Promise<void> {
  const running = prepared.get(doc.uri);
  if (running && running.text === doc.text) return running.done;
  if (lastParsed.get(doc.uri) === doc.text) return Promise.resolve(); // parsed already: the facade has it
  const me: { text: string; done: Promise<void>; result?: { value: ParseResult | undefined } } = { text: doc.text, done: Promise.resolve() };
  prepared.set(doc.uri, me);
  me.done = (async () => {
    const steps = yamlTemplateSteps(doc);
    let start = Date.now();
    for (;;) {
      const r = steps.next();
      if (r.done) {
        if (prepared.get(doc.uri) === me) me.result = { value: r.value };
        return;
      }
      if (Date.now() - start >= WARM_SLICE_MS) {
        await giveWayToRequests();
        if (prepared.get(doc.uri) !== me) return; // a newer text, or the document was closed: the parse that follows reads it
        start = Date.now();
      }
    }
  })();
  return me.done;
}

/** How many prepared parses are kept, and how many of them are complete (tests and diagnosis). */
export function preparedParseStats(): { documents: number; ready: number } {
  let ready = 0;
  for (const p of prepared.values()) if (p.result) ready++;
  return { documents: prepared.size, ready };
}

/** Forgets a document's pieces and prepared parse (the editor closed it). */
function releaseYaml(uri: string): void {
  prepared.delete(uri);
  lastParsed.delete(uri);
  releaseYamlPieces(uri);
}

/** The part of a YAML document that is read (all of it up to LIMITS.maxYamlChars). */
function readPart(text: string): string {
  return text.length > LIMITS.maxYamlChars ? text.slice(0, yamlCut(text, LIMITS.maxYamlChars)) : text;
}

/**
 * Where to cut a YAML document that is longer than `max`: at the start of the last line within
 * `max` that begins a top-level key or an entry of `Resources` (so no resource is read in half),
 * else at the last line break within `max`, else at `max`.
 */
export function yamlCut(text: string, max: number): number {
  const res = /(?:^|\n)Resources[ \t]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( +)[^\s#-]/.exec(text.slice(0, max));
  const resIndent = res ? res[1].length : -1;
  let lastBreak = -1;
  for (let nl = text.lastIndexOf('\n', max - 1); nl > 0; nl = text.lastIndexOf('\n', nl - 1)) {
    const start = nl + 1;
    if (lastBreak < 0) lastBreak = start;
    let i = start;
    while (text.charCodeAt(i) === 32) i++;
    const c = text[i];
    if (c === undefined || c === '\n' || c === '\r' || c === '#' || c === '-' || c === ' ' || c === '\t') continue;
    if (i - start === 0 || i - start === resIndent) return start;
  }
  return lastBreak > 0 ? lastBreak : max;
}

/**
 * A policy whose text runs into a region the YAML reader left out to get past a syntax error:
 * the region starts inside the policy's span or right after it (only whitespace between). Such a
 * policy is incomplete; checking it would only add follow-ons to the syntax error.
 */
function runsIntoSkipped(policy: PolicyDocument, skipped: readonly Span[] | undefined, text: string): boolean {
  if (!skipped?.length) return false;
  const { offset, length } = policy.root.span;
  const end = offset + length;
  return skipped.some((r) => r.offset >= offset && (r.offset <= end || text.slice(end, r.offset).trim() === ''));
}

export const cfnJsonAdapter: Adapter = {
  id: 'cfn-json',
  suppressions: () => CFN_JSON_SUPPRESSIONS,
  accepts(doc: HostDocument): boolean {
    if (doc.languageId === 'json' || doc.languageId === 'jsonc') return true;
    return JSON_FILE.test(pathOf(doc.uri)) && (!/\.template$/i.test(pathOf(doc.uri)) || looksLikeJson(doc.text));
  },
  parse(doc: HostDocument): ParseResult | undefined {
    // A large file is scanned for top-level template keys before any tree is built.
    if (!JSON_HINT.test(doc.text) || !mayHaveTopLevelKey(doc.text, TEMPLATE_KEYS)) return undefined;
    const { root: value, problems } = parseJson(doc.text);
    if (!isTemplate(value)) return undefined;
    const t = templatePolicies(value, doc.text);
    return {
      format: 'cfn-json',
      policies: t.policies,
      problems: [...problems, ...t.problems],
      renderer: guardedRenderer(createJsonEditRenderer(doc.text)),
      symbols: hostSymbols(t.symbols),
      references: t.references,
    };
  },
};
