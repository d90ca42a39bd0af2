import type { Check } from '../../types';
import jsonSyntaxError from './json-syntax-error';
import yamlSyntaxError from './yaml-syntax-error';
import limitExceeded from './limit-exceeded';
import missingVersion from './missing-version';
import invalidVersion from './invalid-version';
import missingStatement from './missing-statement';
import missingEffect from './missing-effect';
import invalidEffect from './invalid-effect';
import missingAction from './missing-action';
import missingResource from './missing-resource';
import invalidPolicyElement from './invalid-policy-element';
import unsupportedElementCombination from './unsupported-element-combination';
import dataTypeMismatch from './data-type-mismatch';
import emptyArrayAction from './empty-array-action';
import emptyArrayResource from './empty-array-resource';
import emptySidValue from './empty-sid-value';
import unsupportedSid from './unsupported-sid';
import uniqueSidsRequired from './unique-sids-required';
import uniqueSidsRecommended from './unique-sids-recommended';
import unusedSuppression from './unused-suppression';
import duplicateKey from './duplicate-key';

/** Policy grammar: Version, Statement, Effect, elements and their JSON types, Sids; host syntax errors. One file per check in this folder; list each here, in reporting order. */
export const GRAMMAR_CHECKS: readonly Check[] = [
  jsonSyntaxError,
  yamlSyntaxError,
  limitExceeded,
  missingVersion,
  invalidVersion,
  missingStatement,
  missingEffect,
  invalidEffect,
  missingAction,
  missingResource,
  invalidPolicyElement,
  duplicateKey,
  unsupportedElementCombination,
  dataTypeMismatch,
  emptyArrayAction,
  emptyArrayResource,
  emptySidValue,
  unsupportedSid,
  uniqueSidsRequired,
  uniqueSidsRecommended,
  unusedSuppression,
];
