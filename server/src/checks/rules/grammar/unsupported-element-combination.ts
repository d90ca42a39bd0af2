import type { PropertyNode } from '../../../model';
import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_ELEMENT_COMBINATION',
  title: 'Unsupported element combination',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'A statement cannot have both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const pairs: [PropertyNode | undefined, PropertyNode | undefined][] = [
        [st.action, st.notAction],
        [st.resource, st.notResource],
        [st.principal, st.notPrincipal],
      ];
      for (let j = 0; j < pairs.length; j++) {
        const [a, b] = pairs[j];
        if (!a || !b) continue;
        ctx.report(b.keySpan, `A statement cannot have both "${a.key}" and "${b.key}". Keep one of them.`);
      }
    }
  },
});
