/**
 * Suppressions, applied once in the facade's `validate` so the CLI and the editor agree:
 * - a comment on the line before a finding, in the host's own comment syntax:
 *   `# iam-policy-lint-disable-next-line CODE[,CODE]` (CloudFormation YAML, CDK Python) or
 *   `// iam-policy-lint-disable-next-line CODE` (CDK TypeScript/JavaScript, Java, C#, Go); without
 *   codes it suppresses every finding on that line. Text after ` -- ` is a free comment (the reason);
 * - a host's own metadata for a region, e.g. CloudFormation's resource
 *   `Metadata: { iam-policy-lint: { ignore_checks: [CODE] } }` (as cfn-lint users know it), which
 *   silences the codes for every policy of that resource;
 * - the project config's `ignoreSids` (settings.ignoreSids): codes not reported inside a statement
 *   with that Sid (the way for JSON policy files, which have no comments).
 * A comment or metadata code that suppressed nothing is reported as UNUSED_SUPPRESSION (info).
 *
 * The host syntax is the adapters' (`HostSuppressions` in adapters/types.ts: the comment scanner —
 * the host's lexer, so a marker inside a string is data —, the line-comment marker, the metadata
 * regions and their edit); this file never names a host format (a test keeps it so).
 */
import { LineIndex, knownString, type ParseResult, type Span, type TextEdit } from '../model';
import { clampSpan, SOURCE, type PolicyDiagnostic } from '../model/diagnostics';
import { CHECKS, effectiveSeverity, getCheck, type RuleConfig } from '../checks/registry';
import { closest } from '../data/editDistance';
import { hostSuppressions, type HostCommentSyntax, type HostDocument } from '../adapters';
import type { DiagnosticRef } from '../features/codeActions';

export const UNUSED_SUPPRESSION = 'UNUSED_SUPPRESSION';
export const DISABLE_NEXT_LINE = 'iam-policy-lint-disable-next-line';

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

interface RegionSuppression {
  kind: 'region';
  /** How the unused report names the region ("resource AppRole"). */
  label: string;
  hostPath: readonly (string | number)[];
  /** The region in the host text (findings of the parser without a policy inside it count too). */
  span: Span;
  entries: SuppressionEntry[];
}

type Suppression = LineSuppression | RegionSuppression;

/** The suppression marker at the start of a comment's body (after the host's comment marker). */
const MARKER_RE = new RegExp(`^\\s*${DISABLE_NEXT_LINE}(?=\\s|$)`);

function commentSuppressions(text: string, syntax: HostCommentSyntax, lines: LineIndex): LineSuppression[] {
  const out: LineSuppression[] = [];
  for (const c of syntax.scan(text)) {
    const m = MARKER_RE.exec(c.body);
    if (!m) continue;
    let body = c.body.slice(m[0].length);
    const reason = body.search(/\s--\s|\s--$/);
    if (reason >= 0) body = body.slice(0, reason);
    const entries: SuppressionEntry[] = [];
    const re = /[^\s,]+/g;
    for (let t = re.exec(body); t; t = re.exec(body)) entries.push({ code: t[0], span: { offset: c.bodyOffset + m[0].length + t.index, length: t[0].length }, used: false });
    if (!entries.length) entries.push({ code: '*', span: { offset: c.offset, length: c.text.length }, used: false });
    out.push({ kind: 'line', line: lines.positionAt(c.offset).line + 1, entries });
  }
  return out;
}

function findSuppressions(doc: HostDocument, parse: ParseResult, lines: LineIndex): Suppression[] {
  const text = doc.text;
  if (!text.includes('iam-policy-lint')) return [];
  const host = hostSuppressions(doc, parse);
  if (!host) return [];
  const out: Suppression[] = [];
  if (host.comments && text.includes(DISABLE_NEXT_LINE)) out.push(...commentSuppressions(text, host.comments, lines));
  for (const r of host.regions?.(text) ?? []) {
    out.push({ kind: 'region', label: r.label, hostPath: r.hostPath, span: r.span, entries: r.codes.map((c) => ({ code: c.code, span: c.span, used: false })) });
  }
  return out;
}

