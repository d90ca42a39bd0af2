import { ownCheck } from '../../types';

/** Reported by the CloudFormation YAML adapter while parsing a template; registered here for configuration and docs. */
export default ownCheck({
  code: 'YAML_SYNTAX_ERROR',
  title: 'YAML syntax error',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'The CloudFormation template is not valid YAML (or its aliases expand beyond a safe bound); fix the syntax at the marked place.',
  run() {
    /* produced by the adapter, see server/src/adapters/cfn */
  },
});
