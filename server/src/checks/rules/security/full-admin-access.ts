import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { effectOf, statementFacts } from '../../../facts';

export default ownCheck({
  code: 'FULL_ADMIN_ACCESS',
  title: 'Full administrator access',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity'],
  description: 'An Allow of every action ("*") on every resource grants full administrator access; grant only the actions and resources the task needs.',
  details:
    'AWS\'s IAM security best practices ask for least privilege: start from the actions a workload really calls (IAM Access Analyzer policy generation and last-accessed data help) instead of `"Action": "*"` on `"Resource": "*"`. Keep full administrator access to a few break-glass roles, and prefer the AWS managed job-function policies over `*`.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      if (effectOf(st) !== 'Allow' || !statementFacts(st, ctx.data).starResource) continue;
      for (const { node, value } of statementFacts(st, ctx.data).actions) {
        if (value !== '*' && value !== '*:*') continue;
        ctx.report(valueSpan(node), `"${value}" on "Resource": "*" grants full administrator access. Replace it with the specific actions and resources this principal needs.`);
      }
    }
  },
});
