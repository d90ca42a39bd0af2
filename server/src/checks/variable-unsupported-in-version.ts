import { knownString } from '../model';
import { accessAnalyzerCheck } from './types';
import { siteSpan, variableSites } from './variableSites';

export default accessAnalyzerCheck({
  code: 'VARIABLE_UNSUPPORTED_IN_VERSION',
  title: 'Variable unsupported in version',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'Policy variables need "Version": "2012-10-17"; without it (or with 2008-10-17) they are taken literally.',
  hasFix: true,
  run(policy, ctx) {
    let version: string | undefined;
    if (policy.version) {
      version = knownString(policy.version.value);
      if (version === undefined || version !== '2008-10-17') return;
    }
    for (const site of variableSites(policy, ['Resource', 'NotResource', 'Condition'])) {
      const v = site.variables.find((x) => !x.problem && !x.escape);
      if (!v) continue;
      const why = version ? `"Version" is "${version}"` : 'the policy has no "Version"';
      ctx.report(siteSpan(site, v.start, v.end - v.start), `The policy variable "\${${v.inner}}" is taken literally because ${why}. Set "Version" to "2012-10-17".`, { version: '2012-10-17' });
    }
  },
});
