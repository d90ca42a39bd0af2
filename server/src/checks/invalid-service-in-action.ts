import { accessAnalyzerCheck } from './types';
import { knownActionValues } from './util';
import { hasWildcard } from '../data/wildcard';

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE_IN_ACTION',
  title: 'Invalid service in action',
  findingType: 'ERROR',
  policyTypes: 'all',
  hasFix: true,
  description: 'The service prefix of an action is not an AWS service prefix (e.g. "s3" in "s3:GetObject").',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const { node, value } of knownActionValues(st)) {
        const colon = value.indexOf(':');
        if (colon <= 0) continue;
        const service = value.slice(0, colon);
        if (hasWildcard(service) || ctx.data.hasService(service)) continue;
        const suggestions = ctx.data.suggestServices(service);
        const span = node.valueSpan ? { offset: node.valueSpan.offset, length: colon } : node.span;
        ctx.report(
          span,
          `"${service}" is not an AWS service prefix${suggestions.length ? `. Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '. Check the service prefix in the Service Authorization Reference.'}`,
          suggestions.length ? { replacements: suggestions.map((s) => s + value.slice(colon)), service } : { service },
        );
      }
    }
  },
});
