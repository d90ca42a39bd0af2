import type { Check } from '../types';

/** Grammar, elements, Sid, principal, ARN/resource and size checks. One file per check in server/src/checks/; list them here. */
export const GRAMMAR_CHECKS: readonly Check[] = [];
