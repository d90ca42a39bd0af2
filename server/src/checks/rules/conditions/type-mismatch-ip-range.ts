import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { isIpText } from '../../support/conditionValues';

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH_IP_RANGE',
  title: 'Type mismatch IP range',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'An IpAddress or NotIpAddress operator is given a value that is not an IP address or CIDR range.',
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'IpAddress') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        if (text === undefined || text.includes('${') || isIpText(text)) continue;
        ctx.report(valueNodeSpan(v), `"${text}" is not an IP address or CIDR range. Use IPv4 or IPv6 CIDR notation such as "203.0.113.0/24" or "2001:db8::/32".`);
      }
    }
  },
});
