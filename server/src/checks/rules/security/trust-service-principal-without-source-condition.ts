import { servicePrincipalCheck } from '../../support/servicePrincipals';

export default servicePrincipalCheck({
  code: 'TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION',
  title: 'Trusted service principal without source condition',
  findingType: 'SUGGESTION',
  policyTypes: ['trust'],
  defaultLevel: 'off',
  description: 'Opt-in: a role trust policy trusts an AWS service principal without aws:SourceArn / aws:SourceAccount; add them where the service supports them.',
  details:
    'Off by default: not every service sets `aws:SourceArn` / `aws:SourceAccount` when it assumes a role (roles for EC2 instances and Lambda functions are the common case), and adding the condition there breaks the role. Turn it on (`"TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION": "info"`) to review trust policies for services that document confused-deputy keys for role assumption.',
});
