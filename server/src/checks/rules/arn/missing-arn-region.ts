import { arnSegmentMayNeedRegion, candidateResourceTypes, type ParsedArn } from '../../../data/arn';
import type { IamData } from '../../../data/iamData';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { nodeDataMemo } from '../../../facts/cache';
import { accessAnalyzerCheck } from '../../types';
import { typeNames } from '../../support/arnTypes';
import { replaceWith } from '../../../model/fixPayload';

/**
 * The resource types named by a finding on this ARN (whose Region field is empty and certain), or
 * null when it needs no Region. Memoised per parse and data instance (a fully known ARN's parse is
 * shared by every node that spells it).
 */
function typesNeedingRegion(data: IamData, arn: ParsedArn): string | null {
  return nodeDataMemo(arn, data, 'missingArnRegion', typesNeedingRegionUncached);
}

function typesNeedingRegionUncached(arn: ParsedArn, data: IamData): string | null {
  // Exact shortcut: when no type of the service has a Region in its format, no candidate needs one.
  if (arn.service.wild || arn.service.uncertain || !arnSegmentMayNeedRegion(data, arn.service.text)) return null;
  const candidates = candidateResourceTypes(data, arn, 'region');
  if (candidates.length === 0 || candidates.some((c) => c.format.region === '' || c.format.region === '*')) return null;
  return typeNames(candidates.map((c) => c.type.name));
}

export default accessAnalyzerCheck({
  code: 'MISSING_ARN_REGION',
  title: 'Missing ARN Region',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The Region field of a resource ARN is empty although the resource type\'s ARN format requires a Region.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const arn = v.parse.arn;
      const f = arn.region;
      if (f.uncertain || f.text !== '') continue;
      const names = typesNeedingRegion(ctx.data, arn);
      if (names === null) continue;
      ctx.report(
        arnFieldSpan(v.node, f),
        `The ARN has no Region, but ${arn.service.text} ${names} ARNs need one. Add a Region code (for example "us-east-1") or "*" for any Region.`,
        v.known !== undefined ? replaceWith([v.known.slice(0, f.offset) + '*' + v.known.slice(f.offset)]) : undefined,
      );
    }
  },
});
