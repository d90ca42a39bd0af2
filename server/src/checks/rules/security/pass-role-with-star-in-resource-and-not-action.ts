import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
  title: 'Pass role with star in resource and NotAction',
  findingType: 'SECURITY_WARNING',
  target: 'iam:PassRole',
  via: 'notAction',
  resource: 'star',
  description: 'An Allow with NotAction that does not exclude iam:PassRole is paired with "Resource": "*"; name the roles or exclude iam:PassRole.',
  resolvedBy: ['iam:passedtoservice'],
  addCondition: 'iam:PassedToService',
  advice: 'List the role ARNs that may be passed in Resource, or add an iam:PassedToService condition naming the services that may receive them. Or add iam:PassRole to NotAction.',
});
