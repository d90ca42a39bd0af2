import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isBooleanText } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_BOOLEAN',
  title: 'Type mismatch Boolean',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Bool operator is given a value other than true or false.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (e.operator?.base.category !== 'Bool') continue;
        for (const v of e.values) {
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || text.includes('${') || isBooleanText(text)) continue;
          ctx.report(valueNodeSpan(v), `"${text}" is not a Boolean, so "${e.operatorProperty.key}" never matches it. Use true or false.`);
        }
      }
    }
  },
});
