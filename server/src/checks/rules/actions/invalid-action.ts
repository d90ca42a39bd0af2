import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { valueSpan } from '../../support/anchors';
import { hasWildcard } from '../../../data/wildcard';
import { replaceWith } from '../../../model/fixPayload';
import { isTypo } from '../../../data/editDistance';
import { suggestActions } from '../../support/suggest';
import { factsOf, type KnownValue } from '../../../facts';
import type { ActionRef } from '../../../data/iamData';
import type { StringNode } from '../../../model';

export default accessAnalyzerCheck({
  code: 'INVALID_ACTION',
  title: 'Invalid action',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }, { kind: 'apiName', safe: false }],
  description: 'The action does not exist in its service (or a wildcard matches no action); fix the name.',
  details: [
    'An error only when the name looks like a typo of an action in the reference data: it differs in case only, or by at most max(1, min(3, ⌊length/4⌋)) single-character edits (a substitution, insertion, deletion, or a transposition of two neighbours counts as one), the difference is not one run of two or more characters added or dropped, and, when both names have as many words (camelCase humps), each word differs by at most its own small budget or by less than half of it (so `GetPaymentPreferences` is not a typo of `ListPaymentPreferences`). The finding then says "Did you mean …?" and offers the replacement.',
    '',
    'Any other unknown action is reported one level lower (a warning by default), because it may be newer than the reference data, which is dated in the message. A missing or extra word, prefix or suffix is not a typo: `budgets:UpdateBudget` is not called a misspelling of `budgets:UpdateBudgetAction`; such longer names are only mentioned ("the data has …, a different action") and offered as a quick fix that is never applied by "fix all". A wildcard that matches no action is reported the same way.',
  ].join('\n'),
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      // The values of Action, then of NotAction, each with the action it names (resolved once per statement in its facts).
      if (st.action) scan(facts.actions, facts.actionRefs, ctx);
      if (st.notAction) scan(facts.notActions, facts.notActionRefs, ctx);
    }
  },
});

function scan(values: readonly KnownValue[], refs: readonly (ActionRef | undefined)[], ctx: CheckContext): void {
  for (let i = 0; i < values.length; i++) {
    // The common case first: a known action (implies a well-formed "service:Name" of a known service, no wildcard).
    if (refs[i]) continue;
    const { node, value } = values[i];
    if (value === '*') continue;
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) {
      ctx.report(valueSpan(node), `"${value}" is not a valid action. Write actions as "service:ActionName", for example "s3:GetObject".`);
      continue;
    }
    const service = value.slice(0, colon);
    const name = value.slice(colon + 1);
    if (hasWildcard(service) || !ctx.data.hasService(service)) continue; // other checks report these
    if (hasWildcard(name)) {
      if (!ctx.data.matchesAnyAction(value)) {
        ctx.report(valueSpan(node), `The wildcard "${value}" matches no action of ${ctx.data.getService(service)?.name ?? service} in the IAM reference data (${ctx.data.date}).`, undefined, { demote: true });
      }
      continue;
    }
    reportUnknownAction(ctx, node, value, service, name);
  }
}

/**
 * Reports an action of a known service that the data does not list (a typo, or newer than the
 * data). Apart from scan so that scan's loop body captures nothing (no block context per value).
 */
function reportUnknownAction(ctx: CheckContext, node: StringNode, value: string, service: string, name: string): void {
  const suggestions = suggestActions(ctx.data, service, name);
  const typos = suggestions.filter((s) => isTypo(name, s));
  const quote = (list: readonly string[]) => list.map((s) => `"${service}:${s}"`).join(' or ');
  const serviceName = ctx.data.getService(service)?.name ?? service;
  // A typo (see isTypo) is an error. Any other unknown action may be newer than the
  // reference data (or retired): reported one level lower, naming the data's date; a longer
  // name it is the start of (UpdateBudget → UpdateBudgetAction) is named, not claimed.
  if (typos.length) {
    ctx.report(valueSpan(node), `The action "${value}" does not exist in ${serviceName}. Did you mean ${quote(typos)}?`, replaceWith(typos.map((s) => `${service}:${s}`)));
    return;
  }
  ctx.report(
    valueSpan(node),
    `The action "${value}" does not exist in ${serviceName}: it is not in the IAM reference data (${ctx.data.date}); if it is newer than that, ignore this.${suggestions.length ? ` The data has ${quote(suggestions)}, ${suggestions.length === 1 ? 'a different action' : 'different actions'}.` : ''}`,
    replaceWith(suggestions.map((s) => `${service}:${s}`)),
    { demote: true },
  );
}
