/**
 * Suppressions, applied once in the facade's `validate` so the CLI and the editor agree:
 * - a comment on the line before a finding, in the host's own comment syntax:
 *   `# iam-policy-lint-disable-next-line CODE[,CODE]` (CloudFormation YAML, CDK Python) or
 *   `// iam-policy-lint-disable-next-line CODE` (CDK TypeScript/JavaScript); without codes it
 *   suppresses every finding on that line. Text after ` -- ` is a free comment (the reason);
 * - CloudFormation's resource Metadata, as cfn-lint users know it:
 *   `Metadata: { iam-policy-lint: { ignore_checks: [CODE] } }` silences the codes for every policy
 *   of that resource (YAML and JSON templates);
 * - the project config's `ignoreSids` (settings.ignoreSids): codes not reported inside a statement
 *   with that Sid (the way for JSON policy files, which have no comments).
 * A comment or Metadata code that suppressed nothing is reported as UNUSED_SUPPRESSION (info).
 * Comments are found by the host's lexer (hostComments.ts): the marker inside a string is data.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LineIndex, knownString, type ParseResult, type Span, type TextEdit } from '../model';
import { clampSpan, SOURCE, type PolicyDiagnostic } from '../model/diagnostics';
import { CHECKS, effectiveSeverity, getCheck, type RuleConfig } from '../checks/registry';
import { closest } from '../data/editDistance';
import { cdkLanguageOf } from '../adapters/cdk';
import type { HostDocument } from '../adapters';
import type { DiagnosticRef } from '../features/codeActions';
import { hostComments, yamlCommentSites, type CommentSyntax } from './hostComments';

export const UNUSED_SUPPRESSION = 'UNUSED_SUPPRESSION';
export const DISABLE_NEXT_LINE = 'iam-policy-lint-disable-next-line';
export const METADATA_KEY = 'iam-policy-lint';
export const METADATA_LIST = 'ignore_checks';

/** One suppressed code as written: where (for the unused report) and what it covers. */
interface SuppressionEntry {
  /** The code, or '*' for a comment without codes. */
  code: string;
  span: Span;
  used: boolean;
}

interface LineSuppression {
  kind: 'line';
  /** 0-based line whose findings it suppresses. */
  line: number;
  entries: SuppressionEntry[];
}

interface ResourceSuppression {
  kind: 'resource';
  logicalId: string;
  /** The resource's value in the template (findings of the parser without a policy inside it count too). */
  span: Span;
  entries: SuppressionEntry[];
}

type Suppression = LineSuppression | ResourceSuppression;

/** The comment syntax of a parsed document, or undefined when its host has no comments (JSON). */
export function commentSyntaxOf(doc: HostDocument, parse: ParseResult): CommentSyntax | undefined {
  if (parse.format === 'cfn-yaml') return 'yaml';
  if (parse.format === 'cdk' || parse.format.startsWith('cdk-')) {
    const lang = cdkLanguageOf(doc);
    return lang === 'python' ? 'hash' : lang ? 'slash' : undefined;
  }
  return undefined;
}

const COMMENT_RE = /^(?:#|\/\/|\/\*)\s*iam-policy-lint-disable-next-line(?=\s|\*\/|$)/;

function commentSuppressions(text: string, syntax: CommentSyntax, lines: LineIndex): LineSuppression[] {
  const out: LineSuppression[] = [];
  for (const c of hostComments(text, syntax)) {
    const m = COMMENT_RE.exec(c.text);
    if (!m) continue;
    let body = c.text.slice(m[0].length);
    if (body.endsWith('*/')) body = body.slice(0, -2);
    const reason = body.search(/\s--\s|\s--$/);
    if (reason >= 0) body = body.slice(0, reason);
    const entries: SuppressionEntry[] = [];
    const re = /[^\s,]+/g;
    for (let t = re.exec(body); t; t = re.exec(body)) entries.push({ code: t[0], span: { offset: c.offset + m[0].length + t.index, length: t[0].length }, used: false });
    if (!entries.length) entries.push({ code: '*', span: { offset: c.offset, length: c.text.length }, used: false });
    out.push({ kind: 'line', line: lines.positionAt(c.offset).line + 1, entries });
  }
  return out;
}

function yamlEntries(list: YamlNode | null | undefined): SuppressionEntry[] {
  const entries: SuppressionEntry[] = [];
  const items = isSeq(list) ? list.items : list ? [list] : [];
  for (const it of items) {
    if (isScalar(it) && typeof it.value === 'string' && it.range) entries.push({ code: it.value, span: { offset: it.range[0], length: it.range[1] - it.range[0] }, used: false });
  }
  return entries;
}

function yamlMetadata(text: string): ResourceSuppression[] {
  const out: ResourceSuppression[] = [];
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  } catch {
    return out;
  }
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  if (!isMap(resources)) return out;
  for (const pair of resources.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const res = pair.value;
    if (!id || !isMap(res) || !res.range) continue;
    const meta = res.get('Metadata', true);
    const own = isMap(meta) ? meta.get(METADATA_KEY, true) : undefined;
    const list = isMap(own) ? (own.get(METADATA_LIST, true) as YamlNode | undefined) : undefined;
    const entries = yamlEntries(list);
    if (entries.length) out.push({ kind: 'resource', logicalId: id, span: { offset: res.range[0], length: res.range[1] - res.range[0] }, entries });
  }
  return out;
}

