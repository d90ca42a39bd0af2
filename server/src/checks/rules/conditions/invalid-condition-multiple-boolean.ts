import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
  title: 'Invalid condition multiple Boolean',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Bool condition on a single-valued key lists several values; give a single true or false.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Bool' || e.operator.setOperator || e.keyInfo?.multivalued) continue;
      if (e.value.kind !== 'array' || e.value.items.length < 2) continue;
      ctx.report(e.value.span, `The Boolean condition key "${e.key}" takes a single value: use either true or false, not a list of ${e.value.items.length} values.`);
    }
  },
});
