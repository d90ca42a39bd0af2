import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { arnCoversFormat } from '../../support/arnTypes';
import { factsOf, effectOf, lowerPatternCovers, type KnownValue, type StatementFacts } from '../../../facts';
import type { IamData } from '../../../data/iamData';
import { hasWildcard } from '../../../data/wildcard';

/**
 * Actions that write a resource-based policy (or an ACL or grant that works like one), after
 * parliament's "resource policy privilege escalation" idea: on every resource, whoever holds one
 * can give themselves, or anyone, access to any such resource, whatever their identity policies
 * say. Each entry: the action and what it lets one do.
 */
export const RESOURCE_POLICY_ACTIONS: readonly { action: string; what: string }[] = [
  { action: 's3:PutBucketPolicy', what: "rewrite any bucket's policy" },
  { action: 's3:PutBucketAcl', what: "rewrite any bucket's ACL" },
  { action: 's3:PutObjectAcl', what: "rewrite any object's ACL" },
  { action: 's3:PutAccessPointPolicy', what: "rewrite any access point's policy" },
  { action: 's3:PutMultiRegionAccessPointPolicy', what: "rewrite any Multi-Region Access Point's policy" },
  { action: 's3:PutAccessGrantsInstanceResourcePolicy', what: "rewrite the S3 Access Grants instance's policy" },
  { action: 's3express:PutBucketPolicy', what: "rewrite any directory bucket's policy" },
  { action: 'sqs:SetQueueAttributes', what: "rewrite any queue's policy through its Policy attribute" },
  { action: 'sqs:AddPermission', what: "rewrite any queue's policy" },
  { action: 'sns:SetTopicAttributes', what: "rewrite any topic's policy through its Policy attribute" },
  { action: 'sns:AddPermission', what: "rewrite any topic's policy" },
  { action: 'kms:PutKeyPolicy', what: "rewrite any KMS key's key policy" },
  { action: 'kms:CreateGrant', what: 'create grants on any KMS key' },
  { action: 'lambda:AddPermission', what: "rewrite any function's resource policy" },
  { action: 'lambda:AddLayerVersionPermission', what: "rewrite any layer version's policy" },
  { action: 'ecr:SetRepositoryPolicy', what: "rewrite any ECR repository's policy" },
  { action: 'ecr:PutRegistryPolicy', what: "rewrite the ECR registry's policy" },
  { action: 'ecr-public:SetRepositoryPolicy', what: "rewrite any public ECR repository's policy" },
  { action: 'secretsmanager:PutResourcePolicy', what: "rewrite any secret's resource policy" },
  { action: 'glacier:SetVaultAccessPolicy', what: "rewrite any vault's access policy" },
  { action: 'logs:PutResourcePolicy', what: 'rewrite the CloudWatch Logs resource policies' },
  { action: 'events:PutPermission', what: "rewrite any event bus's policy" },
  { action: 'backup:PutBackupVaultAccessPolicy', what: "rewrite any backup vault's access policy" },
  { action: 'elasticfilesystem:PutFileSystemPolicy', what: "rewrite any file system's policy" },
  { action: 'glue:PutResourcePolicy', what: "rewrite the Data Catalog's resource policy" },
  { action: 'codeartifact:PutRepositoryPermissionsPolicy', what: "rewrite any CodeArtifact repository's policy" },
  { action: 'codeartifact:PutDomainPermissionsPolicy', what: "rewrite any CodeArtifact domain's policy" },
  { action: 'mediastore:PutContainerPolicy', what: "rewrite any MediaStore container's policy" },
  { action: 'serverlessrepo:PutApplicationPolicy', what: "rewrite any Serverless Application Repository application's policy" },
  { action: 'dynamodb:PutResourcePolicy', what: "rewrite any table's or stream's resource policy" },
  { action: 'kinesis:PutResourcePolicy', what: "rewrite any stream's resource policy" },
  { action: 'es:UpdateDomainConfig', what: "rewrite any OpenSearch domain's access policy" },
  { action: 'es:UpdateElasticsearchDomainConfig', what: "rewrite any Elasticsearch domain's access policy" },
  { action: 'apigateway:UpdateRestApiPolicy', what: "rewrite any REST API's resource policy" },
  { action: 'lex:CreateResourcePolicy', what: "rewrite any Lex bot's resource policy" },
  { action: 'lex:UpdateResourcePolicy', what: "rewrite any Lex bot's resource policy" },
  { action: 'ssm-incidents:PutResourcePolicy', what: "rewrite any response plan's resource policy" },
  { action: 'redshift-serverless:PutResourcePolicy', what: "rewrite any Redshift Serverless snapshot's resource policy" },
  { action: 'cloudtrail:PutResourcePolicy', what: "rewrite any CloudTrail channel's, event data store's or dashboard's resource policy" },
  { action: 'aoss:CreateAccessPolicy', what: 'create OpenSearch Serverless data access policies' },
  { action: 'aoss:UpdateAccessPolicy', what: 'rewrite OpenSearch Serverless data access policies' },
  { action: 'ses:PutIdentityPolicy', what: "rewrite any SES identity's sending authorization policy" },
  { action: 'acm-pca:PutPolicy', what: "rewrite any private CA's resource policy" },
  { action: 'schemas:PutResourcePolicy', what: "rewrite the EventBridge schema registry's policy" },
  { action: 'sagemaker:PutModelPackageGroupPolicy', what: "rewrite any model package group's policy" },
  { action: 'xray:PutResourcePolicy', what: 'rewrite the X-Ray resource policies' },
];

