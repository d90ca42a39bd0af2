import { QUOTAS } from '../../../facts/quotas';
import { ownCheck } from '../../types';
import { reportPolicySize } from '../../support/policySize';

export default ownCheck({
  code: 'POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA',
  title: 'Policy size exceeds trust policy quota',
  findingType: 'WARNING',
  policyTypes: ['trust'],
  description: 'The role trust policy, counted without whitespace, is longer than the default 2,048-character IAM quota (an account can raise it to 4,096).',
  run(policy, ctx) {
    reportPolicySize(policy, ctx, QUOTAS.roleTrust, 'Shorten it (merge statements, use a list of principals in one statement), or request a quota increase for role trust policy length.');
  },
});
