import type { ParseResult, PolicyType } from '../model';

export interface HostDocument {
  uri: string;
  text: string;
  /** Editor language id when known (json, jsonc, yaml, typescript, …). */
  languageId?: string;
}

export interface AdapterOptions {
  /** Policy type forced by a CLI flag or a settings glob; adapters infer it otherwise. */
  policyType?: PolicyType;
}

/** The document's previous parse, for an incremental re-parse (tree-sitter edits, YAML pieces). */
export interface PreviousParse {
  text: string;
  result: ParseResult;
}

/**
 * Turns one host format into policy documents. `parse` never throws and returns undefined when the
 * document is not of its format (so the next adapter may try).
 *
 * Per-document state: the facade hands `parse` the document's previous parse (its text and result,
 * whose adapter-private `state` may hold a syntax tree), so an adapter can re-parse incrementally;
 * `release` drops anything an adapter keeps for a document (called when the editor closes it).
 * Async resources (tree-sitter grammars) load in `prepare`, before which `parse` may answer with
 * no policies yet.
 */
export interface Adapter {
  id: string;
  /** Cheap test on file name / language id. */
  accepts(doc: HostDocument): boolean;
  parse(doc: HostDocument, options: AdapterOptions, previous?: PreviousParse): ParseResult | undefined;
  /** Loads what parsing `doc` needs; resolves true when `parse` can then read it completely. */
  prepare?(doc: HostDocument): Promise<boolean>;
  /** Forgets per-document state kept by the adapter. */
  release?(uri: string): void;
}
