import { accessAnalyzerCheck } from '../../types';
import { reportUniqueIdPrincipals } from '../../support/uniqueIds';

export default accessAnalyzerCheck({
  code: 'INVALID_USER_REFERENCE',
  title: 'Invalid user reference',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal is an IAM user\'s unique ID (AIDA…) instead of its ARN: AWS shows this when the user was deleted.',
  run(policy, ctx) {
    reportUniqueIdPrincipals(policy, ctx, 'user');
  },
});