/** Each action lower-cased and split once at load (`prefix`, `name`: as written, for the data look-ups). */
const LOWER = RESOURCE_POLICY_ACTIONS.map((e) => {
  const colon = e.action.indexOf(':');
  return { ...e, lower: e.action.toLowerCase(), service: e.action.slice(0, colon).toLowerCase(), prefix: e.action.slice(0, colon), name: e.action.slice(colon + 1) };
});
type Entry = (typeof LOWER)[number];
const BY_SERVICE = new Map<string, Entry[]>();
for (let k = 0; k < LOWER.length; k++) {
  const e = LOWER[k];
  BY_SERVICE.set(e.service, [...(BY_SERVICE.get(e.service) ?? []), e]);
}
/** A value without a wildcard covers only the action it names: one look-up instead of a match per entry of its service. */
const BY_ACTION = new Map<string, Entry>(LOWER.map((e) => [e.lower, e]));

/** Whether a value of the statement's Action may cover a listed action: it names one of their services, or has a wildcard service part. */
function reachesListedService(f: StatementFacts): boolean {
  const s = f.actionServices;
  if (s.any) return true;
  for (let i = 0; i < s.services.length; i++) if (BY_SERVICE.has(s.services[i])) return true;
  return false;
}

/** A value that grants a whole service or everything: SERVICE_WILDCARD_ACTION / FULL_ADMIN_ACCESS report it. */
function wholeService(v: KnownValue): boolean {
  return v.value === '*' || v.lower.endsWith(':*');
}

/** Whether the statement's Resource is "*" or, for this action, an ARN that names every resource of its only type. */
function onEveryResource(data: IamData, f: StatementFacts, service: string, name: string): boolean {
  if (f.starResource) return true;
  const info = data.getAction(service, name);
  if (!info || info.resourceTypes.length !== 1) return false;
  const rt = data.getResourceType(service, info.resourceTypes[0].name);
  if (!rt) return false;
  const arns = f.arns;
  for (let i = 0; i < arns.length; i++) {
    const v = arns[i];
    if (v.element === 'Resource' && v.parse.kind === 'arn' && arnCoversFormat(v.parse.arn, rt.arn)) return true;
  }
  return false;
}

/** The entries a wildcard (lower case) covers whose action exists and is allowed on every resource by the statement. */
function coveredOnEveryResource(data: IamData, f: StatementFacts, wildcardLower: string, entries: readonly Entry[]): Entry[] {
  const hits: Entry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (lowerPatternCovers(wildcardLower, e.lower) && data.findAction(e.prefix, e.name) && onEveryResource(data, f, e.prefix, e.name)) hits.push(e);
  }
  return hits;
}

/** Whether some string of Resource or NotResource parses as an ARN. */
function hasArn(f: StatementFacts): boolean {
  const arns = f.arns;
  for (let i = 0; i < arns.length; i++) if (arns[i].parse.kind === 'arn') return true;
  return false;
}

export default ownCheck({
  code: 'RESOURCE_POLICY_PRIVILEGE_ESCALATION',
  title: 'Resource-policy privilege escalation',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity'],
  description: 'An action that writes resource-based policies (s3:PutBucketPolicy, kms:PutKeyPolicy, lambda:AddPermission, …) is allowed on every resource: whoever has it can grant themselves, or anyone, access to those resources. Limit it to specific resources.',
  details: [
    'A resource-based policy grants access on its own: a principal that may rewrite the policy of every bucket, queue, key or function can give itself (or another account, or everyone) any access to them, whatever its identity policies allow. After parliament\'s resource-policy privilege-escalation check. Reported on the Action value (a name or a narrower wildcard such as `s3:PutBucket*`) of an Allow statement whose Resource is `"*"`, or an ARN that names every resource of the action\'s only resource type (see EFFECTIVELY_STAR_RESOURCE). Whole-service wildcards (`s3:*`) and `"*"` are left to SERVICE_WILDCARD_ACTION and FULL_ADMIN_ACCESS. Statements with a Condition are left alone: conditions such as `kms:GrantIsForAWSResource`, `kms:ViaService` or `aws:ResourceTag/…` commonly scope these grants (review the ones that do not). The actions:',
    '',
    ...RESOURCE_POLICY_ACTIONS.map((e) => `- \`${e.action}\`: ${e.what}`),
  ].join('\n'),
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const f = all[i];
      const st = f.statement;
      if (effectOf(st) !== 'Allow' || !st.action || !st.resource || st.condition) continue;
      // Most statements name none of the listed actions' services (and have no wildcard service part).
      if (!reachesListedService(f)) continue;
      if (!f.starResource && !hasArn(f)) continue;
      const actions = f.actions;
      for (let j = 0; j < actions.length; j++) {
        const v = actions[j];
        let hits: Entry[];
        if (!hasWildcard(v.lower)) {
          const e = BY_ACTION.get(v.lower);
          if (e === undefined || !ctx.data.findAction(e.prefix, e.name) || !onEveryResource(ctx.data, f, e.prefix, e.name)) continue;
          hits = [e];
        } else {
          if (wholeService(v)) continue;
          const colon = v.lower.indexOf(':');
          if (colon <= 0) continue;
          const sp = v.lower.slice(0, colon);
          const entries = hasWildcard(sp) ? LOWER : BY_SERVICE.get(sp);
          if (!entries) continue;
          hits = coveredOnEveryResource(ctx.data, f, v.lower, entries);
          if (hits.length === 0) continue;
        }
        const shown = hits.slice(0, 3).map((e) => `${e.action} (${e.what})`).join(', ') + (hits.length > 3 ? ` and ${hits.length - 3} more` : '');
        ctx.report(
          valueSpan(v.node),
          `"${v.value}" on every resource allows ${shown}: whoever has ${hits.length === 1 ? 'it' : 'them'} can grant themselves, or anyone, access to those resources. Limit ${hits.length === 1 ? 'it' : 'them'} to specific resources.`,
        );
      }
    }
  },
});
