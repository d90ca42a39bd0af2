import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_ACTION',
  title: 'Missing action',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'Every statement needs an Action or NotAction element.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind !== 'object' || st.action || st.notAction) continue;
      ctx.report(statementAnchor(st), 'The statement has no "Action" or "NotAction" element. Add "Action" with the actions it allows or denies.');
    }
  },
});
