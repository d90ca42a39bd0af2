import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  title: 'Create SLR with NotAction and NotResource',
  findingType: 'WARNING',
  target: 'iam:CreateServiceLinkedRole',
  via: 'notAction',
  resource: 'notResource',
  resolvedBy: ['iam:awsservicename'],
  resolvedByExactValues: true,
  description: 'An Allow with NotAction that does not exclude iam:CreateServiceLinkedRole is combined with NotResource; allow iam:CreateServiceLinkedRole only on listed service-linked roles.',
  advice: 'List the service-linked role ARNs that may be created in Resource (arn:aws:iam::*:role/aws-service-role/<service principal>/*). Or add iam:CreateServiceLinkedRole to NotAction.',
});
