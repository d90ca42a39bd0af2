import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';
import type { EditValue, PolicyType } from '../../../model';

/** The Principal the quick fix inserts: "*" in an RCP (the only value it allows), else a placeholder to fill in. */
function principalPlaceholder(type: PolicyType): EditValue {
  if (type === 'rcp') return '*';
  return type === 'trust' ? { Service: { $snippet: '${1:ec2.amazonaws.com}' } } : { AWS: { $snippet: '${1:123456789012}' } };
}

export default accessAnalyzerCheck({
  code: 'MISSING_PRINCIPAL',
  title: 'Missing principal',
  findingType: 'ERROR',
  // Resource-based policies, role trust policies and RCPs name who they apply to.
  policyTypes: ['resource', 'trust', 'rcp'],
  fixes: [{ kind: 'insert', safe: false }],
  description: 'A statement of a resource-based policy, role trust policy or RCP has no Principal element.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind !== 'object' || st.principal || st.notPrincipal) continue;
      const example = policy.type === 'rcp' ? '"Principal": "*"' : policy.type === 'trust' ? '"Principal": {"Service": "ec2.amazonaws.com"}' : '"Principal": {"AWS": "123456789012"}';
      ctx.report(statementAnchor(st), `The statement has no "Principal". ${policy.type === 'rcp' ? 'RCP statements need' : 'Statements of this policy type need'} one, for example ${example}.`, { fix: 'insert', key: 'Principal', value: principalPlaceholder(policy.type), after: 'Effect' });
    }
  },
});
