import { accessAnalyzerCheck } from '../../types';
import { reportVariableProblems } from '../../support/variableSyntax';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_SPACE_IN_VARIABLE',
  title: 'Unsupported space in variable',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'The key of a policy variable contains a space; spaces are only allowed in the quoted default value.',
  run(policy, ctx) {
    reportVariableProblems('UNSUPPORTED_SPACE_IN_VARIABLE', policy, ctx);
  },
});
