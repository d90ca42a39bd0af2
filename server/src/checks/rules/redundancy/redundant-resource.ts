import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { redundantEntries, redundantResourceEntries } from '../../support/redundancy';
import { statementFacts } from '../../../facts';

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
        if (!prop) continue;
        // Resource's known values are in the statement's facts (most checks read them).
        const entries = prop === st.resource ? redundantResourceEntries(statementFacts(st, ctx.data).resources) : redundantEntries(prop, false);
        for (const { node, by } of entries) {
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
