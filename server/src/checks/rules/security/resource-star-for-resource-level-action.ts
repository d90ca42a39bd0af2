import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { effectOf, hasResourceTypes, splitAction, statementFacts } from '../../../facts';
import { hasWildcard } from '../../../data/wildcard';
import { actionRefOf } from '../../../facts/actions';

/** Covered by Access Analyzer's PASS_ROLE_* / CREATE_SLR_* checks. */
const SKIP = new Set(['iam:passrole', 'iam:createservicelinkedrole']);

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
    for (const st of policy.statements) {
      if (effectOf(st) !== 'Allow' || st.condition) continue;
      const star = statementFacts(st, ctx.data).starResource;
      if (!star) continue;
      const hits: string[] = [];
      for (const { value } of statementFacts(st, ctx.data).actions) {
        // The common case first: a known action (shared memo), without splitting or lower-casing the value.
        const known = actionRefOf(ctx.data, value);
        if (known) {
          if (known.service === 'iam' && SKIP.has(`iam:${known.name.toLowerCase()}`)) continue;
          if (hasResourceTypes(ctx.data, known.service, known.name)) hits.push(`${known.service}:${known.name}`);
          continue;
        }
        const a = splitAction(value);
        if (!a || hasWildcard(a.service) || SKIP.has(value.toLowerCase())) continue;
        if (!hasWildcard(a.name)) {
          const ref = actionRefOf(ctx.data, value);
          if (ref && hasResourceTypes(ctx.data, ref.service, ref.name)) hits.push(`${ref.service}:${ref.name}`);
          continue;
        }
        if (a.name === '*') continue; // SERVICE_WILDCARD_ACTION reports it
        const matched = ctx.data.matchActions(value);
        if (matched.length > 0 && matched.every((m) => hasResourceTypes(ctx.data, m.service, m.name))) hits.push(value);
      }
      if (hits.length === 0) continue;
      const shown = hits.slice(0, 4).map((h) => `"${h}"`).join(', ') + (hits.length > 4 ? ` and ${hits.length - 4} more` : '');
      const message =
        hits.length > 1
          ? `${shown} support resource-level permissions but are allowed on "Resource": "*". Name the resource ARNs they may act on.`
          : hasWildcard(hits[0])
            ? `${shown} matches only actions that support resource-level permissions, but they are allowed on "Resource": "*". Name the resource ARNs they may act on.`
            : `${shown} supports resource-level permissions but is allowed on "Resource": "*". Name the resource ARNs it may act on.`;
      ctx.report(valueSpan(star.node), message);
    }
  },
});
