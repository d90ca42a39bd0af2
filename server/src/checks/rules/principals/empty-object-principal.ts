import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'EMPTY_OBJECT_PRINCIPAL',
  title: 'Empty object principal',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'Principal or NotPrincipal is an empty object, so the statement applies to no one.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const pair = [st.principal, st.notPrincipal];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        if (!prop || prop.value.kind !== 'object' || prop.value.properties.length > 0) continue;
        ctx.report(prop.value.span, `"${prop.key}" is an empty object, so this statement has no effect. Name principals, for example {"AWS": "123456789012"}.`);
      }
    }
  },
});
