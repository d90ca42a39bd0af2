import { accessAnalyzerCheck } from '../../types';
import { sourceIpConditions } from '../../support/sourceIp';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'PRIVATE_NOT_IP_ADDRESS',
  title: 'Private NotIpAddress',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'NotIpAddress on aws:SourceIp lists only private ranges, so it always matches and restricts nothing; list public addresses, or use aws:VpcSourceIp for private ones.',
  run(_policy, ctx) {
    const ipConditions = sourceIpConditions(ctx, true);
    for (let i = 0; i < ipConditions.length; i++) {
      const r = ipConditions[i];
      if (r.incomplete || r.publics.length > 0 || r.privates.length === 0) continue;
      ctx.report(r.entry.keyProperty.keySpan, `aws:SourceIp never holds a private address, so "${r.entry.operatorProperty.key}" with only private ranges always matches. List public addresses, or use aws:VpcSourceIp for requests through a VPC endpoint.`, replaceWith(['aws:VpcSourceIp']));
    }
  },
});
