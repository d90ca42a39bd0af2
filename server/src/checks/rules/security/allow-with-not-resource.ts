import { ownCheck } from '../../types';
import { effectOf } from '../../../facts';

export default ownCheck({
  code: 'ALLOW_WITH_NOT_RESOURCE',
  title: 'Allow with NotResource',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity', 'resource'],
  requires: ['NotResource'],
  description: 'An Allow with NotResource grants the actions on every resource not listed, in every account; list the allowed resources in Resource instead.',
  details:
    '`"Effect": "Allow"` with `NotResource` applies the actions to every resource except the listed ones — including resources in other accounts and resources created later. Name the resources in `Resource`; keep `NotResource` for `Deny` statements.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (!st.notResource || effectOf(st) !== 'Allow') continue;
      ctx.report(st.notResource.keySpan, 'This Allow statement uses NotResource, so it allows the actions on every resource not listed, in any account. List the allowed resources in Resource instead.');
    }
  },
});
