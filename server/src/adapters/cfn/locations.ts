import type { PolicyType } from '../../model';

/**
 * Where CloudFormation and SAM resources hold IAM policy documents. One row per resource type and
 * property path; docs/cloudformation.md lists the same table (a test keeps the two in sync).
 *
 * `property` is a path inside `Properties`: `.` separates keys, `[]` means "every item of this list".
 * `policyType` is the type the context gives the policy; `'organizations'` means it depends on the
 * resource's `Type` property (SCP or RCP). `accessAnalyzerResourceType` is Access Analyzer's
 * `validatePolicyResourceType` where it has one for the resource.
 * `sam: true` marks SAM's `Policies` property: a managed policy name/ARN, a SAM policy template
 * (`S3ReadPolicy: {BucketName: …}`) or an inline policy document, alone or in a list.
 */
export interface PolicyLocation {
  resourceType: string;
  property: string;
  policyType: PolicyType | 'organizations';
  accessAnalyzerResourceType?: string;
  sam?: true;
  /**
   * The value is one statement, not a policy (`AWS::Events::EventBusPolicy.Statement`): the service
   * puts it into a 2012-10-17 policy, so it is checked as the only statement of such a policy.
   */
  statementOnly?: true;
  /**
   * 'implicit': the policy applies to the resource it is attached to and its statements have no
   * Resource element (AWS's documentation for ECR repository policies); carried on the
   * PolicyDocument so MISSING_RESOURCE stays silent.
   */
  resourceElement?: 'implicit';
  /** Short note for the docs table. */
  note?: string;
}

