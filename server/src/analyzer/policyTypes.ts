import type { PolicyDocument, PolicyType } from '../model';

/**
 * Our policy types → Access Analyzer's request parameters. Plain string unions (the SDK's enums
 * as of @aws-sdk/client-accessanalyzer 3.1080) so this module does not load the SDK.
 */

export type AaPolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** ValidatePolicy's `validatePolicyResourceType` values. */
export const VALIDATE_RESOURCE_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::S3::AccessPoint',
  'AWS::S3::Bucket',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
] as const;
export type ValidateResourceType = (typeof VALIDATE_RESOURCE_TYPES)[number];

/** CheckNoPublicAccess's `resourceType` values (AccessCheckResourceType). */
export const PUBLIC_ACCESS_RESOURCE_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::Backup::BackupVault',
  'AWS::CloudTrail::Dashboard',
  'AWS::CloudTrail::EventDataStore',
  'AWS::CodeArtifact::Domain',
  'AWS::DynamoDB::Stream',
  'AWS::DynamoDB::Table',
  'AWS::EFS::FileSystem',
  'AWS::Kinesis::Stream',
  'AWS::Kinesis::StreamConsumer',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::OpenSearchService::Domain',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::S3Express::DirectoryBucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::Bucket',
  'AWS::S3Express::AccessPoint',
  'AWS::S3::Glacier',
  'AWS::S3Outposts::AccessPoint',
  'AWS::S3Outposts::Bucket',
  'AWS::S3Tables::Table',
  'AWS::S3Tables::TableBucket',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
] as const;
export type PublicAccessResourceType = (typeof PUBLIC_ACCESS_RESOURCE_TYPES)[number];

/**
 * ValidatePolicy's `policyType`. Permissions boundaries and session policies are identity
 * policies for Access Analyzer; a trust policy is a resource policy (of the role).
 */
export function validatePolicyType(type: PolicyType): AaPolicyType {
  switch (type) {
    case 'identity':
    case 'boundary':
    case 'session':
      return 'IDENTITY_POLICY';
    case 'resource':
    case 'trust':
      return 'RESOURCE_POLICY';
    case 'scp':
      return 'SERVICE_CONTROL_POLICY';
    case 'rcp':
      return 'RESOURCE_CONTROL_POLICY';
  }
}

/**
 * ValidatePolicy's `validatePolicyResourceType`: only for resource policies, only the six values
 * the API accepts (the adapters also record types that only the access checks know, such as
 * AWS::DynamoDB::Stream — those are not sent). A trust policy is always
 * AWS::IAM::AssumeRolePolicyDocument, even where the host did not say.
 */
export function validateResourceType(policy: Pick<PolicyDocument, 'type' | 'resourceType'>): ValidateResourceType | undefined {
  if (policy.type === 'trust') return 'AWS::IAM::AssumeRolePolicyDocument';
  if (policy.type !== 'resource' || !policy.resourceType) return undefined;
  return (VALIDATE_RESOURCE_TYPES as readonly string[]).includes(policy.resourceType) ? (policy.resourceType as ValidateResourceType) : undefined;
}

/** CheckNoNewAccess's `policyType` (IDENTITY_POLICY | RESOURCE_POLICY); undefined for SCPs and RCPs. */
export function accessCheckPolicyType(type: PolicyType): 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | undefined {
  const t = validatePolicyType(type);
  return t === 'IDENTITY_POLICY' || t === 'RESOURCE_POLICY' ? t : undefined;
}

/** CheckNoPublicAccess's `resourceType` for a resource (or trust) policy, when the API supports it. */
export function publicAccessResourceType(policy: Pick<PolicyDocument, 'type' | 'resourceType'>): PublicAccessResourceType | undefined {
  if (policy.type === 'trust') return 'AWS::IAM::AssumeRolePolicyDocument';
  if (policy.type !== 'resource' || !policy.resourceType) return undefined;
  return (PUBLIC_ACCESS_RESOURCE_TYPES as readonly string[]).includes(policy.resourceType) ? (policy.resourceType as PublicAccessResourceType) : undefined;
}

export type AaLocale = 'DE' | 'EN' | 'ES' | 'FR' | 'IT' | 'JA' | 'KO' | 'PT_BR' | 'ZH_CN' | 'ZH_TW';

/** An editor locale (`de`, `pt-br`, `zh-TW`) → Access Analyzer's `locale`; English otherwise. */
export function analyzerLocale(locale: string | undefined): AaLocale {
  const l = (locale ?? '').toLowerCase().replace('_', '-');
  if (l === 'pt-br') return 'PT_BR';
  if (l === 'zh-cn' || l === 'zh-hans' || l === 'zh') return 'ZH_CN';
  if (l === 'zh-tw' || l === 'zh-hant' || l === 'zh-hk') return 'ZH_TW';
  const base = l.split('-')[0];
  const simple: Record<string, AaLocale> = { de: 'DE', es: 'ES', fr: 'FR', it: 'IT', ja: 'JA', ko: 'KO' };
  return simple[base] ?? 'EN';
}
