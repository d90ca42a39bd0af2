import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isEpoch, isIsoDate } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_DATE',
  title: 'Type mismatch date',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Date operator is given a value that is not a date; use an ISO 8601 date or date-time.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Date') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || text.includes('${') || isIsoDate(text) || (v.kind !== 'boolean' && isEpoch(text))) continue;
        ctx.report(valueNodeSpan(v), `"${text}" is not a date, so "${e.operatorProperty.key}" cannot compare it. Use an ISO 8601 date or date-time such as "2025-01-31" or "2025-01-31T12:00:00Z".`);
      }
    }
  },
});
