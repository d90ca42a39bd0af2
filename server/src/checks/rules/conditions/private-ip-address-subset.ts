import { accessAnalyzerCheck } from '../../types';
import { reportPrivatesAmongPublics } from '../../support/sourceIp';

export default accessAnalyzerCheck({
  code: 'PRIVATE_IP_ADDRESS_SUBSET',
  title: 'Private IP address subset',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'IpAddress on aws:SourceIp mixes private and public ranges; the private ones never match aws:SourceIp, so move them to aws:VpcSourceIp.',
  run(_policy, ctx) {
    reportPrivatesAmongPublics(
      ctx,
      false,
      'This private range never matches aws:SourceIp (which holds public addresses). Move it to an aws:VpcSourceIp condition for requests through a VPC endpoint.',
    );
  },
});
