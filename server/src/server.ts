/**
 * The language server: the only server file that knows LSP. Wires the connection to the
 * LSP-free PolicyService, caches parses per document version, debounces validation, drops stale
 * results and guards every handler (an exception is logged, never kills the server).
 *
 * Run standalone: node dist/server.js --stdio
 */
import { format } from 'util';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeWithAnalyzer, PolicyService, SOURCE, type AccessCheckReport, type AnalyzerErrorInfo, type EngineDocument, type PolicyDiagnostic } from './service';
import { parseFixPayload } from './model';
import { DEFAULT_SETTINGS, settingsFrom, type ServerSettings } from './settings';
import { CONFIG_FILE, ConfigError, ConfigResolver, configIgnores, settingsFor } from './projectConfig';
import {
  AccessAnalyzerNewAccessRequest,
  AccessAnalyzerPublicAccessRequest,
  AccessAnalyzerStatusNotification,
  AccessAnalyzerValidateRequest,
  DocumentStatusNotification,
  ServerStatusRequest,
  SETTINGS_SECTION,
  type AccessAnalyzerError,
  type AccessCheckResult,
} from './protocol';
import { TOOL_VERSION } from './version';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type CodeLens,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
} from 'vscode-languageserver/node';
import type { FeatureCompletion, FeatureSymbol } from './features';
import type { TextEdit } from './model';
import { CODE_ACTION_KINDS, FIX_ALL_KIND, kindMatches, snippetToPlain, type DiagnosticRef, type EngineCodeAction } from './features/codeActions';

const startedAt = performance.now();

/** Ends the process at once with one line on stderr (the client restarts a server that exits). */
function fatal(reason: string): never {
  try {
    process.stderr.write(`iam-policy-author: ${reason}; exiting so that the client can restart the server\n`);
  } finally {
    process.exit(1);
  }
}

/** What was wrong with a frame, in our words: the reader's own message may quote the client's bytes (policy text). */
function frameProblem(err: unknown): string {
  const m = String((err as Error)?.message ?? '');
  if (m.includes('Content-Length value must be a number')) return 'Content-Length is not a number';
  if (m.includes('must provide a Content-Length')) return 'header without Content-Length';
  if (m.includes('header must separate key and value')) return 'malformed header line';
  if (err instanceof SyntaxError) return 'body is not JSON (Content-Length does not match the body?)';
  return 'unreadable frame';
}

let shutdownReceived = false;

/**
 * Over stdio, a malformed frame (bad header, wrong Content-Length, truncated body) leaves the byte
 * stream out of sync for good: nothing after it can be read. The reader reports it as an error (or,
 * for a body that never completes, a partial message after 10 s without data), and the server logs
 * one line on stderr and exits non-zero rather than hang. Other transports (VS Code's IPC) carry
 * whole messages and keep vscode-languageserver's defaults.
 */
function createServerConnection(): ReturnType<typeof createConnection> {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((err) => fatal(`malformed JSON-RPC message on stdin (${frameProblem(err)})`));
  reader.onPartialMessage((info) => fatal(`incomplete JSON-RPC message on stdin (no more data for ${info.waitingTime} ms)`));
  reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
  writer.onError(() => fatal('cannot write to stdout'));
  const conn = createConnection(ProposedFeatures.all, reader, writer);
  // stdout carries the protocol: whatever a dependency prints goes to the client's log instead
  // (what vscode-languageserver does for its own --stdio transport).
  const toLog = (...args: unknown[]): void => conn.console.log(format(...args));
  /* eslint-disable no-console */
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
  /* eslint-enable no-console */
  return conn;
}

const connection = createServerConnection();
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
      if (err instanceof ResponseError) throw err; // a cancelled request answers RequestCancelled
      logError(name, err);
      return fallback;
    }
  };
}

/**
 * Lets the messages already sent to us be read (a `$/cancelRequest` among them), then stops the
 * request if the client cancelled it. Long handlers call it between their phases; the work in
 * between is synchronous, so this is where cancellation can take effect.
 */
