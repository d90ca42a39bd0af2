import { elementStrings } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  title: 'Unsupported wildcard in principal',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal value uses * or ? as part of a name or ARN; principals must be named exactly ("*" alone means everyone).',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.principal, st.notPrincipal]) {
        if (!prop || prop.value.kind !== 'object') continue;
        for (const entry of prop.value.properties) {
          for (const node of elementStrings(entry.value)) {
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
    }
  },
});
