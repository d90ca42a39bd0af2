import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_RESOURCE',
  title: 'Missing resource',
  findingType: 'ERROR',
  // Role trust policies name no resource: the role they are attached to is the resource.
  policyTypes: ['identity', 'resource', 'scp', 'rcp', 'boundary', 'session'],
  description: 'Every statement (except in a role trust policy) needs a Resource or NotResource element.',
  run(policy, ctx) {
    if (policy.resourceElement === 'implicit') return; // the host applies it to its own resource (ECR)
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind !== 'object' || st.resource || st.notResource) continue;
      ctx.report(statementAnchor(st), 'The statement has no "Resource" or "NotResource" element. Add "Resource" with the ARNs it applies to.');
    }
  },
});
