import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { hasWildcard } from '../../../data/wildcard';
import { factsOf, type KnownValue } from '../../../facts';
import type { ActionRef } from '../../../data/iamData';
import type { StringNode } from '../../../model';
import { replaceWith } from '../../../model/fixPayload';
import { suggestServices } from '../../support/suggest';

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE_IN_ACTION',
  title: 'Invalid service in action',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The service prefix of an action is not an AWS service prefix (e.g. "s3" in "s3:GetObject").',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      // The values of Action, then of NotAction, each with the action it names (resolved once per
      // statement in its facts, shared with INVALID_ACTION and the other checks).
      if (st.action) scan(facts.actions, facts.actionRefs, ctx);
      if (st.notAction) scan(facts.notActions, facts.notActionRefs, ctx);
    }
  },
});

function scan(values: readonly KnownValue[], refs: readonly (ActionRef | undefined)[], ctx: CheckContext): void {
  for (let i = 0; i < values.length; i++) {
    if (refs[i]) continue; // a known action: its service is known
    const { node, value } = values[i];
    const colon = value.indexOf(':');
    if (colon <= 0) continue;
    const service = value.slice(0, colon);
    if (hasWildcard(service) || ctx.data.hasService(service)) continue;
    reportUnknownService(ctx, node, value, colon);
  }
}

/**
 * Reports the unknown service prefix of an Action value (`colon`: the index of its colon). Apart
 * from scan so that scan's loop body captures nothing (no block context per value).
 */
function reportUnknownService(ctx: CheckContext, node: StringNode, value: string, colon: number): void {
  const service = value.slice(0, colon);
  const suggestions = suggestServices(ctx.data, service);
  const span = node.valueSpan ? { offset: node.valueSpan.offset, length: colon } : node.span;
  // A near miss is a typo: an error. A prefix with no near miss may belong to a service newer
  // than the reference data (or a retired one): reported one level lower, naming the data's date.
  ctx.report(
    span,
    `"${service}" is not an AWS service prefix${suggestions.length ? `. Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ` in the IAM reference data (${ctx.data.date}). Check the prefix in the Service Authorization Reference; if the service is newer than that data, ignore this.`}`,
    replaceWith(suggestions.map((s) => s + value.slice(colon))),
    { demote: suggestions.length === 0 },
  );
}
