import type { IamData } from '../../../data/iamData';
import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, lookupConditionKey } from '../../support/conditionModel';

const TAG_KEY = /^([^:]+):(ResourceTag|RequestTag|PrincipalTag)\/?$/i;

/** True when a tag condition key (aws:ResourceTag, ec2:RequestTag, …) is written without its /tag-key part. */
export function isTagKeyWithoutName(key: string, data: IamData): boolean {
  const m = TAG_KEY.exec(key);
  if (!m) return false;
  return lookupConditionKey(`${m[1]}:${m[2]}/tag`, data).kind !== 'unknown';
}

export default accessAnalyzerCheck({
  code: 'MISSING_TAG_KEY_IN_CONDITION',
  title: 'Missing tag key in condition',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'A tag condition key such as aws:ResourceTag is used without the tag key it tests (write aws:ResourceTag/owner).',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (!isTagKeyWithoutName(e.key, ctx.data)) continue;
        const base = e.key.replace(/\/$/, '');
        ctx.report(e.keyProperty.keySpan, `The condition key "${e.key}" needs the tag key it tests: write it as "${base}/<tag-key>" (for example "${base}/owner").`);
      }
    }
  },
});
