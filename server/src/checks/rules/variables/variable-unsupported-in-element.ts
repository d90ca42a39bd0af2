import { accessAnalyzerCheck } from '../../types';
import { siteSpan, factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
  title: 'Variable unsupported in element',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  description: 'A policy variable is used outside the Resource and Condition elements (for example in Action or Principal), where IAM does not substitute it.',
  run(policy, ctx) {
    for (const site of factsOf(policy, ctx.data).variableSites(['Action', 'NotAction', 'Principal', 'NotPrincipal'])) {
      for (const v of site.variables) {
        if (v.problem || v.escape) continue;
        ctx.report(
          siteSpan(site, v.start, v.end - v.start),
          `Policy variables are not supported in "${site.element}": "\${${v.inner}}" is taken literally. Remove it (variables work only in Resource and Condition values).`,
        );
      }
    }
  },
});
