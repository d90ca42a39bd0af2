/**
 * The one report module: PolicyDiagnostics of linted files rendered for people (text) and for
 * machines (JSON, SARIF 2.1.0). Positions are computed here, at the edge: 0-based LSP-style in
 * JSON, 1-based `file:line:col` in text, 1-based line/column regions in SARIF.
 */
import { LineIndex, type PolicyDiagnostic, type Position, type Severity } from '../model';
import { CHECKS, defaultSeverity } from '../checks/registry';
import type { Check } from '../checks/types';

/** A diagnostic as reported: its span turned into a range of the file's lines. */
export type ReportedDiagnostic = Omit<PolicyDiagnostic, 'span' | 'data'> & { range: { start: Position; end: Position } };

export interface FileReport {
  path: string;
  format: string;
  policies: number;
  /** The type of each policy found in the file, in document order (e.g. ["identity"], ["trust", "identity"]). */
  policyTypes: string[];
  diagnostics: ReportedDiagnostic[];
}

export interface ReportMeta {
  tool: string;
  version: string;
  dataVersion: string;
  dataDate: string;
}

/** Counts over a run, the JSON report's `summary` and the text report's last line. */
export interface ReportSummary {
  files: number;
  filesWithPolicies: number;
  policies: number;
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Files named on the command line (or found) that could not be read: not linted. */
  unreadable: number;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** The severities a report keeps: `error` keeps errors only (`--quiet`), `warning` errors and warnings, and so on. */
export type SeverityThreshold = Severity;

export function meetsThreshold(severity: Severity, threshold: SeverityThreshold): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

/** One file's report from the engine's result, keeping the diagnostics at or above `threshold`. */
export function fileReport(display: string, text: string, format: string, policyTypes: readonly string[], diagnostics: readonly PolicyDiagnostic[], threshold: SeverityThreshold = 'hint'): FileReport {
  const kept = diagnostics.filter((d) => meetsThreshold(d.severity, threshold));
  // The file's lines are indexed only when a diagnostic needs a position (most files have none).
  const lines = kept.length ? new LineIndex(text) : undefined;
  return {
    path: display,
    format,
    policies: policyTypes.length,
    policyTypes: [...policyTypes],
    diagnostics: kept.map(({ span, data: _data, ...rest }) => ({ ...rest, range: { start: lines!.positionAt(span.offset), end: lines!.positionAt(span.offset + span.length) } })),
  };
}

export function summarize(reports: readonly FileReport[], unreadable = 0): ReportSummary {
  const s: ReportSummary = { files: reports.length, filesWithPolicies: 0, policies: 0, problems: 0, errors: 0, warnings: 0, infos: 0, hints: 0, unreadable };
  for (const r of reports) {
    s.policies += r.policies;
    if (r.policies > 0) s.filesWithPolicies++;
    for (const d of r.diagnostics) {
      s.problems++;
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else if (d.severity === 'info') s.infos++;
      else s.hints++;
    }
  }
  return s;
}

function paint(color: boolean, code: string, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `path:line:col  severity  CODE  message`, then a summary line. */
export function renderText(reports: readonly FileReport[], color: boolean, unreadable = 0): string {
  const chunks: string[] = [];
  const out = new TextReportWriter(color, (s) => chunks.push(s));
  for (const r of reports) out.file(r);
  out.end(unreadable);
  return chunks.join('');
}

/** The text report written as the files are linted (`file` for each, then `end`): only the summary's counts are kept. */
export class TextReportWriter {
  private buf = '';
  private lines = 0;
  private readonly counts: ReportSummary = summarize([]);

  constructor(
    private readonly color: boolean,
    private readonly write: (s: string) => void,
  ) {}

  summary(unreadable = 0): ReportSummary {
    return { ...this.counts, unreadable };
  }

  file(r: FileReport): void {
    const color = this.color;
    for (const d of r.diagnostics) {
      const sev = d.severity === 'error' ? paint(color, '31', 'error') : d.severity === 'warning' ? paint(color, '33', 'warning') : paint(color, '36', d.severity);
      const by = d.origin === 'access-analyzer' ? paint(color, '2', '  (Access Analyzer)') : '';
      this.buf += `${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${paint(color, '2', d.code)}  ${d.message}${by}\n`;
      this.lines++;
    }
    const s = summarize([r]);
    for (const k of ['files', 'filesWithPolicies', 'policies', 'problems', 'errors', 'warnings', 'infos', 'hints'] as const) this.counts[k] += s[k];
    if (this.buf.length >= JSON_CHUNK_CHARS) {
      this.write(this.buf);
      this.buf = '';
    }
  }

  end(unreadable = 0): void {
    const color = this.color;
    const s = this.summary(unreadable);
    const notRead = unreadable ? `; ${plural(unreadable, 'file')} could not be read` : '';
    const summary = `${plural(s.problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos + s.hints} info) in ${plural(s.policies, 'policy', 'policies')} across ${plural(s.filesWithPolicies, 'file')}${notRead}`;
    const head = this.lines ? '\n' : '';
    this.write(this.buf + head + (s.errors || unreadable ? paint(color, '31;1', '✖ ' + summary) : s.problems ? paint(color, '33', '⚠ ' + summary) : paint(color, '32', '✔ ' + summary)) + '\n');
    this.buf = '';
  }
}

function sortedDiagnostics(r: FileReport): ReportedDiagnostic[] {
  return [...r.diagnostics].sort(byPosition);
}

function byPosition(a: ReportedDiagnostic, b: ReportedDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}

/** Whether the diagnostics are already in report order (the sort, which is stable, keeps them as they are). */
function inPositionOrder(diagnostics: readonly ReportedDiagnostic[]): boolean {
  for (let i = 1; i < diagnostics.length; i++) if (byPosition(diagnostics[i - 1], diagnostics[i]) > 0) return false;
  return true;
}

/**
 * A report without its path as the JSON report writes a file (indented at its depth, diagnostics
 * in the order given): the form `--cache` keeps, which `JsonReportWriter.fileRendered` writes
 * without serialising it again, and which `JSON.parse` reads back.
 */
export function renderedFileJson(r: Omit<FileReport, 'path'>): string {
  const framed = JSON.stringify({ files: [r] }, null, 2);
  return framed.slice(FILE_FRAME_HEAD, framed.length - FILE_FRAME_TAIL);
}

/** The JSON contract: tool and data versions, each file (format, policy types) with its diagnostics in position order, summary counts, unreadable files. */
export function renderJson(reports: readonly FileReport[], meta: ReportMeta, unreadable: readonly string[] = []): string {
  const chunks: string[] = [];
  writeJson(reports, meta, unreadable, (s) => chunks.push(s));
  return chunks.join('');
}

/** Where the files array goes in the JSON report's frame (a string JSON.stringify never produces from a report). */
const FILES_MARK = '\u0000files\u0000';
/** Output is handed to `write` in pieces of about this many characters. */
const JSON_CHUNK_CHARS = 64 * 1024;

/**
 * `renderJson` written in pieces, one file at a time: the same characters as
 * `JSON.stringify(report, null, 2) + '\n'` without ever holding the whole report as one string
 * (for the 1,594-policy corpus that string, 4 MB of UTF-16, was the CLI's peak of memory).
 */
export function writeJson(reports: readonly FileReport[], meta: ReportMeta, unreadable: readonly string[], write: (s: string) => void): void {
  const out = new JsonReportWriter(meta, write);
  for (const r of reports) out.file(r);
  out.end(unreadable);
}

/**
 * The JSON report written as the files are linted (`file` for each, in order, then `end`): a file's
 * report is not kept once written, only the counts of the summary.
 */
export class JsonReportWriter {
  private buf = '';
  private files = 0;
  private readonly counts: ReportSummary = summarize([]);

  constructor(
    private readonly meta: ReportMeta,
    private readonly write: (s: string) => void,
  ) {}

  /** The summary of the files written so far (`unreadable`: files that could not be read). */
  summary(unreadable = 0): ReportSummary {
    return { ...this.counts, unreadable };
  }

  /**
   * `file(r)` for a report whose JSON without its path, `rendered`, `renderedFileJson` made (a
   * `--cache` hit): the same text when the diagnostics are in report order (the path goes in as
   * the first key, as JSON.stringify puts it), else `file(r)`.
   */
  fileRendered(r: FileReport, rendered: string): void {
    // The frame `renderedFileJson` gives (a cache file edited by hand may hold other JSON).
    if (!rendered.startsWith(RENDERED_OPEN) || !rendered.endsWith('\n    }') || !inPositionOrder(r.diagnostics)) {
      this.file(r);
      return;
    }
    this.add(`${OBJECT_OPEN}      "path": ${JSON.stringify(r.path)},\n${rendered.slice(OBJECT_OPEN.length)}`, r);
  }

  /**
   * Writes a file's report. With `rendered`, returns its JSON without the path as
   * `renderedFileJson` would make it (for `--cache` to keep) when the text written gives it
   * (diagnostics already in report order), else undefined.
   */
  file(r: FileReport, rendered = false): string | undefined {
    // A file object at depth 2, indented by JSON.stringify itself: the object stringified inside a
    // one-element array of an object, its frame then cut off (a slice, not a copy). Was a
    // `.replace(/\n/g, '\n    ')` over each file's text: a second string as long as the first.
    const sorted = inPositionOrder(r.diagnostics);
    const framed = JSON.stringify({ files: [{ ...r, diagnostics: sorted ? r.diagnostics : sortedDiagnostics(r) }] }, null, 2);
    const text = framed.slice(FILE_FRAME_HEAD, framed.length - FILE_FRAME_TAIL);
    this.add(text, r);
    // The path is the object's first key, alone on the text's second line.
    return rendered && sorted ? OBJECT_OPEN + text.slice(text.indexOf('\n', OBJECT_OPEN.length) + 1) : undefined;
  }

  private add(text: string, r: FileReport): void {
    this.buf += (this.files === 0 ? this.head() : ',\n') + text;
    this.files++;
    const s = summarize([r]);
    for (const k of ['files', 'filesWithPolicies', 'policies', 'problems', 'errors', 'warnings', 'infos', 'hints'] as const) this.counts[k] += s[k];
    if (this.buf.length >= JSON_CHUNK_CHARS) {
      this.write(this.buf);
      this.buf = '';
    }
  }

  end(unreadable: readonly string[] = []): void {
    const frame = this.frame(this.files === 0 ? [] : [FILES_MARK], unreadable);
    const rest = this.files === 0 ? frame : frame.slice(frame.indexOf(MARK_LINE) + MARK_LINE.length);
    this.write(this.buf + rest);
    this.buf = '';
  }

  /** The report up to the first file (the meta fields and `"files": [`). */
  private head(): string {
    const frame = this.frame([FILES_MARK], []);
    return frame.slice(0, frame.indexOf(MARK_LINE));
  }

  private frame(files: unknown[], unreadable: readonly string[]): string {
    const summary = this.summary(unreadable.length);
    return JSON.stringify({ ...this.meta, files, summary, ...(unreadable.length ? { errors: [...unreadable] } : {}) }, null, 2) + '\n';
  }
}

/** What `JSON.stringify({ files: [x] }, null, 2)` writes before x's indented text and after it: `{\n  "files": [\n` and `\n  ]\n}`. */
const FILE_FRAME_HEAD = '{\n  "files": [\n'.length;
const FILE_FRAME_TAIL = '\n  ]\n}'.length;
/** A file object's first line at depth 2 (its first key follows: `path` in the report, `format` in `renderedFileJson`). */
const OBJECT_OPEN = '    {\n';
const RENDERED_OPEN = `${OBJECT_OPEN}      "format": `;

/** The placeholder element's line in a frame: at depth 2. */
const MARK_LINE = `    ${JSON.stringify(FILES_MARK)}`;

// ---- SARIF 2.1.0 ---------------------------------------------------------------------------

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/iam-policy-author/iam-policy-author';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' | 'none' };
  properties: { tags: string[]; policyTypes: readonly string[]; fix: boolean };
}

