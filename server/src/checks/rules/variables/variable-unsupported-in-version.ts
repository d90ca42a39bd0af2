import { knownString } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { siteSpan, factsOf } from '../../../facts';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'VARIABLE_UNSUPPORTED_IN_VERSION',
  title: 'Variable unsupported in version',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'Policy variables need "Version": "2012-10-17"; without it (or with 2008-10-17) they are taken literally.',
  run(policy, ctx) {
    let version: string | undefined;
    if (policy.version) {
      version = knownString(policy.version.value);
      if (version === undefined || version !== '2008-10-17') return;
    }
    let found = false;
    const variableSites = factsOf(policy, ctx.data).variableSites(['Resource', 'NotResource', 'Condition']);
    for (let i = 0; i < variableSites.length; i++) {
      const site = variableSites[i];
      const v = site.variables.find((x) => !x.problem && !x.escape);
      if (!v) continue;
      found = true;
      const why = version ? `"Version" is "${version}"` : 'the policy has no "Version"';
      ctx.report(siteSpan(site, v.start, v.end - v.start), `The policy variable "\${${v.inner}}" is taken literally because ${why}. Set "Version" to "2012-10-17".`);
    }
    // A finding on the old Version value carries the fix (a missing Version is MISSING_VERSION's, with its own fix).
    if (found && policy.version) ctx.report(policy.version.value.span, 'This policy uses policy variables, which need "Version": "2012-10-17".', replaceWith(['2012-10-17']));
  },
});
