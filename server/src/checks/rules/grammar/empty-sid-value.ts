import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'EMPTY_SID_VALUE',
  title: 'Empty Sid value',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'Sid is an empty string; give it a value or remove it.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const v = st.sid?.value;
      if (!v || v.kind !== 'string' || v.parts || v.value !== '') continue;
      ctx.report(v.span, 'The "Sid" is empty. Give the statement a short identifier (letters and digits) or remove "Sid".', { fix: 'remove', target: 'property' });
    }
  },
});
