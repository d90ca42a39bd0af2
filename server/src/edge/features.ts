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
import type { ParseResult } from '../model';
import { CODE_ACTION_KINDS, FIX_ALL_KIND, kindMatches, type DiagnosticRef } from '../features/codeActions';
import type { Connection } from './connection';
import { checkpoint, unlessCancelled, type Guard } from './handlers';
import { engineDoc, lazyParts, spanRange, toCompletionList, toDiagnosticRef, toLspCodeAction, toLspEdits, toLspSymbol, type CodeActionData, type CompletionClient, type CompletionItemData } from './convert';

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

  /**
   * The open document as the engine sees it, with its settings and its parse, unless the document
   * is gone or disabled. The parse is the document's kept one when its text was parsed already (a
   * validation or an earlier request did it). Otherwise, for a position feature (`near`: the
   * cursor's offset), a large document's adapter may parse just the part around the cursor
   * (`parseAround`: a template's resource), so completion and hover never wait for a whole large
   * template to be read while it validates; else the adapter's resources are awaited (a large
   * template is read ahead a few milliseconds at a time, shared with a validation of the same text)
   * and the whole text is parsed.
   */
  async function featureParse(uri: string, token?: CancellationToken, near?: (doc: TextDocument) => number): Promise<{ doc: TextDocument; edoc: EngineDocument; settings: ServerSettings; parse: ParseResult } | undefined> {
    if (!documents.get(uri)) return undefined;
    // A client slow to answer workspace/configuration (up to its time-out) does not delay a cancel.
    const settings = await unlessCancelled(host.settings(uri), token);
    if (!settings.enable) return undefined;
    await checkpoint(token);
    const service = host.service();
    let doc = documents.get(uri); // read after the awaits: the document may have changed meanwhile
    if (!doc) return undefined;
    let edoc = engineDoc(doc);
    const ready = service.parsed(edoc, settings) ?? (near ? service.parseAround(edoc, near(doc), settings) : undefined);
    if (ready) return { doc, edoc, settings, parse: ready };
    await unlessCancelled(service.prepare(edoc), token);
    await checkpoint(token);
    doc = documents.get(uri);
    if (!doc) return undefined;
    edoc = engineDoc(doc);
    const parse = service.parse(edoc, settings);
    await checkpoint(token);
    return { doc, edoc, settings, parse };
  }

  /**
   * For completionItem/resolve: the label, detail and documentation of each item of the last few
   * completion lists whose detail and documentation were left out (their data is {list, index}),
   * as one flat array of strings per list. Not the items themselves: keeping objects made per
   * request alive across requests made V8 grow its young generation (≈ 9 MB more RSS after a few
   * hundred completions); the strings are mostly the shared ones of the per-service drafts.
   */
  const KEPT_LISTS = 8;
  const lazyLists = new Map<number, (string | undefined)[]>();
  let nextListId = 1;

  connection.onCompletion(
    guard('completion', null as CompletionList | null, async (params, token) => {
      const offsetOf = (doc: TextDocument): number => doc.offsetAt(params.position);
      const f = await featureParse(params.textDocument.uri, token, offsetOf);
      if (!f) return null;
      const { doc, edoc, settings, parse } = f;
      const result = host.service().complete(edoc, offsetOf(doc), settings, parse);
      const client = host.client().completion;
      const listId = nextListId++;
      if (result.items.some((i) => lazyParts(i, client))) {
        const parts = new Array<string | undefined>(result.items.length * 3);
        result.items.forEach((i, k) => {
          parts[3 * k] = i.label;
          parts[3 * k + 1] = i.detail;
          parts[3 * k + 2] = i.documentation;
        });
        lazyLists.set(listId, parts);
        for (const id of lazyLists.keys()) if (lazyLists.size > KEPT_LISTS) lazyLists.delete(id); // oldest first
      }
      return toCompletionList(doc, result, client, listId);
    }),
  );

  connection.onCompletionResolve((item: CompletionItem, token) =>
    guard('completionResolve', item, async () => {
      await checkpoint(token);
      const data = item?.data as Partial<CompletionItemData> | undefined;
      if (!data || typeof data.l !== 'number' || item.documentation) return item;
      const parts = lazyLists.get(data.l);
      if (!parts) return item; // a list evicted meanwhile: the item stays as it is
      // The item's index, or (the list's id sent once, in itemDefaults.data) its label's place.
      const k = data.i === undefined ? labelIndex(parts, item.label) : Number.isInteger(data.i) && data.i >= 0 ? 3 * data.i : -1;
      // Data that does not name this item: the item stays as it is.
      if (k < 0 || k >= parts.length || parts[k] !== item.label) return item;
      const detail = parts[k + 1];
      const documentation = parts[k + 2];
      if (detail && item.detail === undefined) item.detail = detail;
      if (documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation };
      return item;
    })(),
  );

  /** Where a label's parts start in a kept list (labels, details and documentation by threes), or -1. */
  const labelIndex = (parts: readonly (string | undefined)[], label: unknown): number => {
    if (typeof label !== 'string') return -1;
    for (let k = 0; k < parts.length; k += 3) if (parts[k] === label) return k;
    return -1;
  };

  connection.onHover(
    guard('hover', null as Hover | null, async (params, token) => {
      const offsetOf = (doc: TextDocument): number => doc.offsetAt(params.position);
      const f = await featureParse(params.textDocument.uri, token, offsetOf);
      if (!f) return null;
      const { doc, edoc, settings, parse } = f;
      const h = host.service().hover(edoc, offsetOf(doc), settings, parse);
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
