import type { Check } from '../../types';
import policySizeExceedsIdentityPolicyQuota from './policy-size-exceeds-identity-policy-quota';
import policySizeExceedsIdentityKindQuota from './policy-size-exceeds-identity-kind-quota';
import policySizeExceedsScpQuota from './policy-size-exceeds-scp-quota';
import policySizeExceedsResourcePolicyQuota from './policy-size-exceeds-resource-policy-quota';
import policySizeExceedsTrustPolicyQuota from './policy-size-exceeds-trust-policy-quota';

/** Policy size quotas. One file per check in this folder; list each here, in reporting order. */
export const SIZE_CHECKS: readonly Check[] = [
  policySizeExceedsIdentityPolicyQuota,
  policySizeExceedsIdentityKindQuota,
  policySizeExceedsScpQuota,
  policySizeExceedsResourcePolicyQuota,
  policySizeExceedsTrustPolicyQuota,
];
