import { ownCheck } from '../../types';

/** Reported by the CDK adapter while reading a CDK source file; registered here for configuration and docs. */
export default ownCheck({
  code: 'CDK_BROAD_MANAGED_POLICY',
  title: 'Broad AWS managed policy attached in CDK code',
  findingType: 'WARNING',
  policyTypes: 'all',
  description:
    'ManagedPolicy.fromAwsManagedPolicyName names AdministratorAccess, PowerUserAccess or a …FullAccess policy: grant only what the construct needs (CDK grant methods or a PolicyStatement with its actions and resources).',
  run() {
    /* produced by the adapter, see server/src/adapters/cdk */
  },
});
