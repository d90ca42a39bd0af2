import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isEpoch, isIsoDate } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_DATE',
  title: 'Type mismatch date',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Date operator is given a value that is not a date; use an ISO 8601 date or date-time.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (e.operator?.base.category !== 'Date') continue;
        for (const v of e.values) {
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || text.includes('${') || isIsoDate(text) || (v.kind !== 'boolean' && isEpoch(text))) continue;
          ctx.report(valueNodeSpan(v), `"${text}" is not a date, so "${e.operatorProperty.key}" cannot compare it. Use an ISO 8601 date or date-time such as "2025-01-31" or "2025-01-31T12:00:00Z".`);
        }
      }
    }
  },
});
