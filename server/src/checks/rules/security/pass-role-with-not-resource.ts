import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'PASS_ROLE_WITH_NOT_RESOURCE',
  title: 'Pass role with NotResource',
  findingType: 'SECURITY_WARNING',
  target: 'iam:PassRole',
  via: 'explicit',
  resource: 'notResource',
  description: 'Allows iam:PassRole with NotResource, which covers every role not listed; list the roles in Resource instead.',
  resolvedBy: ['iam:passedtoservice'],
  addCondition: 'iam:PassedToService',
  advice: 'List the role ARNs that may be passed in Resource, or add an iam:PassedToService condition naming the services that may receive them.',
});
