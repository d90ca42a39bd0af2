import { accessAnalyzerCheck } from '../../types';
import { reportEmptyArrays } from '../../support/emptyArrays';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_CONDITION_FORALLVALUES',
  title: 'Empty array condition ForAllValues',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'ForAllValues: with an empty array matches only when the key is absent; say so with the Null operator instead.',
  run(policy, ctx) {
    reportEmptyArrays('FORALLVALUES', policy, ctx, (e) => `ForAllValues: with no values matches only requests without "${e.key}". If that is intended, write "Null": {"${e.key}": "true"}.`);
  },
});
