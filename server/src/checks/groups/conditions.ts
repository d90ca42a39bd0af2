import type { Check } from '../types';

/** Condition block checks: operators, keys, types, values, policy variables. One file per check in server/src/checks/; list them here. */
export const CONDITIONS_CHECKS: readonly Check[] = [];
