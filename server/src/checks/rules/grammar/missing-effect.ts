import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_EFFECT',
  title: 'Missing effect',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'insert', safe: false }],
  description: 'Every statement needs an Effect of "Allow" or "Deny".',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind !== 'object' || st.effect) continue;
      ctx.report(statementAnchor(st), `Statement ${st.sid ? `"${st.sid.value.kind === 'string' ? st.sid.value.value : st.index}"` : st.index + 1} has no "Effect". Add "Effect": "Allow" or "Effect": "Deny".`, { fix: 'insert', key: 'Effect', value: 'Allow' });
    }
  },
});
