import { arnSegmentMayNeedRegion, candidateResourceTypes } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { statementFacts } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';
import { typeNames } from '../../support/arnTypes';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'MISSING_ARN_REGION',
  title: 'Missing ARN Region',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The Region field of a resource ARN is empty although the resource type\'s ARN format requires a Region.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const v of statementFacts(st, ctx.data).arns) {
        if (v.parse.kind !== 'arn') continue;
        const arn = v.parse.arn;
        const f = arn.region;
        if (f.uncertain || f.text !== '') continue;
        // Exact shortcut: when no type of the service has a Region in its format, no candidate needs one.
        if (arn.service.wild || arn.service.uncertain || !arnSegmentMayNeedRegion(ctx.data, arn.service.text)) continue;
        const candidates = candidateResourceTypes(ctx.data, arn, 'region');
        if (candidates.length === 0 || candidates.some((c) => c.format.region === '' || c.format.region === '*')) continue;
        ctx.report(
          arnFieldSpan(v.node, f),
          `The ARN has no Region, but ${arn.service.text} ${typeNames(candidates.map((c) => c.type.name))} ARNs need one. Add a Region code (for example "us-east-1") or "*" for any Region.`,
          v.known !== undefined ? replaceWith([v.known.slice(0, f.offset) + '*' + v.known.slice(f.offset)]) : undefined,
        );
      }
    }
  },
});
