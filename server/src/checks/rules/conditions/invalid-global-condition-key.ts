import { closest } from '../../../data/editDistance';
import type { IamData } from '../../../data/iamData';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { hasKeyFormat, isTagKeyWithoutName, keyCandidates, UNSUPPORTED_GLOBAL_KEYS } from '../../support/conditionKeys';
import { replaceWith } from '../../../model/fixPayload';

function suggestGlobal(key: string, data: IamData): string[] {
  return closest(key, keyCandidates(key, data.listGlobalConditionKeys()), 3);
}

export default accessAnalyzerCheck({
  code: 'INVALID_GLOBAL_CONDITION_KEY',
  title: 'Invalid global condition key',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'An aws: condition key is not one of the global condition keys; use a documented global key or the right service-specific key.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.keyKind !== 'unknown' || !hasKeyFormat(e.key) || !/^aws:/i.test(e.key)) continue;
      if (UNSUPPORTED_GLOBAL_KEYS.has(e.keyLower) || isTagKeyWithoutName(e.key, ctx.data)) continue;
      const replacements = suggestGlobal(e.key, ctx.data);
      // A near miss of a documented key is a typo (error). A key with no near miss may be one AWS
      // uses without documenting it (AWS's own AWSSSOServiceRolePolicy uses aws:PrincipalOrgMasterAccountId):
      // reported one level lower.
      const hint = replacements.length
        ? ` Did you mean ${replacements.map((r) => `"${r}"`).join(' or ')}?`
        : ' It is not in the documented list of global condition keys: check the spelling, or use a service-specific key.';
      ctx.report(e.keyProperty.keySpan, `"${e.key}" is not a global condition key.${hint}`, replaceWith(replacements), { demote: replacements.length === 0 });
    }
  },
});
