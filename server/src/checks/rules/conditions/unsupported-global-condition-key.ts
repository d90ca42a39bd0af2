import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { UNSUPPORTED_GLOBAL_KEYS } from '../../support/conditionKeys';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_GLOBAL_CONDITION_KEY',
  title: 'Unsupported global condition key',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'The global condition key aws:ARN is not supported; use aws:PrincipalArn (the caller) or aws:SourceArn (the resource making a service-to-service request).',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const replacements = UNSUPPORTED_GLOBAL_KEYS.get(e.keyLower);
      if (!replacements) continue;
      ctx.report(e.keyProperty.keySpan, `The condition key "${e.key}" is not supported. Use "aws:PrincipalArn" to test the calling principal or "aws:SourceArn" to test the resource that made a service-to-service request.`, replaceWith(replacements));
    }
  },
});
