import { roleActionCheck } from '../../support/roleActions';

export default roleActionCheck({
  code: 'CREATE_SLR_WITH_NOT_RESOURCE',
  title: 'Create SLR with NotResource',
  findingType: 'WARNING',
  target: 'iam:CreateServiceLinkedRole',
  via: 'explicit',
  resource: 'notResource',
  resolvedBy: ['iam:awsservicename'],
  resolvedByExactValues: true,
  description: 'Allows iam:CreateServiceLinkedRole with NotResource, which covers every role not listed; list the service-linked roles in Resource instead.',
  advice: 'List the service-linked role ARNs that may be created in Resource (arn:aws:iam::*:role/aws-service-role/<service principal>/*).',
});
