import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { isTagKeyWithoutName } from '../../support/conditionKeys';

export default accessAnalyzerCheck({
  code: 'MISSING_TAG_KEY_IN_CONDITION',
  title: 'Missing tag key in condition',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A tag condition key such as aws:ResourceTag is used without the tag key it tests (write aws:ResourceTag/owner).',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!isTagKeyWithoutName(e.key, ctx.data)) continue;
      const base = e.key.replace(/\/$/, '');
      ctx.report(e.keyProperty.keySpan, `The condition key "${e.key}" needs the tag key it tests: write it as "${base}/<tag-key>" (for example "${base}/owner").`);
    }
  },
});
