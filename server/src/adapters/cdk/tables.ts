import type { ParseProblem } from '../../model';

/**
 * Facts about CDK classes the extractor needs: which constructs' `addToResourcePolicy` has an
 * Access Analyzer resource type, and which AWS managed policies are too broad to attach as is.
 */

/** Access Analyzer's `validatePolicyResourceType` for the resource policy of a CDK class (where it has one). */
export const RESOURCE_TYPES: Record<string, string> = {
  Bucket: 'AWS::S3::Bucket',
  Table: 'AWS::DynamoDB::Table',
  TableV2: 'AWS::DynamoDB::Table',
};

export const TRUST_RESOURCE_TYPE = 'AWS::IAM::AssumeRolePolicyDocument';

/**
 * 'implicit' for `receiver.addToResourcePolicy(…)` on an ECR repository, whose policy applies to
 * the repository and names no Resource (CloudFormation's RepositoryPolicyText alike): the class it
 * was constructed with (`cls`), else the type the receiver variable is declared with in `text` —
 * TypeScript/Python `repo: ecr.IRepository`, Java/C# `IRepository repo`, Go `repo awsecr.IRepository`.
 * The caller records a dependency on the receiver's name (the declaration's line spells it).
 */
export function resourceElementOf(cls: string | undefined, receiver: string, text: string): 'implicit' | undefined {
  if (cls) return ECR_CLASSES.test(cls) ? 'implicit' : undefined;
  if (!/^[A-Za-z_$][\w$]*$/.test(receiver) || !text.includes('Repository')) return undefined;
  const n = receiver.replace(/\$/g, '\\$');
  const type = '(?:[\\w$]+\\.)*I?(?:Public)?Repository';
  const re = new RegExp(`(?<![\\w$.])${n}\\s*[?!]?\\s*:\\s*${type}\\b|\\b${type}\\s+${n}(?![\\w$])|(?<![\\w$.])${n}\\s+\\*?${type}\\b`);
  return re.test(text) ? 'implicit' : undefined;
}

const ECR_CLASSES = /^(Repository|PublicRepository|IRepository)$/;

/** The code of the least-privilege hint on `ManagedPolicy.fromAwsManagedPolicyName(…)`. */
export const BROAD_MANAGED_POLICY_CODE = 'CDK_BROAD_MANAGED_POLICY';

/**
 * `ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')` (any language we read) with a
 * too broad name, found by a string scan so that it is reported even while the grammar loads.
 * Only a plain string literal argument is read (no escapes).
 */
export function broadManagedPolicyProblems(text: string): ParseProblem[] {
  const out: ParseProblem[] = [];
  // Runs on every parse of every CDK file: a substring test first (most files never call it).
  if (!text.includes('anaged_policy_name') && !text.includes('anagedPolicyName')) return out;
  // Java `fromAwsManagedPolicyName("…")`, C# `FromAwsManagedPolicyName("…")`, Go `ManagedPolicy_FromAwsManagedPolicyName(jsii.String("…"))`.
  const re = /(?:\b|_)(?:[fF]romAwsManagedPolicyName|from_aws_managed_policy_name)\s*\(\s*(?:managed_policy_name\s*=\s*)?(?:jsii\.String\s*\(\s*)?[rRuU]?(['"`])([^'"`\\\n]*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const name = m[2];
    const why = broadManagedPolicy(name);
    if (!why) continue;
    const offset = m.index + m[0].length - 1 - name.length;
    out.push({
      code: BROAD_MANAGED_POLICY_CODE,
      severity: 'warning',
      span: { offset, length: name.length },
      message: `The AWS managed policy "${name}" ${why}. Grant only what this construct needs: CDK's grant methods (bucket.grantRead(role), …) or a PolicyStatement with the actions and resources it uses.`,
    });
  }
  return out;
}

/** Why an AWS managed policy name is too broad, or undefined. */
export function broadManagedPolicy(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'AdministratorAccess') return 'allows every action on every resource';
  if (base === 'PowerUserAccess') return 'allows every action except most of IAM and Organizations';
  if (/FullAccess$/.test(base)) return 'allows every action of its service on every resource';
  return undefined;
}
