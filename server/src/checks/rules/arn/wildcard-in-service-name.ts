import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'WILDCARD_IN_SERVICE_NAME',
  title: 'Wildcard in service name',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  description: 'The service segment of a resource ARN contains a wildcard (* or ?); name the service explicitly.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const f = v.parse.arn.service;
      if (f.hole || f.uncertain) continue;
      if (!f.text.includes('*') && !f.text.includes('?')) continue;
      ctx.report(
        arnFieldSpan(v.node, f),
        `The service segment "${f.text}" of the ARN uses a wildcard, so it can match resources of services you did not intend. Name the service explicitly (for example "s3").`,
      );
    }
  },
});
