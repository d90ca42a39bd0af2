import type { IamData } from '../data/iamData';
import type { PolicyDiagnostic, PolicyDocument, PolicyType, Severity, Span } from '../model';
import type { FixDeclaration, FixPayload } from '../model/fixPayload';

/** Access Analyzer's finding types; our own checks use the same scale. */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export const SEVERITY_OF: Record<FindingType, Severity> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'info',
};

export interface CheckMeta {
  /** Stable diagnostic code. Access Analyzer's issue code where the check is one of its documented checks. */
  code: string;
  /** Short title, as in the docs table. */
  title: string;
  findingType: FindingType;
  /** Policy types this check applies to. */
  policyTypes: readonly PolicyType[] | 'all';
  /** One line: what it finds and what to do. */
  description: string;
  /** Documentation URL (codeDescription.href). */
  docs: string;
  /** 'access-analyzer' for Access Analyzer's documented checks run offline, 'iam-policy-author' for our own. */
  origin: 'access-analyzer' | 'iam-policy-author';
  /**
   * The fixes this check's findings get: each kind with its safety for "fix all". A fix is offered
   * only for a declared kind; `hasFix` and docs/checks.md derive from this list.
   */
  fixes?: readonly FixDeclaration[];
  /** 'off': the check runs only when a rule turns it on (opt-in checks). */
  defaultLevel?: 'off';
  /**
   * Elements the check reads its findings from: it finds nothing in a policy unless, for each
   * listed element, some statement has it ('Principal': Principal or NotPrincipal; 'ResourceArn':
   * a NotResource, or a Resource with a value other than "*" — a policy whose resources are all
   * "*", 43 % of the AWS managed policies, has no ARN for the ARN checks to judge). The engine
   * reads which elements a policy has once (registry.ts `policyElements`) and skips the check on a
   * policy without them, instead of every such check looping over the statements to find nothing
   * (half of the AWS managed policies have no Condition). test/checkRequiresP3.test.ts runs every
   * check on every fixture policy that lacks its elements and expects no finding.
   */
  requires?: readonly RequiredElement[];
  /** Longer documentation (markdown) rendered into docs/checks.md: rationale, sources, examples. */
  details?: string;
}

/**
 * A statement element a check may require (see CheckMeta.requires). 'Variable' is not an element:
 * some string of the policy may hold a policy variable (`${`), which is so unless the host ruled it
 * out (PolicyDocument.variableFree).
 */
export type RequiredElement = 'Condition' | 'Principal' | 'NotAction' | 'NotResource' | 'ResourceArn' | 'Variable';

/** What a check reports: a PolicyDiagnostic before the engine adds its source, origin, policy and link. */
export type Finding = Pick<PolicyDiagnostic, 'code' | 'message' | 'span' | 'severity' | 'data'>;

export interface ReportOptions {
  /**
   * Report one level below the check's effective severity (error → warning → info → hint), for
   * findings the check is less sure of — e.g. where the reference data may simply be incomplete.
   */
  demote?: boolean;
}

export interface CheckContext {
  data: IamData;
  policy: PolicyDocument;
  /** Report a finding at a span with this check's code and severity. */
  report(span: Span, message: string, data?: FixPayload, options?: ReportOptions): void;
}

export interface Check extends CheckMeta {
  /** Whether a quick fix exists for this check: derived from `fixes`. */
  readonly hasFix: boolean;
  /** A pure function of the policy model and the reference data: no IO, never throws on odd input. */
  run(policy: PolicyDocument, ctx: CheckContext): void;
}

const AA_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const TYPE_ANCHOR: Record<FindingType, string> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
};

/** The AWS documentation anchor of one of Access Analyzer's checks, from its type and title. */
export function accessAnalyzerDocs(findingType: FindingType, title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${AA_DOCS}#access-analyzer-reference-policy-checks-${TYPE_ANCHOR[findingType]}-${slug}`;
}

export const OWN_DOCS = 'https://github.com/iam-policy-author/iam-policy-author/blob/main/docs/checks.md';

/** What a check file declares: everything but what the helpers derive (docs link, origin, hasFix). */
export type CheckDefinition = Omit<Check, 'docs' | 'origin' | 'hasFix'>;

function hasFixes(def: CheckDefinition): boolean {
  return (def.fixes?.length ?? 0) > 0;
}

/** Declares one of Access Analyzer's documented checks (docs link derived from type and title). */
export function accessAnalyzerCheck(def: CheckDefinition & { docs?: string }): Check {
  return { ...def, origin: 'access-analyzer', docs: def.docs ?? accessAnalyzerDocs(def.findingType, def.title), hasFix: hasFixes(def) };
}

/** Declares one of our own checks (docs link to docs/checks.md). */
export function ownCheck(def: CheckDefinition): Check {
  return { ...def, origin: 'iam-policy-author', docs: `${OWN_DOCS}#${def.code.toLowerCase().replace(/_/g, '-')}`, hasFix: hasFixes(def) };
}