async function checkpoint(token: CancellationToken | undefined): Promise<void> {
  if (!token) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

function getService(): PolicyService {
  if (!service) {
    service = new PolicyService(undefined, { cacheFindings: true });
    connection.console.info(`IAM reference data ${service.data.packageVersion} (${service.data.date}) loaded in ${service.data.loadMs.toFixed(1)} ms`);
  }
  return service;
}

/** How long a workspace/configuration request may stay unanswered before the defaults are used. */
const CONFIGURATION_TIMEOUT_MS = 2000;
/** Set when the client let a configuration request time out: stop asking (and waiting) until it answers one. */
let configurationUnanswered = false;

// ---- .iampolicylintrc.json (projectConfig.ts): the CLI's configuration file, read for each document --
// The nearest config file above a document gives its rules, policy types, ignore globs and Sid
// suppressions, so the editor and CI agree; the editor's own settings win. Cached per folder,
// cleared when the client reports a config file changed (a watcher registered when it can).
const projectConfigs = new ConfigResolver();
const brokenConfigsLogged = new Set<string>();
let watchConfigFiles = false;

async function getSettings(uri: string): Promise<ServerSettings> {
  const editor = await getEditorSettings(uri);
  if (!uri.startsWith('file:')) return editor;
  try {
    const file = fileURLToPath(uri);
    const loaded = projectConfigs.forFile(file);
    if (loaded instanceof ConfigError) {
      if (!brokenConfigsLogged.has(loaded.message)) connection.console.warn(`configuration file not used: ${loaded.message}`);
      brokenConfigsLogged.add(loaded.message);
      return editor;
    }
    if (!loaded) return editor;
    if (configIgnores(loaded, file)) return { ...editor, enable: false };
    return { ...editor, ...settingsFor(loaded, file, editor) } as ServerSettings;
  } catch (err) {
    logError('projectConfig', err);
    return editor;
  }
}

async function getEditorSettings(uri: string): Promise<ServerSettings> {
  if (!hasConfigurationCapability || configurationUnanswered) return globalSettings;
  let s = documentSettings.get(uri);
  if (!s) {
    // A client with nothing under `iamPolicy` (Neovim when the settings came in initializationOptions
    // or unwrapped) answers null: the settings from the other channels stay.
    const asked = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then((raw) => settingsFrom(raw, globalSettings), (err) => {
      logError('getConfiguration', err);
      return DEFAULT_SETTINGS;
    });
    const entry: Promise<ServerSettings> = new Promise((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        if (documentSettings.get(uri) === entry) documentSettings.delete(uri);
        if (!configurationUnanswered) {
          configurationUnanswered = true;
          connection.console.warn(`workspace/configuration unanswered after ${CONFIGURATION_TIMEOUT_MS} ms: using default settings until the client answers`);
        }
        resolve(globalSettings);
      }, CONFIGURATION_TIMEOUT_MS);
      void asked.then((settings) => {
        clearTimeout(timer);
        if (!timedOut) return resolve(settings);
        // A late answer: the client does answer after all. Use it from now on.
        configurationUnanswered = false;
        if (!documents.get(uri)) return;
        documentSettings.set(uri, Promise.resolve(settings));
        const doc = documents.get(uri);
        if (doc) scheduleValidation(doc, true);
        else if (usePullDiagnostics) connection.languages.diagnostics.refresh();
      });
    });
    s = entry;
    documentSettings.set(uri, s);
  }
  return s;
}

// ---- documents: the facade keeps each open document's parse (keyed by its text, language and settings) --

function engineDoc(doc: TextDocument): EngineDocument {
  return { uri: doc.uri, text: doc.getText(), languageId: doc.languageId, version: doc.version };
}

