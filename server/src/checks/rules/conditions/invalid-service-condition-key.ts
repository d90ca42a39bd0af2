import { closest } from '../../../data/editDistance';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { factsOf, type ConditionEntry } from '../../../facts';
import { hasKeyFormat, isTagKeyWithoutName, keyCandidates } from '../../support/conditionKeys';
import { replaceWith } from '../../../model/fixPayload';
import { suggestServices } from '../../support/suggest';

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE_CONDITION_KEY',
  title: 'Invalid service condition key',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A service-prefixed condition key is not defined by that service; use one of its documented keys or a global aws: key. Web identity provider claims (e.g. token.actions.githubusercontent.com:sub) and saml: keys are accepted.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.keyKind !== 'unknown' || !hasKeyFormat(e.key) || /^aws:/i.test(e.key)) continue;
      const prefix = e.key.slice(0, e.key.indexOf(':')).toLowerCase();
      // SAML attributes come from the identity provider's assertion: not all are listed in the data.
      if (prefix === 'saml' || isTagKeyWithoutName(e.key, ctx.data)) continue;
      reportUnknownKey(ctx, e, prefix);
    }
  },
});

/**
 * Reports a service condition key (`prefix`: its service prefix, lower case) that the data does
 * not define. Apart from run so that its loop body captures nothing (no block context per entry).
 */
function reportUnknownKey(ctx: CheckContext, e: ConditionEntry, prefix: string): void {
  const services = ctx.data.servicesForKeyPrefix(prefix);
  if (services.length === 0) {
    if (ctx.data.hasService(prefix)) {
      ctx.report(e.keyProperty.keySpan, `The service "${prefix}" defines no condition keys, so "${e.key}" cannot be used. Use a global aws: key instead.`, undefined);
      return;
    }
    const replacements = suggestServices(ctx.data, prefix).map((s) => `${s}${e.key.slice(prefix.length)}`);
    const hint = replacements.length ? ` Did you mean ${replacements.map((r) => `"${r}"`).join(' or ')}?` : ` (IAM reference data of ${ctx.data.date}; if the service is newer, ignore this.)`;
    // Near misses are typos (error); a prefix with no near miss may be newer or retired: one level lower.
    ctx.report(e.keyProperty.keySpan, `"${prefix}" is not a known service prefix, so "${e.key}" is not a valid condition key.${hint}`, replaceWith(replacements), { demote: replacements.length === 0 });
    return;
  }
  const keys = services.flatMap((s) => ctx.data.listServiceConditionKeys(s));
  const replacements = closest(e.key, keyCandidates(e.key, keys), 3);
  const hint = replacements.length
    ? ` Did you mean ${replacements.map((r) => `"${r}"`).join(' or ')}?`
    : ` Check the condition keys that ${services[0]} defines (IAM reference data of ${ctx.data.date}).`;
  ctx.report(e.keyProperty.keySpan, `"${e.key}" is not a condition key of ${services.join('/')}.${hint}`, replaceWith(replacements), { demote: replacements.length === 0 });
}
