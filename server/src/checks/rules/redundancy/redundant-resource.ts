import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { redundantEntries } from '../../support/redundancy';

export default accessAnalyzerCheck({
  code: 'REDUNDANT_RESOURCE',
  title: 'Redundant resource',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'A resource ARN is already matched by a wildcard ARN (or repeated) in the same element.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.resource, st.notResource]) {
        // ARNs match case-sensitively.
        for (const { node, by } of redundantEntries(prop, false)) {
          ctx.report(
            valueSpan(node),
            node.value === by
              ? `"${node.value}" is listed more than once in "${prop!.key}". Remove the duplicate.`
              : `"${node.value}" is already matched by "${by}" in "${prop!.key}". Remove "${node.value}", or the wildcard if it is broader than intended.`,
            { fix: 'remove', target: 'item' },
          );
        }
      }
    }
  },
});
