import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'NULL_WITH_QUALIFIER',
  title: 'Null with qualifier',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'Null combined with ForAllValues: (always true) or ForAnyValue: (always false) does not test what it seems to; drop the qualifier.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const operators = factsOf(policy, ctx.data).conditionOperators;
    for (let i = 0; i < operators.length; i++) {
      const op = operators[i];
      const p = op.operator;
      if (p?.base.name !== 'Null' || !p.setOperator) continue;
      const effect = p.setOperator === 'ForAllValues' ? 'always matches' : 'never matches';
      ctx.report(op.property.keySpan, `"${op.property.key}" ${effect} regardless of the request. Use "Null" without the ${p.setOperator}: qualifier to test whether a key is present.`, replaceWith(['Null']));
    }
  },
});
