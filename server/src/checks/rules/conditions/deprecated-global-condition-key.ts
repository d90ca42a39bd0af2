import { GLOBAL_KEY_DOCS } from '../../../data/globalKeysDocs';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { UNSUPPORTED_GLOBAL_KEYS } from '../../support/conditionKeys';
import { replaceWith } from '../../../model/fixPayload';

const DEPRECATED = new Map<string, string[]>([
  ...UNSUPPORTED_GLOBAL_KEYS,
  ...GLOBAL_KEY_DOCS.filter((d) => d.deprecated).map((d): [string, string[]] => [d.key.toLowerCase(), []]),
]);

export default accessAnalyzerCheck({
  code: 'DEPRECATED_GLOBAL_CONDITION_KEY',
  title: 'Deprecated global condition key',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A deprecated global condition key is used (aws:ARN); switch to its replacement.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const replacements = DEPRECATED.get(e.keyLower);
      if (!replacements) continue;
      const hint = replacements.length ? ` Use ${replacements.map((r) => `"${r}"`).join(' or ')} instead.` : '';
      ctx.report(e.keyProperty.keySpan, `The global condition key "${e.key}" is deprecated.${hint}`, replaceWith(replacements));
    }
  },
});
