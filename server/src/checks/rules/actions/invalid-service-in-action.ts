import { accessAnalyzerCheck } from '../../types';
import { knownActionValues } from '../../support/anchors';
import { hasWildcard } from '../../../data/wildcard';
import { actionRefOf } from '../../../facts/actions';
import { replaceWith } from '../../../model/fixPayload';
import { suggestServices } from '../../support/suggest';

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE_IN_ACTION',
  title: 'Invalid service in action',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The service prefix of an action is not an AWS service prefix (e.g. "s3" in "s3:GetObject").',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const { node, value } of knownActionValues(st)) {
        if (actionRefOf(ctx.data, value)) continue; // a known action (shared memo): its service is known
        const colon = value.indexOf(':');
        if (colon <= 0) continue;
        const service = value.slice(0, colon);
        if (hasWildcard(service) || ctx.data.hasService(service)) continue;
        const suggestions = suggestServices(ctx.data, service);
        const span = node.valueSpan ? { offset: node.valueSpan.offset, length: colon } : node.span;
        // A near miss is a typo: an error. A prefix with no near miss may belong to a service newer
        // than the reference data (or a retired one): reported one level lower, naming the data's date.
        ctx.report(
          span,
          `"${service}" is not an AWS service prefix${suggestions.length ? `. Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ` in the IAM reference data (${ctx.data.date}). Check the prefix in the Service Authorization Reference; if the service is newer than that data, ignore this.`}`,
          replaceWith(suggestions.map((s) => s + value.slice(colon))),
          { demote: suggestions.length === 0 },
        );
      }
    }
  },
});
