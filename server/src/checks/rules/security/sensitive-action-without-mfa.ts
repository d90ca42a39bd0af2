import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { requiresMfa } from '../../support/conditionKeys';
import { factsOf, effectOf, splitAction } from '../../../facts';
import { hasWildcard } from '../../../data/wildcard';
import { oneRef } from '../../../facts/actions';

export default ownCheck({
  code: 'SENSITIVE_ACTION_WITHOUT_MFA',
  title: 'Sensitive action without MFA condition',
  findingType: 'SUGGESTION',
  policyTypes: ['identity'],
  defaultLevel: 'off',
  fixes: [{ kind: 'addCondition', safe: false }],
  description: 'Opt-in: permissions-management actions are allowed without an aws:MultiFactorAuthPresent condition; require MFA for them.',
  details:
    'Off by default (policies for roles assumed by services and workloads cannot require MFA). Turn it on for policies of human users (`"SENSITIVE_ACTION_WITHOUT_MFA": "warning"`). Reports Allow statements that reach an action whose access level is "Permissions management" (by name, wildcard or NotAction) without an `aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge` condition. The finding carries `{"fix": "addCondition", "key": "aws:MultiFactorAuthPresent"}`: the quick fix adds that condition.',
  run(policy, ctx) {
    const fix = { fix: 'addCondition', key: 'aws:MultiFactorAuthPresent' } as const;
    const all = factsOf(policy, ctx.data).statements;
    for (let j = 0; j < all.length; j++) {
      const facts = all[j];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || requiresMfa(st, ctx.data)) continue;
      if (st.notAction) {
        ctx.report(st.notAction.keySpan, 'This Allow with NotAction reaches permissions-management actions without requiring MFA. Add an aws:MultiFactorAuthPresent condition.', fix);
        continue;
      }
      const values = facts.actions;
      const known = facts.actionRefs;
      for (let i = 0; i < values.length; i++) {
        const { node, value } = values[i];
        // A known action is resolved once in the statement's facts; a wildcard is matched.
        const refs = value === '*' ? [] : hasWildcard(value) ? (splitAction(value) ? ctx.data.matchActions(value) : []) : oneRef(known[i]);
        const sensitive = value === '*' || refs.find((r) => r.accessLevel.includes('Permissions management'));
        if (!sensitive) continue;
        const what = !hasWildcard(value) ? 'is a permissions-management action, allowed' : sensitive === true ? 'grants permissions-management actions' : `grants permissions-management actions (for example ${sensitive.service}:${sensitive.name})`;
        ctx.report(valueSpan(node), `"${value}" ${what} without requiring MFA. Add an aws:MultiFactorAuthPresent condition.`, fix);
      }
    }
  },
});
