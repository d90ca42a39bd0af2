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
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyService, type EngineDiagnostic } from './service';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { DocumentStatusNotification, ServerStatusRequest, SETTINGS_SECTION } from './protocol';
import { TOOL_VERSION } from './version';
import type { ParseResult } from './model';
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
import { completeAt, foldsOf, hoverAt, lensesOf, symbolsOf, type FeatureCompletion, type FeatureSymbol } from './features';
import type { TextEdit } from './model';
import { SOURCE } from './service';
import { codeActions, CODE_ACTION_KINDS, FIX_ALL_KIND, fixAllAction, kindMatches, resolveCodeAction, snippetToPlain, type DiagnosticRef, type EngineCodeAction } from './features/codeActions';

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
    service = new PolicyService(undefined, { cacheFindings: true });
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
  codeActionResolve = !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
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
      ...featureCapabilities(),
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: true },
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

// ---- code actions: quick fixes, rewrites, fix-all (engine in features/codeActions.ts) -------

/** Whether the client resolves code action edits lazily (codeAction/resolve). */
let codeActionResolve = false;

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
  const { code: dataCode, ...data } = (d.data ?? {}) as Record<string, unknown>;
  const code = typeof d.code === 'string' ? d.code : typeof dataCode === 'string' ? dataCode : undefined;
  if (!code) return undefined;
  const start = doc.offsetAt(d.range.start);
  return { code, span: { offset: start, length: Math.max(0, doc.offsetAt(d.range.end) - start) }, data, message: d.message };
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
    ...(a.edits ? { edit: { changes: { [doc.uri]: toLspEdits(doc, a.edits) } } } : { data: { ...data, id: a.id } satisfies CodeActionData }),
  };
}

connection.onCodeAction(
  guard('codeAction', [] as CodeAction[], async (params) => {
    const f = await featureParse(params.textDocument.uri);
    if (!f) return [];
    const { doc, parse, settings } = f;
    const text = doc.getText();
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
    const data = getService().data;
    const out = codeActions(text, parse, data, { span, diagnostics: refs, only, lazy: codeActionResolve }).map((a) => toLspCodeAction(doc, a, lspDiagnostics, base));
    // Fix-all only when asked for explicitly (source actions menu, codeActionsOnSave).
    if (only?.length && kindMatches(FIX_ALL_KIND, only)) {
      const all = getService().validate({ uri: doc.uri, text, languageId: doc.languageId }, settings, parse).diagnostics;
      const fixAll = fixAllAction(text, parse, data, all.map((d) => ({ code: d.code, span: d.span, data: d.data, message: d.message })));
      if (fixAll) out.push(toLspCodeAction(doc, fixAll, new Map(), base));
    }
    return out;
  }),
);

connection.onCodeActionResolve((action: CodeAction) =>
  guard('codeActionResolve', action, async () => {
    const data = action.data as CodeActionData | undefined;
    const doc = data && documents.get(data.uri);
    if (!data || !doc || doc.version !== data.version) return action; // stale: leave it unresolved
    const parse = parseDocument(doc, await getSettings(doc.uri));
    const resolved = resolveCodeAction(doc.getText(), parse, getService().data, { span: data.span, diagnostics: data.diagnostics }, data.id);
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

/** The open document and its cached parse, unless the document is gone or disabled. */
async function featureParse(uri: string): Promise<{ doc: TextDocument; parse: ParseResult; settings: ServerSettings } | undefined> {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const settings = await getSettings(uri);
  if (!settings.enable) return undefined;
  return { doc, parse: parseDocument(doc, settings), settings };
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
  guard('completion', null as CompletionList | null, async (params) => {
    const f = await featureParse(params.textDocument.uri);
    if (!f) return null;
    const { doc, parse } = f;
    const result = completeAt(getService(), { uri: doc.uri, text: doc.getText(), languageId: doc.languageId }, parse, doc.offsetAt(params.position));
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
  guard('hover', null as Hover | null, async (params) => {
    const f = await featureParse(params.textDocument.uri);
    if (!f) return null;
    const { doc, parse } = f;
    const h = hoverAt(getService(), { uri: doc.uri, text: doc.getText(), languageId: doc.languageId }, parse, doc.offsetAt(params.position));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: spanRange(doc, h.span) } : null;
  }),
);

connection.onDocumentSymbol(
  guard('documentSymbol', [] as DocumentSymbol[], async (params) => {
    const f = await featureParse(params.textDocument.uri);
    return f ? symbolsOf(f.parse).map((s) => toLspSymbol(f.doc, s)) : [];
  }),
);

connection.onFoldingRanges(
  guard('foldingRange', [] as FoldingRange[], async (params) => {
    const f = await featureParse(params.textDocument.uri);
    if (!f) return [];
    const out: FoldingRange[] = [];
    const text = f.doc.getText();
    for (const fold of foldsOf(f.parse)) {
      const start = f.doc.positionAt(fold.span.offset).line;
      const endOffset = fold.span.offset + fold.span.length;
      // A bracketed collection keeps its closing bracket's line visible; a block (indented) one
      // folds through its last line.
      const closer = text[endOffset - 1];
      const end = f.doc.positionAt(endOffset).line - (closer === ']' || closer === '}' ? 1 : 0);
      if (end > start) out.push({ startLine: start, endLine: end });
    }
    return out;
  }),
);

connection.onCodeLens(
  guard('codeLens', [] as CodeLens[], async (params) => {
    const f = await featureParse(params.textDocument.uri);
    if (!f) return [];
    return lensesOf(getService(), f.parse).map((l) => ({ range: spanRange(f.doc, { offset: l.span.offset, length: 0 }), command: { title: l.title, command: '' } }));
  }),
);

process.on('uncaughtException', (err) => logError('uncaughtException', err));
process.on('unhandledRejection', (err) => logError('unhandledRejection', err));

documents.listen(connection);
connection.listen();
