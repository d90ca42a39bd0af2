import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { conditionStringValues } from '../../support/conditionKeys';
import { SERVICE_PRINCIPAL_KEYS } from '../../../facts';

/** kms:ViaService wants service-name.REGION.amazonaws.com. */
const VIA_SERVICE_KEYS = new Set(['kms:viaservice']);

export default accessAnalyzerCheck({
  code: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
  title: 'Invalid service principal format',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A condition value that should be a service principal is not in the expected form (service-name.amazonaws.com; kms:ViaService wants service-name.REGION.amazonaws.com).',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const keyValues = conditionStringValues(st, ctx.data, SERVICE_PRINCIPAL_KEYS);
      for (let j = 0; j < keyValues.length; j++) {
        const { key, node } = keyValues[j];
        const v = node.value;
        if (v.includes('*') || v.includes('?') || v.includes('${') || v.includes('.')) continue;
        // A bare service name ("lambda"): service principals are host names.
        ctx.report(valueSpan(node), `"${v}" is not a service principal. "${key}" takes names such as "${v.toLowerCase()}.amazonaws.com".`, {
          fix: 'replace',
          replacements: [`${v.toLowerCase()}.amazonaws.com`],
        });
      }
      const viaServiceValues = conditionStringValues(st, ctx.data, VIA_SERVICE_KEYS);
      for (let k = 0; k < viaServiceValues.length; k++) {
        const { key, node } = viaServiceValues[k];
        const v = node.value;
        if (v.includes('*') || v.includes('?') || v.includes('${')) continue;
        const labels = v.split('.');
        const missingRegion = labels.length === 3 && labels[1] === 'amazonaws' && labels[2] === 'com';
        if (!missingRegion && labels.length > 1) continue;
        const service = labels[0].toLowerCase();
        ctx.report(
          valueSpan(node),
          `"${key}" takes a service endpoint name with a Region, such as "${service}.us-east-1.amazonaws.com", not "${v}".`,
        );
      }
    }
  },
});
