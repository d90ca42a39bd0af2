import { accessAnalyzerCheck } from '../../types';
import { reportEmptyArrays } from '../../support/emptyArrays';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_CONDITION_FORANYVALUE',
  title: 'Empty array condition ForAnyValue',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'ForAnyValue: with an empty array never matches; supply the values to compare with.',
  run(policy, ctx) {
    reportEmptyArrays('FORANYVALUE', policy, ctx, (e) => `ForAnyValue: with no values never matches "${e.key}". Supply the values to compare with, or remove the condition.`);
  },
});
