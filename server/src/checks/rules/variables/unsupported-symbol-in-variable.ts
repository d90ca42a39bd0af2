import { accessAnalyzerCheck } from '../../types';
import { reportVariableProblems } from '../../support/variableSyntax';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_SYMBOL_IN_VARIABLE',
  title: 'Unsupported symbol in variable',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Variable'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A policy variable contains a character that is not allowed (or a quote-like character where a single quote is needed).',
  run(policy, ctx) {
    reportVariableProblems('UNSUPPORTED_SYMBOL_IN_VARIABLE', policy, ctx);
  },
});
