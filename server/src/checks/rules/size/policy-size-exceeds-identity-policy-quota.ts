import { QUOTAS, quotaOfPolicy } from '../../../facts/quotas';
import { accessAnalyzerCheck } from '../../types';
import { fmt, reportPolicySize } from '../../support/policySize';

/** Built once (the quotas are constants), not on every run. */
const ADVICE = `Split it into several policies, or shorten it (wildcards such as "s3:Get*" instead of long action lists). As a managed policy it may hold at most ${fmt(QUOTAS.iamManaged.max)}; inline policies share ${fmt(QUOTAS.iamInlineUser.max)} per user, ${fmt(QUOTAS.iamInlineGroup.max)} per group and ${fmt(QUOTAS.iamInlineRole.max)} per role.`;

export default accessAnalyzerCheck({
  code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  title: 'Policy size exceeds identity policy quota',
  findingType: 'WARNING',
  policyTypes: ['identity', 'boundary'],
  description: `An identity policy whose kind the host does not tell (a policy file), counted without whitespace, is longer than ${fmt(QUOTAS.iamIdentity.max)} characters, Access Analyzer's threshold (the largest identity quota, a role's inline policies). Where the kind is known, POLICY_SIZE_EXCEEDS_IDENTITY_KIND_QUOTA applies that kind's stricter quota instead.`,
  run(policy, ctx) {
    const q = quotaOfPolicy(policy);
    if (!q || q.kindKnown) return; // the per-kind check reports it
    reportPolicySize(policy, ctx, q.quota, ADVICE);
  },
});
