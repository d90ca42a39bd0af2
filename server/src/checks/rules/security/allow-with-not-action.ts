import { ownCheck } from '../../types';
import { effectOf } from '../../../facts';

export default ownCheck({
  code: 'ALLOW_WITH_NOT_ACTION',
  title: 'Allow with NotAction',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity', 'resource', 'trust'],
  requires: ['NotAction'],
  description: 'An Allow with NotAction grants every action not listed, including actions AWS adds later; list the allowed actions in Action instead.',
  details:
    '`"Effect": "Allow"` with `NotAction` allows every action of every service except the listed ones — today\'s and every future action. It is easy to grant much more than intended (for example `"NotAction": "iam:*"` still allows `organizations:*` and `sts:AssumeRole`). Use `Action` with the actions needed; keep `NotAction` for `Deny` statements.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (!st.notAction || effectOf(st) !== 'Allow') continue;
      ctx.report(st.notAction.keySpan, 'This Allow statement uses NotAction, so it allows every action not listed, including actions added in the future. List the allowed actions in Action instead.');
    }
  },
});
