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

/** The code of the least-privilege hint on `ManagedPolicy.fromAwsManagedPolicyName(…)`. */
export const BROAD_MANAGED_POLICY_CODE = 'CDK_BROAD_MANAGED_POLICY';

/** Why an AWS managed policy name is too broad, or undefined. */
export function broadManagedPolicy(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'AdministratorAccess') return 'allows every action on every resource';
  if (base === 'PowerUserAccess') return 'allows every action except most of IAM and Organizations';
  if (/FullAccess$/.test(base)) return 'allows every action of its service on every resource';
  return undefined;
}
