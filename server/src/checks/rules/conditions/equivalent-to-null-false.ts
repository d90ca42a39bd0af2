import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'EQUIVALENT_TO_NULL_FALSE',
  title: 'Equivalent to null false',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'StringLike with the single value "*" only tests that the key is present; say so with "Null": {"key": "false"}.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const op = e.operator;
      if (op?.base.name !== 'StringLike' || op.setOperator || op.ifExists || e.values.length !== 1) continue;
      const v = e.values[0];
      if (isUnresolved(v) || scalarText(v) !== '*') continue;
      // Access Analyzer reports this on the value ("*", quotes included), not on the key.
      ctx.report(v.span, `"StringLike" with "*" matches any value of "${e.key}", so it only tests that the key is present. Write "Null": {"${e.key}": "false"} to say that directly.`);
    }
  },
});
