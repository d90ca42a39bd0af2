/**
 * The language server: the LSP edge's wiring. Only this file and edge/ know LSP. It connects the
 * LSP-free PolicyService to the client: document sync, debounced push diagnostics that drop stale
 * results (or pull diagnostics), the lifecycle; the handlers live in edge/ (settings in config.ts,
 * position features and code actions in features.ts, Access Analyzer in analyzer.ts, LSP ⇄ engine
 * values in convert.ts, the guard and the cancellation checkpoint in handlers.ts). Every handler
 * is guarded (an exception is logged, never kills the server) and cancellable.
 *
 * Run standalone: node dist/server.js --stdio
 */
// First: the young generation's size (before the other modules allocate).
import './edge/youngGeneration';
import {
  DocumentDiagnosticReportKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyService } from './service';
import { DocumentStatusNotification, ServerStatusRequest } from './protocol';
import { TOOL_VERSION } from './version';
import { createServerConnection } from './edge/connection';
import { checkpoint, makeGuard, unlessCancelled } from './edge/handlers';
import { engineDoc, toLspDiagnostic, type CompletionClient } from './edge/convert';
import { EdgeSettings } from './edge/config';
import { featureCapabilities, registerFeatures } from './edge/features';
import { registerAccessAnalyzer } from './edge/analyzer';

const startedAt = performance.now();

let shutdownReceived = false;
const connection = createServerConnection(() => shutdownReceived);
const documents = new TextDocuments(TextDocument);
let service: PolicyService | undefined;

let usePullDiagnostics = false;
/** Whether the client resolves code action edits lazily (codeAction/resolve). */
let codeActionResolve = false;
/** Whether the client runs the access-level picker command (the VS Code client says so in initializationOptions). */
let accessLevelPicker = false;
/** The completion list shape the client supports (itemDefaults, lazy documentation). */
let completionClient: CompletionClient = { editRangeDefault: false, insertTextFormatDefault: false, resolveDocumentation: false };

/** Logs without document text: only the handler name and the error. */
function logError(where: string, err: unknown): void {
  const e = err as Error;
  connection.console.error(`[${where}] ${e?.stack ?? e?.message ?? String(err)}`);
}

const guard = makeGuard(logError);

function getService(): PolicyService {
  if (!service) {
    service = new PolicyService(undefined, { cacheFindings: true });
    connection.console.info(`IAM reference data ${service.data.packageVersion} (${service.data.date}) loaded in ${service.data.loadMs.toFixed(1)} ms`);
  }
  return service;
}

const settings = new EdgeSettings({
  connection,
  logError,
  isOpen: (uri) => !!documents.get(uri),
  revalidate: (uri) => {
    const doc = documents.get(uri);
    if (doc) scheduleValidation(doc, true);
  },
});
const getSettings = (uri: string) => settings.get(uri);

const analyzer = registerAccessAnalyzer({
  connection,
  documents,
  guard,
  service: getService,
  settings: getSettings,
  usePullDiagnostics: () => usePullDiagnostics,
  revalidate: (doc) => scheduleValidation(doc, true),
  refreshPulled: () => refreshPulled(),
});

registerFeatures({ connection, documents, guard, service: getService, settings: getSettings, client: () => ({ codeActionResolve, accessLevelPicker, completion: completionClient }) });

// ---- diagnostics: the facade keeps each open document's parse (keyed by its text, language and settings) --

/**
 * How long validation runs before it gives way (setImmediate): a completion or hover that arrives
 * meanwhile waits at most about this long for the loop (a slice costs microseconds to give way).
 */
const VALIDATION_SLICE_MS = 3;

/**
 * The document's diagnostics, computed without holding the event loop for long (validateAsync
 * gives way every few milliseconds, so completion and hover are answered meanwhile). Stops early,
 * answering [] (which the caller drops), when the document was edited or closed or `cancelled()`.
 */
async function computeDiagnostics(doc: TextDocument, cancelled: () => boolean = () => false): Promise<Diagnostic[]> {
  const docSettings = await getSettings(doc.uri);
  if (!docSettings.enable) {
    connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: 0, format: 'disabled' } satisfies DocumentStatusNotification.Params);
    return [];
  }
  const edoc = engineDoc(doc);
  const stale = (): boolean => cancelled() || documents.get(doc.uri) !== doc || doc.version !== edoc.version;
  // An async adapter (a CDK grammar) loads on its first file; later files find it loaded.
  await getService().prepare(edoc);
  if (stale()) return []; // edited meanwhile: the caller drops this result
  const result = await getService().validateAsync(edoc, docSettings, { cancelled: stale, sliceMs: VALIDATION_SLICE_MS });
  if (!result) return [];
  const parse = result.parse;
  connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: parse.policies.length, format: parse.format } satisfies DocumentStatusNotification.Params);
  return analyzer.withResults(doc.uri, edoc.text, result.diagnostics).map((d) => toLspDiagnostic(doc, d));
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
    const version = current.version;
    // A newer edit, a close or a re-open stops the validation at its next pause.
    const diagnostics = await computeDiagnostics(current, () => generation.get(doc.uri) !== gen);
    // A newer edit, a close or a re-open arrived while we were working: throw the result away.
    if (generation.get(doc.uri) !== gen || documents.get(doc.uri) !== current || current.version !== version) return;
    await connection.sendDiagnostics({ uri: current.uri, version, diagnostics });
  });
  if (immediate) void run();
  else
    void getSettings(doc.uri).then((s) => {
      if (generation.get(doc.uri) === gen) timers.set(doc.uri, setTimeout(() => void run(), s.debounceMs));
    });
}

