import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { redundantActionEntries } from '../../support/redundancy';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'REDUNDANT_ACTION',
  title: 'Redundant action',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'An action entry is already covered by another entry of the same element (e.g. iam:GetUser next to iam:Get*).',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (!st.action && !st.notAction) continue;
      // The known values, lower-cased and resolved to actions once per statement in its facts.
      const pair = [st.action, st.notAction];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        if (!prop) continue;
        const entries = prop === st.action ? redundantActionEntries(facts.actions, facts.actionRefs) : redundantActionEntries(facts.notActions, facts.notActionRefs);
        for (let k = 0; k < entries.length; k++) {
          const { node, by } = entries[k];
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
