import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { factsOf, effectOf } from '../../../facts';

export default ownCheck({
  code: 'FULL_ADMIN_ACCESS',
  title: 'Full administrator access',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity'],
  description: 'An Allow of every action ("*") on every resource grants full administrator access; grant only the actions and resources the task needs.',
  details:
    'Judged on the set of actions granted, not on how it is spelt: wildcards that together reach every action of every service in the reference data (`a*`, `b*`, … or every service\'s `service:*`) on `"Resource": "*"` are reported on the `Action` key. AWS\'s IAM security best practices ask for least privilege: start from the actions a workload really calls (IAM Access Analyzer policy generation and last-accessed data help) instead of `"Action": "*"` on `"Resource": "*"`. Keep full administrator access to a few break-glass roles, and prefer the AWS managed job-function policies over `*`.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || !facts.starResource) continue;
      const values = facts.actions;
      let star = false;
      for (let j = 0; j < values.length; j++) {
        const { node, value } = values[j];
        if (value !== '*' && value !== '*:*') continue;
        star = true;
        ctx.report(valueSpan(node), `"${value}" on "Resource": "*" grants full administrator access. Replace it with the specific actions and resources this principal needs.`);
      }
      // The same grant spelt otherwise ("a*", "b*", … or every service's "svc:*"): judged on the
      // set of actions granted, every action of every service in the reference data.
      if (star || !st.action || values.length === 0 || !facts.grantedSet.everything) continue;
      const services = ctx.data.listServices().filter((s) => s.actionCount > 0);
      const total = services.reduce((n, s) => n + s.actionCount, 0);
      ctx.report(st.action.keySpan, `These actions together grant all ${total} actions of all ${services.length} services in the IAM reference data on "Resource": "*", the same as "*": full administrator access. Replace them with the specific actions and resources this principal needs.`);
    }
  },
});
