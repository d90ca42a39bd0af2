import { factsOf } from '../../../facts';
import { isKnownPartition } from '../../../data/arn';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_ARN_PREFIX',
  title: 'Invalid ARN prefix',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A Resource or NotResource value is neither "*" nor an ARN beginning with "arn:".',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'no-prefix' || v.known === undefined) continue;
      // API Gateway resource policies may abbreviate their own ARNs ("execute-api:/stage/GET/pets").
      if (v.known.startsWith('execute-api:/')) continue;
      // "aws:s3:::bucket" is an ARN without its prefix: offer to add it.
      const first = v.known.slice(0, Math.max(0, v.known.indexOf(':')));
      const fix = isKnownPartition(first) ? replaceWith([`arn:${v.known}`]) : undefined;
      ctx.report(
        valueSpan(v.node),
        `"${v.known}" in "${v.element}" is not an ARN. Resource ARNs begin with "arn:" (arn:partition:service:region:account:resource); use "*" for all resources.`,
        fix,
      );
    }
  },
});
