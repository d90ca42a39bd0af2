import { accessAnalyzerCheck } from '../../types';
import { factsOf, multivaluedIsDoubtful, operatorName } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'MISSING_QUALIFIER',
  title: 'Missing qualifier',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A multivalued condition key is used without ForAnyValue: or ForAllValues:; add the set operator that states whether any or all of the values must match.',
  fixes: [{ kind: 'changeOperator', safe: false }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!e.operator || e.operator.setOperator || e.operator.base.name === 'Null') continue;
      if (!e.keyInfo?.multivalued || multivaluedIsDoubtful(e)) continue;
      const name = operatorName(e.operator);
      const replacements = [`ForAnyValue:${name}`, `ForAllValues:${name}`];
      ctx.report(
        e.keyProperty.keySpan,
        `"${e.key}" is multivalued, so "${e.operatorProperty.key}" needs a set qualifier: use "ForAnyValue:${name}" (at least one value matches) or "ForAllValues:${name}" (every value matches).`,
        changeOperatorTo(replacements),
      );
    }
  },
});
