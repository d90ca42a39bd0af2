import { accessAnalyzerCheck } from '../../types';
import { reportEmptyArrays } from '../../support/emptyArrays';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_CONDITION_IFEXISTS',
  title: 'Empty array condition IfExists',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'An …IfExists operator with an empty array matches only when the key is absent; say so with the Null operator instead.',
  run(policy, ctx) {
    reportEmptyArrays('IFEXISTS', policy, ctx, (e) => `"${e.operatorProperty.key}" with no values matches only requests without "${e.key}". If that is intended, write "Null": {"${e.key}": "true"}.`);
  },
});
