import { ownCheck, type Check, type FindingType } from '../../types';
import type { PolicyType } from '../../../model';
import { valueSpan } from '../../support/anchors';
import { effectOf, hasConditionKey, opaqueCondition, principalEntries } from '../../support/securityUtil';

/** Keys that tie a service's access to the resource or account it acts for (confused-deputy protection). */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner', 'kms:encryptioncontext:aws:cloudtrail:arn'];

/** Shared by the resource-policy check and its trust-policy counterpart. */
export function servicePrincipalCheck(def: { code: string; title: string; findingType: FindingType; policyTypes: PolicyType[]; description: string; details: string; defaultLevel?: 'off' }): Check {
  return ownCheck({
    ...def,
    hasFix: true,
    run(policy, ctx) {
      for (const st of policy.statements) {
        if (effectOf(st) !== 'Allow' || opaqueCondition(st) || hasConditionKey(st, SOURCE_KEYS)) continue;
        for (const e of principalEntries(st)) {
          if (e.kind !== 'Service' || !e.value.includes('.')) continue;
          ctx.report(
            valueSpan(e.node),
            `The service principal ${e.value} is allowed without aws:SourceArn or aws:SourceAccount, so the service could be used on behalf of any account (confused deputy). Add an aws:SourceArn or aws:SourceAccount condition naming your resource or account.`,
            { addCondition: { key: 'aws:SourceArn' } },
          );
        }
      }
    },
  });
}

export default servicePrincipalCheck({
  code: 'SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION',
  title: 'Service principal without source condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['resource'],
  description: 'A resource policy allows an AWS service principal without aws:SourceArn / aws:SourceAccount (confused deputy); add a condition naming your resource or account.',
  details:
    'When a resource policy grants a service principal (for example `cloudtrail.amazonaws.com` on a bucket or `sns.amazonaws.com` on a queue), the service acts for whichever customer asks it. AWS\'s cross-service confused deputy guidance is to add `aws:SourceArn` (the resource that uses the service) and/or `aws:SourceAccount` (your account) conditions. The finding carries `{"addCondition": {"key": "aws:SourceArn"}}`.',
});
