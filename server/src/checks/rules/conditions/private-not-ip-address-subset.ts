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
    for (const r of sourceIpConditions(ctx, true)) {
      if (r.publics.length === 0) continue;
      for (const v of r.privates) {
        ctx.report(valueNodeSpan(v), `This private range has no effect in NotIpAddress on aws:SourceIp (which holds public addresses). Handle it with NotIpAddress on aws:VpcSourceIp instead.`);
      }
    }
  },
});
