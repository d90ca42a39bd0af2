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

export type FixKind = 'quickfix' | 'refactor.rewrite';

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
