import { accessAnalyzerCheck } from '../../types';

/** Reported by the host adapters while parsing; registered here for configuration and docs. */
export default accessAnalyzerCheck({
  code: 'JSON_SYNTAX_ERROR',
  title: 'Json syntax error',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'The policy text is not valid JSON (IAM also rejects comments and trailing commas); fix the syntax at the marked place.',
  run() {
    /* produced by the adapter, see server/src/adapters */
  },
});
