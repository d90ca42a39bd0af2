import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  title: 'Pass role with star in resource',
  findingType: 'SECURITY_WARNING',
  target: 'iam:PassRole',
  via: 'explicit',
  resource: 'star',
  description: 'Allows iam:PassRole on "Resource": "*"; name the roles in Resource or add an iam:PassedToService condition.',
  resolvedBy: ['iam:passedtoservice'],
  addCondition: 'iam:PassedToService',
  advice: 'List the role ARNs that may be passed in Resource, or add an iam:PassedToService condition naming the services that may receive them.',
});
