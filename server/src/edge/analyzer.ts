/**
 * The Access Analyzer requests of the LSP edge (opt-in; the network is in analyzer/ only).
 *
 * Nothing is sent unless the client asks with one of the requests below and
 * iamPolicy.accessAnalyzer.enabled is true. Results are kept per document with the text they are
 * about and merged into every later validation of that text (one diagnostic where the same code
 * sits at the same range); an edit drops them and cancels a call in flight, and so does the
 * client's $/cancelRequest (the request then answers outcome 'cancelled').
 */
import type { CancellationToken, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeWithAnalyzer, type AccessCheckReport, type AnalyzerErrorInfo, type EngineDocument, type PolicyDiagnostic, type PolicyService } from '../service';
import type { ServerSettings } from '../settings';
import {
  AccessAnalyzerNewAccessRequest,
  AccessAnalyzerPublicAccessRequest,
  AccessAnalyzerStatusNotification,
  AccessAnalyzerValidateRequest,
  type AccessAnalyzerError,
  type AccessCheckResult,
} from '../protocol';
import type { Connection } from './connection';
import type { Guard } from './handlers';
import { engineDoc, toLspDiagnostic } from './convert';

export interface AnalyzerEdgeHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  guard: Guard;
  service(): PolicyService;
  settings(uri: string): Promise<ServerSettings>;
  usePullDiagnostics(): boolean;
  /** Validates an open document again (its kept results merge in). */
  revalidate(doc: TextDocument): void;
  /** Asks a pull client to pull diagnostics again. */
  refreshPulled(): void;
}

export interface AnalyzerEdge {
  /** The offline diagnostics of `text` with the kept Access Analyzer results for that text merged in. */
  withResults(uri: string, text: string, offline: PolicyDiagnostic[]): PolicyDiagnostic[];
  onOpen(uri: string): void;
  onChange(uri: string, text: string): void;
  onClose(uri: string): void;
  /** The editor's locale from initialize (Access Analyzer's messages), unless iamPolicy.accessAnalyzer.locale says. */
  setClientLocale(locale: string | undefined): void;
}

type AnalyzerKind = 'validate' | 'newAccess' | 'publicAccess';
interface AnalyzerResults {
  /** The text the results are about: they are shown while the document has this text. */
  text: string;
  byKind: Partial<Record<AnalyzerKind, PolicyDiagnostic[]>>;
}

/** Bound on documents whose results are kept (workspace runs over many files). */
const MAX_ANALYZER_DOCUMENTS = 2000;

const NOTHING: AccessAnalyzerValidateRequest.Result = { outcome: 'failed', policies: 0, checked: 0, cached: 0, findings: 0 };
const NO_CHECK: AccessCheckResult = { outcome: 'failed', policies: [] };

function errorForClient(e: AnalyzerErrorInfo): AccessAnalyzerError {
  return { kind: e.kind, message: e.message, operation: e.operation, retryable: e.retryable, ...(e.permission ? { permission: e.permission } : {}) };
}

function endState(error: AnalyzerErrorInfo | undefined): AccessAnalyzerStatusNotification.Params['state'] {
  if (!error) return 'done';
  if (error.kind === 'cancelled') return 'cancelled';
  return error.kind === 'offline' || error.kind === 'timeout' ? 'offline' : 'error';
}

function toAccessCheckResult(doc: TextDocument, report: AccessCheckReport, outcome: AccessCheckResult['outcome']): AccessCheckResult {
  return {
    outcome,
    policies: report.policies.map((p) => ({
      label: p.policy.label,
      line: doc.positionAt(p.span.offset).line,
      ...(p.result ? { result: p.result } : {}),
      ...(p.message ? { message: p.message } : {}),
      reasons: p.reasons.map((x) => ({ description: x.description, line: doc.positionAt(x.span.offset).line })),
      placeholders: p.placeholders,
      ...(p.isNew ? { isNew: true } : {}),
      ...(p.error ? { error: errorForClient(p.error) } : {}),
    })),
    ...(report.error ? { error: errorForClient(report.error) } : {}),
  };
}

