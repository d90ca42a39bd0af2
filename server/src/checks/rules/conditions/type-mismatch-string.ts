import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isBase64 } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_STRING',
  title: 'Type mismatch string',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A BinaryEquals operator is given a value that is not base64-encoded.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'Binary') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || text.includes('${') || isBase64(text)) continue;
        ctx.report(valueNodeSpan(v), `"${text}" is not base64-encoded, which "${e.operatorProperty.key}" requires. Encode the value in base64.`);
      }
    }
  },
});
