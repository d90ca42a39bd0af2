import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isBooleanText } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_BOOLEAN',
  title: 'Type mismatch Boolean',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Bool operator is given a value other than true or false.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Bool') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || text.includes('${') || isBooleanText(text)) continue;
        ctx.report(valueNodeSpan(v), `"${text}" is not a Boolean, so "${e.operatorProperty.key}" never matches it. Use true or false.`);
      }
    }
  },
});
