import type { ParseResult, PolicyType, Span, TextEdit } from '../model';

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
  /**
   * Optional, for large documents: a provisional parse (`pending`) of only the part around `offset`,
   * cheap while the whole text is not parsed yet (position features answer from it instead of
   * waiting); undefined when the adapter cannot do better than `parse`.
   */
  parseAround?(doc: HostDocument, offset: number, options: AdapterOptions): ParseResult | undefined;
  /** Loads what parsing `doc` needs; resolves true when `parse` can then read it completely. */
  prepare?(doc: HostDocument): Promise<boolean>;
  /** Forgets per-document state kept by the adapter. */
  release?(uri: string): void;
  /**
   * How suppressions are written in this host (its comment syntax, its metadata), for the engine's
   * suppression pass (engine/suppressions.ts), which never names a host format. Absent, or
   * undefined for a document: the host has no suppression syntax (JSON policy files, which use
   * the config's `ignoreSids`).
   */
  suppressions?(doc: HostDocument): HostSuppressions | undefined;
}

/** A comment of a host text, found the way the host's own parser finds it (a marker inside a string is data). */
export interface HostComment {
  offset: number;
  /** The comment's text including its marker (`# …`, `// …`, `/* … *\/`). */
  text: string;
  /** What the marker encloses (after `#` or `//`, between `/*` and `*\/`), and where it starts. */
  body: string;
  bodyOffset: number;
}

/** A host's comment syntax, as far as suppression comments need it. */
export interface HostCommentSyntax {
  /** The marker a new line comment starts with (`#`, `//`). */
  lineMarker: string;
  /** The comments of `text`, in text order. Linear, never throws. */
  scan(text: string): HostComment[];
  /**
   * Optional fast path: true when the host can tell from the unedited `text` alone that `edit` (a new
   * comment line, or text appended inside an existing comment) yields a real comment. Anything
   * else (false) makes the engine scan the edited text.
   */
  surelyComment?(text: string, edit: TextEdit): boolean;
}

/** Codes silenced for a whole region of the host by its own metadata (CloudFormation resource Metadata). */
export interface HostRegionSuppression {
  /** How a report names the region ("resource AppRole"). */
  label: string;
  /** The region's host path: a policy whose `hostPath` starts with it is inside. */
  hostPath: readonly (string | number)[];
  /** The region's span: a finding without a policy is inside when it starts in it. */
  span: Span;
  /** The codes as written, each with its span (for the unused-suppression report). */
  codes: { code: string; span: Span }[];
}

/** Everything the suppression pass needs to know about a host's syntax. */
export interface HostSuppressions {
  /** Line comments (`… iam-policy-lint-disable-next-line CODE` above a finding). */
  comments?: HostCommentSyntax;
  /** Regions whose codes the host's metadata silences (`iam-policy-lint: { ignore_checks: [...] }`). */
  regions?(text: string): HostRegionSuppression[];
  /**
   * The edit that silences `code` for the region a policy at `policyHostPath` belongs to, where a
   * comment cannot (a host without comments): the quick fix's title and edit.
   */
  regionEdit?(text: string, policyHostPath: readonly (string | number)[], code: string): { title: string; edit: TextEdit } | undefined;
}
