import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { redundantEntries } from '../../support/redundancy';

export default accessAnalyzerCheck({
  code: 'REDUNDANT_ACTION',
  title: 'Redundant action',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'An action entry is already covered by another entry of the same element (e.g. iam:GetUser next to iam:Get*).',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.action, st.notAction]) {
        for (const { node, by } of redundantEntries(prop, true)) {
          ctx.report(
            valueSpan(node),
            node.value.toLowerCase() === by.toLowerCase()
              ? `"${node.value}" is listed more than once in "${prop!.key}". Remove the duplicate.`
              : `"${node.value}" is already covered by "${by}" in "${prop!.key}". Remove "${node.value}".`,
            { fix: 'remove', target: 'item' },
          );
        }
      }
    }
  },
});
