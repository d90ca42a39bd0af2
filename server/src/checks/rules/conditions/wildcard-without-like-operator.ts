import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, withBase } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

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
  requires: ['Condition'],
  description: 'A value with * or ? is used with a StringEquals-style operator, where those characters are matched literally; use the Like operator if a wildcard was meant.',
  fixes: [{ kind: 'changeOperator', safe: false }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const like = e.operator && LIKE_OF[e.operator.base.name];
      if (!e.operator || !like) continue;
      const replacement = withBase(e.operator, like);
      const literal: string[] = [];
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text !== undefined && /[*?]/.test(withoutVariables(text))) literal.push(`"${text}"`);
      }
      if (literal.length === 0) continue;
      // Reported on the key, so that the fix moves the key to the Like operator.
      ctx.report(
        e.keyProperty.keySpan,
        `"${e.operatorProperty.key}" matches "*" and "?" literally in ${literal.join(', ')}. If a wildcard was meant, use "${replacement}".`,
        changeOperatorTo([replacement]),
      );
    }
  },
});
