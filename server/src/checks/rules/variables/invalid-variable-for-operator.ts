import { findPolicyVariables } from '../../../data/policyVariables';
import { knownString } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf, spanInString } from '../../../facts';

const NO_VARIABLES = new Set(['Numeric', 'Date', 'Binary', 'IpAddress', 'Null']);

export default accessAnalyzerCheck({
  code: 'INVALID_VARIABLE_FOR_OPERATOR',
  title: 'Invalid variable for operator',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition', 'Variable'],
  description: 'A policy variable is used with a Numeric, Date, Binary, IP address or Null operator, which do not substitute variables; use a String or ARN operator or a literal value.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!e.operator || !NO_VARIABLES.has(e.operator.base.category)) continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = knownString(v);
        if (text === undefined) continue;
        const variable = findPolicyVariables(text).find((x) => !x.problem);
        if (!variable) continue;
        ctx.report(
          spanInString(v, variable.start, variable.end - variable.start),
          `The operator "${e.operatorProperty.key}" does not support policy variables such as "${text.slice(variable.start, variable.end)}". Use a literal value, or a String or ARN operator if the key allows it.`,
        );
      }
    }
  },
});
