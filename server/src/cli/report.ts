/**
 * The one report module: PolicyDiagnostics of linted files rendered for people (text) and for
 * machines (JSON). Positions are computed here, at the edge: 0-based LSP-style in JSON, 1-based
 * `file:line:col` in text.
 */
import { LineIndex, type PolicyDiagnostic, type Position } from '../model';

/** A diagnostic as reported: its span turned into a range of the file's lines. */
export type ReportedDiagnostic = Omit<PolicyDiagnostic, 'span' | 'data'> & { range: { start: Position; end: Position } };

export interface FileReport {
  path: string;
  format: string;
  policies: number;
  diagnostics: ReportedDiagnostic[];
}

export interface ReportMeta {
  tool: string;
  version: string;
  dataVersion: string;
  dataDate: string;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** One file's report from the engine's result; `errorsOnly` keeps only errors (`--quiet`). */
export function fileReport(display: string, text: string, format: string, policies: number, diagnostics: readonly PolicyDiagnostic[], errorsOnly: boolean): FileReport {
  const lines = new LineIndex(text);
  return {
    path: display,
    format,
    policies,
    diagnostics: diagnostics
      .filter((d) => !errorsOnly || d.severity === 'error')
      .map(({ span, data: _data, ...rest }) => ({ ...rest, range: { start: lines.positionAt(span.offset), end: lines.positionAt(span.offset + span.length) } })),
  };
}

function paint(color: boolean, code: string, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

/** `path:line:col  severity  CODE  message`, then a summary line. */
export function renderText(reports: readonly FileReport[], color: boolean): string {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      counts[d.severity]++;
      const sev = d.severity === 'error' ? paint(color, '31', 'error') : d.severity === 'warning' ? paint(color, '33', 'warning') : paint(color, '36', d.severity);
      const by = d.origin === 'access-analyzer' ? paint(color, '2', '  (Access Analyzer)') : '';
      lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${paint(color, '2', d.code)}  ${d.message}${by}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const policies = reports.reduce((n, r) => n + r.policies, 0);
  const files = reports.filter((r) => r.policies > 0).length;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${policies} polic${policies === 1 ? 'y' : 'ies'} across ${files} file${files === 1 ? '' : 's'}`;
  const head = lines.length ? lines.join('\n') + '\n\n' : '';
  return head + (counts.error ? paint(color, '31;1', '✖ ' + summary) : total ? paint(color, '33', '⚠ ' + summary) : paint(color, '32', '✔ ' + summary)) + '\n';
}

/** The JSON contract: tool and data versions, then each file with its diagnostics in position order. */
export function renderJson(reports: readonly FileReport[], meta: ReportMeta): string {
  const out = {
    ...meta,
    files: reports.map((r) => ({
      ...r,
      diagnostics: [...r.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]),
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
