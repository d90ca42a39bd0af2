import { ownCheck } from '../../types';
import { isBuiltInProvider, factsOf, restricting } from '../../../facts';

/** Claims that do not say which workload is calling (audience, auth method, authorized party). */
const NOT_SUBJECT = new Set(['aud', 'amr', 'azp', 'oaud']);

export default ownCheck({
  code: 'OIDC_TRUST_MISSING_SUB',
  title: 'OIDC trust without subject condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['trust'],
  description: 'A role trusts an OIDC provider (GitHub Actions, GitLab, EKS, …) without a positive condition (no `…IfExists`, no negation) on the token subject (`<provider>:sub` or another documented workload claim; a misspelt claim does not count), so any workload that can get a token from that provider can assume the role.',
  run(policy, ctx) {
    const oidcTrusts = factsOf(policy, ctx.data).oidcTrusts;
    for (let i = 0; i < oidcTrusts.length; i++) {
      const t = oidcTrusts[i];
      if (isBuiltInProvider(t.provider)) continue;
      // A claim counts when a positive operator without IfExists tests it and, for a well-known
      // provider, the claim is one of its documented workload claims (a misspelt key never matches).
      const scoped = [...t.claims.entries()].some(([claim, entries]) =>
        restricting(entries).some((e) => (t.known ? e.oidc?.claim?.identifiesWorkload === true : !NOT_SUBJECT.has(claim))));
      if (scoped) continue;
      ctx.report(
        t.principalSpan,
        `This statement trusts the OIDC provider ${t.provider} without a condition on "${t.provider}:sub", so any workload that can obtain a token from it can assume the role. Add a StringEquals or StringLike condition on "${t.provider}:sub" naming the repository, project or service account.`,
      );
    }
  },
});
