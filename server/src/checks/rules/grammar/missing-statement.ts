import { accessAnalyzerCheck } from '../../types';
import { policyAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_STATEMENT',
  title: 'Missing statement',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'A policy needs a Statement element with at least one statement.',
  run(policy, ctx) {
    if (policy.root.kind !== 'object') {
      ctx.report(policy.root.span, 'A policy must be a JSON object with a "Statement" element.');
      return;
    }
    const sp = policy.statementProperty;
    if (!sp) {
      ctx.report(policyAnchor(policy), 'The policy has no "Statement" element. Add "Statement": [ … ] with at least one statement.');
    } else if (sp.value.kind === 'array' && sp.value.items.length === 0) {
      ctx.report(sp.keySpan, 'The "Statement" element is empty. Add at least one statement.');
    }
  },
});
