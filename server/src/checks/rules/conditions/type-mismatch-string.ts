import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isBase64 } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_STRING',
  title: 'Type mismatch string',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A BinaryEquals operator is given a value that is not base64-encoded.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (e.operator?.base.category !== 'Binary') continue;
        for (const v of e.values) {
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || text.includes('${') || isBase64(text)) continue;
          ctx.report(valueNodeSpan(v), `"${text}" is not base64-encoded, which "${e.operatorProperty.key}" requires. Encode the value in base64.`);
        }
      }
    }
  },
});
