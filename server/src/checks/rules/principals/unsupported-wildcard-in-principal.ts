import { elementStrings } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { valueSpan } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  title: 'Unsupported wildcard in principal',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal value uses * or ? as part of a name or ARN; principals must be named exactly ("*" alone means everyone).',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      if (prop.value.kind !== 'object') continue;
      const properties = prop.value.properties;
      for (let k = 0; k < properties.length; k++) {
        const entry = properties[k];
        const strings = elementStrings(entry.value);
        for (let m = 0; m < strings.length; m++) {
          const node = strings[m];
          if (node.parts) continue; // only the known text could be judged, and holes may be anything
          const v = node.value;
          if (v === '*' || (!v.includes('*') && !v.includes('?'))) continue;
          ctx.report(
            valueSpan(node),
            `"${v}" uses a wildcard in a principal. Principals cannot be matched by pattern: name each ${entry.key === 'Service' ? 'service principal' : 'principal'} exactly, or use "*" with a Condition (for example StringLike on aws:PrincipalArn).`,
          );
        }
      }
    }
  },
});
