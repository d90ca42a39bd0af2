import { ownCheck } from '../../types';
import { isBuiltInProvider, factsOf, restricting } from '../../../facts';

/** Claims that do not say which workload is calling (audience, auth method, authorized party). */
const NOT_SUBJECT = new Set(['aud', 'amr', 'azp', 'oaud']);

export default ownCheck({
  code: 'OIDC_TRUST_MISSING_SUB',
  title: 'OIDC trust without subject condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['trust'],
  description: 'A role trusts an OIDC provider (GitHub Actions, GitLab, EKS, …) without a condition on the token subject (`<provider>:sub` or another workload claim), so any workload that can get a token from that provider can assume the role.',
  run(policy, ctx) {
    for (const t of factsOf(policy, ctx.data).oidcTrusts) {
      if (isBuiltInProvider(t.provider)) continue;
      const scoped = [...t.claims.entries()].some(([claim, entries]) => !NOT_SUBJECT.has(claim) && restricting(entries).length > 0);
      if (scoped) continue;
      ctx.report(
        t.principalSpan,
        `This statement trusts the OIDC provider ${t.provider} without a condition on "${t.provider}:sub", so any workload that can obtain a token from it can assume the role. Add a StringEquals or StringLike condition on "${t.provider}:sub" naming the repository, project or service account.`,
      );
    }
  },
});
