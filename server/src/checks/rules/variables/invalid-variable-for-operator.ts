import { findPolicyVariables } from '../../../data/policyVariables';
import { knownString } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { conditionEntries, spanInString } from '../../../facts';

const NO_VARIABLES = new Set(['Numeric', 'Date', 'Binary', 'IpAddress', 'Null']);

export default accessAnalyzerCheck({
  code: 'INVALID_VARIABLE_FOR_OPERATOR',
  title: 'Invalid variable for operator',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition', 'Variable'],
  description: 'A policy variable is used with a Numeric, Date, Binary, IP address or Null operator, which do not substitute variables; use a String or ARN operator or a literal value.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        if (!e.operator || !NO_VARIABLES.has(e.operator.base.category)) continue;
        for (const v of e.values) {
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
    }
  },
});
