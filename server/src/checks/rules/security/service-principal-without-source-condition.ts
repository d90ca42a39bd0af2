import { servicePrincipalCheck } from '../../support/servicePrincipals';

export default servicePrincipalCheck({
  code: 'SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION',
  title: 'Service principal without source condition',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['resource'],
  description: 'A resource policy allows an AWS service principal without aws:SourceArn / aws:SourceAccount (confused deputy); add a condition naming your resource or account.',
  details:
    'When a resource policy grants a service principal (for example `cloudtrail.amazonaws.com` on a bucket or `sns.amazonaws.com` on a queue), the service acts for whichever customer asks it. AWS\'s cross-service confused deputy guidance is to add `aws:SourceArn` (the resource that uses the service) and/or `aws:SourceAccount` (your account) conditions. The finding carries `{"addCondition": {"key": "aws:SourceArn"}}`.',
});
