import type { Check } from '../types';
import passRoleWithNotResource from '../pass-role-with-not-resource';
import passRoleWithStarInActionAndNotResource from '../pass-role-with-star-in-action-and-not-resource';
import passRoleWithNotActionAndNotResource from '../pass-role-with-not-action-and-not-resource';
import passRoleWithStarInResource from '../pass-role-with-star-in-resource';
import passRoleWithStarInActionAndResource from '../pass-role-with-star-in-action-and-resource';
import passRoleWithStarInResourceAndNotAction from '../pass-role-with-star-in-resource-and-not-action';
import createSlrWithNotResource from '../create-slr-with-not-resource';
import createSlrWithStarInActionAndNotResource from '../create-slr-with-star-in-action-and-not-resource';
import createSlrWithNotActionAndNotResource from '../create-slr-with-not-action-and-not-resource';
import createSlrWithStarInResource from '../create-slr-with-star-in-resource';
import createSlrWithStarInActionAndResource from '../create-slr-with-star-in-action-and-resource';
import createSlrWithStarInResourceAndNotAction from '../create-slr-with-star-in-resource-and-not-action';
import allowWithNotPrincipal from '../allow-with-not-principal';
import denyNotActionWithUnsupportedTagKey from '../deny-notaction-with-unsupported-tag-condition-key-for-service';
import denyWithUnsupportedTagKey from '../deny-with-unsupported-tag-condition-key-for-service';
import allowNotActionWithUnsupportedTagKey from '../allow-notaction-with-unsupported-tag-condition-key-for-service';
import allowWithUnsupportedTagKey from '../allow-with-unsupported-tag-condition-key-for-service';
import fullAdminAccess from '../full-admin-access';
import serviceWildcardAction from '../service-wildcard-action';
import resourceStarForResourceLevelAction from '../resource-star-for-resource-level-action';
import allowWithNotAction from '../allow-with-not-action';
import allowWithNotResource from '../allow-with-not-resource';
import publicPrincipal from '../public-principal';
import crossAccountPrincipalWithoutCondition from '../cross-account-principal-without-condition';
import servicePrincipalWithoutSourceCondition from '../service-principal-without-source-condition';
import trustServicePrincipalWithoutSourceCondition from '../trust-service-principal-without-source-condition';
import privilegeEscalation from '../privilege-escalation';
import sensitiveActionWithoutMfa from '../sensitive-action-without-mfa';
import resourceTypeMismatch from '../resource-type-mismatch';
import conditionKeyNotSupportedByActions from '../condition-key-not-supported-by-actions';

/** Least-privilege and security checks (Access Analyzer security warnings and our own). One file per check in server/src/checks/; list them here. */
export const SECURITY_CHECKS: readonly Check[] = [
  // Access Analyzer: iam:PassRole and iam:CreateServiceLinkedRole
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
  // Access Analyzer: principals and tag condition keys
  allowWithNotPrincipal,
  denyNotActionWithUnsupportedTagKey,
  denyWithUnsupportedTagKey,
  allowNotActionWithUnsupportedTagKey,
  allowWithUnsupportedTagKey,
  // Our own least-privilege checks
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
];
