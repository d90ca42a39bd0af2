import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_PRINCIPAL',
  title: 'Missing principal',
  findingType: 'ERROR',
  // Resource-based policies, role trust policies and RCPs name who they apply to.
  policyTypes: ['resource', 'trust', 'rcp'],
  hasFix: true,
  description: 'A statement of a resource-based policy, role trust policy or RCP has no Principal element.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      if (st.node.kind !== 'object' || st.principal || st.notPrincipal) continue;
      const example = policy.type === 'rcp' ? '"Principal": "*"' : policy.type === 'trust' ? '"Principal": {"Service": "ec2.amazonaws.com"}' : '"Principal": {"AWS": "123456789012"}';
      ctx.report(statementAnchor(st), `The statement has no "Principal". ${policy.type === 'rcp' ? 'RCP statements need' : 'Statements of this policy type need'} one, for example ${example}.`, { insert: 'Principal', policyType: policy.type });
    }
  },
});
