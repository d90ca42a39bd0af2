import { ownCheck } from '../../types';
import { isUnresolved, scalarText, valueNodeSpan } from '../../../facts';
import { factsOf, restricting } from '../../../facts';

/** A subject pattern that names no specific workload: only wildcards, or GitHub's repo:* (any owner). */
function isWildcardOnly(value: string): boolean {
  return /^[*?]+$/.test(value) || /^repo:[*?]/i.test(value);
}

export default ownCheck({
  code: 'OIDC_TRUST_WILDCARD_SUB',
  title: 'OIDC trust with wildcard-only subject',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['trust'],
  description: 'A role trusts an OIDC provider with a `<provider>:sub` condition whose pattern matches any subject (for example "*" or GitHub\'s "repo:*"), which is no restriction at all.',
  run(policy, ctx) {
    const oidcTrusts = factsOf(policy, ctx.data).oidcTrusts;
    for (let i = 0; i < oidcTrusts.length; i++) {
      const t = oidcTrusts[i];
      const claims = restricting(t.claims.get('sub'));
      for (let j = 0; j < claims.length; j++) {
        const e = claims[j];
        if (!e.operator?.base.wildcards) continue;
        const values = e.values;
        for (let k = 0; k < values.length; k++) {
          const v = values[k];
          const text = isUnresolved(v) ? undefined : scalarText(v);
          if (text === undefined || !isWildcardOnly(text)) continue;
          ctx.report(valueNodeSpan(v), `The subject pattern "${text}" matches tokens of any ${/^repo:/i.test(text) ? 'repository owner' : 'workload'} of ${t.provider}. Name the specific repository, branch or environment (for GitHub: "repo:<owner>/<repo>:ref:refs/heads/main").`);
        }
      }
    }
  },
});
