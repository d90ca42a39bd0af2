import { accessAnalyzerCheck } from '../../types';
import { reportPrivatesAmongPublics } from '../../support/sourceIp';

export default accessAnalyzerCheck({
  code: 'PRIVATE_NOT_IP_ADDRESS_SUBSET',
  title: 'Private NotIpAddress subset',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'NotIpAddress on aws:SourceIp mixes private and public ranges; the private ones have no effect there, so handle them with NotIpAddress on aws:VpcSourceIp.',
  run(_policy, ctx) {
    reportPrivatesAmongPublics(
      ctx,
      true,
      'This private range has no effect in NotIpAddress on aws:SourceIp (which holds public addresses). Handle it with NotIpAddress on aws:VpcSourceIp instead.',
    );
  },
});
