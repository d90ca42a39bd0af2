import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_ACTION',
  title: 'Empty array action',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  description: 'Action or NotAction is an empty array, so the statement has no effect.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const pair = [st.action, st.notAction];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        if (!prop || prop.value.kind !== 'array' || prop.value.items.length > 0) continue;
        ctx.report(prop.value.span, `"${prop.key}" is an empty array, so this statement has no effect. List the actions it should cover.`);
      }
    }
  },
});
