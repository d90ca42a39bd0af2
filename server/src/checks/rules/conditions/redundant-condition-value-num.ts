import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText } from '../../../facts';
import { isNumeric } from '../../support/conditionValues';

const DIRECTION: Record<string, 'max' | 'min'> = {
  NumericLessThan: 'max',
  NumericLessThanEquals: 'max',
  NumericGreaterThan: 'min',
  NumericGreaterThanEquals: 'min',
};

export default accessAnalyzerCheck({
  code: 'REDUNDANT_CONDITION_VALUE_NUM',
  title: 'Redundant condition value num',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A Numeric less-than/greater-than operator lists several values where one covers the others; keep only the greatest (less-than) or least (greater-than) value.',
  fixes: [{ kind: 'keepOnly', safe: true }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const dir = e.operator && !e.operator.setOperator ? DIRECTION[e.operator.base.name] : undefined;
      if (!dir || e.value.kind !== 'array' || e.values.length < 2) continue;
      const nums: number[] = [];
      let ok = true;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || v.kind === 'boolean' || !isNumeric(text)) ok = false;
        else nums.push(Number(text));
      }
      if (!ok) continue;
      const keep = dir === 'max' ? Math.max(...nums) : Math.min(...nums);
      const keepText = scalarText(e.values[nums.indexOf(keep)])!;
      ctx.report(
        e.value.span,
        `"${e.operatorProperty.key}" matches when any value matches, so ${keepText} (the ${dir === 'max' ? 'greatest' : 'least'}) covers the others. Keep only ${keepText}.`,
        { fix: 'keepOnly', keep: keepText },
      );
    }
  },
});
