import { accessAnalyzerCheck } from '../../types';
import { effectOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'ALLOW_WITH_NOT_PRINCIPAL',
  title: 'Allow with NotPrincipal',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['resource', 'trust'],
  requires: ['Principal'],
  description: 'An Allow statement with NotPrincipal grants access to every principal not listed, even anonymous ones; list the principals in Principal instead.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (!st.notPrincipal || effectOf(st) !== 'Allow') continue;
      ctx.report(
        st.notPrincipal.keySpan,
        'This Allow statement uses NotPrincipal, which grants access to every principal not listed, including anonymous users. Name the allowed principals in Principal, and use NotPrincipal only with Deny.',
      );
    }
  },
});
