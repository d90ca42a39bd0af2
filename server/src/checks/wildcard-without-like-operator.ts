import { accessAnalyzerCheck } from './types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan, withBase } from './conditionModel';

const LIKE_OF: Record<string, string> = {
  StringEquals: 'StringLike',
  StringNotEquals: 'StringNotLike',
  StringEqualsIgnoreCase: 'StringLike',
  StringNotEqualsIgnoreCase: 'StringNotLike',
};

/** The value with policy variables (including the ${*} ${?} escapes) removed. */
function withoutVariables(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, '');
}

export default accessAnalyzerCheck({
  code: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  title: 'Wildcard without like operator',
  findingType: 'WARNING',
  policyTypes: 'all',
  description: 'A value with * or ? is used with a StringEquals-style operator, where those characters are matched literally; use the Like operator if a wildcard was meant.',
  hasFix: true,
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        const like = e.operator && LIKE_OF[e.operator.base.name];
        if (!e.operator || !like) continue;
        const replacement = withBase(e.operator, like);
        for (const v of e.values) {
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || !/[*?]/.test(withoutVariables(text))) continue;
          ctx.report(valueNodeSpan(v), `"${e.operatorProperty.key}" matches "*" and "?" literally in "${text}". If a wildcard was meant, use "${replacement}".`, { replacements: [replacement] });
        }
      }
    }
  },
});
