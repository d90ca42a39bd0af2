import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { hasRestrictingKey } from '../../support/conditionKeys';
import { factsOf, effectOf, opaqueCondition, principalAccount } from '../../../facts';

const KEYS = [
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths',
  'sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:principaltag/', 'aws:userid', 'aws:username',
  'kms:calleraccount', 'kms:viaservice',
];

export default ownCheck({
  code: 'CROSS_ACCOUNT_PRINCIPAL_WITHOUT_CONDITION',
  title: 'Account principal without a condition',
  findingType: 'SUGGESTION',
  policyTypes: ['resource', 'trust'],
  fixes: [{ kind: 'addCondition', safe: false }],
  description: 'An Allow to an AWS account principal has no organization, external-id or source condition; if the account is not your own, add aws:PrincipalOrgID or sts:ExternalId.',
  details:
    'Whether an account id is your own cannot be known offline, so every account principal (`"123456789012"`, `arn:aws:iam::123456789012:root`, a role or user ARN) in an Allow statement without a narrowing condition is reported as a suggestion. For another account, restrict it with `aws:PrincipalOrgID` (same organization), `sts:ExternalId` (third parties assuming a role — the confused deputy problem), or `aws:PrincipalArn`. Turn the check off (`"CROSS_ACCOUNT_PRINCIPAL_WITHOUT_CONDITION": "off"`) when all your account principals are trusted.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || opaqueCondition(st) || hasRestrictingKey(st, ctx.data, KEYS)) continue;
      const principals = facts.principals;
      for (let j = 0; j < principals.length; j++) {
        const e = principals[j];
        const account = principalAccount(e);
        if (!account) continue;
        const extra = policy.type === 'trust' ? ' or sts:ExternalId (for a third party)' : '';
        ctx.report(
          valueSpan(e.node),
          `Account ${account} is allowed without a condition. If it is not your own account, restrict access with aws:PrincipalOrgID${extra} or aws:PrincipalArn.`,
          { fix: 'addCondition', key: policy.type === 'trust' ? 'sts:ExternalId' : 'aws:PrincipalOrgID' },
        );
      }
    }
  },
});
