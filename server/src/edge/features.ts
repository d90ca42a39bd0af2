/**
 * The position features of the LSP edge (completion, hover, document symbols, folding, code lens)
 * and code actions with lazy resolve; the engine is in features/. Every handler is guarded and
 * cancellable: it checks the client's CancellationToken between its phases (settings, adapter
 * resources, parse, the feature itself) and answers RequestCancelled once the client cancelled.
 */
import type { CancellationToken, CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, InitializeResult, TextDocuments } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EngineDocument, PolicyService } from '../service';
import type { ServerSettings } from '../settings';
import { CODE_ACTION_KINDS, FIX_ALL_KIND, kindMatches, type DiagnosticRef } from '../features/codeActions';
import type { Connection } from './connection';
import { checkpoint, unlessCancelled, type Guard } from './handlers';
import { engineDoc, spanRange, toCompletionList, toDiagnosticRef, toLspCodeAction, toLspEdits, toLspSymbol, type CodeActionData, type CompletionClient, type CompletionItemData } from './convert';

export interface FeaturesHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  guard: Guard;
  service(): PolicyService;
  settings(uri: string): Promise<ServerSettings>;
  /** What the client said in initialize: lazy code action edits, the access-level picker command, completion list shape. */
  client(): { codeActionResolve: boolean; accessLevelPicker: boolean; completion: CompletionClient };
}

export function featureCapabilities(): Partial<InitializeResult['capabilities']> {
  return {
    completionProvider: { triggerCharacters: ['"', ':', '/', '{', '$'], resolveProvider: true },
    hoverProvider: true,
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    codeLensProvider: { resolveProvider: false },
    codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: true },
  };
}