export const POLICY_LOCATIONS: readonly PolicyLocation[] = [
  { resourceType: 'AWS::IAM::Policy', property: 'PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::ManagedPolicy', property: 'PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::Role', property: 'AssumeRolePolicyDocument', policyType: 'trust', accessAnalyzerResourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
  { resourceType: 'AWS::IAM::Role', property: 'Policies[].PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::User', property: 'Policies[].PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::Group', property: 'Policies[].PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::RolePolicy', property: 'PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::UserPolicy', property: 'PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::IAM::GroupPolicy', property: 'PolicyDocument', policyType: 'identity' },
  { resourceType: 'AWS::SSO::PermissionSet', property: 'InlinePolicy', policyType: 'identity', note: 'object or JSON string' },
  { resourceType: 'AWS::Organizations::Policy', property: 'Content', policyType: 'organizations', note: 'SCP or RCP by `Type`; other policy types are not IAM policies' },
  { resourceType: 'AWS::S3::BucketPolicy', property: 'PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3::Bucket' },
  { resourceType: 'AWS::S3::AccessPoint', property: 'Policy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3::AccessPoint' },
  { resourceType: 'AWS::S3::MultiRegionAccessPointPolicy', property: 'Policy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3::MultiRegionAccessPoint' },
  { resourceType: 'AWS::S3ObjectLambda::AccessPointPolicy', property: 'PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3ObjectLambda::AccessPoint' },
  { resourceType: 'AWS::S3Express::BucketPolicy', property: 'PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3Express::DirectoryBucket' },
  { resourceType: 'AWS::S3Express::AccessPoint', property: 'Policy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3Express::AccessPoint' },
  { resourceType: 'AWS::S3Tables::TableBucketPolicy', property: 'ResourcePolicy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3Tables::TableBucket' },
  { resourceType: 'AWS::S3Tables::TablePolicy', property: 'ResourcePolicy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::S3Tables::Table' },
  { resourceType: 'AWS::SQS::QueuePolicy', property: 'PolicyDocument', policyType: 'resource' },
  { resourceType: 'AWS::SQS::QueueInlinePolicy', property: 'PolicyDocument', policyType: 'resource' },
  { resourceType: 'AWS::SNS::TopicPolicy', property: 'PolicyDocument', policyType: 'resource' },
  { resourceType: 'AWS::SNS::TopicInlinePolicy', property: 'PolicyDocument', policyType: 'resource' },
  { resourceType: 'AWS::KMS::Key', property: 'KeyPolicy', policyType: 'resource' },
  { resourceType: 'AWS::KMS::ReplicaKey', property: 'KeyPolicy', policyType: 'resource' },
  { resourceType: 'AWS::SecretsManager::ResourcePolicy', property: 'ResourcePolicy', policyType: 'resource' },
  { resourceType: 'AWS::ECR::Repository', property: 'RepositoryPolicyText', policyType: 'resource', resourceElement: 'implicit', note: 'no `Resource` element: the policy applies to its repository' },
  { resourceType: 'AWS::ECR::PublicRepository', property: 'RepositoryPolicyText', policyType: 'resource', resourceElement: 'implicit', note: 'no `Resource` element: the policy applies to its repository' },
  { resourceType: 'AWS::ECR::RegistryPolicy', property: 'PolicyText', policyType: 'resource' },
  { resourceType: 'AWS::Logs::ResourcePolicy', property: 'PolicyDocument', policyType: 'resource', note: 'a JSON string' },
  { resourceType: 'AWS::Logs::Destination', property: 'DestinationPolicy', policyType: 'resource', note: 'a JSON string' },
  { resourceType: 'AWS::Logs::DeliveryDestination', property: 'DeliveryDestinationPolicy', policyType: 'resource' },
  { resourceType: 'AWS::OpenSearchService::Domain', property: 'AccessPolicies', policyType: 'resource' },
  { resourceType: 'AWS::Elasticsearch::Domain', property: 'AccessPolicies', policyType: 'resource' },
  { resourceType: 'AWS::Events::EventBus', property: 'Policy', policyType: 'resource' },
  { resourceType: 'AWS::Events::EventBusPolicy', property: 'Statement', policyType: 'resource', statementOnly: true, note: 'one statement, checked as the only statement of a 2012-10-17 policy' },
  { resourceType: 'AWS::Backup::BackupVault', property: 'AccessPolicy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::Backup::BackupVault' },
  { resourceType: 'AWS::EFS::FileSystem', property: 'FileSystemPolicy', policyType: 'resource' },
  { resourceType: 'AWS::DynamoDB::Table', property: 'ResourcePolicy.PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::DynamoDB::Table' },
  { resourceType: 'AWS::DynamoDB::Table', property: 'StreamSpecification.ResourcePolicy.PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::DynamoDB::Stream' },
  { resourceType: 'AWS::DynamoDB::GlobalTable', property: 'Replicas[].ResourcePolicy.PolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::DynamoDB::Table' },
  { resourceType: 'AWS::EC2::VPCEndpoint', property: 'PolicyDocument', policyType: 'resource', note: 'VPC endpoint policy' },
  { resourceType: 'AWS::ApiGateway::RestApi', property: 'Policy', policyType: 'resource', accessAnalyzerResourceType: 'AWS::ApiGateway::RestApi' },
  { resourceType: 'AWS::CodeArtifact::Domain', property: 'PermissionsPolicyDocument', policyType: 'resource', accessAnalyzerResourceType: 'AWS::CodeArtifact::Domain' },
  { resourceType: 'AWS::CodeArtifact::Repository', property: 'PermissionsPolicyDocument', policyType: 'resource' },
  { resourceType: 'AWS::CloudTrail::ResourcePolicy', property: 'ResourcePolicy', policyType: 'resource' },
  { resourceType: 'AWS::Kinesis::ResourcePolicy', property: 'ResourcePolicy', policyType: 'resource' },
  { resourceType: 'AWS::MediaStore::Container', property: 'Policy', policyType: 'resource', note: 'a JSON string' },
  { resourceType: 'AWS::SSM::ResourcePolicy', property: 'Policy', policyType: 'resource' },
  { resourceType: 'AWS::Lex::ResourcePolicy', property: 'Policy', policyType: 'resource' },
  { resourceType: 'AWS::Serverless::Function', property: 'Policies', policyType: 'identity', sam: true, note: 'SAM: inline documents; policy template names and managed policies are recognised, not checked' },
  { resourceType: 'AWS::Serverless::Function', property: 'AssumeRolePolicyDocument', policyType: 'trust', accessAnalyzerResourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
  { resourceType: 'AWS::Serverless::StateMachine', property: 'Policies', policyType: 'identity', sam: true, note: 'SAM, as for functions' },
];

const BY_TYPE = new Map<string, PolicyLocation[]>();
for (const loc of POLICY_LOCATIONS) {
  const list = BY_TYPE.get(loc.resourceType) ?? [];
  list.push(loc);
  BY_TYPE.set(loc.resourceType, list);
}

export function locationsFor(resourceType: string): readonly PolicyLocation[] {
  return BY_TYPE.get(resourceType) ?? [];
}

/** The Markdown table of docs/cloudformation.md (generated from POLICY_LOCATIONS; a test compares). */
export function locationsMarkdownTable(): string {
  const rows = POLICY_LOCATIONS.map((l) => {
    const type = l.policyType === 'organizations' ? 'scp / rcp' : l.policyType;
    return `| \`${l.resourceType}\` | \`${l.property}\` | ${type} | ${l.accessAnalyzerResourceType ? `\`${l.accessAnalyzerResourceType}\`` : ''} | ${l.note ?? ''} |`;
  });
  return ['| Resource type | Property | Policy type | Access Analyzer resource type | Notes |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
