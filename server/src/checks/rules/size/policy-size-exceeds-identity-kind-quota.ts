import { QUOTAS, quotaOfPolicy } from '../../../facts/quotas';
import { ownCheck } from '../../types';
import { fmt, reportPolicySize } from '../../support/policySize';

/**
 * The stricter, per-kind identity quota where the kind is known: the host says which IAM resource
 * holds the policy (CloudFormation AWS::IAM::ManagedPolicy, the Policies of AWS::IAM::Role/User/Group,
 * AWS::IAM::RolePolicy/UserPolicy/GroupPolicy) or the type implies it (a permissions boundary is a
 * managed policy). An identity policy of unknown kind is left to POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA.
 */
export default ownCheck({
  code: 'POLICY_SIZE_EXCEEDS_IDENTITY_KIND_QUOTA',
  title: 'Policy size exceeds the quota of its kind',
  findingType: 'WARNING',
  policyTypes: ['identity', 'boundary'],
  description: `Where the host tells an identity policy's kind, the policy, counted without whitespace, is longer than that kind's IAM quota: a managed policy (or permissions boundary) ${fmt(QUOTAS.iamManaged.max)}, the inline policies of a role ${fmt(QUOTAS.iamInlineRole.max)}, of a user ${fmt(QUOTAS.iamInlineUser.max)}, of a group ${fmt(QUOTAS.iamInlineGroup.max)} (the inline quotas are aggregates over all the entity's inline policies). The message names the quota.`,
  run(policy, ctx) {
    const q = quotaOfPolicy(policy);
    if (!q?.kindKnown) return;
    const inline = q.quota !== QUOTAS.iamManaged;
    reportPolicySize(
      policy,
      ctx,
      q.quota,
      inline
        ? 'All inline policies of the entity count together. Move statements into managed policies, or shorten them (wildcards such as "s3:Get*" instead of long action lists).'
        : 'Split it into several managed policies, or shorten it (wildcards such as "s3:Get*" instead of long action lists).',
    );
  },
});
