import type { IamData } from '../../data/iamData';
import type { EditIntent, ParseResult, PolicyDiagnostic, PolicyDocument, Span, Statement } from '../../model';
import type { FixKindName } from '../../model/fixPayload';

/**
 * The fix framework. A fix provider looks at the request (a range and the diagnostics in it) and
 * proposes candidates: a title, a kind, the diagnostics it resolves (found by code and `data`,
 * never by message text), whether it is safe for "fix all", and — lazily — the model-level edit
 * intents, which the host adapter's renderer turns into text edits. A candidate that resolves
 * diagnostics names its fix kind; it is offered only when the diagnostics' rule declares that
 * kind, and its safety is the declaration's (see `declared.ts`).
 */

/**
 * `refactor.rewrite.accessLevels.<codes>` (codes: L, R, W, T, P) are the access-level picker's
 * choices: offered only when the request's `only` names ACCESS_LEVELS_KIND (or one choice).
 */
export type FixKind = 'quickfix' | 'refactor.rewrite' | `refactor.rewrite.accessLevels.${string}`;
export const ACCESS_LEVELS_KIND = 'refactor.rewrite.accessLevels';

/** A diagnostic as the engine sees it (offsets, code, data). */
export type DiagnosticRef = Pick<PolicyDiagnostic, 'code' | 'span' | 'data'> & Partial<Pick<PolicyDiagnostic, 'message'>>;

export interface FixContext {
  text: string;
  parse: ParseResult;
  data: IamData;
  /** The requested range (a cursor is a zero-length span). */
  span: Span;
  /** Diagnostics the client sent with the request (or every diagnostic, for fix-all). */
  diagnostics: DiagnosticRef[];
  /** True for fix-all: providers may skip cursor-context refactorings. */
  fixAll: boolean;
  /** The request's LSP `only` kinds (providers of opt-in kinds such as ACCESS_LEVELS_KIND look at it). */
  only?: readonly string[];
  /** The client runs the access-level picker command (VS Code): offer its entry action. */
  picker?: boolean;
}

/** A command the client runs instead of applying an edit (arguments after the document URI, which the edge adds). */
export interface FixCommand {
  command: string;
  arguments: unknown[];
}

export interface FixCandidate {
  /** Provider-local key; the engine makes it unique per request (used by codeAction/resolve). */
  key: string;
  title: string;
  kind: FixKind;
  /** The rule-declared fix kind, for candidates that resolve diagnostics. */
  fix?: FixKindName;
  /** Diagnostics this fix resolves. */
  diagnostics?: DiagnosticRef[];
  preferred?: boolean;
  /** Safe to apply without review in fix-all: never true for a fix that can widen access or guesses. */
  safe: boolean;
  /** True when computing the edit is costly (large expansions): the engine defers it to resolve. */
  costly?: boolean;
  /**
   * A quickfix that is also a rewrite: offered as `refactor.rewrite` (without diagnostics) when the
   * request asks for refactorings but not for quick fixes, so the same rewrite is reachable both ways.
   */
  alsoRefactor?: boolean;
  /** Run a client command instead of an edit (intents() is then not called). */
  command?: FixCommand;
  /** The edit, computed on demand. Undefined when the host cannot express it. */
  intents(): EditIntent[] | undefined;
}

export interface FixProvider {
  id: string;
  provide(ctx: FixContext): FixCandidate[];
}

/** A policy with the statement under an offset, for cursor-context fixes. */
export interface PolicyStatement {
  policy: PolicyDocument;
  statement: Statement;
}
