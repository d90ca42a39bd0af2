import { quotaOfPolicy } from '../../../facts/quotas';
import { ownCheck } from '../../types';
import { reportPolicySize } from '../../support/policySize';

export default ownCheck({
  code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
  title: 'Policy size exceeds resource policy quota',
  findingType: 'ERROR',
  // Resource policies only when the host says which resource they belong to (the quota depends on it).
  policyTypes: ['resource', 'rcp'],
  description: 'A resource control policy, or a resource-based policy of a known resource type (S3, SQS, SNS, KMS, Lambda, Secrets Manager, ECR), is longer than that service\'s documented size quota.',
  run(policy, ctx) {
    reportPolicySize(
      policy,
      ctx,
      quotaOfPolicy(policy)?.quota,
      policy.type === 'rcp' ? 'Split it into several RCPs.' : 'Shorten it: merge statements that share principals and conditions, and use wildcards or prefixes instead of long ARN lists.',
    );
  },
});
