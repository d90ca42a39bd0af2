import type { Check } from '../../types';
import invalidServiceInAction from './invalid-service-in-action';
import invalidAction from './invalid-action';

/** Action and NotAction values against the reference data. One file per check in this folder; list each here, in reporting order. */
export const ACTIONS_CHECKS: readonly Check[] = [
  invalidServiceInAction,
  invalidAction,
];
