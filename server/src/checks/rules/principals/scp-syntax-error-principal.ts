import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'SCP_SYNTAX_ERROR_PRINCIPAL',
  title: 'SCP syntax error principal',
  findingType: 'ERROR',
  policyTypes: ['scp'],
  requires: ['Principal'],
  fixes: [{ kind: 'remove', safe: false }],
  description: 'Service control policies cannot have Principal or NotPrincipal; use the aws:PrincipalArn condition key instead.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const pair = [st.principal, st.notPrincipal];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        if (!prop) continue;
        ctx.report(prop.keySpan, `SCPs do not support "${prop.key}". Remove it and restrict principals with a Condition on "aws:PrincipalArn".`, { fix: 'remove', target: 'property' });
      }
    }
  },
});
