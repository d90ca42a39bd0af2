import { ownCheck } from '../../types';
import { factsOf, restricting } from '../../../facts';

export default ownCheck({
  code: 'OIDC_TRUST_MISSING_AUD',
  title: 'Cognito trust without audience condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['trust'],
  description: 'A role trusts cognito-identity.amazonaws.com without a `cognito-identity.amazonaws.com:aud` condition naming the identity pool, so identities of any identity pool could assume it.',
  run(policy, ctx) {
    const oidcTrusts = factsOf(policy, ctx.data).oidcTrusts;
    for (let i = 0; i < oidcTrusts.length; i++) {
      const t = oidcTrusts[i];
      if (t.provider.toLowerCase() !== 'cognito-identity.amazonaws.com') continue;
      if (restricting(t.claims.get('aud')).length > 0) continue;
      ctx.report(
        t.principalSpan,
        'This statement trusts Amazon Cognito without a "cognito-identity.amazonaws.com:aud" condition, so identities from any identity pool could assume the role. Add "StringEquals": {"cognito-identity.amazonaws.com:aud": "<identity-pool-id>"}.',
      );
    }
  },
});