function jsonMetadata(text: string): ResourceSuppression[] {
  const out: ResourceSuppression[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true });
  } catch {
    return out;
  }
  const resources = root && findNodeAtLocation(root, ['Resources']);
  if (!resources || resources.type !== 'object') return out;
  for (const prop of resources.children ?? []) {
    const [key, res] = prop.children ?? [];
    if (!key || !res || res.type !== 'object') continue;
    const list = findNodeAtLocation(res, ['Metadata', METADATA_KEY, METADATA_LIST]);
    const items = list?.type === 'array' ? (list.children ?? []) : list ? [list] : [];
    const entries = items.filter((n) => n.type === 'string').map((n) => ({ code: String(n.value), span: { offset: n.offset, length: n.length }, used: false }));
    if (entries.length) out.push({ kind: 'resource', logicalId: String(key.value), span: { offset: res.offset, length: res.length }, entries });
  }
  return out;
}

function findSuppressions(doc: HostDocument, parse: ParseResult, lines: LineIndex): Suppression[] {
  const text = doc.text;
  if (!text.includes('iam-policy-lint')) return [];
  const out: Suppression[] = [];
  const syntax = commentSyntaxOf(doc, parse);
  if (syntax && text.includes(DISABLE_NEXT_LINE)) out.push(...commentSuppressions(text, syntax, lines));
  if (text.includes(METADATA_LIST)) {
    if (parse.format === 'cfn-yaml') out.push(...yamlMetadata(text));
    else if (parse.format === 'cfn-json') out.push(...jsonMetadata(text));
  }
  return out;
}

function entryFor(entries: SuppressionEntry[], code: string): SuppressionEntry | undefined {
  return entries.find((e) => e.code === code || e.code === '*');
}

function nearest(code: string): string {
  const near = closest(code, CHECKS.map((c) => c.code), 1)[0];
  return near ? ` (did you mean "${near}"?)` : '';
}

/** The Sid of the statement of a policy in `parse` that holds `offset`, if any. */
function sidAt(parse: ParseResult, offset: number): string | undefined {
  for (const p of parse.policies) {
    const r = p.root.span;
    if (offset < r.offset || offset > r.offset + r.length) continue;
    for (const st of p.statements) {
      const s = st.node.span;
      if (offset >= s.offset && offset <= s.offset + s.length) return st.sid ? knownString(st.sid.value) : undefined;
    }
  }
  return undefined;
}

/**
 * Drops the suppressed diagnostics and adds UNUSED_SUPPRESSION for each comment or Metadata code
 * that suppressed nothing (its severity from the rules; off turns the report off). Cheap when the
 * text names no suppression and no Sid rule applies: the diagnostics come back as they were.
 */
