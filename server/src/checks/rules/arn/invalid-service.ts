import { isKnownArnService } from '../../../data/arn';
import type { ArnField } from '../../../data/arnParse';
import { arnFieldSpan, type ResourceArnValue } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { replaceWith } from '../../../model/fixPayload';
import { suggestServices } from '../../support/suggest';

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE',
  title: 'Invalid service',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The service segment of a resource ARN is not a known AWS service (actions are covered by INVALID_SERVICE_IN_ACTION).',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const f = v.parse.arn.service;
      if (f.wild || f.uncertain) continue;
      if (f.text === '') {
        ctx.report(arnFieldSpan(v.node, f), 'The service field of the ARN is empty. Put the service of the resource between the partition and the Region (e.g. "arn:aws:s3:::my-bucket").');
        continue;
      }
      if (isKnownArnService(ctx.data, f.text)) continue;
      reportUnknownService(ctx, v, f);
    }
  },
});

/**
 * Reports the unknown service field `f` of a parsed ARN value. Apart from run so that its loop
 * body captures nothing (no block context per ARN).
 */
function reportUnknownService(ctx: CheckContext, v: ResourceArnValue, f: ArnField): void {
  const known = v.known;
  const suggestions = suggestServices(ctx.data, f.text.toLowerCase()).filter((s) => isKnownArnService(ctx.data, s));
  const replacements = known !== undefined ? suggestions.map((s) => known.slice(0, f.offset) + s + known.slice(f.offset + f.text.length)) : [];
  ctx.report(
    arnFieldSpan(v.node, f),
    `"${f.text}" in the ARN is not an AWS service${suggestions.length ? `. Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '. Use the service name of the resource\'s ARN format from the Service Authorization Reference.'}`,
    replaceWith(replacements),
  );
}
