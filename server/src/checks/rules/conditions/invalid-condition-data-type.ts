import { describeKind, type ValueNode } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

function isBadScalar(n: ValueNode): boolean {
  return n.kind === 'object' || n.kind === 'null' || n.kind === 'array';
}

export default accessAnalyzerCheck({
  code: 'INVALID_CONDITION_DATA_TYPE',
  title: 'Invalid condition data type',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition operator or condition key has a value of the wrong JSON type (an operator needs an object; a key needs a string, number, boolean or an array of them).',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const operators = facts.conditionOperators;
      for (let j = 0; j < operators.length; j++) {
        const op = operators[j];
        const v = op.property.value;
        if (v.kind !== 'object' && v.kind !== 'unknown') {
          ctx.report(v.span, `The value of the condition operator "${op.property.key}" must be an object that maps condition keys to values, not ${describeKind(v)}.`);
        }
      }
      const entries = facts.conditionEntries;
      for (let k = 0; k < entries.length; k++) {
        const e = entries[k];
        const v = e.value;
        if (v.kind === 'object' || v.kind === 'null') {
          ctx.report(v.span, `The value of the condition key "${e.key}" must be a string, number, boolean or an array of them, not ${describeKind(v)}.`);
        } else if (v.kind === 'array') {
          const items = v.items;
          for (let m = 0; m < items.length; m++) {
            const item = items[m];
            if (isBadScalar(item)) ctx.report(item.span, `Values of the condition key "${e.key}" must be strings, numbers or booleans, not ${describeKind(item)}.`);
          }
        }
      }
    }
  },
});
