import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
  title: 'Duplicate keys with different case',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition operator block repeats a condition key with a different capitalization; keys are case-insensitive, so keep one spelling and merge the values.',
  run(policy, ctx) {
    const operators = factsOf(policy, ctx.data).conditionOperators;
    for (let i = 0; i < operators.length; i++) {
      const op = operators[i];
      if (!op.block) continue;
      const seen = new Map<string, string>();
      const properties = op.block.properties;
      for (let k = 0; k < properties.length; k++) {
        const p = properties[k];
        const lower = p.key.toLowerCase();
        const first = seen.get(lower);
        if (first === undefined) seen.set(lower, p.key);
        else if (first !== p.key) {
          ctx.report(
            p.keySpan,
            `The condition key "${p.key}" repeats "${first}" under "${op.property.key}" with different capitalization. Condition keys are case-insensitive: keep one spelling and merge the values.`,
          );
        }
      }
    }
  },
});
