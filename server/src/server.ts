/**
 * The language server: the only server file that knows LSP. Wires the connection to the
 * LSP-free PolicyService, caches parses per document version, debounces validation, drops stale
 * results and guards every handler (an exception is logged, never kills the server).
 *
 * Run standalone: node dist/server.js --stdio
 */
import {
  createConnection,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyService, type EngineDiagnostic } from './service';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { DocumentStatusNotification, ServerStatusRequest, SETTINGS_SECTION } from './protocol';
import { TOOL_VERSION } from './version';
import type { ParseResult } from './model';

const startedAt = performance.now();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let service: PolicyService | undefined;

let hasConfigurationCapability = false;
let usePullDiagnostics = false;
let globalSettings: ServerSettings = DEFAULT_SETTINGS;
const documentSettings = new Map<string, Promise<ServerSettings>>();

/** Logs without document text: only the handler name and the error. */
function logError(where: string, err: unknown): void {
  const e = err as Error;
  connection.console.error(`[${where}] ${e?.stack ?? e?.message ?? String(err)}`);
}

function guard<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (err) {
      logError(name, err);
      return fallback;
    }
  };
}

function getService(): PolicyService {
  if (!service) {
    service = new PolicyService();
    connection.console.info(`IAM reference data ${service.data.packageVersion} (${service.data.date}) loaded in ${service.data.loadMs.toFixed(1)} ms`);
  }
  return service;
}

async function getSettings(uri: string): Promise<ServerSettings> {
  if (!hasConfigurationCapability) return globalSettings;
  let s = documentSettings.get(uri);
  if (!s) {
    s = connection.workspace
      .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then(normalizeSettings, (err) => {
        logError('getConfiguration', err);
        return DEFAULT_SETTINGS;
      });
    documentSettings.set(uri, s);
  }
  return s;
}

// ---- parse cache (per document version and settings) ---------------------------------------

interface CacheEntry {
  version: number;
  settingsKey: string;
  parse: ParseResult;
}
const parseCache = new Map<string, CacheEntry>();

function parseDocument(doc: TextDocument, settings: ServerSettings): ParseResult {
  const settingsKey = JSON.stringify(settings.policyTypes ?? {});
  const cached = parseCache.get(doc.uri);
  if (cached && cached.version === doc.version && cached.settingsKey === settingsKey) return cached.parse;
  const parse = getService().parse({ uri: doc.uri, text: doc.getText(), languageId: doc.languageId }, settings);
  parseCache.set(doc.uri, { version: doc.version, settingsKey, parse });
  return parse;
}

const SEVERITY: Record<EngineDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLspDiagnostic(doc: TextDocument, d: EngineDiagnostic): Diagnostic {
  return {
    range: { start: doc.positionAt(d.span.offset), end: doc.positionAt(d.span.offset + d.span.length) },
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(d.href ? { codeDescription: { href: d.href } } : {}),
    source: d.source,
    message: d.message,
    ...(d.data ? { data: { code: d.code, ...d.data } } : {}),
  };
}

async function computeDiagnostics(doc: TextDocument): Promise<Diagnostic[]> {
  const settings = await getSettings(doc.uri);
  if (!settings.enable) {
    connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: 0, format: 'disabled' } satisfies DocumentStatusNotification.Params);
    return [];
  }
  const parse = parseDocument(doc, settings);
  const result = getService().validate({ uri: doc.uri, text: doc.getText(), languageId: doc.languageId }, settings, parse);
  connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: parse.policies.length, format: parse.format } satisfies DocumentStatusNotification.Params);
  return result.diagnostics.map((d) => toLspDiagnostic(doc, d));
}

// ---- push diagnostics: debounced, stale results dropped ------------------------------------

const timers = new Map<string, NodeJS.Timeout>();
/** Latest validation generation per document; generations are globally unique. */
const generation = new Map<string, number>();
let generationCounter = 0;

function scheduleValidation(doc: TextDocument, immediate = false): void {
  if (usePullDiagnostics) return;
  const gen = ++generationCounter;
  generation.set(doc.uri, gen);
  clearTimeout(timers.get(doc.uri));
  const run = guard('validate', undefined, async () => {
    timers.delete(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || generation.get(doc.uri) !== gen) return;
    const diagnostics = await computeDiagnostics(current);
    // A newer edit (or a close) arrived while we were working: throw the result away.
    if (generation.get(doc.uri) !== gen || documents.get(doc.uri)?.version !== current.version) return;
    await connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
  });
  if (immediate) void run();
  else
    void getSettings(doc.uri).then((s) => {
      if (generation.get(doc.uri) === gen) timers.set(doc.uri, setTimeout(() => void run(), s.debounceMs));
    });
}

function revalidateAll(): void {
  if (usePullDiagnostics) {
    connection.languages.diagnostics.refresh();
    return;
  }
  for (const doc of documents.all()) scheduleValidation(doc, true);
}

// ---- lifecycle -------------------------------------------------------------------------------

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  usePullDiagnostics = !!caps.textDocument?.diagnostic;
  const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
  if (init.settings) globalSettings = normalizeSettings(init.settings);
  try {
    getService(); // load the data index up front so the first validation is fast
  } catch (err) {
    logError('initialize', err);
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(usePullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'iam-policy-author', version: TOOL_VERSION },
  };
});

connection.onInitialized(
  guard('initialized', undefined, () => {
    connection.console.info(`IAM Policy Author ${TOOL_VERSION} ready in ${(performance.now() - startedAt).toFixed(0)} ms (${usePullDiagnostics ? 'pull' : 'push'} diagnostics)`);
  }),
);

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', undefined, (change) => {
    documentSettings.clear();
    if (!hasConfigurationCapability) {
      const s = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      globalSettings = normalizeSettings(s);
    }
    parseCache.clear();
    revalidateAll();
  }),
);

connection.languages.diagnostics.on(
  guard('pullDiagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: doc ? await computeDiagnostics(doc) : [] };
  }),
);

connection.onRequest(
  ServerStatusRequest.method,
  guard('serverStatus', { version: TOOL_VERSION, dataVersion: '', dataDate: '' } as ServerStatusRequest.Result, () => {
    const data = getService().data;
    return { version: TOOL_VERSION, dataVersion: data.packageVersion, dataDate: data.date } satisfies ServerStatusRequest.Result;
  }),
);

// Fires on open too: the first version of a document is validated at once, edits are debounced.
documents.onDidChangeContent(guard('didChange', undefined, (e) => scheduleValidation(e.document, !generation.has(e.document.uri))));
documents.onDidClose(
  guard('didClose', undefined, (e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    generation.delete(uri); // an in-flight validation sees the change and drops its result
    parseCache.delete(uri);
    documentSettings.delete(uri);
    if (!usePullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }),
);

process.on('uncaughtException', (err) => logError('uncaughtException', err));
process.on('unhandledRejection', (err) => logError('unhandledRejection', err));

documents.listen(connection);
connection.listen();