const SEVERITY: Record<PolicyDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLspDiagnostic(doc: TextDocument, d: PolicyDiagnostic): Diagnostic {
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

/**
 * The document's diagnostics, computed without holding the event loop for long (validateAsync
 * gives way every few milliseconds, so completion and hover are answered meanwhile). Stops early,
 * answering [] (which the caller drops), when the document was edited or closed or `cancelled()`.
 */
async function computeDiagnostics(doc: TextDocument, cancelled: () => boolean = () => false): Promise<Diagnostic[]> {
  const settings = await getSettings(doc.uri);
  if (!settings.enable) {
    connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: 0, format: 'disabled' } satisfies DocumentStatusNotification.Params);
    return [];
  }
  const edoc = engineDoc(doc);
  const stale = (): boolean => cancelled() || documents.get(doc.uri) !== doc || doc.version !== edoc.version;
  // An async adapter (a CDK grammar) loads on its first file; later files find it loaded.
  await getService().prepare(edoc);
  if (stale()) return []; // edited meanwhile: the caller drops this result
  const result = await getService().validateAsync(edoc, settings, { cancelled: stale });
  if (!result) return [];
  const parse = result.parse;
  connection.sendNotification(DocumentStatusNotification.method, { uri: doc.uri, policies: parse.policies.length, format: parse.format } satisfies DocumentStatusNotification.Params);
  return withAnalyzerResults(doc.uri, edoc.text, result.diagnostics).map((d) => toLspDiagnostic(doc, d));
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
  watchConfigFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  usePullDiagnostics = !!caps.textDocument?.diagnostic;
  codeActionResolve = !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
  const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
  accessLevelPicker = init.accessLevelPicker === true;
  if (typeof params.locale === 'string') clientLocale = params.locale;
  // `{settings: {…}}`, `{settings: {iamPolicy: {…}}}`, `{iamPolicy: {…}}` or the settings themselves.
  globalSettings = settingsFrom(init, DEFAULT_SETTINGS);
  // Load the data index up front so that the first validation is fast.
  void (async () => getService().init())().catch((err: unknown) => logError('initialize', err));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...featureCapabilities(),
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: true },
      ...(usePullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'iam-policy-author', version: TOOL_VERSION },
  };
});

connection.onInitialized(
  guard('initialized', undefined, () => {
    if (watchConfigFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }] }).catch((err: unknown) => logError('registerWatcher', err));
    connection.console.info(`IAM Policy Author ${TOOL_VERSION} ready in ${(performance.now() - startedAt).toFixed(0)} ms (${usePullDiagnostics ? 'pull' : 'push'} diagnostics)`);
  }),
);

