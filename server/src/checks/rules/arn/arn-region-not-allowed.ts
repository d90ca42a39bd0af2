import { candidateResourceTypes } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { typeNames } from '../../support/arnTypes';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'ARN_REGION_NOT_ALLOWED',
  title: 'ARN Region not allowed',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A resource ARN names a Region although the resource type is global and its ARN format has an empty Region field (e.g. IAM).',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const arn = v.parse.arn;
      const f = arn.region;
      if (f.wild || f.uncertain || f.text === '') continue;
      const candidates = candidateResourceTypes(ctx.data, arn, 'region');
      if (candidates.length === 0 || candidates.some((c) => c.format.region !== '')) continue;
      ctx.report(
        arnFieldSpan(v.node, f),
        `${arn.service.text} ${typeNames(candidates.map((c) => c.type.name))} ARNs have no Region (the resource is not regional). Remove "${f.text}" and leave the Region field empty.`,
        v.known !== undefined ? replaceWith([v.known.slice(0, f.offset) + v.known.slice(f.offset + f.text.length)]) : undefined,
      );
    }
  },
});
