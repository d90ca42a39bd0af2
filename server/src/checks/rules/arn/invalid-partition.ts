import { isKnownPartition, knownPartitions } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_PARTITION',
  title: 'Invalid partition',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The partition of a resource ARN is not an AWS partition (aws, aws-cn, aws-us-gov, …).',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const f = v.parse.arn.partition;
      if (f.wild || f.uncertain) continue;
      if (isKnownPartition(f.text)) continue;
      const lower = f.text.toLowerCase();
      const replacement = isKnownPartition(lower) ? lower : f.text === '' ? 'aws' : undefined;
      ctx.report(
        arnFieldSpan(v.node, f),
        `${f.text === '' ? 'The partition of the ARN is empty' : `"${f.text}" is not an AWS partition`}. Use one of ${knownPartitions().map((p) => `"${p}"`).join(', ')} (usually "aws").`,
        replacement && v.known !== undefined ? replaceWith([v.known.slice(0, f.offset) + replacement + v.known.slice(f.offset + f.text.length)]) : undefined,
      );
    }
  },
});
