import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'SCP_SYNTAX_ERROR_PRINCIPAL',
  title: 'SCP syntax error principal',
  findingType: 'ERROR',
  policyTypes: ['scp'],
  requires: ['Principal'],
  fixes: [{ kind: 'remove', safe: false }],
  description: 'Service control policies cannot have Principal or NotPrincipal; use the aws:PrincipalArn condition key instead.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      ctx.report(prop.keySpan, `SCPs do not support "${prop.key}". Remove it and restrict principals with a Condition on "aws:PrincipalArn".`, { fix: 'remove', target: 'property' });
    }
  },
});
