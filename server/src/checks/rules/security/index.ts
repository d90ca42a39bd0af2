import type { Check } from '../../types';
import passRoleWithNotResource from './pass-role-with-not-resource';
import passRoleWithStarInActionAndNotResource from './pass-role-with-star-in-action-and-not-resource';
import passRoleWithNotActionAndNotResource from './pass-role-with-not-action-and-not-resource';
import passRoleWithStarInResource from './pass-role-with-star-in-resource';
import passRoleWithStarInActionAndResource from './pass-role-with-star-in-action-and-resource';
import passRoleWithStarInResourceAndNotAction from './pass-role-with-star-in-resource-and-not-action';
import createSlrWithNotResource from './create-slr-with-not-resource';
import createSlrWithStarInActionAndNotResource from './create-slr-with-star-in-action-and-not-resource';
import createSlrWithNotActionAndNotResource from './create-slr-with-not-action-and-not-resource';
import createSlrWithStarInResource from './create-slr-with-star-in-resource';
import createSlrWithStarInActionAndResource from './create-slr-with-star-in-action-and-resource';
import createSlrWithStarInResourceAndNotAction from './create-slr-with-star-in-resource-and-not-action';
import allowWithNotPrincipal from './allow-with-not-principal';
import denyNotactionWithUnsupportedTagConditionKeyForService from './deny-notaction-with-unsupported-tag-condition-key-for-service';
import denyWithUnsupportedTagConditionKeyForService from './deny-with-unsupported-tag-condition-key-for-service';
import allowNotactionWithUnsupportedTagConditionKeyForService from './allow-notaction-with-unsupported-tag-condition-key-for-service';
import allowWithUnsupportedTagConditionKeyForService from './allow-with-unsupported-tag-condition-key-for-service';
import fullAdminAccess from './full-admin-access';
import serviceWildcardAction from './service-wildcard-action';
import resourceStarForResourceLevelAction from './resource-star-for-resource-level-action';
import allowWithNotAction from './allow-with-not-action';
import allowWithNotResource from './allow-with-not-resource';
import publicPrincipal from './public-principal';
import crossAccountPrincipalWithoutCondition from './cross-account-principal-without-condition';
import servicePrincipalWithoutSourceCondition from './service-principal-without-source-condition';
import trustServicePrincipalWithoutSourceCondition from './trust-service-principal-without-source-condition';
import privilegeEscalation from './privilege-escalation';
import sensitiveActionWithoutMfa from './sensitive-action-without-mfa';
import resourceTypeMismatch from './resource-type-mismatch';
import conditionKeyNotSupportedByActions from './condition-key-not-supported-by-actions';
import cdkBroadManagedPolicy from './cdk-broad-managed-policy';
import resourcePolicyPrivilegeEscalation from './resource-policy-privilege-escalation';
import effectivelyStarResource from './effectively-star-resource';

/** Least-privilege and security checks (Access Analyzer security warnings and our own). One file per check in this folder; list each here, in reporting order. */
export const SECURITY_CHECKS: readonly Check[] = [
  passRoleWithNotResource,
  passRoleWithStarInActionAndNotResource,
  passRoleWithNotActionAndNotResource,
  passRoleWithStarInResource,
  passRoleWithStarInActionAndResource,
  passRoleWithStarInResourceAndNotAction,
  createSlrWithNotResource,
  createSlrWithStarInActionAndNotResource,
  createSlrWithNotActionAndNotResource,
  createSlrWithStarInResource,
  createSlrWithStarInActionAndResource,
  createSlrWithStarInResourceAndNotAction,
  allowWithNotPrincipal,
  denyNotactionWithUnsupportedTagConditionKeyForService,
  denyWithUnsupportedTagConditionKeyForService,
  allowNotactionWithUnsupportedTagConditionKeyForService,
  allowWithUnsupportedTagConditionKeyForService,
  fullAdminAccess,
  serviceWildcardAction,
  resourceStarForResourceLevelAction,
  allowWithNotAction,
  allowWithNotResource,
  publicPrincipal,
  crossAccountPrincipalWithoutCondition,
  servicePrincipalWithoutSourceCondition,
  trustServicePrincipalWithoutSourceCondition,
  privilegeEscalation,
  sensitiveActionWithoutMfa,
  resourceTypeMismatch,
  conditionKeyNotSupportedByActions,
  cdkBroadManagedPolicy,
  resourcePolicyPrivilegeEscalation,
  effectivelyStarResource,
];
