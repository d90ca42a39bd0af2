import { accessAnalyzerCheck } from '../../types';
import { reportVariableProblems } from '../../support/variableSyntax';

export default accessAnalyzerCheck({
  code: 'MISSING_BRACE_IN_VARIABLE',
  title: 'Missing brace in variable',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  description: 'A policy variable opened with ${ has no closing brace.',
  run(policy, ctx) {
    reportVariableProblems('MISSING_BRACE_IN_VARIABLE', policy, ctx);
  },
});
