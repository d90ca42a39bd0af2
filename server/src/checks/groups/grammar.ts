import type { Check } from '../types';

import invalidArnPrefix from '../invalid-arn-prefix';
import missingArnField from '../missing-arn-field';
import invalidPartition from '../invalid-partition';
import invalidArnServiceCase from '../invalid-arn-service-case';
import wildcardInServiceName from '../wildcard-in-service-name';
import invalidService from '../invalid-service';
import invalidArnRegion from '../invalid-arn-region';
import arnRegionNotAllowed from '../arn-region-not-allowed';
import missingArnRegion from '../missing-arn-region';
import arnAccountNotAllowed from '../arn-account-not-allowed';
import invalidArnAccount from '../invalid-arn-account';
import invalidArnResource from '../invalid-arn-resource';
import invalidRegion from '../invalid-region';
import missingPrincipal from '../missing-principal';
import unsupportedPrincipal from '../unsupported-principal';
import scpSyntaxErrorPrincipal from '../scp-syntax-error-principal';
import invalidPrincipalFormat from '../invalid-principal-format';
import invalidPrincipalKey from '../invalid-principal-key';
import unsupportedWildcardInPrincipal from '../unsupported-wildcard-in-principal';
import invalidServicePrincipalFormat from '../invalid-service-principal-format';
import invalidRoleReference from '../invalid-role-reference';
import invalidUserReference from '../invalid-user-reference';
import emptyArrayPrincipal from '../empty-array-principal';
import emptyObjectPrincipal from '../empty-object-principal';
import emptyArrayAction from '../empty-array-action';
import emptyArrayResource from '../empty-array-resource';
import emptySidValue from '../empty-sid-value';
import unsupportedSid from '../unsupported-sid';
import uniqueSidsRequired from '../unique-sids-required';
import uniqueSidsRecommended from '../unique-sids-recommended';
import redundantAction from '../redundant-action';
import redundantResource from '../redundant-resource';
import redundantStatement from '../redundant-statement';
import policySizeExceedsIdentityPolicyQuota from '../policy-size-exceeds-identity-policy-quota';
import policySizeExceedsScpQuota from '../policy-size-exceeds-scp-quota';
import policySizeExceedsResourcePolicyQuota from '../policy-size-exceeds-resource-policy-quota';
import policySizeExceedsTrustPolicyQuota from '../policy-size-exceeds-trust-policy-quota';

/** Grammar, elements, Sid, principal, ARN/resource and size checks. One file per check in server/src/checks/; list them here. */
export const GRAMMAR_CHECKS: readonly Check[] = [
  // Resource ARNs
  invalidArnPrefix,
  missingArnField,
  invalidPartition,
  invalidArnServiceCase,
  wildcardInServiceName,
  invalidService,
  invalidArnRegion,
  arnRegionNotAllowed,
  missingArnRegion,
  arnAccountNotAllowed,
  invalidArnAccount,
  invalidArnResource,
  invalidRegion,
  // Principals
  missingPrincipal,
  unsupportedPrincipal,
  scpSyntaxErrorPrincipal,
  invalidPrincipalFormat,
  invalidPrincipalKey,
  unsupportedWildcardInPrincipal,
  invalidServicePrincipalFormat,
  invalidRoleReference,
  invalidUserReference,
  emptyArrayPrincipal,
  emptyObjectPrincipal,
  // Elements and Sids
  emptyArrayAction,
  emptyArrayResource,
  emptySidValue,
  unsupportedSid,
  uniqueSidsRequired,
  uniqueSidsRecommended,
  // Redundancy
  redundantAction,
  redundantResource,
  redundantStatement,
  // Size
  policySizeExceedsIdentityPolicyQuota,
  policySizeExceedsScpQuota,
  policySizeExceedsResourcePolicyQuota,
  policySizeExceedsTrustPolicyQuota,
];
