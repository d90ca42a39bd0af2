import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
  title: 'Pass role with star in action and resource',
  findingType: 'SECURITY_WARNING',
  target: 'iam:PassRole',
  via: 'star',
  resource: 'star',
  description: 'A wildcard action that covers iam:PassRole is allowed on "Resource": "*"; name the roles or add iam:PassedToService.',
  resolvedBy: ['iam:passedtoservice'],
  addCondition: 'iam:PassedToService',
  advice: 'List the role ARNs that may be passed in Resource, or add an iam:PassedToService condition naming the services that may receive them.',
});
