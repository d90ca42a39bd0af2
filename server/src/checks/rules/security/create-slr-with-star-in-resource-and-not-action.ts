import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
  title: 'Create SLR with star in resource and NotAction',
  findingType: 'WARNING',
  target: 'iam:CreateServiceLinkedRole',
  via: 'notAction',
  resource: 'star',
  resolvedBy: ['iam:awsservicename'],
  resolvedByExactValues: true,
  description: 'An Allow with NotAction that does not exclude iam:CreateServiceLinkedRole is paired with "Resource": "*"; name the service-linked roles or exclude iam:CreateServiceLinkedRole.',
  advice: 'List the service-linked role ARNs that may be created in Resource (arn:aws:iam::*:role/aws-service-role/<service principal>/*). Or add iam:CreateServiceLinkedRole to NotAction.',
});
