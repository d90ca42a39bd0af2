import { ownCheck } from '../../types';
import { hasWildcard } from '../../../data/wildcard';
import { factsOf, someActionSupportsKey, effectOf, valueActions, type ConditionEntry } from '../../../facts';
import type { IamData } from '../../../data/iamData';
import type { StringNode } from '../../../model';
import { valueSpan } from '../../support/anchors';

/** Service-prefixed resource tag keys (iam:ResourceTag/…, ec2:ResourceTag/…); aws:ResourceTag/… is the tag-key family's (Access Analyzer codes). */
const SERVICE_RESOURCE_TAG = /^([a-z0-9-]+):resourcetag\//;
const MAX_MATCHED = 600;

/** An Action value that can be judged, with the actions it names or matches. */
interface Judged {
  node: StringNode;
  value: string;
  refs: readonly { service: string; name: string }[];
}

/** The entries of a service-prefixed resource tag key (not aws:) under a positive operator other than Null, without IfExists. */
function serviceResourceTagEntries(all: readonly ConditionEntry[]): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    const op = e.operator;
    const m = SERVICE_RESOURCE_TAG.exec(e.keyLower);
    if (!!m && m[1] !== 'aws' && !!op && op.base.name !== 'Null' && !op.ifExists && !op.base.negated) out.push(e);
  }
  return out;
}

/** Whether an action of some judged value supports the key (lower case). */
function someJudgedSupports(data: IamData, judged: readonly Judged[], keyLower: string): boolean {
  for (let i = 0; i < judged.length; i++) if (someActionSupportsKey(data, judged[i].refs, keyLower)) return true;
  return false;
}

/** Whether some judged value names or matches an action of the service. */
function someJudgedOfService(judged: readonly Judged[], service: string): boolean {
  for (let i = 0; i < judged.length; i++) {
    const refs = judged[i].refs;
    for (let j = 0; j < refs.length; j++) if (refs[j].service === service) return true;
  }
  return false;
}

export default ownCheck({
  code: 'RESOURCE_TAG_KEY_NOT_SUPPORTED_BY_ACTION',
  title: 'Service resource tag key with an action that lacks it',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A service-prefixed resource tag key such as `iam:ResourceTag/…` is tested with a positive operator (no IfExists) in a statement whose Action lists actions that never carry it (e.g. `s3:GetObject` with `iam:ResourceTag/team`); those actions are never granted (Allow) or never denied (Deny) by the statement. Reported on each such action.',
  details:
    'Complements the Access Analyzer tag-key checks (ALLOW_/DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE), which cover the global `aws:ResourceTag/…`, `aws:RequestTag/…` and `aws:TagKeys`: this check covers the service-prefixed `<service>:ResourceTag/…` keys (IAM roles and users, EC2, …), which Access Analyzer does not judge and CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS leaves alone when the key belongs to another service than the actions. Statements where no action supports a key of one of their own services are left to CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS. Actions the reference data does not know, service wildcards and wildcards matching more than 600 actions are skipped; a wildcard is reported only when none of its actions supports the key.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let k = 0; k < all.length; k++) {
      const facts = all[k];
      const st = facts.statement;
      if (!st.action || st.notAction) continue;
      const entries = serviceResourceTagEntries(facts.conditionEntries);
      if (entries.length === 0) continue;
      const judged: Judged[] = [];
      const values = facts.actions;
      const known = facts.actionRefs;
      for (let i = 0; i < values.length; i++) {
        const { node, value } = values[i];
        const refs = valueActions(ctx.data, value, known[i]);
        if (!refs || refs.length === 0 || refs.length > MAX_MATCHED) continue;
        judged.push({ node, value, refs });
      }
      for (let i2 = 0; i2 < entries.length; i2++) {
        const e = entries[i2];
        const lower = e.keyLower;
        const keyService = SERVICE_RESOURCE_TAG.exec(lower)![1];
        // No action of the key's own service supports it: CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS reports the key.
        if (!someJudgedSupports(ctx.data, judged, lower) && someJudgedOfService(judged, keyService)) continue;
        for (let i3 = 0; i3 < judged.length; i3++) {
          const j = judged[i3];
          if (someActionSupportsKey(ctx.data, j.refs, lower)) continue;
          const plural = hasWildcard(j.value);
          ctx.report(
            valueSpan(j.node),
            `${plural ? `None of the actions "${j.value}" matches carries` : `"${j.value}" does not carry`} the condition key "${e.key}" (it applies to ${keyService} resources), so ${plural ? 'they are' : 'it is'} never ${effectOf(st) === 'Deny' ? 'denied' : 'allowed'} by this statement. Move ${plural ? 'them' : 'it'} to a statement without this key, or use aws:ResourceTag/… if the action's resources support it.`,
          );
        }
      }
    }
  },
});
