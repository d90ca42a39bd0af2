import type { PolicyDocument, PolicyType } from '../model/types';

/**
 * Documented policy size quotas. Sizes are in characters (IAM, Organizations, Secrets Manager,
 * ECR) or bytes (the others); for the ASCII policies almost everyone writes, both are the same.
 *
 * `countsWhitespace`: whether the service counts whitespace. IAM documents that it does not;
 * Organizations documents that all characters count; the others count the document as sent.
 * Our size checks measure the minified JSON (see model/serialize.ts), which is a lower bound in
 * every case, so a finding is never caused by whitespace the service might strip.
 *
 * Sources (AWS documentation page titles), checked while writing this file:
 * - "IAM and AWS STS quotas" (IAM User Guide): managed policy 6,144; inline policies aggregate per
 *   user 2,048, per group 5,120, per role 10,240; role trust policy 2,048 by default, adjustable to
 *   4,096; IAM does not count white space.
 * - "Quotas and service limits for AWS Organizations": maximum size of a policy document: SCP
 *   5,120 characters, RCP 5,120 characters.
 * - "Amazon SQS policy quotas": 8,192 bytes.
 * - "Key policies in AWS KMS" / PutKeyPolicy API reference: 32 KB (32,768 bytes).
 * - "Amazon S3 bucket policies" / "Amazon S3 quotas": bucket policy up to 20 KB.
 * - "Amazon SNS quotas" (topic access policy): 30 KB.
 * - "Lambda quotas": function resource-based policy 20 KB.
 * - "Quotas for AWS Secrets Manager": resource-based policy 20,480 characters.
 * - "Amazon ECR service quotas": repository policy 10,240 characters.
 * The S3, SNS, Lambda, Secrets Manager and ECR figures were taken from those pages as recalled
 * and could not all be re-read in full here; treat them as the documented defaults to re-check
 * when AWS updates its quotas.
 */

export interface PolicySizeQuota {
  /** Stable id, e.g. 'iam-managed', 'sqs-queue'. */
  id: string;
  /** What the quota applies to, for messages ("an IAM managed policy"). */
  label: string;
  /** Its short name, for fix titles ("managed policy quota"). */
  short: string;
  /** Maximum size. */
  max: number;
  unit: 'characters' | 'bytes';
  countsWhitespace: boolean;
  /** When the quota can be raised, the highest documented value. */
  adjustableTo?: number;
  /** Documentation page title it comes from. */
  source: string;
}

const IAM_SOURCE = 'IAM and AWS STS quotas';
const ORG_SOURCE = 'Quotas and service limits for AWS Organizations';

