import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_ARN_FIELD',
  title: 'Missing ARN field',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  description: 'A resource ARN has fewer than the six colon-separated fields arn:partition:service:region:account:resource.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'missing-fields') continue;
      ctx.report(
        valueSpan(v.node),
        `The ARN "${v.node.value}" has ${v.parse.fields} of the 6 fields arn:partition:service:region:account:resource. Add the missing fields (leave a field empty, e.g. "::", where the service's ARN format has none).`,
      );
    }
  },
});
