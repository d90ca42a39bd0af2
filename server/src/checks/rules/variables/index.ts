import type { Check } from '../../types';
import invalidVariableForOperator from './invalid-variable-for-operator';
import missingBraceInVariable from './missing-brace-in-variable';
import unsupportedSymbolInVariable from './unsupported-symbol-in-variable';
import missingQuoteInVariable from './missing-quote-in-variable';
import unsupportedSpaceInVariable from './unsupported-space-in-variable';
import emptyVariable from './empty-variable';
import variableUnsupportedInElement from './variable-unsupported-in-element';
import variableUnsupportedInVersion from './variable-unsupported-in-version';

/** Policy variables (${…}): syntax, where they may appear, operators. One file per check in this folder; list each here, in reporting order. */
export const VARIABLES_CHECKS: readonly Check[] = [
  invalidVariableForOperator,
  missingBraceInVariable,
  unsupportedSymbolInVariable,
  missingQuoteInVariable,
  unsupportedSpaceInVariable,
  emptyVariable,
  variableUnsupportedInElement,
  variableUnsupportedInVersion,
];
