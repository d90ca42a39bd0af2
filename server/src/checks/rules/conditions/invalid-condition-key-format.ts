import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { hasKeyFormat } from '../../support/conditionKeys';

export default accessAnalyzerCheck({
  code: 'INVALID_CONDITION_KEY_FORMAT',
  title: 'Invalid condition key format',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition key is not written as prefix:name (for example aws:SourceIp or s3:prefix).',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (hasKeyFormat(e.key)) continue;
      ctx.report(e.keyProperty.keySpan, `The condition key "${e.key}" is not in the form prefix:name. Use a global key such as "aws:SourceIp" or a service key such as "s3:prefix".`);
    }
  },
});