export const QUOTAS = {
  iamManaged: { id: 'iam-managed', label: 'an IAM managed policy', short: 'managed policy quota', max: 6144, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  iamInlineUser: { id: 'iam-inline-user', label: 'the inline policies of an IAM user (aggregate)', short: 'user inline policy quota', max: 2048, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  iamInlineGroup: { id: 'iam-inline-group', label: 'the inline policies of an IAM group (aggregate)', short: 'group inline policy quota', max: 5120, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  /**
   * Access Analyzer's threshold for an identity policy of unknown kind
   * (POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA): the largest IAM identity quota, a role's inline policies.
   */
  iamIdentity: { id: 'iam-identity', label: 'an IAM identity policy (the largest identity quota: a role\'s inline policies)', short: 'identity policy quota', max: 10240, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  iamInlineRole: { id: 'iam-inline-role', label: 'the inline policies of an IAM role (aggregate)', short: 'role inline policy quota', max: 10240, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  roleTrust: { id: 'role-trust', label: 'a role trust policy', short: 'trust policy quota', max: 2048, adjustableTo: 4096, unit: 'characters', countsWhitespace: false, source: IAM_SOURCE },
  scp: { id: 'scp', label: 'a service control policy', short: 'SCP quota', max: 5120, unit: 'characters', countsWhitespace: true, source: ORG_SOURCE },
  rcp: { id: 'rcp', label: 'a resource control policy', short: 'RCP quota', max: 5120, unit: 'characters', countsWhitespace: true, source: ORG_SOURCE },
  s3Bucket: { id: 's3-bucket', label: 'an S3 bucket policy', short: 'S3 bucket policy quota', max: 20 * 1024, unit: 'bytes', countsWhitespace: true, source: 'Amazon S3 bucket policies' },
  sqsQueue: { id: 'sqs-queue', label: 'an SQS queue policy', short: 'SQS queue policy quota', max: 8192, unit: 'bytes', countsWhitespace: true, source: 'Amazon SQS policy quotas' },
  snsTopic: { id: 'sns-topic', label: 'an SNS topic policy', short: 'SNS topic policy quota', max: 30 * 1024, unit: 'bytes', countsWhitespace: true, source: 'Amazon SNS quotas' },
  kmsKey: { id: 'kms-key', label: 'a KMS key policy', short: 'KMS key policy quota', max: 32 * 1024, unit: 'bytes', countsWhitespace: true, source: 'Key policies in AWS KMS' },
  lambdaFunction: { id: 'lambda-function', label: 'a Lambda function policy', short: 'Lambda function policy quota', max: 20 * 1024, unit: 'bytes', countsWhitespace: true, source: 'Lambda quotas' },
  secretsManagerSecret: { id: 'secretsmanager-secret', label: 'a Secrets Manager secret policy', short: 'Secrets Manager secret policy quota', max: 20480, unit: 'characters', countsWhitespace: true, source: 'Quotas for AWS Secrets Manager' },
  ecrRepository: { id: 'ecr-repository', label: 'an ECR repository policy', short: 'ECR repository policy quota', max: 10240, unit: 'characters', countsWhitespace: true, source: 'Amazon ECR service quotas' },
} as const satisfies Record<string, PolicySizeQuota>;

/** CloudFormation resource types (Access Analyzer's validatePolicyResourceType spelling) → quota. */
const BY_RESOURCE_TYPE: Record<string, PolicySizeQuota> = {
  'aws::s3::bucket': QUOTAS.s3Bucket,
  'aws::s3::bucketpolicy': QUOTAS.s3Bucket,
  'aws::sqs::queue': QUOTAS.sqsQueue,
  'aws::sqs::queuepolicy': QUOTAS.sqsQueue,
  'aws::sns::topic': QUOTAS.snsTopic,
  'aws::sns::topicpolicy': QUOTAS.snsTopic,
  'aws::kms::key': QUOTAS.kmsKey,
  'aws::lambda::function': QUOTAS.lambdaFunction,
  'aws::lambda::permission': QUOTAS.lambdaFunction,
  'aws::secretsmanager::secret': QUOTAS.secretsManagerSecret,
  'aws::secretsmanager::resourcepolicy': QUOTAS.secretsManagerSecret,
  'aws::ecr::repository': QUOTAS.ecrRepository,
};

/** The quota of a resource policy for a resource type (`AWS::S3::Bucket`), if documented here. */
export function resourcePolicyQuota(resourceType: string | undefined): PolicySizeQuota | undefined {
  return resourceType ? BY_RESOURCE_TYPE[resourceType.toLowerCase()] : undefined;
}

/**
 * The strictest quota a policy of a type may face when nothing else is known: identity and
 * boundary policies the managed policy quota. Resource policies need a resource type. For a
 * parsed policy use `quotaOfPolicy`, which knows the host's kind.
 */
export function policySizeQuota(type: PolicyType, resourceType?: string): PolicySizeQuota | undefined {
  switch (type) {
    case 'identity':
    case 'boundary':
      return QUOTAS.iamManaged;
    case 'trust':
      return QUOTAS.roleTrust;
    case 'scp':
      return QUOTAS.scp;
    case 'rcp':
      return QUOTAS.rcp;
    case 'resource':
      return resourcePolicyQuota(resourceType);
    case 'session':
      return undefined;
  }
}

/** Host resource types (CloudFormation) that tell an identity policy's kind. */
const BY_HOST_RESOURCE: Record<string, PolicySizeQuota> = {
  'aws::iam::managedpolicy': QUOTAS.iamManaged,
  'aws::iam::role': QUOTAS.iamInlineRole,
  'aws::iam::rolepolicy': QUOTAS.iamInlineRole,
  'aws::iam::user': QUOTAS.iamInlineUser,
  'aws::iam::userpolicy': QUOTAS.iamInlineUser,
  'aws::iam::group': QUOTAS.iamInlineGroup,
  'aws::iam::grouppolicy': QUOTAS.iamInlineGroup,
};

export interface PolicyQuota {
  quota: PolicySizeQuota;
  /**
   * True when the quota is the one of the policy's real kind, told by the host (a CloudFormation
   * AWS::IAM::ManagedPolicy, a role's inline policy, …) or by its type (a permissions boundary is a
   * managed policy, an SCP, a trust policy, a resource policy of a known resource type); false for
   * an identity policy of unknown kind, measured against Access Analyzer's threshold.
   */
  kindKnown: boolean;
}

/**
 * The size quota of a parsed policy's real kind: managed 6,144; inline of a role 10,240, of a user
 * 2,048, of a group 5,120 (aggregates over the entity's inline policies); trust 2,048 (adjustable
 * to 4,096); SCP and RCP 5,120; resource policies per service. An identity policy whose kind the
 * host does not tell gets Access Analyzer's threshold, 10,240. Undefined when no quota is known
 * (session policies, resource policies of unknown or undocumented resource types).
 */
export function quotaOfPolicy(policy: Pick<PolicyDocument, 'type' | 'resourceType' | 'hostResourceType'>): PolicyQuota | undefined {
  switch (policy.type) {
    case 'identity': {
      const q = policy.hostResourceType ? BY_HOST_RESOURCE[policy.hostResourceType.toLowerCase()] : undefined;
      return q ? { quota: q, kindKnown: true } : { quota: QUOTAS.iamIdentity, kindKnown: false };
    }
    case 'boundary':
      return { quota: QUOTAS.iamManaged, kindKnown: true };
    default: {
      const q = policySizeQuota(policy.type, policy.resourceType);
      return q ? { quota: q, kindKnown: true } : undefined;
    }
  }
}