export function applySuppressions(doc: HostDocument, parse: ParseResult, diagnostics: PolicyDiagnostic[], rules: RuleConfig | undefined, ignoreSids: Record<string, readonly string[]> | undefined): PolicyDiagnostic[] {
  const hasSids = !!ignoreSids && Object.keys(ignoreSids).length > 0;
  if (!hasSids && !doc.text.includes('iam-policy-lint')) return diagnostics;
  const lines = new LineIndex(doc.text);
  const sups = findSuppressions(doc, parse, lines);
  if (!sups.length && !hasSids) return diagnostics;
  const byLine = new Map<number, LineSuppression[]>();
  for (const s of sups) if (s.kind === 'line') byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
  const resources = sups.filter((s): s is ResourceSuppression => s.kind === 'resource');
  const kept: PolicyDiagnostic[] = [];
  for (const d of diagnostics) {
    let suppressed = false;
    for (const s of byLine.get(lines.positionAt(d.span.offset).line) ?? []) {
      const e = entryFor(s.entries, d.code);
      if (e) {
        e.used = true;
        suppressed = true;
      }
    }
    for (const r of resources) {
      const inside = d.policy ? d.policy.hostPath[0] === 'Resources' && d.policy.hostPath[1] === r.logicalId : d.span.offset >= r.span.offset && d.span.offset < r.span.offset + r.span.length;
      const e = inside ? entryFor(r.entries, d.code) : undefined;
      if (e) {
        e.used = true;
        suppressed = true;
      }
    }
    if (!suppressed && hasSids && d.policy) {
      const sid = sidAt(parse, d.span.offset);
      const codes = sid !== undefined ? ignoreSids![sid] : undefined;
      if (codes && (codes.includes(d.code) || codes.includes('*'))) suppressed = true;
    }
    if (!suppressed) kept.push(d);
  }
  const severity = effectiveSeverity(UNUSED_SUPPRESSION, rules);
  if (severity) {
    for (const s of sups) {
      for (const e of s.entries) {
        if (e.used) continue;
        const known = e.code === '*' || !!getCheck(e.code);
        const where = s.kind === 'line' ? 'on the next line' : `in resource ${s.logicalId}`;
        const message = known
          ? e.code === '*'
            ? `Unused suppression: no finding ${where}.`
            : `Unused suppression: no ${e.code} finding ${where}.`
          : `Unused suppression: "${e.code}" is not a known check code${nearest(e.code)}.`;
        kept.push({ code: UNUSED_SUPPRESSION, message, severity, span: clampSpan(e.span, doc.text.length), source: SOURCE, origin: 'check', href: getCheck(UNUSED_SUPPRESSION)?.docs });
      }
    }
  }
  return kept;
}

// ---- the quick fix: "Suppress CODE on this line" -----------------------------------------------

/** At most this many "Suppress …" actions per request. */
const MAX_SUPPRESS_ACTIONS = 10;

export interface SuppressionAction {
  id: string;
  title: string;
  kind: 'quickfix';
  diagnostics: DiagnosticRef[];
  safe: false;
  edits: TextEdit[];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A comment line above the diagnostic's line, in the host's style; appended to an existing one for that line. */
function commentEdit(text: string, syntax: CommentSyntax, d: DiagnosticRef): TextEdit | undefined {
  const start = lineStartOf(text, d.span.offset);
  const indent = /^[ \t]*/.exec(text.slice(start, start + 200))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const marker = syntax === 'slash' ? '//' : '#';
  // Already a suppression on the line above: add the code to it.
  if (start > 0) {
    const prevStart = lineStartOf(text, start - 1);
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = new RegExp(`^([ \\t]*${marker === '//' ? '\\/\\/' : '#'}\\s*${DISABLE_NEXT_LINE}\\s+[^\\s]+?)(\\s+--.*)?$`).exec(prev);
    if (m) return { offset: prevStart + m[1].length, length: 0, newText: `,${d.code}` };
  }
  return { offset: start, length: 0, newText: `${indent}${marker} ${DISABLE_NEXT_LINE} ${d.code}${eol}` };
}

/** Whether the edited text has the suppression as a real comment (not inside a block scalar or a string). */
function isRealComment(text: string, syntax: CommentSyntax, edit: TextEdit, code: string, yamlSites: () => ReturnType<typeof yamlCommentSites>): boolean {
  if (syntax === 'yaml') {
    // Sure from one lex of the unedited text (the common case): a new comment line where a line
    // starts in the lexer's reading, or a code appended to a comment that is one. Otherwise (inside
    // a flow collection, next to a block scalar) the edited text is lexed to decide.
    const sites = yamlSites();
    if (edit.length === 0 && edit.newText.endsWith('\n') && !edit.newText.slice(0, -1).includes('\n') && sites.lineStarts.has(edit.offset)) return true;
    if (edit.length === 0 && !/[\r\n]/.test(edit.newText)) {
      const start = lineStartOf(text, edit.offset);
      if (sites.comments.some((c) => c.offset >= start && c.offset < edit.offset && COMMENT_RE.test(c.text) && c.offset + c.text.length >= edit.offset)) return true;
    }
  }
  const next = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
  const at = lineStartOf(next, edit.offset + Math.max(0, edit.newText.length - 1));
  return hostComments(next, syntax).some((c) => c.offset >= at - 1 && c.offset <= edit.offset + edit.newText.length && COMMENT_RE.test(c.text) && c.text.includes(code));
}

/** Metadata entry for a JSON template's resource: appended to an existing ignore_checks list or added as the resource's first key. */
function jsonMetadataEdit(text: string, logicalId: string, code: string): TextEdit | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const res = root && findNodeAtLocation(root, ['Resources', logicalId]);
  if (!res || res.type !== 'object') return undefined;
  const list = findNodeAtLocation(res, ['Metadata', METADATA_KEY, METADATA_LIST]);
  if (list?.type === 'array') {
    const items = list.children ?? [];
    const last = items[items.length - 1];
    return last ? { offset: last.offset + last.length, length: 0, newText: `, ${JSON.stringify(code)}` } : { offset: list.offset + 1, length: 0, newText: JSON.stringify(code) };
  }
  if (findNodeAtLocation(res, ['Metadata'])) return undefined; // a Metadata object of its own: not rewritten here
  const firstKey = res.children?.[0];
  const entry = `"Metadata": { "${METADATA_KEY}": { "${METADATA_LIST}": [${JSON.stringify(code)}] } }`;
  if (!firstKey) return { offset: res.offset + 1, length: 0, newText: ` ${entry} ` };
  const keyStart = firstKey.offset;
  const lineStart = lineStartOf(text, keyStart);
  const between = text.slice(lineStart, keyStart);
  if (/^[ \t]*$/.test(between)) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { offset: keyStart, length: 0, newText: `${entry},${eol}${between}` };
  }
  return { offset: keyStart, length: 0, newText: `${entry}, ` };
}

