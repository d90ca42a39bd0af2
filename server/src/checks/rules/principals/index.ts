import type { Check } from '../../types';
import missingPrincipal from './missing-principal';
import unsupportedPrincipal from './unsupported-principal';
import scpSyntaxErrorPrincipal from './scp-syntax-error-principal';
import invalidPrincipalFormat from './invalid-principal-format';
import invalidPrincipalKey from './invalid-principal-key';
import unsupportedWildcardInPrincipal from './unsupported-wildcard-in-principal';
import invalidServicePrincipalFormat from './invalid-service-principal-format';
import invalidRoleReference from './invalid-role-reference';
import invalidUserReference from './invalid-user-reference';
import emptyArrayPrincipal from './empty-array-principal';
import emptyObjectPrincipal from './empty-object-principal';

/** Principal and NotPrincipal: element, keys, formats, references. One file per check in this folder; list each here, in reporting order. */
export const PRINCIPALS_CHECKS: readonly Check[] = [
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
];
