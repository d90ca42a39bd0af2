import { allOperatorNames } from '../../../data/operators';
import { closest } from '../../../data/editDistance';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_CONDITION_OPERATOR',
  title: 'Invalid condition operator',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'The Condition block uses an operator name that does not exist; use a documented operator, optionally with IfExists or a ForAllValues:/ForAnyValue: prefix.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const names = allOperatorNames();
    const operators = factsOf(policy, ctx.data).conditionOperators;
    for (let i = 0; i < operators.length; i++) {
      const op = operators[i];
      if (op.operator) continue;
      const replacements = closest(op.property.key, names, 3);
      const hint = replacements.length ? ` Did you mean ${replacements.map((r) => `"${r}"`).join(' or ')}?` : ' Use an operator such as StringEquals, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null.';
      ctx.report(op.property.keySpan, `"${op.property.key}" is not a condition operator.${hint}`, replaceWith(replacements));
    }
  },
});
