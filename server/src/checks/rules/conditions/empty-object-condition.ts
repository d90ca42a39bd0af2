import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'EMPTY_OBJECT_CONDITION',
  title: 'Empty object condition',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'The Condition element is an empty object; remove it or add conditions.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const v = st.condition?.value;
      if (v?.kind === 'object' && v.properties.length === 0) {
        ctx.report(v.span, 'The Condition element is empty and has no effect. Remove it or add conditions.');
      }
    }
  },
});
