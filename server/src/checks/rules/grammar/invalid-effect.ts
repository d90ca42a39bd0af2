import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_EFFECT',
  title: 'Invalid effect',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'Effect must be exactly "Allow" or "Deny" (case-sensitive).',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const v = st.effect?.value;
      if (!v || v.kind !== 'string' || v.parts) continue;
      if (v.value === 'Allow' || v.value === 'Deny') continue;
      const lower = v.value.toLowerCase();
      const fixed = lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : undefined;
      ctx.report(
        v.span,
        fixed
          ? `The effect "${v.value}" must be written "${fixed}": Effect values are case-sensitive.`
          : `The effect "${v.value}" is not valid. Use "Allow" or "Deny".`,
        replaceWith(fixed ? [fixed] : ['Allow', 'Deny']),
      );
    }
  },
});
