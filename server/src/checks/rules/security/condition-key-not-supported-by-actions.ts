import { ownCheck } from '../../types';
import { factsOf, someActionSupportsKey, fullyKnown, keyAttachedToActions, valueActions, type ConditionEntry } from '../../../facts';

const MAX_ACTIONS = 600;

export default ownCheck({
  code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS',
  title: 'Condition key not supported by the actions',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A service-specific condition key is supported by none of the statement\'s actions, so the condition never matches them; use a key the actions support or move it.',
  details:
    'Service-specific condition keys (`s3:prefix`, `ec2:InstanceType`, `kms:ViaService`) are only present in requests for the actions (and resource types) that document them. When no action of a statement supports a key, a condition on it never holds for an Allow (nothing is granted) and never applies for a Deny (nothing is denied) — unless an `…IfExists` operator or `Null` is used, which are not reported. Only keys of the statement\'s own services that the reference data attaches to at least one action are judged: global `aws:` keys, web-identity claims and request-context keys such as `glue:RoleAssumedBy`, `lambda:SourceFunctionArn` or `ec2:SourceInstanceARN` (present in requests to any service) are not. A suggestion, because the reference data may miss a key on an action. Statements with NotAction, unknown actions or wildcards reaching more than 600 actions are skipped.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let j = 0; j < all.length; j++) {
      const facts = all[j];
      const st = facts.statement;
      if (!st.action || st.notAction || !st.condition || !fullyKnown(st.action)) continue;
      const entries = serviceKeyEntries(facts.conditionEntries);
      if (entries.length === 0) continue;
      const refs: { service: string; name: string }[] = [];
      let judgeable = true;
      const values = facts.actions;
      const known = facts.actionRefs;
      for (let i = 0; i < values.length; i++) {
        const matched = valueActions(ctx.data, values[i].value, known[i]);
        if (!matched || matched.length === 0) {
          judgeable = false;
          break;
        }
        refs.push(...matched);
        if (refs.length > MAX_ACTIONS) {
          judgeable = false;
          break;
        }
      }
      if (!judgeable || refs.length === 0) continue;
      const services = new Set(refs.map((r) => r.service));
      for (let k = 0; k < entries.length; k++) {
        const e = entries[k];
        const op = e.operatorProperty.key.toLowerCase();
        if (op.endsWith('ifexists') || op === 'null') continue;
        const lower = e.keyLower;
        // Only keys of the statement\'s own services that the data attaches to some action: other
        // keys are request-context keys (glue:RoleAssumedBy, lambda:SourceFunctionArn,
        // ec2:SourceInstanceARN) present in requests to any service.
        const keyService = e.keyInfo?.service;
        if (!keyService || !services.has(keyService)) continue;
        // The statement's own actions first: usually one of them supports the key, and then the
        // service-wide list of attached keys (every action's keys, built once per service) is not needed.
        if (someActionSupportsKey(ctx.data, refs, lower)) continue;
        if (!keyAttachedToActions(ctx.data, keyService, lower)) continue;
        const acts = values.map((v) => v.value);
        ctx.report(
          e.keyProperty.keySpan,
          `None of the actions of this statement (${acts.slice(0, 3).join(', ')}${acts.length > 3 ? ' …' : ''}) supports the condition key "${e.key}", so this condition never matches them. Use a key these actions support, or move the actions that support it to their own statement.`,
        );
      }
    }
  },
});

/** The entries whose key is a known service key (not aws:). */
function serviceKeyEntries(all: readonly ConditionEntry[]): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    if (e.keyKind === 'service' && !e.keyLower.startsWith('aws:')) out.push(e);
  }
  return out;
}