/** "INVALID_ACTION" → "InvalidAction" (SARIF's `name`: an identifier-like rule name). */
function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function checkRule(c: Check): SarifRule {
  return {
    id: c.code,
    name: ruleName(c.code),
    shortDescription: { text: c.title },
    fullDescription: { text: c.description },
    helpUri: c.docs,
    defaultConfiguration: { level: c.defaultLevel === 'off' ? 'none' : SARIF_LEVEL[defaultSeverity(c)] },
    properties: { tags: ['security', 'iam', c.findingType.toLowerCase()], policyTypes: c.policyTypes === 'all' ? ['all'] : c.policyTypes, fix: c.hasFix },
  };
}

/** A code no check declares (an Access Analyzer issue code we do not run offline, INTERNAL_ERROR). */
function adHocRule(d: ReportedDiagnostic): SarifRule {
  const text = d.origin === 'access-analyzer' ? `IAM Access Analyzer finding ${d.code}` : d.code;
  return {
    id: d.code,
    name: ruleName(d.code),
    shortDescription: { text },
    fullDescription: { text },
    ...(d.href ? { helpUri: d.href } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[d.severity] },
    properties: { tags: ['security', 'iam'], policyTypes: ['all'], fix: false },
  };
}

/** A file's artifact location: relative to the run's %SRCROOT% (the working directory) when inside it, else an absolute file URI. */
function artifactLocation(display: string): { uri: string; uriBaseId?: string } {
  if (/^\//.test(display) || /^[A-Za-z]:\//.test(display)) {
    const p = display.startsWith('/') ? display : `/${display}`;
    return { uri: `file://${p.split('/').map(encodeURIComponent).join('/')}` };
  }
  return { uri: display.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0, one run: `tool.driver.rules` lists every check (id = our code) plus any other code
 * a result carries; each result has its rule id and index, level, message and a physical location
 * whose region is 1-based (lines and UTF-16 columns, end column exclusive) as GitHub code scanning
 * wants. `srcRoot` is the working directory as a file URI (ending in `/`).
 */
export function renderSarif(reports: readonly FileReport[], meta: ReportMeta, srcRoot: string, unreadable: readonly string[] = []): string {
  const rules: SarifRule[] = CHECKS.map(checkRule);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  for (const r of reports) {
    const location = artifactLocation(r.path);
    for (const d of sortedDiagnostics(r)) {
      let ruleIndex = index.get(d.code);
      if (ruleIndex === undefined) {
        ruleIndex = rules.push(adHocRule(d)) - 1;
        index.set(d.code, ruleIndex);
      }
      results.push({
        ruleId: d.code,
        ruleIndex,
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
            },
            ...(d.policy ? { logicalLocations: [{ name: d.policy.label, kind: 'object', properties: { policyType: d.policy.type, hostPath: d.policy.hostPath.map(String) } }] } : {}),
          },
        ],
        properties: { origin: d.origin, ...(d.policy ? { policyType: d.policy.type } : {}) },
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: meta.tool,
            version: meta.version,
            semanticVersion: meta.version,
            informationUri: INFORMATION_URI,
            rules,
            properties: { dataVersion: meta.dataVersion, dataDate: meta.dataDate },
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            ...(unreadable.length ? { toolExecutionNotifications: unreadable.map((e) => ({ level: 'error', message: { text: e } })) } : {}),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