export function registerFeatures(host: FeaturesHost): void {
  const { connection, documents, guard } = host;

  /** The open document as the engine sees it, with its settings, unless the document is gone or disabled. */
  async function featureParse(uri: string, token?: CancellationToken): Promise<{ doc: TextDocument; edoc: EngineDocument; settings: ServerSettings } | undefined> {
    if (!documents.get(uri)) return undefined;
    // A client slow to answer workspace/configuration (up to its time-out) does not delay a cancel.
    const settings = await unlessCancelled(host.settings(uri), token);
    if (!settings.enable) return undefined;
    await checkpoint(token);
    // A large template is read ahead a few milliseconds at a time (shared with a validation of the same text).
    const before = documents.get(uri);
    if (!before) return undefined;
    await unlessCancelled(host.service().prepare(engineDoc(before)), token);
    await checkpoint(token);
    const doc = documents.get(uri); // read after the awaits: the document may have changed meanwhile
    if (!doc) return undefined;
    const edoc = engineDoc(doc);
    host.service().parse(edoc, settings);
    await checkpoint(token);
    return { doc, edoc, settings };
  }

  /**
   * The documentation of the last few completion lists, for completionItem/resolve (a client that
   * resolves documentation lazily gets items without it; their data is {list, index}).
   */
  const KEPT_LISTS = 8;
  const listDocs = new Map<number, (string | undefined)[]>();
  let nextListId = 1;

  connection.onCompletion(
    guard('completion', null as CompletionList | null, async (params, token) => {
      const f = await featureParse(params.textDocument.uri, token);
      if (!f) return null;
      const { doc, edoc, settings } = f;
      const result = host.service().complete(edoc, doc.offsetAt(params.position), settings);
      const client = host.client().completion;
      const listId = nextListId++;
      if (client.resolveDocumentation && result.items.some((i) => i.documentation)) {
        listDocs.set(listId, result.items.map((i) => i.documentation));
        for (const id of listDocs.keys()) if (listDocs.size > KEPT_LISTS) listDocs.delete(id); // oldest first
      }
      return toCompletionList(doc, result, client, listId);
    }),
  );

  connection.onCompletionResolve((item: CompletionItem, token) =>
    guard('completionResolve', item, async () => {
      await checkpoint(token);
      const data = item?.data as Partial<CompletionItemData> | undefined;
      if (!data || typeof data.l !== 'number' || typeof data.i !== 'number' || item.documentation) return item;
      const docs = listDocs.get(data.l);
      const markdown = docs?.[data.i];
      if (markdown) item.documentation = { kind: MarkupKind.Markdown, value: markdown };
      return item; // a list evicted meanwhile: the item stays without documentation
    })(),
  );

  connection.onHover(
    guard('hover', null as Hover | null, async (params, token) => {
      const f = await featureParse(params.textDocument.uri, token);
      if (!f) return null;
      const { doc, edoc, settings } = f;
      const h = host.service().hover(edoc, doc.offsetAt(params.position), settings);
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: spanRange(doc, h.span) } : null;
    }),
  );

  connection.onDocumentSymbol(
    guard('documentSymbol', [] as DocumentSymbol[], async (params, token) => {
      const f = await featureParse(params.textDocument.uri, token);
      return f ? host.service().symbols(f.edoc, f.settings).map((s) => toLspSymbol(f.doc, s)) : [];
    }),
  );

  connection.onFoldingRanges(
    guard('foldingRange', [] as FoldingRange[], async (params, token) => {
      const f = await featureParse(params.textDocument.uri, token);
      if (!f) return [];
      const out: FoldingRange[] = [];
      for (const fold of host.service().folds(f.edoc, f.settings)) {
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
      return host.service().lenses(f.edoc, f.settings).map((l) => ({ range: spanRange(f.doc, { offset: l.span.offset, length: 0 }), command: { title: l.title, command: '' } }));
    }),
  );

  // ---- code actions: quick fixes, rewrites, fix-all (engine in features/codeActions.ts) ------

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], async (params, token) => {
      const f = await featureParse(params.textDocument.uri, token);
      if (!f) return [];
      const { doc, settings } = f;
      const edoc = engineDoc(doc);
      const start = doc.offsetAt(params.range.start);
      const span = { offset: start, length: Math.max(0, doc.offsetAt(params.range.end) - start) };
      const lspDiagnostics = new Map<DiagnosticRef, Diagnostic>();
      for (const d of params.context?.diagnostics ?? []) {
        const ref = toDiagnosticRef(doc, d);
        if (ref) lspDiagnostics.set(ref, d);
      }
      const refs = [...lspDiagnostics.keys()];
      const only = params.context?.only;
      const base = { uri: doc.uri, version: doc.version, span, diagnostics: refs };
      const { codeActionResolve, accessLevelPicker } = host.client();
      const out = host
        .service()
        .codeActions(edoc, { span, diagnostics: refs, only, lazy: codeActionResolve, picker: accessLevelPicker }, settings)
        .map((a) => toLspCodeAction(doc, a, lspDiagnostics, base));
      // Fix-all only when asked for explicitly (source actions menu, codeActionsOnSave).
      if (only?.length && kindMatches(FIX_ALL_KIND, only)) {
        await checkpoint(token);
        if (doc.version !== base.version) return []; // edited meanwhile: these offsets are stale
        const all = host.service().validate(edoc, settings).diagnostics;
        await checkpoint(token);
        if (doc.version !== base.version) return [];
        const fixAll = host.service().fixAll(edoc, settings, all);
        if (fixAll) out.push(toLspCodeAction(doc, fixAll, new Map(), base));
      }
      return out;
    }),
  );

  connection.onCodeActionResolve((action: CodeAction, token) =>
    guard('codeActionResolve', action, async () => {
      const data = action?.data as CodeActionData | undefined;
      const doc = data && typeof data.uri === 'string' ? documents.get(data.uri) : undefined;
      if (!data || !doc || doc.version !== data.version) return action; // stale: leave it unresolved
      const settings = await unlessCancelled(host.settings(doc.uri), token);
      await checkpoint(token);
      const resolved = host.service().resolveCodeAction(engineDoc(doc), { span: data.span, diagnostics: data.diagnostics }, data.id, settings);
      if (resolved?.edits) action.edit = { changes: { [doc.uri]: toLspEdits(doc, resolved.edits) } };
      return action;
    })(),
  );
}
