import { closest } from '../../../data/editDistance';
import { ownCheck, type CheckContext } from '../../types';
import { factsOf, type ConditionEntry } from '../../../facts';
import type { OidcProvider } from '../../../data/oidcProviders';
import { replaceWith } from '../../../model/fixPayload';

export default ownCheck({
  code: 'OIDC_UNKNOWN_CLAIM',
  title: 'Unknown claim of a well-known OIDC provider',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition key names a claim that IAM does not evaluate for a well-known web identity provider (GitHub Actions, GitLab, HCP Terraform, Bitbucket, CircleCI, Buildkite, Amazon EKS, Amazon Cognito, Google, Facebook, Login with Amazon), e.g. `token.actions.githubusercontent.com:sbu`. The key is never in the request context, so the condition never restricts what it seems to. An error with a did-you-mean for a near miss, a warning otherwise. Keys of providers not in the table stay accepted.',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const provider = e.oidc?.provider;
      if (!provider || !e.oidc?.unknownClaim) continue;
      reportUnknownClaim(ctx, e, provider);
    }
  },
});

/** Reports a claim the provider does not have. Apart from run so that its loop body captures nothing (no block context per entry). */
function reportUnknownClaim(ctx: CheckContext, e: ConditionEntry, provider: OidcProvider): void {
  const colon = e.key.indexOf(':');
  const host = e.key.slice(0, colon);
  const claim = e.key.slice(colon + 1);
  const names = provider.claims.map((c) => c.name);
  const replacements = closest(claim, names, 3).map((c) => `${host}:${c}`);
  const hint = replacements.length
    ? ` Did you mean ${replacements.map((r) => `"${r}"`).join(' or ')}?`
    : ` The claims IAM evaluates for it are: ${names.join(', ')}.`;
  // A near miss is a typo (error); a claim with no near match may be newer than our table (one level lower).
  ctx.report(
    e.keyProperty.keySpan,
    `"${claim}" is not a claim IAM evaluates for ${provider.name} (${host}), so this key is never in the request context and the condition does not restrict what it seems to.${hint}`,
    replaceWith(replacements),
    { demote: replacements.length === 0 },
  );
}