connection.onDidChangeWatchedFiles(
  guard('didChangeWatchedFiles', undefined, (change) => {
    if (!change.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE}`))) return;
    projectConfigs.clear();
    brokenConfigsLogged.clear();
    revalidateAll();
  }),
);

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', undefined, (change) => {
    documentSettings.clear();
    // Wrapped in `iamPolicy` or not; kept as the fallback when workspace/configuration has nothing.
    // A payload without settings (VS Code's, with workspace/configuration) keeps what we had.
    globalSettings = settingsFrom(change.settings, hasConfigurationCapability ? globalSettings : DEFAULT_SETTINGS);
    revalidateAll();
  }),
);

connection.languages.diagnostics.on(
  guard('pullDiagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (params, token) => {
    await checkpoint(token);
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const items = await computeDiagnostics(doc, () => token.isCancellationRequested);
    await checkpoint(token); // cancelled while validating: RequestCancelled, not an empty report
    return { kind: DocumentDiagnosticReportKind.Full, items };
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
    documentSettings: documentSettings.size,
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

// A (re-)opened document starts afresh: its text may differ from a parse cached under the same version.
documents.onDidOpen(
  guard('didOpen', undefined, (e) => {
    getService().close(e.document.uri);
    analyzerOnOpen(e.document.uri);
  }),
);
// Fires on open too: the first version of a document is validated at once, edits are debounced.
documents.onDidChangeContent(
  guard('didChange', undefined, (e) => {
    analyzerOnChange(e.document.uri, e.document.getText());
    scheduleValidation(e.document, !generation.has(e.document.uri));
  }),
);
documents.onDidClose(
  guard('didClose', undefined, (e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    generation.delete(uri); // an in-flight validation sees the change and drops its result
    documentSettings.delete(uri);
    analyzerOnClose(uri);
    getService().close(uri);
    if (!usePullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }),
);

// ---- code actions: quick fixes, rewrites, fix-all (engine in features/codeActions.ts) -------

/** Whether the client resolves code action edits lazily (codeAction/resolve). */
let codeActionResolve = false;
/** Whether the client runs the access-level picker command (the VS Code client says so in initializationOptions). */
let accessLevelPicker = false;

interface CodeActionData {
  uri: string;
  version: number;
  id: string;
  span: { offset: number; length: number };
  diagnostics: DiagnosticRef[];
}

/** Our LSP diagnostic → the engine's view (offsets, code, data as the check produced it). */
function toDiagnosticRef(doc: TextDocument, d: Diagnostic): DiagnosticRef | undefined {
  if (d.source !== SOURCE) return undefined;
  // Diagnostic.data comes back from the client as `{code, ...payload}`: untrusted, validated into the payload union.
  const raw: unknown = d.data;
  const dataCode = raw !== null && typeof raw === 'object' ? (raw as { code?: unknown }).code : undefined;
  const code = typeof d.code === 'string' ? d.code : typeof dataCode === 'string' ? dataCode : undefined;
  if (!code) return undefined;
  const data = parseFixPayload(raw);
  const start = doc.offsetAt(d.range.start);
  return { code, span: { offset: start, length: Math.max(0, doc.offsetAt(d.range.end) - start) }, ...(data ? { data } : {}), message: d.message };
}

function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  // Workspace edits carry plain text: snippet placeholders are reduced to their default text.
  return edits.map((e) => ({
    range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
    newText: e.snippet ? snippetToPlain(e.newText) : e.newText,
  }));
}

function toLspCodeAction(doc: TextDocument, a: EngineCodeAction, lspDiagnostics: Map<DiagnosticRef, Diagnostic>, data: Omit<CodeActionData, 'id'>): CodeAction {
  const diagnostics = (a.diagnostics ?? []).map((d) => lspDiagnostics.get(d)).filter((d): d is Diagnostic => !!d);
  return {
    title: a.title,
    kind: a.kind,
    ...(diagnostics.length ? { diagnostics } : {}),
    ...(a.isPreferred ? { isPreferred: true } : {}),
    ...(a.command
      ? { command: { title: a.title, command: a.command.command, arguments: [doc.uri, ...a.command.arguments] } }
      : a.edits
        ? { edit: { changes: { [doc.uri]: toLspEdits(doc, a.edits) } } }
        : { data: { ...data, id: a.id } satisfies CodeActionData }),
  };
}

connection.onCodeAction(
  guard('codeAction', [] as CodeAction[], async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    if (!f) return [];
    const { doc, settings } = f;
    const edoc = engineDoc(doc);
    const start = doc.offsetAt(params.range.start);
    const span = { offset: start, length: Math.max(0, doc.offsetAt(params.range.end) - start) };
    const lspDiagnostics = new Map<DiagnosticRef, Diagnostic>();
    for (const d of params.context.diagnostics) {
      const ref = toDiagnosticRef(doc, d);
      if (ref) lspDiagnostics.set(ref, d);
    }
    const refs = [...lspDiagnostics.keys()];
    const only = params.context.only;
    const base = { uri: doc.uri, version: doc.version, span, diagnostics: refs };
    const out = getService()
      .codeActions(edoc, { span, diagnostics: refs, only, lazy: codeActionResolve, picker: accessLevelPicker }, settings)
      .map((a) => toLspCodeAction(doc, a, lspDiagnostics, base));
    // Fix-all only when asked for explicitly (source actions menu, codeActionsOnSave).
    if (only?.length && kindMatches(FIX_ALL_KIND, only)) {
      await checkpoint(token);
      if (doc.version !== base.version) return []; // edited meanwhile: these offsets are stale
      const all = getService().validate(edoc, settings).diagnostics;
      await checkpoint(token);
      if (doc.version !== base.version) return [];
      const fixAll = getService().fixAll(edoc, settings, all);
      if (fixAll) out.push(toLspCodeAction(doc, fixAll, new Map(), base));
    }
    return out;
  }),
);

connection.onCodeActionResolve((action: CodeAction, token) =>
  guard('codeActionResolve', action, async () => {
    const data = action.data as CodeActionData | undefined;
    const doc = data && documents.get(data.uri);
    if (!data || !doc || doc.version !== data.version) return action; // stale: leave it unresolved
    const settings = await getSettings(doc.uri);
    await checkpoint(token);
    const resolved = getService().resolveCodeAction(engineDoc(doc), { span: data.span, diagnostics: data.diagnostics }, data.id, settings);
    if (resolved?.edits) action.edit = { changes: { [doc.uri]: toLspEdits(doc, resolved.edits) } };
    return action;
  })(),
);

// ---- position features: completion, hover, symbols, folding, code lens (engine in features/) --

function featureCapabilities(): Partial<InitializeResult['capabilities']> {
  return {
    completionProvider: { triggerCharacters: ['"', ':', '/', '{', '$'], resolveProvider: false },
    hoverProvider: true,
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    codeLensProvider: { resolveProvider: false },
  };
}

const COMPLETION_KIND: Record<FeatureCompletion['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  module: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
  snippet: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
  variable: CompletionItemKind.Variable,
  operator: CompletionItemKind.Operator,
  constant: CompletionItemKind.Constant,
  reference: CompletionItemKind.Reference,
  field: CompletionItemKind.Field,
};

const SYMBOL_KIND: Record<FeatureSymbol['kind'], SymbolKind> = {
  module: SymbolKind.Module,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  property: SymbolKind.Property,
  string: SymbolKind.String,
  key: SymbolKind.Key,
  event: SymbolKind.Event,
  field: SymbolKind.Field,
  constant: SymbolKind.Constant,
};

/** The open document as the engine sees it, with its settings, unless the document is gone or disabled. */
async function featureParse(uri: string, token?: CancellationToken): Promise<{ doc: TextDocument; edoc: EngineDocument; settings: ServerSettings } | undefined> {
  if (!documents.get(uri)) return undefined;
  const settings = await getSettings(uri);
  if (!settings.enable) return undefined;
  await checkpoint(token);
  // A large template is read ahead a few milliseconds at a time (shared with a validation of the same text).
  const before = documents.get(uri);
  if (!before) return undefined;
  await getService().prepare(engineDoc(before));
  await checkpoint(token);
  const doc = documents.get(uri); // read after the awaits: the document may have changed meanwhile
  if (!doc) return undefined;
  const edoc = engineDoc(doc);
  getService().parse(edoc, settings);
  await checkpoint(token);
  return { doc, edoc, settings };
}

function spanRange(doc: TextDocument, span: { offset: number; length: number }) {
  return { start: doc.positionAt(span.offset), end: doc.positionAt(span.offset + span.length) };
}

function toLspSymbol(doc: TextDocument, s: FeatureSymbol): DocumentSymbol {
  return {
    name: s.name || ' ',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KIND[s.kind],
    range: spanRange(doc, s.span),
    selectionRange: spanRange(doc, s.selectionSpan),
    children: s.children.map((c) => toLspSymbol(doc, c)),
  };
}

connection.onCompletion(
  guard('completion', null as CompletionList | null, async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    if (!f) return null;
    const { doc, edoc, settings } = f;
    const result = getService().complete(edoc, doc.offsetAt(params.position), settings);
    const items = result.items.map(
      (i): CompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
        ...(i.sortText ? { sortText: i.sortText } : {}),
        ...(i.filterText ? { filterText: i.filterText } : {}),
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: spanRange(doc, i.replace), newText: i.insertText },
        ...(i.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      }),
    );
    return { isIncomplete: result.isIncomplete, items };
  }),
);

connection.onHover(
  guard('hover', null as Hover | null, async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    if (!f) return null;
    const { doc, edoc, settings } = f;
    const h = getService().hover(edoc, doc.offsetAt(params.position), settings);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: spanRange(doc, h.span) } : null;
  }),
);

connection.onDocumentSymbol(
  guard('documentSymbol', [] as DocumentSymbol[], async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    return f ? getService().symbols(f.edoc, f.settings).map((s) => toLspSymbol(f.doc, s)) : [];
  }),
);

connection.onFoldingRanges(
  guard('foldingRange', [] as FoldingRange[], async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    if (!f) return [];
    const out: FoldingRange[] = [];
    for (const fold of getService().folds(f.edoc, f.settings)) {
      const start = f.doc.positionAt(fold.span.offset).line;
      // The host syntax says whether the last line (a closing bracket) stays visible.
      const end = f.doc.positionAt(fold.span.offset + fold.span.length).line - (fold.keepLastLine ? 1 : 0);
      if (end > start) out.push({ startLine: start, endLine: end });
    }
    return out;
  }),
);

connection.onCodeLens(
  guard('codeLens', [] as CodeLens[], async (params, token) => {
    const f = await featureParse(params.textDocument.uri, token);
    if (!f) return [];
    return getService().lenses(f.edoc, f.settings).map((l) => ({ range: spanRange(f.doc, { offset: l.span.offset, length: 0 }), command: { title: l.title, command: '' } }));
  }),
);

// ---- Access Analyzer (opt-in; network in analyzer/ only) --------------------------------------
//
// Nothing is sent unless the client asks with one of the requests below and
// iamPolicy.accessAnalyzer.enabled is true. Results are kept per document with the text they are
// about and merged into every later validation of that text (one diagnostic where the same code
// sits at the same range); an edit drops them and cancels a call in flight.

/** Editor locale from initialize (Access Analyzer's messages), unless iamPolicy.accessAnalyzer.locale says. */
let clientLocale: string | undefined;

type AnalyzerKind = 'validate' | 'newAccess' | 'publicAccess';
interface AnalyzerResults {
  /** The text the results are about: they are shown while the document has this text. */
  text: string;
  byKind: Partial<Record<AnalyzerKind, PolicyDiagnostic[]>>;
}
const analyzerResults = new Map<string, AnalyzerResults>();
/** Calls in flight per document (one per kind), cancelled when the document changes or closes. */
const analyzerRuns = new Map<string, Map<AnalyzerKind, AbortController>>();
/** Files not open in the editor whose results we pushed (workspace run): cleared if they open under pull diagnostics. */
const pushedClosed = new Set<string>();
let analyzerRunning = 0;
/** Bound on documents whose results are kept (workspace runs over many files). */
const MAX_ANALYZER_DOCUMENTS = 2000;

function withAnalyzerResults(uri: string, text: string, offline: PolicyDiagnostic[]): PolicyDiagnostic[] {
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

function analyzerOnChange(uri: string, text: string): void {
  const r = analyzerResults.get(uri);
  if (r && r.text !== text) analyzerResults.delete(uri);
  if (!r || r.text !== text) abortRuns(uri);
}

function analyzerOnOpen(uri: string): void {
  // Pull mode: what we pushed for the closed file would show next to the pulled diagnostics.
  if (pushedClosed.delete(uri) && usePullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
}

function analyzerOnClose(uri: string): void {
  abortRuns(uri);
  analyzerResults.delete(uri);
}

function errorForClient(e: AnalyzerErrorInfo): AccessAnalyzerError {
  return { kind: e.kind, message: e.message, operation: e.operation, retryable: e.retryable, ...(e.permission ? { permission: e.permission } : {}) };
}

function sendAnalyzerStatus(state: AccessAnalyzerStatusNotification.Params['state'], uri?: string, error?: AnalyzerErrorInfo): void {
  connection.sendNotification(AccessAnalyzerStatusNotification.method, { state, running: analyzerRunning, ...(uri ? { uri } : {}), ...(error ? { error: errorForClient(error) } : {}) } satisfies AccessAnalyzerStatusNotification.Params);
}

function endState(error: AnalyzerErrorInfo | undefined): AccessAnalyzerStatusNotification.Params['state'] {
  if (!error) return 'done';
  if (error.kind === 'cancelled') return 'cancelled';
  return error.kind === 'offline' || error.kind === 'timeout' ? 'offline' : 'error';
}

/** One line in the output: operation, counts, time, error kind. Never policy text, never credentials. */
function logAnalyzer(op: string, counts: string, ms: number, error?: AnalyzerErrorInfo): void {
  const tail = error ? `; ${error.kind}${error.permission ? ` (needs ${error.permission})` : ''}${error.detail ? ` [${error.detail}]` : ''}` : '';
  const line = `Access Analyzer ${op}: ${counts} in ${ms.toFixed(0)} ms${tail}`;
  if (error && error.kind !== 'cancelled') connection.console.warn(line);
  else connection.console.info(line);
}

/** Runs one Access Analyzer operation on a document with a signal fired by an edit, a close, a newer run or the client's cancel. */
async function runAnalyzer<R extends { error?: AnalyzerErrorInfo }>(uri: string, kind: AnalyzerKind, token: CancellationToken | undefined, call: (signal: AbortSignal) => Promise<R>): Promise<{ result: R; aborted: boolean }> {
  const ctrl = new AbortController();
  let runs = analyzerRuns.get(uri);
  if (!runs) analyzerRuns.set(uri, (runs = new Map()));
  runs.get(kind)?.abort(); // a newer run of the same kind replaces it
  runs.set(kind, ctrl);
  const sub = token?.onCancellationRequested(() => ctrl.abort());
  analyzerRunning++;
  sendAnalyzerStatus('running', uri);
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

function keepResults(uri: string, text: string, kind: AnalyzerKind, diagnostics: PolicyDiagnostic[]): void {
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
async function publishAnalyzer(uri: string, edoc: EngineDocument, settings: ServerSettings): Promise<void> {
  const open = documents.get(uri);
  if (open) {
    if (usePullDiagnostics) connection.languages.diagnostics.refresh();
    else scheduleValidation(open, true);
    return;
  }
  const offline = getService().validate(edoc, settings).diagnostics;
  const lines = TextDocument.create(uri, edoc.languageId ?? 'plaintext', 0, edoc.text);
  pushedClosed.add(uri);
  await connection.sendDiagnostics({ uri, diagnostics: withAnalyzerResults(uri, edoc.text, offline).map((d) => toLspDiagnostic(lines, d)) });
}

function analyzerSettings(settings: ServerSettings) {
  const aa = settings.accessAnalyzer;
  const locale = aa.locale ?? clientLocale;
  return { ...aa, ...(locale ? { locale } : {}) };
}

const NOTHING: AccessAnalyzerValidateRequest.Result = { outcome: 'failed', policies: 0, checked: 0, cached: 0, findings: 0 };

connection.onRequest(
  AccessAnalyzerValidateRequest.method,
  guard('accessAnalyzer/validate', NOTHING, async (params: AccessAnalyzerValidateRequest.Params, token: CancellationToken): Promise<AccessAnalyzerValidateRequest.Result> => {
    const uri = String(params?.uri ?? '');
    const settings = await getSettings(uri);
    if (!settings.enable || !settings.accessAnalyzer.enabled) return { ...NOTHING, outcome: 'disabled' };
    const open = documents.get(uri);
    const edoc: EngineDocument | undefined = open
      ? engineDoc(open)
      : typeof params.text === 'string'
        ? { uri, text: params.text, ...(typeof params.languageId === 'string' ? { languageId: params.languageId } : {}) }
        : undefined;
    if (!edoc) return { ...NOTHING, outcome: 'not-found' };
    const started = performance.now();
    const { result: r, aborted } = await runAnalyzer(uri, 'validate', token, (signal) => getService().analyze(edoc, settings, { accessAnalyzer: analyzerSettings(settings), signal }));
    const error = aborted && !r.error ? ({ kind: 'cancelled', message: 'Access Analyzer ValidatePolicy was cancelled.', operation: 'ValidatePolicy', retryable: false } as AnalyzerErrorInfo) : r.error;
    logAnalyzer('ValidatePolicy', `${r.checked}/${r.policies} policies (${r.cached} cached), ${r.analyzer.length} findings`, performance.now() - started, error);
    sendAnalyzerStatus(endState(error), uri, error);
    if (!r.policies) return { ...NOTHING, outcome: 'no-policies' };
    if (error?.kind === 'cancelled') return { ...NOTHING, outcome: 'cancelled', policies: r.policies, error: errorForClient(error) };
    // An open document edited meanwhile: these results are about old text (the edit cancelled the run).
    if (open && documents.get(uri)?.getText() !== edoc.text) return { ...NOTHING, outcome: 'cancelled', policies: r.policies };
    keepResults(uri, edoc.text, 'validate', r.analyzer);
    await publishAnalyzer(uri, edoc, settings);
    const findings = mergeWithAnalyzer(r.diagnostics.filter((d) => d.origin !== 'access-analyzer'), r.analyzer).filter((d) => d.origin === 'access-analyzer').length;
    return { outcome: error ? 'failed' : 'done', policies: r.policies, checked: r.checked, cached: r.cached, findings, ...(error ? { error: errorForClient(error) } : {}) };
  }),
);

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

async function accessCheck(uri: string, kind: 'newAccess' | 'publicAccess', token: CancellationToken, call: (edoc: EngineDocument, settings: ServerSettings, signal: AbortSignal) => Promise<AccessCheckReport>): Promise<AccessCheckResult> {
  const settings = await getSettings(uri);
  if (!settings.enable || !settings.accessAnalyzer.enabled) return { outcome: 'disabled', policies: [] };
  const doc = documents.get(uri);
  if (!doc) return { outcome: 'not-found', policies: [] };
  const edoc = engineDoc(doc);
  const started = performance.now();
  const op = kind === 'newAccess' ? 'CheckNoNewAccess' : 'CheckNoPublicAccess';
  const { result: report, aborted } = await runAnalyzer(uri, kind, token, (signal) => call(edoc, settings, signal));
  const error = report.error ?? (aborted ? ({ kind: 'cancelled', message: `Access Analyzer ${op} was cancelled.`, operation: op, retryable: false } as AnalyzerErrorInfo) : undefined);
  const counts = `${report.policies.length} policies, ${report.policies.filter((p) => p.result === 'FAIL').length} FAIL, ${report.policies.filter((p) => p.result === 'PASS').length} PASS`;
  logAnalyzer(op, counts, performance.now() - started, error);
  sendAnalyzerStatus(endState(error), uri, error);
  if (!report.policies.length) return { outcome: 'no-policies', policies: [] };
  if (error?.kind === 'cancelled' || doc.getText() !== edoc.text || documents.get(uri) !== doc) return { outcome: 'cancelled', policies: [] };
  keepResults(uri, edoc.text, kind, report.diagnostics);
  await publishAnalyzer(uri, edoc, settings);
  return toAccessCheckResult(doc, { ...report, ...(error ? { error } : {}) }, error ? 'failed' : 'done');
}

const NO_CHECK: AccessCheckResult = { outcome: 'failed', policies: [] };

connection.onRequest(
  AccessAnalyzerNewAccessRequest.method,
  guard('accessAnalyzer/checkNoNewAccess', NO_CHECK, (params: AccessAnalyzerNewAccessRequest.Params, token: CancellationToken) =>
    accessCheck(String(params?.uri ?? ''), 'newAccess', token, (edoc, settings, signal) =>
      getService().checkNewAccess(edoc, typeof params.baseText === 'string' ? params.baseText : undefined, settings, { accessAnalyzer: analyzerSettings(settings), signal }),
    ),
  ),
);

connection.onRequest(
  AccessAnalyzerPublicAccessRequest.method,
  guard('accessAnalyzer/checkNoPublicAccess', NO_CHECK, (params: AccessAnalyzerPublicAccessRequest.Params, token: CancellationToken) =>
    accessCheck(String(params?.uri ?? ''), 'publicAccess', token, (edoc, settings, signal) => getService().checkPublicAccess(edoc, settings, { accessAnalyzer: analyzerSettings(settings), signal })),
  ),
);

process.on('uncaughtException', (err) => logError('uncaughtException', err));
process.on('unhandledRejection', (err) => logError('unhandledRejection', err));

documents.listen(connection);
connection.listen();
