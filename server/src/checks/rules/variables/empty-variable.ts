import { accessAnalyzerCheck } from '../../types';
import { reportVariableProblems } from '../../support/variableSyntax';

export default accessAnalyzerCheck({
  code: 'EMPTY_VARIABLE',
  title: 'Empty variable',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  description: 'A policy variable is empty (${}).',
  run(policy, ctx) {
    reportVariableProblems('EMPTY_VARIABLE', policy, ctx);
  },
});
