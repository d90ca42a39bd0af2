import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'NULL_WITH_IF_EXISTS',
  title: 'Null with if exists',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'The Null operator cannot take the IfExists suffix; use Null on its own.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const operators = factsOf(policy, ctx.data).conditionOperators;
    for (let i = 0; i < operators.length; i++) {
      const op = operators[i];
      if (op.operator?.base.name !== 'Null' || !op.operator.ifExists) continue;
      const replacement = op.operator.setOperator ? `${op.operator.setOperator}:Null` : 'Null';
      ctx.report(op.property.keySpan, `"${op.property.key}" is not valid: Null already tests whether a key exists, so it has no IfExists form. Use "${replacement}".`, replaceWith([replacement]));
    }
  },
});
