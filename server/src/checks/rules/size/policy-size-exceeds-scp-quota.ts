import { QUOTAS } from '../../../facts/quotas';
import { accessAnalyzerCheck } from '../../types';
import { reportPolicySize } from '../../support/policySize';

export default accessAnalyzerCheck({
  code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
  title: 'Policy size exceeds SCP quota',
  findingType: 'ERROR',
  policyTypes: ['scp'],
  description: 'The service control policy is longer than the 5,120-character Organizations quota for SCPs.',
  run(policy, ctx) {
    reportPolicySize(policy, ctx, QUOTAS.scp, 'Split it into several SCPs (Organizations counts every character, so also remove whitespace).');
  },
});
