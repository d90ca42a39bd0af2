import { accessAnalyzerCheck } from '../../types';
import { sourceIpConditions } from '../../support/sourceIp';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'PRIVATE_IP_ADDRESS',
  title: 'Private IP address',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'IpAddress on aws:SourceIp lists only private ranges, which aws:SourceIp never holds, so the condition never matches; use public addresses, or aws:VpcSourceIp for private ones.',
  run(_policy, ctx) {
    const ipConditions = sourceIpConditions(ctx, false);
    for (let i = 0; i < ipConditions.length; i++) {
      const r = ipConditions[i];
      if (r.incomplete || r.publics.length > 0 || r.privates.length === 0) continue;
      ctx.report(r.entry.keyProperty.keySpan, `aws:SourceIp holds the public address a request comes from, so "${r.entry.operatorProperty.key}" with only private ranges never matches. Use public addresses, or aws:VpcSourceIp for requests through a VPC endpoint.`, replaceWith(['aws:VpcSourceIp']));
    }
  },
});
