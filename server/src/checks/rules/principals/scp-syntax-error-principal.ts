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
    for (const st of policy.statements) {
      for (const prop of [st.principal, st.notPrincipal]) {
        if (!prop) continue;
        ctx.report(prop.keySpan, `SCPs do not support "${prop.key}". Remove it and restrict principals with a Condition on "aws:PrincipalArn".`, { fix: 'remove', target: 'property' });
      }
    }
  },
});
