import { accessAnalyzerCheck } from '../../types';
import { reportUniqueIdPrincipals } from '../../support/uniqueIds';

export default accessAnalyzerCheck({
  code: 'INVALID_ROLE_REFERENCE',
  title: 'Invalid role reference',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal is an IAM role\'s unique ID (AROA…) instead of its ARN: AWS shows this when the role was deleted.',
  run(policy, ctx) {
    reportUniqueIdPrincipals(policy, ctx, 'role');
  },
});
