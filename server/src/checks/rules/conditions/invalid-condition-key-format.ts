import { accessAnalyzerCheck } from '../../types';
import { conditionEntries } from '../../../facts';
import { hasKeyFormat } from '../../support/conditionKeys';

export default accessAnalyzerCheck({
  code: 'INVALID_CONDITION_KEY_FORMAT',
  title: 'Invalid condition key format',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition key is not written as prefix:name (for example aws:SourceIp or s3:prefix).',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (hasKeyFormat(e.key)) continue;
        ctx.report(e.keyProperty.keySpan, `The condition key "${e.key}" is not in the form prefix:name. Use a global key such as "aws:SourceIp" or a service key such as "s3:prefix".`);
      }
    }
  },
});
