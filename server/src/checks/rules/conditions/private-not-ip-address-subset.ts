import { accessAnalyzerCheck } from '../../types';
import { valueNodeSpan } from '../../../facts';
import { sourceIpConditions } from '../../support/sourceIp';

export default accessAnalyzerCheck({
  code: 'PRIVATE_NOT_IP_ADDRESS_SUBSET',
  title: 'Private NotIpAddress subset',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'NotIpAddress on aws:SourceIp mixes private and public ranges; the private ones have no effect there, so handle them with NotIpAddress on aws:VpcSourceIp.',
  run(_policy, ctx) {
    const ipConditions = sourceIpConditions(ctx, true);
    for (let i = 0; i < ipConditions.length; i++) {
      const r = ipConditions[i];
      if (r.publics.length === 0) continue;
      const privates = r.privates;
      for (let j = 0; j < privates.length; j++) {
        const v = privates[j];
        ctx.report(valueNodeSpan(v), `This private range has no effect in NotIpAddress on aws:SourceIp (which holds public addresses). Handle it with NotIpAddress on aws:VpcSourceIp instead.`);
      }
    }
  },
});
