import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isNumeric } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_NUMBER',
  title: 'Type mismatch number',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Numeric operator is given a value that is not a number.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Numeric') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || text.includes('${') || isNumeric(text)) continue;
        ctx.report(valueNodeSpan(v), `"${text}" is not a number, so "${e.operatorProperty.key}" cannot compare it. Use a numeric value.`);
      }
    }
  },
});
