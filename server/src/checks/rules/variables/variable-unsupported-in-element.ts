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
    const variableSites = factsOf(policy, ctx.data).variableSites(['Action', 'NotAction', 'Principal', 'NotPrincipal']);
    for (let i = 0; i < variableSites.length; i++) {
      const site = variableSites[i];
      const variables = site.variables;
      for (let j = 0; j < variables.length; j++) {
        const v = variables[j];
        if (v.problem || v.escape) continue;
        ctx.report(
          siteSpan(site, v.start, v.end - v.start),
          `Policy variables are not supported in "${site.element}": "\${${v.inner}}" is taken literally. Remove it (variables work only in Resource and Condition values).`,
        );
      }
    }
  },
});
