import type { Span } from '../model';

/** LSP-free feature results: offsets and spans only; server.ts turns them into LSP objects. */

export type CompletionKind = 'property' | 'value' | 'enum' | 'module' | 'function' | 'snippet' | 'keyword' | 'variable' | 'operator' | 'constant' | 'reference' | 'field';

export interface FeatureCompletion {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** insertText holds LSP snippet placeholders. */
  snippet?: boolean;
  /** Host range replaced by insertText. */
  replace: Span;
  sortText?: string;
  filterText?: string;
  /** Ask the editor to open completion again after inserting (e.g. after `s3:`). */
  retrigger?: boolean;
}

export interface CompletionResult {
  items: FeatureCompletion[];
  /** True when typing more may change the list (the client asks again). */
  isIncomplete: boolean;
}

export interface FeatureHover {
  /** Markdown. */
  markdown: string;
  span: Span;
}

export type SymbolKind = 'module' | 'object' | 'array' | 'property' | 'string' | 'key' | 'event' | 'field' | 'constant';

export interface FeatureSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole element. */
  span: Span;
  /** The part to reveal/select (a key or the statement's Sid). */
  selectionSpan: Span;
  children: FeatureSymbol[];
}

export interface FeatureFold {
  /** Span of the folded container (object/array); the edge folds its lines. */
  span: Span;
  /** The host syntax's answer: the last line (a closing bracket) stays visible. Set by the facade. */
  keepLastLine?: boolean;
}

export interface FeatureCodeLens {
  span: Span;
  title: string;
}
