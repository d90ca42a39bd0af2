import { accessAnalyzerCheck } from '../../types';
import { reportVariableProblems } from '../../support/variableSyntax';

export default accessAnalyzerCheck({
  code: 'MISSING_QUOTE_IN_VARIABLE',
  title: 'Missing quote in variable',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  description: 'The default value of a policy variable lacks its opening or closing single quote.',
  run(policy, ctx) {
    reportVariableProblems('MISSING_QUOTE_IN_VARIABLE', policy, ctx);
  },
});
