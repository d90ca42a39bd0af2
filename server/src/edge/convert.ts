/** Engine values ⇄ LSP values (ranges, diagnostics, symbols, completion items, edits, code actions). Pure. */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE, type EngineDocument, type PolicyDiagnostic } from '../service';
import { parseFixPayload, type TextEdit } from '../model';
import type { FeatureCompletion, FeatureSymbol } from '../features';
import { snippetToPlain, type DiagnosticRef, type EngineCodeAction } from '../features/codeActions';

export function engineDoc(doc: TextDocument): EngineDocument {
  return { uri: doc.uri, text: doc.getText(), languageId: doc.languageId, version: doc.version };
}

export function spanRange(doc: TextDocument, span: { offset: number; length: number }) {
  return { start: doc.positionAt(span.offset), end: doc.positionAt(span.offset + span.length) };
}

const SEVERITY: Record<PolicyDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(doc: TextDocument, d: PolicyDiagnostic): Diagnostic {
  return {
    range: spanRange(doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(d.href ? { codeDescription: { href: d.href } } : {}),
    source: d.source,
    message: d.message,
    ...(d.data ? { data: { code: d.code, ...d.data } } : {}),
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

export function toCompletionItem(doc: TextDocument, i: FeatureCompletion): CompletionItem {
  return {
    label: i.label,
    kind: COMPLETION_KIND[i.kind],
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
    ...(i.sortText ? { sortText: i.sortText } : {}),
    ...(i.filterText ? { filterText: i.filterText } : {}),
    insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: spanRange(doc, i.replace), newText: i.insertText },
    ...(i.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

/** What the client said it supports for completion lists (initialize). */
export interface CompletionClient {
  /** completionList.itemDefaults includes `editRange`: the shared range is sent once. */
  editRangeDefault: boolean;
  /** completionList.itemDefaults includes `insertTextFormat`. */
  insertTextFormatDefault: boolean;
  /** completionItem.resolveSupport.properties includes `documentation`: sent by completionItem/resolve. */
  resolveDocumentation: boolean;
  /** completionItem.resolveSupport.properties includes `detail`: sent by completionItem/resolve too. */
  resolveDetail?: boolean;
  /** completionList.itemDefaults includes `data`: the list's id is sent once and items are found by label. */
  dataDefault?: boolean;
}

/**
 * What an item whose documentation (and detail) is left to completionItem/resolve carries: its list
 * and index; or only the list (`itemDefaults.data`, when the labels are unique), the item then found
 * by its label.
 */
export interface CompletionItemData {
  l: number;
  i?: number;
}

function sameSpan(a: { offset: number; length: number }, b: { offset: number; length: number }): boolean {
  return a.offset === b.offset && a.length === b.length;
}

/** The range most items replace (the first one on a tie), or undefined for an empty list. */
function mostCommonSpan(items: readonly FeatureCompletion[]): { offset: number; length: number } | undefined {
  // Nearly always every item replaces the same range: one pass without keys in that case.
  const first = items[0]?.replace;
  if (!first) return undefined;
  let same = true;
  for (const i of items) {
    if (i.replace.offset !== first.offset || i.replace.length !== first.length) {
      same = false;
      break;
    }
  }
  if (same) return first;
  const counts = new Map<string, { span: { offset: number; length: number }; n: number }>();
  let best: { span: { offset: number; length: number }; n: number } | undefined;
  for (const i of items) {
    const k = `${i.replace.offset}:${i.replace.length}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { span: i.replace, n: 0 }));
    c.n++;
    if (!best || c.n > best.n) best = c;
  }
  return best?.span;
}

/** Whether an item leaves its detail and documentation to completionItem/resolve (the client resolves them lazily). */
export function lazyParts(i: FeatureCompletion, client: CompletionClient): boolean {
  return (client.resolveDocumentation && !!i.documentation) || (!!client.resolveDetail && client.resolveDocumentation && !!i.detail);
}

/**
 * The LSP completion list for the engine's items, as small as the client allows: the range most
 * items replace goes once into `itemDefaults.editRange` (an item replacing another range keeps its
 * own textEdit), and documentation — and the detail line, when the client resolves that too — is
 * left out (`data` says where to find it) when the client resolves it lazily (VS Code shows both
 * only for the focused item, which it resolves). `listId` numbers the list for
 * completionItem/resolve. Without the capabilities, every item carries its textEdit, detail and
 * documentation (the old shape). Items are built key by key, never with spreads or `delete` (a
 * deleted key turns an object into a slow dictionary, which also slows its serialisation).
 */
export function toCompletionList(doc: TextDocument, result: { isIncomplete: boolean; items: FeatureCompletion[] }, client: CompletionClient, listId: number): CompletionList {
  const shared = client.editRangeDefault ? mostCommonSpan(result.items) : undefined;
  const sharedFormat = client.editRangeDefault && client.insertTextFormatDefault ? InsertTextFormat.PlainText : undefined;
  const items: CompletionItem[] = new Array(result.items.length);
  // The list's id once for all items (a fifth of an action list's bytes went on `data`), when the
  // client applies it to every item and each label names one item.
  const byLabel = client.dataDefault && uniqueLabels(result.items);
  let someLazy = false;
  for (let index = 0; index < result.items.length; index++) {
    const i = result.items[index];
    const item: CompletionItem = { label: i.label, kind: COMPLETION_KIND[i.kind] };
    const lazy = lazyParts(i, client);
    if (i.detail && !(lazy && client.resolveDetail)) item.detail = i.detail;
    if (i.documentation && !lazy) item.documentation = { kind: MarkupKind.Markdown, value: i.documentation };
    if (i.sortText) item.sortText = i.sortText;
    if (i.filterText) item.filterText = i.filterText;
    const format = i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
    if (format !== sharedFormat) item.insertTextFormat = format;
    if (shared && sameSpan(i.replace, shared)) {
      // With the default range, the client inserts textEditText (or the label) there (LSP 3.17).
      if (i.insertText !== i.label) item.textEditText = i.insertText;
    } else {
      item.textEdit = { range: spanRange(doc, i.replace), newText: i.insertText };
    }
    if (i.retrigger) item.command = RETRIGGER;
    if (lazy) {
      someLazy = true;
      if (!byLabel) item.data = { l: listId, i: index } satisfies CompletionItemData;
    }
    items[index] = item;
  }
  const list: CompletionList = { isIncomplete: result.isIncomplete, items };
  const defaults: NonNullable<CompletionList['itemDefaults']> = {};
  if (shared) {
    defaults.editRange = spanRange(doc, shared);
    if (sharedFormat !== undefined) defaults.insertTextFormat = sharedFormat;
  }
  if (byLabel && someLazy) defaults.data = { l: listId } satisfies CompletionItemData;
  if (defaults.editRange || defaults.data) list.itemDefaults = defaults;
  return list;
}

function uniqueLabels(items: readonly FeatureCompletion[]): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    if (seen.has(items[i].label)) return false;
    seen.add(items[i].label);
  }
  return true;
}

const RETRIGGER = Object.freeze({ title: 'Suggest', command: 'editor.action.triggerSuggest' });

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

export function toLspSymbol(doc: TextDocument, s: FeatureSymbol): DocumentSymbol {
  return {
    name: s.name || ' ',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KIND[s.kind],
    range: spanRange(doc, s.span),
    selectionRange: spanRange(doc, s.selectionSpan),
    children: s.children.map((c) => toLspSymbol(doc, c)),
  };
}

/** What an unresolved code action carries to codeAction/resolve. */
export interface CodeActionData {
  uri: string;
  version: number;
  id: string;
  span: { offset: number; length: number };
  diagnostics: DiagnosticRef[];
}

/** Our LSP diagnostic → the engine's view (offsets, code, data as the check produced it). */
export function toDiagnosticRef(doc: TextDocument, d: Diagnostic): DiagnosticRef | undefined {
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

export function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  // Workspace edits carry plain text: snippet placeholders are reduced to their default text.
  return edits.map((e) => ({
    range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
    newText: e.snippet ? snippetToPlain(e.newText) : e.newText,
  }));
}

export function toLspCodeAction(doc: TextDocument, a: EngineCodeAction, lspDiagnostics: Map<DiagnosticRef, Diagnostic>, data: Omit<CodeActionData, 'id'>): CodeAction {
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
