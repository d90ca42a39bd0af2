import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
  title: 'Create SLR with star in action and resource',
  findingType: 'WARNING',
  target: 'iam:CreateServiceLinkedRole',
  via: 'star',
  resource: 'star',
  resolvedBy: ['iam:awsservicename'],
  resolvedByExactValues: true,
  description: 'A wildcard action that covers iam:CreateServiceLinkedRole is allowed on "Resource": "*"; name the service-linked roles.',
  advice: 'List the service-linked role ARNs that may be created in Resource (arn:aws:iam::*:role/aws-service-role/<service principal>/*).',
});
