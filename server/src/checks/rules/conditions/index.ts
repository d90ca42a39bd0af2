import type { Check } from '../../types';
import duplicateKeysWithDifferentCase from './duplicate-keys-with-different-case';
import invalidConditionDataType from './invalid-condition-data-type';
import invalidConditionKeyFormat from './invalid-condition-key-format';
import invalidConditionMultipleBoolean from './invalid-condition-multiple-boolean';
import invalidConditionOperator from './invalid-condition-operator';
import invalidGlobalConditionKey from './invalid-global-condition-key';
import invalidServiceConditionKey from './invalid-service-condition-key';
import missingQualifier from './missing-qualifier';
import missingTagKeyInCondition from './missing-tag-key-in-condition';
import nullWithIfExists from './null-with-if-exists';
import unsupportedGlobalConditionKey from './unsupported-global-condition-key';
import invalidRegion from './invalid-region';
import privateIpAddress from './private-ip-address';
import privateNotIpAddress from './private-not-ip-address';
import deprecatedGlobalConditionKey from './deprecated-global-condition-key';
import invalidDateValue from './invalid-date-value';
import wildcardWithoutLikeOperator from './wildcard-without-like-operator';
import typeMismatch from './type-mismatch';
import typeMismatchBoolean from './type-mismatch-boolean';
import typeMismatchDate from './type-mismatch-date';
import typeMismatchIpRange from './type-mismatch-ip-range';
import typeMismatchNumber from './type-mismatch-number';
import typeMismatchString from './type-mismatch-string';
import forallvaluesWithSingleValuedKey from './forallvalues-with-single-valued-key';
import missingPairedConditionKeys from './missing-paired-condition-keys';
import emptyArrayCondition from './empty-array-condition';
import emptyArrayConditionForallvalues from './empty-array-condition-forallvalues';
import emptyArrayConditionForanyvalue from './empty-array-condition-foranyvalue';
import emptyArrayConditionIfexists from './empty-array-condition-ifexists';
import emptyObjectCondition from './empty-object-condition';
import improveIpRange from './improve-ip-range';
import nullWithQualifier from './null-with-qualifier';
import privateIpAddressSubset from './private-ip-address-subset';
import privateNotIpAddressSubset from './private-not-ip-address-subset';
import redundantConditionValueNum from './redundant-condition-value-num';
import equivalentToNullFalse from './equivalent-to-null-false';
import stringLikeOperatorWithArnConditionKeys from './string-like-operator-with-arn-condition-keys';
import mfaConditionAntiPattern from './mfa-condition-anti-pattern';
import resourceTagKeyNotSupportedByAction from './resource-tag-key-not-supported-by-action';

/** Condition blocks: operators, keys, value types and values. One file per check in this folder; list each here, in reporting order. */
export const CONDITIONS_CHECKS: readonly Check[] = [
  duplicateKeysWithDifferentCase,
  invalidConditionDataType,
  invalidConditionKeyFormat,
  invalidConditionMultipleBoolean,
  invalidConditionOperator,
  invalidGlobalConditionKey,
  invalidServiceConditionKey,
  missingQualifier,
  missingTagKeyInCondition,
  nullWithIfExists,
  unsupportedGlobalConditionKey,
  invalidRegion,
  privateIpAddress,
  privateNotIpAddress,
  deprecatedGlobalConditionKey,
  invalidDateValue,
  wildcardWithoutLikeOperator,
  typeMismatch,
  typeMismatchBoolean,
  typeMismatchDate,
  typeMismatchIpRange,
  typeMismatchNumber,
  typeMismatchString,
  forallvaluesWithSingleValuedKey,
  missingPairedConditionKeys,
  emptyArrayCondition,
  emptyArrayConditionForallvalues,
  emptyArrayConditionForanyvalue,
  emptyArrayConditionIfexists,
  emptyObjectCondition,
  improveIpRange,
  nullWithQualifier,
  privateIpAddressSubset,
  privateNotIpAddressSubset,
  redundantConditionValueNum,
  equivalentToNullFalse,
  stringLikeOperatorWithArnConditionKeys,
  mfaConditionAntiPattern,
  resourceTagKeyNotSupportedByAction,
];
