import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { hasRestrictingKey } from '../../support/conditionKeys';
import { factsOf, effectOf, isPublicPrincipal, opaqueCondition } from '../../../facts';

/** Condition keys that tie a public principal down to an organization, account, network or source. */
const RESTRICTING_KEYS = [
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:principalisawsservice', 'aws:principalservicename',
  'aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner',
  'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip', 'aws:vpcsourceip', 'aws:userid', 'aws:username', 'aws:resourceorgid', 'aws:resourceaccount',
  'kms:calleraccount', 'kms:viaservice', 's3:dataaccesspointaccount', 's3:dataaccesspointarn', 'lambda:functionurlauthtype', 'sns:endpoint', 'sts:externalid',
  'aws:principaltag/',
];

export default ownCheck({
  code: 'PUBLIC_PRINCIPAL',
  title: 'Public principal without a restricting condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['resource', 'trust'],
  fixes: [{ kind: 'addCondition', safe: false }],
  description: 'An Allow to "Principal": "*" (or {"AWS": "*"}) without an organization, account, network or source condition grants access to anyone; add such a condition or name the principals.',
  details:
    'A `"*"` principal in an Allow statement means every AWS account and anonymous callers. Unless the resource is meant to be public, name the principals, or keep `"*"` and restrict it with a condition such as `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`, `aws:SourceIp`, `aws:SourceArn` or `aws:SourceAccount`. The finding carries `{"addCondition": {"key": "aws:PrincipalOrgID"}}` for a quick fix.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || opaqueCondition(st) || hasRestrictingKey(st, ctx.data, RESTRICTING_KEYS)) continue;
      const principals = facts.principals;
      for (let j = 0; j < principals.length; j++) {
        const e = principals[j];
        if (!isPublicPrincipal(e)) continue;
        ctx.report(
          valueSpan(e.node),
          `${e.kind === '*' ? '"Principal": "*"' : '{"AWS": "*"}'} allows anyone, including anonymous users, and no condition restricts it. Name the principals, or add a condition such as aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceVpce.`,
          { fix: 'addCondition', key: 'aws:PrincipalOrgID' },
        );
      }
    }
  },
});
