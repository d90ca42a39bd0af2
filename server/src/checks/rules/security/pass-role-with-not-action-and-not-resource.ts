import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  title: 'Pass role with NotAction and NotResource',
  findingType: 'SECURITY_WARNING',
  target: 'iam:PassRole',
  via: 'notAction',
  resource: 'notResource',
  description: 'An Allow with NotAction that does not exclude iam:PassRole is combined with NotResource; allow iam:PassRole only on listed roles.',
  resolvedBy: ['iam:passedtoservice'],
  addCondition: 'iam:PassedToService',
  advice: 'List the role ARNs that may be passed in Resource, or add an iam:PassedToService condition naming the services that may receive them. Or add iam:PassRole to NotAction.',
});