/** Registers the three Access Analyzer requests; the returned hooks keep the results in step with the documents. */
export function registerAccessAnalyzer(host: AnalyzerEdgeHost): AnalyzerEdge {
  const { connection, documents, guard } = host;
  let clientLocale: string | undefined;
  const analyzerResults = new Map<string, AnalyzerResults>();
  /** Calls in flight per document (one per kind), cancelled when the document changes or closes. */
  const analyzerRuns = new Map<string, Map<AnalyzerKind, AbortController>>();
  /** Files not open in the editor whose results we pushed (workspace run): cleared if they open under pull diagnostics. */
  const pushedClosed = new Set<string>();
  let analyzerRunning = 0;

  function withResults(uri: string, text: string, offline: PolicyDiagnostic[]): PolicyDiagnostic[] {
    const r = analyzerResults.get(uri);
    if (!r) return offline;
    if (r.text !== text) {
      analyzerResults.delete(uri);
      return offline;
    }
    return mergeWithAnalyzer(offline, Object.values(r.byKind).flat());
  }

  function abortRuns(uri: string): void {
    for (const c of analyzerRuns.get(uri)?.values() ?? []) c.abort();
    analyzerRuns.delete(uri);
  }

  function sendStatus(state: AccessAnalyzerStatusNotification.Params['state'], uri?: string, error?: AnalyzerErrorInfo): void {
    connection.sendNotification(AccessAnalyzerStatusNotification.method, { state, running: analyzerRunning, ...(uri ? { uri } : {}), ...(error ? { error: errorForClient(error) } : {}) } satisfies AccessAnalyzerStatusNotification.Params);
  }

  /** One line in the output: operation, counts, time, error kind. Never policy text, never credentials. */
  function log(op: string, counts: string, ms: number, error?: AnalyzerErrorInfo): void {
    const tail = error ? `; ${error.kind}${error.permission ? ` (needs ${error.permission})` : ''}${error.detail ? ` [${error.detail}]` : ''}` : '';
    const line = `Access Analyzer ${op}: ${counts} in ${ms.toFixed(0)} ms${tail}`;
    if (error && error.kind !== 'cancelled') connection.console.warn(line);
    else connection.console.info(line);
  }

  /** Runs one Access Analyzer operation on a document with a signal fired by an edit, a close, a newer run or the client's cancel. */
  async function run<R extends { error?: AnalyzerErrorInfo }>(uri: string, kind: AnalyzerKind, token: CancellationToken | undefined, call: (signal: AbortSignal) => Promise<R>): Promise<{ result: R; aborted: boolean }> {
    const ctrl = new AbortController();
    let runs = analyzerRuns.get(uri);
    if (!runs) analyzerRuns.set(uri, (runs = new Map()));
    runs.get(kind)?.abort(); // a newer run of the same kind replaces it
    runs.set(kind, ctrl);
    if (token?.isCancellationRequested) ctrl.abort(); // cancelled before it started: nothing is sent
    const sub = token?.onCancellationRequested(() => ctrl.abort());
    analyzerRunning++;
    sendStatus('running', uri);
    try {
      const result = await call(ctrl.signal);
      return { result, aborted: ctrl.signal.aborted };
    } finally {
      sub?.dispose();
      analyzerRunning--;
      const current = analyzerRuns.get(uri);
      if (current?.get(kind) === ctrl) {
        current.delete(kind);
        if (!current.size) analyzerRuns.delete(uri);
      }
    }
  }

  function keep(uri: string, text: string, kind: AnalyzerKind, diagnostics: PolicyDiagnostic[]): void {
    const r = analyzerResults.get(uri);
    if (r && r.text === text) r.byKind[kind] = diagnostics;
    else {
      analyzerResults.delete(uri);
      if (analyzerResults.size >= MAX_ANALYZER_DOCUMENTS) {
        const oldest = analyzerResults.keys().next().value;
        if (oldest !== undefined) analyzerResults.delete(oldest);
      }
      analyzerResults.set(uri, { text, byKind: { [kind]: diagnostics } });
    }
  }

  /** Shows the kept results: an open document is validated again (its results merge in); a closed file's are pushed. */
  async function publish(uri: string, edoc: EngineDocument, settings: ServerSettings): Promise<void> {
    const open = documents.get(uri);
    if (open) {
      if (host.usePullDiagnostics()) host.refreshPulled();
      else host.revalidate(open);
      return;
    }
    const offline = host.service().validate(edoc, settings).diagnostics;
    const lines = TextDocument.create(uri, edoc.languageId ?? 'plaintext', 0, edoc.text);
    pushedClosed.add(uri);
    await connection.sendDiagnostics({ uri, diagnostics: withResults(uri, edoc.text, offline).map((d) => toLspDiagnostic(lines, d)) });
  }

  function analyzerSettings(settings: ServerSettings) {
    const aa = settings.accessAnalyzer;
    const locale = aa.locale ?? clientLocale;
    return { ...aa, ...(locale ? { locale } : {}) };
  }

  connection.onRequest(
    AccessAnalyzerValidateRequest.method,
    guard('accessAnalyzer/validate', NOTHING, async (params: AccessAnalyzerValidateRequest.Params, token: CancellationToken): Promise<AccessAnalyzerValidateRequest.Result> => {
      const uri = String(params?.uri ?? '');
      const settings = await host.settings(uri);
      if (!settings.enable || !settings.accessAnalyzer.enabled) return { ...NOTHING, outcome: 'disabled' };
      const open = documents.get(uri);
      const edoc: EngineDocument | undefined = open
        ? engineDoc(open)
        : typeof params.text === 'string'
          ? { uri, text: params.text, ...(typeof params.languageId === 'string' ? { languageId: params.languageId } : {}) }
          : undefined;
      if (!edoc) return { ...NOTHING, outcome: 'not-found' };
      const started = performance.now();
      const { result: r, aborted } = await run(uri, 'validate', token, (signal) => host.service().analyze(edoc, settings, { accessAnalyzer: analyzerSettings(settings), signal }));
      const error = aborted && !r.error ? ({ kind: 'cancelled', message: 'Access Analyzer ValidatePolicy was cancelled.', operation: 'ValidatePolicy', retryable: false } as AnalyzerErrorInfo) : r.error;
      log('ValidatePolicy', `${r.checked}/${r.policies} policies (${r.cached} cached), ${r.analyzer.length} findings`, performance.now() - started, error);
      sendStatus(endState(error), uri, error);
      if (!r.policies) return { ...NOTHING, outcome: 'no-policies' };
      if (error?.kind === 'cancelled') return { ...NOTHING, outcome: 'cancelled', policies: r.policies, error: errorForClient(error) };
      // An open document edited meanwhile: these results are about old text (the edit cancelled the run).
      if (open && documents.get(uri)?.getText() !== edoc.text) return { ...NOTHING, outcome: 'cancelled', policies: r.policies };
      keep(uri, edoc.text, 'validate', r.analyzer);
      await publish(uri, edoc, settings);
      const findings = mergeWithAnalyzer(r.diagnostics.filter((d) => d.origin !== 'access-analyzer'), r.analyzer).filter((d) => d.origin === 'access-analyzer').length;
      return { outcome: error ? 'failed' : 'done', policies: r.policies, checked: r.checked, cached: r.cached, findings, ...(error ? { error: errorForClient(error) } : {}) };
    }),
  );

  async function accessCheck(uri: string, kind: 'newAccess' | 'publicAccess', token: CancellationToken, call: (edoc: EngineDocument, settings: ServerSettings, signal: AbortSignal) => Promise<AccessCheckReport>): Promise<AccessCheckResult> {
    const settings = await host.settings(uri);
    if (!settings.enable || !settings.accessAnalyzer.enabled) return { outcome: 'disabled', policies: [] };
    const doc = documents.get(uri);
    if (!doc) return { outcome: 'not-found', policies: [] };
    const edoc = engineDoc(doc);
    const started = performance.now();
    const op = kind === 'newAccess' ? 'CheckNoNewAccess' : 'CheckNoPublicAccess';
    const { result: report, aborted } = await run(uri, kind, token, (signal) => call(edoc, settings, signal));
    const error = report.error ?? (aborted ? ({ kind: 'cancelled', message: `Access Analyzer ${op} was cancelled.`, operation: op, retryable: false } as AnalyzerErrorInfo) : undefined);
    const counts = `${report.policies.length} policies, ${report.policies.filter((p) => p.result === 'FAIL').length} FAIL, ${report.policies.filter((p) => p.result === 'PASS').length} PASS`;
    log(op, counts, performance.now() - started, error);
    sendStatus(endState(error), uri, error);
    if (!report.policies.length) return { outcome: 'no-policies', policies: [] };
    if (error?.kind === 'cancelled' || doc.getText() !== edoc.text || documents.get(uri) !== doc) return { outcome: 'cancelled', policies: [] };
    keep(uri, edoc.text, kind, report.diagnostics);
    await publish(uri, edoc, settings);
    return toAccessCheckResult(doc, { ...report, ...(error ? { error } : {}) }, error ? 'failed' : 'done');
  }

  connection.onRequest(
    AccessAnalyzerNewAccessRequest.method,
    guard('accessAnalyzer/checkNoNewAccess', NO_CHECK, (params: AccessAnalyzerNewAccessRequest.Params, token: CancellationToken) =>
      accessCheck(String(params?.uri ?? ''), 'newAccess', token, (edoc, settings, signal) =>
        host.service().checkNewAccess(edoc, typeof params.baseText === 'string' ? params.baseText : undefined, settings, { accessAnalyzer: analyzerSettings(settings), signal }),
      ),
    ),
  );

  connection.onRequest(
    AccessAnalyzerPublicAccessRequest.method,
    guard('accessAnalyzer/checkNoPublicAccess', NO_CHECK, (params: AccessAnalyzerPublicAccessRequest.Params, token: CancellationToken) =>
      accessCheck(String(params?.uri ?? ''), 'publicAccess', token, (edoc, settings, signal) => host.service().checkPublicAccess(edoc, settings, { accessAnalyzer: analyzerSettings(settings), signal })),
    ),
  );

  return {
    withResults,
    onOpen(uri) {
      // Pull mode: what we pushed for the closed file would show next to the pulled diagnostics.
      if (pushedClosed.delete(uri) && host.usePullDiagnostics()) void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
    onChange(uri, text) {
      const r = analyzerResults.get(uri);
      if (r && r.text !== text) analyzerResults.delete(uri);
      if (!r || r.text !== text) abortRuns(uri);
    },
    onClose(uri) {
      abortRuns(uri);
      analyzerResults.delete(uri);
    },
    setClientLocale(locale) {
      clientLocale = locale;
    },
  };
}
