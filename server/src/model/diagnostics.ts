import type { Path, PolicyDocument, PolicyType, Severity, Span } from './types';
import type { FixPayload } from './fixPayload';

export { parseFixPayload, type FixPayload } from './fixPayload';

/**
 * The one diagnostic type of the engine. Every producer — the host parser (syntax, limits), our
 * checks, Access Analyzer — ends up as a `PolicyDiagnostic`; the edges (LSP, CLI text/JSON/SARIF)
 * render it. Offsets only: line/character are computed at the edge.
 */

/** The product's own diagnostic source (LSP `source`, SARIF tool name). */
export const SOURCE = 'iam-policy-author';
/** The source of findings that came from IAM Access Analyzer's ValidatePolicy. */
export const ACCESS_ANALYZER_SOURCE = 'Access Analyzer';

/** Who found it: the host parser, one of our offline checks, or Access Analyzer. */
export type DiagnosticOrigin = 'parser' | 'check' | 'access-analyzer';

/** The policy a diagnostic belongs to: what the edges show next to it (label, logical id, type). */
export interface PolicyRef {
  /** Human label: a file name, or a CloudFormation logical id + property. */
  label: string;
  /** Path of the policy inside the host document (e.g. ['Resources','Role','Properties','Policies',0,'PolicyDocument']). */
  hostPath: Path;
  type: PolicyType;
  /** Access Analyzer's validatePolicyResourceType, when the host says. */
  resourceType?: string;
}

export interface PolicyDiagnostic {
  /** Stable code: an Access Analyzer issue code where the check is one of AA's, else ours. */
  code: string;
  message: string;
  severity: Severity;
  /** Inside the document (clamped by the engine). */
  span: Span;
  /** LSP `source`: SOURCE or ACCESS_ANALYZER_SOURCE. */
  source: string;
  origin: DiagnosticOrigin;
  /** Documentation link (LSP codeDescription.href, SARIF helpUri). */
  href?: string;
  /** The policy it was found in; absent for problems of the host file as a whole (syntax errors). */
  policy?: PolicyRef;
  /**
   * The typed payload its fix reads (linked by code + data, never by message text): one member of
   * the `FixPayload` union, of a fix kind the check declares. Data coming back from an LSP client
   * is validated with `parseFixPayload`.
   */
  data?: FixPayload;
}

export function policyRef(policy: PolicyDocument): PolicyRef {
  return { label: policy.label, hostPath: policy.hostPath, type: policy.type, ...(policy.resourceType ? { resourceType: policy.resourceType } : {}) };
}

/** Clamps a span into a text of `length` characters (the engine's invariant for every span it hands out). */
export function clampSpan(span: Span, length: number): Span {
  const offset = Math.max(0, Math.min(Number.isFinite(span.offset) ? span.offset : 0, length));
  const len = Math.max(0, Math.min(Number.isFinite(span.length) ? span.length : 0, length - offset));
  return { offset, length: len };
}

/** The first line of a span (up to its first line break), clamped into the text: where a finding on a whole policy goes. */
export function firstLineOf(span: Span, text: string): Span {
  const s = clampSpan(span, text.length);
  let e = s.offset;
  while (e < s.offset + s.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return { offset: s.offset, length: e - s.offset };
}

/** Order in which diagnostics are reported: by position, then code. */
export function compareDiagnostics(a: PolicyDiagnostic, b: PolicyDiagnostic): number {
  return a.span.offset - b.span.offset || a.span.length - b.span.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
