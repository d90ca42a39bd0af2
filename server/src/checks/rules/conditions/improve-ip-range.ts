import { accessAnalyzerCheck } from '../../types';
import { factsOf, isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { hasHostBits, normalizeCidr, parseCidr } from '../../support/conditionValues';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'IMPROVE_IP_RANGE',
  title: 'Improve IP range',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A CIDR range has bits set after its prefix length (10.0.0.1/8); write the network address (10.0.0.0/8) so the range reads as what IAM matches.',
  fixes: [{ kind: 'replace', safe: true }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.operator?.base.category !== 'IpAddress') continue;
      const values = e.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        const text = isUnresolved(v) ? undefined : scalarText(v);
        const cidr = text === undefined ? undefined : parseCidr(text);
        if (!cidr || !cidr.hasPrefix || !hasHostBits(cidr)) continue;
        const replacement = normalizeCidr(cidr);
        ctx.report(valueNodeSpan(v), `"${text}" has host bits set after the /${cidr.prefix} prefix; the range it matches is "${replacement}". Write "${replacement}".`, replaceWith([replacement]));
      }
    }
  },
});
