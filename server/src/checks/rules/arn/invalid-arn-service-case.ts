import { isKnownArnService } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_ARN_SERVICE_CASE',
  title: 'Invalid ARN service case',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The service segment of a resource ARN contains uppercase letters; service names in ARNs are lowercase.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const f = v.parse.arn.service;
      if (f.hole || f.uncertain || f.text === f.text.toLowerCase()) continue;
      const lower = f.text.toLowerCase();
      if (!isKnownArnService(ctx.data, lower)) continue; // an unknown service is INVALID_SERVICE
      const replacement = v.known !== undefined ? v.known.slice(0, f.offset) + lower + v.known.slice(f.offset + f.text.length) : undefined;
      ctx.report(
        arnFieldSpan(v.node, f),
        `The service "${f.text}" in the ARN must be lowercase: use "${lower}".`,
        replacement !== undefined ? replaceWith([replacement]) : undefined,
      );
    }
  },
});
