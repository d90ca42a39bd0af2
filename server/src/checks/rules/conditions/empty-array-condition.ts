import { accessAnalyzerCheck } from '../../types';
import { reportEmptyArrays } from '../../support/emptyArrays';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_CONDITION',
  title: 'Empty array condition',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition key has an empty array of values, so the condition cannot match as intended; supply values.',
  run(policy, ctx) {
    reportEmptyArrays('PLAIN', policy, ctx, (e) => `The condition key "${e.key}" has no values. Supply the values to compare with, or remove the key.`);
  },
});
