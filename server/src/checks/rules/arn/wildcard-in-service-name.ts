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
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const arns = facts.arns;
      for (let j = 0; j < arns.length; j++) {
        const v = arns[j];
        if (v.parse.kind !== 'arn') continue;
        const f = v.parse.arn.service;
        if (f.hole || f.uncertain) continue;
        if (!f.text.includes('*') && !f.text.includes('?')) continue;
        ctx.report(
          arnFieldSpan(v.node, f),
          `The service segment "${f.text}" of the ARN uses a wildcard, so it can match resources of services you did not intend. Name the service explicitly (for example "s3").`,
        );
      }
    }
  },
});
