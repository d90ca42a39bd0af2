import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isNumeric } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_NUMBER',
  title: 'Type mismatch number',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Numeric operator is given a value that is not a number.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (e.operator?.base.category !== 'Numeric') continue;
        for (const v of e.values) {
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || text.includes('${') || isNumeric(text)) continue;
          ctx.report(valueNodeSpan(v), `"${text}" is not a number, so "${e.operatorProperty.key}" cannot compare it. Use a numeric value.`);
        }
      }
    }
  },
});