/**
 * Asks a pull client to pull again. A client that does not handle workspace/diagnostic/refresh
 * answers with an error: logged, not left as an unhandled rejection.
 */
function refreshPulled(): void {
  // Typed void, but it is the request's promise.
  const sent: unknown = connection.languages.diagnostics.refresh();
  Promise.resolve(sent).catch((err: unknown) => logError('diagnosticRefresh', err));
}

function revalidateAll(): void {
  if (usePullDiagnostics) {
    refreshPulled();
    return;
  }
  for (const doc of documents.all()) scheduleValidation(doc, true);
}

connection.languages.diagnostics.on(
  guard('pullDiagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (params, token) => {
    await checkpoint(token);
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    // A cancel answers at once, even while the settings are awaited; the validation stops at its next pause.
    const items = await unlessCancelled(computeDiagnostics(doc, () => token.isCancellationRequested), token);
    await checkpoint(token); // cancelled while validating: RequestCancelled, not an empty report
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }),
);

// ---- lifecycle -------------------------------------------------------------------------------

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  usePullDiagnostics = !!caps.textDocument?.diagnostic;
  codeActionResolve = !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
  const completionCaps = caps.textDocument?.completion;
  const itemDefaults = completionCaps?.completionList?.itemDefaults ?? [];
  completionClient = {
    editRangeDefault: itemDefaults.includes('editRange'),
    insertTextFormatDefault: itemDefaults.includes('insertTextFormat'),
    resolveDocumentation: !!completionCaps?.completionItem?.resolveSupport?.properties?.includes('documentation'),
    resolveDetail: !!completionCaps?.completionItem?.resolveSupport?.properties?.includes('detail'),
    dataDefault: itemDefaults.includes('data'),
  };
  const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
  accessLevelPicker = init.accessLevelPicker === true;
  if (typeof params.locale === 'string') analyzer.setClientLocale(params.locale);
  settings.initialize(caps, init);
  // Load the data index up front so that the first validation is fast.
  void (async () => getService().init())().catch((err: unknown) => logError('initialize', err));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...featureCapabilities(),
      ...(usePullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'iam-policy-author', version: TOOL_VERSION },
  };
});

connection.onInitialized(
  guard('initialized', undefined, () => {
    settings.registerWatcher();
    connection.console.info(`IAM Policy Author ${TOOL_VERSION} ready in ${(performance.now() - startedAt).toFixed(0)} ms (${usePullDiagnostics ? 'pull' : 'push'} diagnostics)`);
  }),
);

connection.onDidChangeWatchedFiles(
  guard('didChangeWatchedFiles', undefined, (change) => {
    if (settings.configFilesChanged(change.changes)) revalidateAll();
  }),
);

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', undefined, (change) => {
    settings.changed(change.settings);
    revalidateAll();
  }),
);

connection.onShutdown(() => {
  shutdownReceived = true;
});

/**
 * Internal, for tests and diagnosis: the sizes of every cache that grows with input. Not part of
 * the protocol the client uses.
 */
const INTERNAL_CACHE_STATS_METHOD = 'iamPolicy/internal/cacheStats';
connection.onRequest(
  INTERNAL_CACHE_STATS_METHOD,
  guard('cacheStats', null as Record<string, unknown> | null, (): Record<string, unknown> => ({
    openDocuments: documents.keys().length,
    parseCache: getService().cacheStats().documents,
    documentSettings: settings.size,
    timers: timers.size,
    generations: generation.size,
    engine: getService().cacheStats(),
  })),
);

connection.onRequest(
  ServerStatusRequest.method,
  guard('serverStatus', { version: TOOL_VERSION, dataVersion: '', dataDate: '' } as ServerStatusRequest.Result, () => {
    const data = getService().data;
    return { version: TOOL_VERSION, dataVersion: data.packageVersion, dataDate: data.date } satisfies ServerStatusRequest.Result;
  }),
);

// ---- document sync -------------------------------------------------------------------------

// A (re-)opened document starts afresh: its text may differ from a parse cached under the same version.
documents.onDidOpen(
  guard('didOpen', undefined, (e) => {
    getService().close(e.document.uri);
    analyzer.onOpen(e.document.uri);
  }),
);
// Fires on open too: the first version of a document is validated at once, edits are debounced.
documents.onDidChangeContent(
  guard('didChange', undefined, (e) => {
    analyzer.onChange(e.document.uri, e.document.getText());
    scheduleValidation(e.document, !generation.has(e.document.uri));
  }),
);
documents.onDidClose(
  guard('didClose', undefined, (e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    generation.delete(uri); // an in-flight validation sees the change and drops its result
    settings.forget(uri);
    analyzer.onClose(uri);
    getService().close(uri);
    if (!usePullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }),
);

process.on('uncaughtException', (err) => logError('uncaughtException', err));
process.on('unhandledRejection', (err) => logError('unhandledRejection', err));

documents.listen(connection);
connection.listen();
