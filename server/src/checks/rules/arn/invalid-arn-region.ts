import { isKnownPartition, isKnownRegion, isPlausibleNewRegion, partitionOfRegion } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_ARN_REGION',
  title: 'Invalid ARN Region',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The Region of a resource ARN is not an AWS Region code, or belongs to another partition than the ARN.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const { region, partition } = v.parse.arn;
      if (region.wild || region.uncertain || region.text === '') continue;
      if (!isKnownRegion(region.text)) {
        // A well-formed code of a known area may be a Region newer than our list: not reported.
        if (isPlausibleNewRegion(region.text)) continue;
        const lower = region.text.toLowerCase();
        const fix = isKnownRegion(lower) && v.known !== undefined ? replaceWith([v.known.slice(0, region.offset) + lower + v.known.slice(region.offset + region.text.length)]) : undefined;
        ctx.report(
          arnFieldSpan(v.node, region),
          `"${region.text}" is not an AWS Region code. ${fix ? `Region codes are lowercase: use "${lower}".` : 'Use a Region code such as "us-east-1", or "*" for any Region.'}`,
          fix,
        );
        continue;
      }
      const home = partitionOfRegion(region.text);
      if (!partition.wild && !partition.uncertain && isKnownPartition(partition.text) && home && home !== partition.text) {
        ctx.report(
          arnFieldSpan(v.node, region),
          `The Region "${region.text}" belongs to the "${home}" partition, not "${partition.text}". Use a Region of "${partition.text}" or change the partition.`,
        );
      }
    }
  },
});
