import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { factsOf, splitAction, wildcardAllResourceLevel } from '../../../facts';
import { hasWildcard } from '../../../data/wildcard';

/** Covered by Access Analyzer's PASS_ROLE_* / CREATE_SLR_* checks. */
const SKIP = new Set(['iam:passrole', 'iam:createservicelinkedrole']);

/** How many of the actions the message names. */
const SHOWN = 4;

export default ownCheck({
  code: 'RESOURCE_STAR_FOR_RESOURCE_LEVEL_ACTION',
  title: 'Resource "*" for actions with resource-level permissions',
  findingType: 'SUGGESTION',
  policyTypes: ['identity'],
  fixes: [{ kind: 'arnTemplates', safe: false }],
  description: '"Resource": "*" is used for actions that support resource-level permissions; name the resources (ARNs) they may act on.',
  details:
    'Many actions can be limited to specific resources (the "Resource types" column of the Service Authorization Reference). Granting them on `"Resource": "*"` lets them act on every such resource in the account. Reported once per statement, for named actions and for wildcards whose every matched action supports resource-level permissions; statements with a Condition are left alone (the condition may scope them).',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let j = 0; j < all.length; j++) {
      const facts = all[j];
      const st = facts.statement;
      if (st.condition) continue;
      if (facts.effect !== 'Allow') continue;
      const star = facts.starResource;
      if (!star) continue;
      // The first few hits spelt out (the message names at most four), and how many there are.
      const hits: string[] = [];
      let count = 0;
      const values = facts.actions;
      // The actions the values name, resolved once per statement (shared with the other checks).
      const refs = facts.actionRefs;
      for (let i = 0; i < values.length; i++) {
        // The common case first: a known action, without splitting or lower-casing the value.
        const known = refs[i];
        if (known) {
          if (known.service === 'iam' && SKIP.has(`iam:${known.name.toLowerCase()}`)) continue;
          if (ctx.data.actionHasResourceTypes(known) && count++ < SHOWN) hits.push(`${known.service}:${known.name}`);
          continue;
        }
        const value = values[i].value;
        const a = splitAction(value);
        if (!a || hasWildcard(a.service) || SKIP.has(value.toLowerCase())) continue;
        // Without a wildcard the value names no known action (its ref above is undefined).
        if (!hasWildcard(a.name)) continue;
        if (a.name === '*') continue; // SERVICE_WILDCARD_ACTION reports it
        // Matched at least one action, and all of them support resource-level permissions (memoised per value).
        if (wildcardAllResourceLevel(ctx.data, value) && count++ < SHOWN) hits.push(value);
      }
      if (count === 0) continue;
      const shown = hits.map((h) => `"${h}"`).join(', ') + (count > SHOWN ? ` and ${count - SHOWN} more` : '');
      const message =
        count > 1
          ? `${shown} support resource-level permissions but are allowed on "Resource": "*". Name the resource ARNs they may act on.`
          : hasWildcard(hits[0])
            ? `${shown} matches only actions that support resource-level permissions, but they are allowed on "Resource": "*". Name the resource ARNs they may act on.`
            : `${shown} supports resource-level permissions but is allowed on "Resource": "*". Name the resource ARNs it may act on.`;
      ctx.report(valueSpan(star.node), message);
    }
  },
});