/**
 * "Suppress CODE on this line" for each diagnostic of the request (not for our own
 * UNUSED_SUPPRESSION): a comment in the host's style above the finding's line, or, for a
 * CloudFormation JSON template (no comments), the resource's Metadata entry. Never safe (fix-all
 * never suppresses).
 */
/** The comment sites of the last YAML text asked about: an editor asks for code actions on every cursor move. */
let lastSites: { text: string; sites: ReturnType<typeof yamlCommentSites> } | undefined;

export function suppressionActions(doc: HostDocument, parse: ParseResult, diagnostics: readonly DiagnosticRef[]): SuppressionAction[] {
  const out: SuppressionAction[] = [];
  const syntax = commentSyntaxOf(doc, parse);
  const seen = new Set<string>();
  // A YAML text is lexed once (kept for the next request on the same text), and only when an action needs it.
  const yamlSites = (): ReturnType<typeof yamlCommentSites> => {
    if (lastSites?.text !== doc.text) lastSites = { text: doc.text, sites: yamlCommentSites(doc.text) };
    return lastSites.sites;
  };
  for (const d of diagnostics) {
    // Each action proves its comment is one (a YAML text: one lex per request; others: a scan of the edited text): a few per request (a selection can carry hundreds).
    if (out.length >= MAX_SUPPRESS_ACTIONS) break;
    if (d.code === UNUSED_SUPPRESSION || seen.has(`${d.code}@${d.span.offset}`)) continue;
    seen.add(`${d.code}@${d.span.offset}`);
    let edit: TextEdit | undefined;
    let title = `Suppress ${d.code} on this line`;
    if (syntax) {
      edit = commentEdit(doc.text, syntax, d);
      if (edit && !isRealComment(doc.text, syntax, edit, d.code, yamlSites)) edit = undefined;
    }
    if (!edit && parse.format === 'cfn-json') {
      const hostPath = parse.policies.find((p) => d.span.offset >= p.root.span.offset && d.span.offset <= p.root.span.offset + p.root.span.length)?.hostPath;
      if (hostPath && hostPath[0] === 'Resources' && typeof hostPath[1] === 'string') {
        edit = jsonMetadataEdit(doc.text, hostPath[1], d.code);
        title = `Suppress ${d.code} in resource ${hostPath[1]} (Metadata)`;
      }
    }
    if (edit) out.push({ id: `suppress:${d.code}@${d.span.offset}`, title, kind: 'quickfix', diagnostics: [d], safe: false, edits: [edit] });
  }
  return out;
}
