import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
  title: 'Create SLR with star in resource',
  findingType: 'WARNING',
  target: 'iam:CreateServiceLinkedRole',
  via: 'explicit',
  resource: 'star',
  resolvedBy: ['iam:awsservicename'],
  resolvedByExactValues: true,
  description: 'Allows iam:CreateServiceLinkedRole on "Resource": "*"; name the service-linked roles in Resource.',
  advice: 'List the service-linked role ARNs that may be created in Resource (arn:aws:iam::*:role/aws-service-role/<service principal>/*).',
});
