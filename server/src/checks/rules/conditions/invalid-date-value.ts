import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isEpoch } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'INVALID_DATE_VALUE',
  title: 'Invalid date value',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Date operator is given an epoch number, which may not resolve as intended; use an ISO 8601 date (2025-01-31 or 2025-01-31T00:00:00Z).',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Date' || e.keyLower === 'aws:epochtime') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || v.kind === 'boolean' || !isEpoch(text)) continue;
        ctx.report(valueNodeSpan(v), `The date "${text}" is written as an epoch number, which may not resolve as intended. Use the ISO 8601 format, for example "2025-01-31T00:00:00Z".`);
      }
    }
  },
});
