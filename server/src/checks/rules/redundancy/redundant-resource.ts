import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { redundantEntries, redundantResourceEntries } from '../../support/redundancy';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'REDUNDANT_RESOURCE',
  title: 'Redundant resource',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'A resource ARN is already matched by a wildcard ARN (or repeated) in the same element.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      const pair = [st.resource, st.notResource];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        // ARNs match case-sensitively.
        if (!prop) continue;
        // Resource's known values are in the statement's facts (most checks read them).
        const entries = prop === st.resource ? redundantResourceEntries(facts.resources) : redundantEntries(prop, false);
        for (let k = 0; k < entries.length; k++) {
          const { node, by } = entries[k];
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