/** Whether a policy at `hostPath` lies in the region at `region`. */
function startsWith(hostPath: readonly (string | number)[], region: readonly (string | number)[]): boolean {
  return region.length <= hostPath.length && region.every((seg, i) => hostPath[i] === seg);
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
  const regions = sups.filter((s): s is RegionSuppression => s.kind === 'region');
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
    for (const r of regions) {
      const inside = d.policy ? startsWith(d.policy.hostPath, r.hostPath) : d.span.offset >= r.span.offset && d.span.offset < r.span.offset + r.span.length;
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
        const where = s.kind === 'line' ? 'on the next line' : `in ${s.label}`;
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
function commentEdit(text: string, syntax: HostCommentSyntax, d: DiagnosticRef): TextEdit | undefined {
  const start = lineStartOf(text, d.span.offset);
  const indent = /^[ \t]*/.exec(text.slice(start, start + 200))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const marker = syntax.lineMarker;
  // Already a suppression on the line above: add the code to it.
  if (start > 0) {
    const prevStart = lineStartOf(text, start - 1);
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = new RegExp(`^([ \\t]*${escapeRegExp(marker)}\\s*${DISABLE_NEXT_LINE}\\s+[^\\s]+?)(\\s+--.*)?$`).exec(prev);
    if (m) return { offset: prevStart + m[1].length, length: 0, newText: `,${d.code}` };
  }
  return { offset: start, length: 0, newText: `${indent}${marker} ${DISABLE_NEXT_LINE} ${d.code}${eol}` };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether the edited text has the suppression as a real comment (not inside a block scalar or a string). */
function isRealComment(text: string, syntax: HostCommentSyntax, edit: TextEdit, code: string): boolean {
  if (syntax.surelyComment?.(text, edit)) return true;
  const next = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
  const at = lineStartOf(next, edit.offset + Math.max(0, edit.newText.length - 1));
  return syntax.scan(next).some((c) => c.offset >= at - 1 && c.offset <= edit.offset + edit.newText.length && MARKER_RE.test(c.body) && c.text.includes(code));
}

/**
 * "Suppress CODE on this line" for each diagnostic of the request (not for our own
 * UNUSED_SUPPRESSION): a comment in the host's style above the finding's line, or, for a host
 * without comments that has region metadata (a CloudFormation JSON template), the region's entry.
 * Never safe (fix-all never suppresses).
 */
export function suppressionActions(doc: HostDocument, parse: ParseResult, diagnostics: readonly DiagnosticRef[]): SuppressionAction[] {
  const out: SuppressionAction[] = [];
  const host = hostSuppressions(doc, parse);
  if (!host) return out;
  const seen = new Set<string>();
  for (const d of diagnostics) {
    // Each action proves its comment is one (the host's fast path from the unedited text, else a scan of the edited text): a few per request (a selection can carry hundreds).
    if (out.length >= MAX_SUPPRESS_ACTIONS) break;
    if (d.code === UNUSED_SUPPRESSION || seen.has(`${d.code}@${d.span.offset}`)) continue;
    seen.add(`${d.code}@${d.span.offset}`);
    let edit: TextEdit | undefined;
    let title = `Suppress ${d.code} on this line`;
    if (host.comments) {
      edit = commentEdit(doc.text, host.comments, d);
      if (edit && !isRealComment(doc.text, host.comments, edit, d.code)) edit = undefined;
    }
    if (!edit && host.regionEdit) {
      const hostPath = parse.policies.find((p) => d.span.offset >= p.root.span.offset && d.span.offset <= p.root.span.offset + p.root.span.length)?.hostPath;
      const region = hostPath ? host.regionEdit(doc.text, hostPath, d.code) : undefined;
      if (region) {
        edit = region.edit;
        title = region.title;
      }
    }
    if (edit) out.push({ id: `suppress:${d.code}@${d.span.offset}`, title, kind: 'quickfix', diagnostics: [d], safe: false, edits: [edit] });
  }
  return out;
}
