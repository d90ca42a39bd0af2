import { accessAnalyzerCheck } from '../../types';
import { valueNodeSpan } from '../../../facts';
import { sourceIpConditions } from '../../support/sourceIp';

export default accessAnalyzerCheck({
  code: 'PRIVATE_IP_ADDRESS_SUBSET',
  title: 'Private IP address subset',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'IpAddress on aws:SourceIp mixes private and public ranges; the private ones never match aws:SourceIp, so move them to aws:VpcSourceIp.',
  run(_policy, ctx) {
    const ipConditions = sourceIpConditions(ctx, false);
    for (let i = 0; i < ipConditions.length; i++) {
      const r = ipConditions[i];
      if (r.publics.length === 0) continue;
      const privates = r.privates;
      for (let j = 0; j < privates.length; j++) {
        const v = privates[j];
        ctx.report(valueNodeSpan(v), `This private range never matches aws:SourceIp (which holds public addresses). Move it to an aws:VpcSourceIp condition for requests through a VPC endpoint.`);
      }
    }
  },
});
