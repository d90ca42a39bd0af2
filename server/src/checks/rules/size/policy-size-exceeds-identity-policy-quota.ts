import type { PolicyDocument } from '../../../model';
import { policySize } from '../../../model/serialize';
import { QUOTAS, policySizeQuota, type PolicySizeQuota } from '../../../data/quotas';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { policyAnchor } from '../../support/anchors';

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Reports when the minified size exceeds the quota. The size of a policy with computed values is a
 * lower bound (see serialize.ts), so an excess is real even then.
 */
export function reportPolicySize(policy: PolicyDocument, ctx: CheckContext, quota: PolicySizeQuota | undefined, advice: string): void {
  if (!quota) return;
  const { size, approximate } = policySize(policy);
  if (size <= quota.max) return;
  ctx.report(
    policyAnchor(policy),
    `This policy is ${approximate ? 'at least ' : ''}${fmt(size)} ${quota.unit} without whitespace, over the ${fmt(quota.max)}-${quota.unit === 'bytes' ? 'byte' : 'character'} quota for ${quota.label}${quota.adjustableTo ? ` (adjustable up to ${fmt(quota.adjustableTo)})` : ''}. ${advice}`,
    { size, max: quota.max, quota: quota.id, approximate },
  );
}

export default accessAnalyzerCheck({
  code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  title: 'Policy size exceeds identity policy quota',
  findingType: 'WARNING',
  policyTypes: ['identity', 'boundary'],
  description: 'The policy, counted without whitespace, is longer than the 6,144-character quota of an IAM managed policy.',
  run(policy, ctx) {
    reportPolicySize(
      policy,
      ctx,
      policySizeQuota(policy.type) ?? QUOTAS.iamManaged,
      `Split it into several policies, or shorten it (wildcards such as "s3:Get*" instead of long action lists). Inline policies share ${fmt(QUOTAS.iamInlineUser.max)} per user, ${fmt(QUOTAS.iamInlineGroup.max)} per group and ${fmt(QUOTAS.iamInlineRole.max)} per role.`,
    );
  },
});
