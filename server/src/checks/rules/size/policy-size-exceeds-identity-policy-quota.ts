import { QUOTAS, policySizeQuota } from '../../../facts/quotas';
import { accessAnalyzerCheck } from '../../types';
import { fmt, reportPolicySize } from '../../support/policySize';

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
