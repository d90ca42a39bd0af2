import type { Check } from '../../types';
import redundantAction from './redundant-action';
import redundantResource from './redundant-resource';
import redundantStatement from './redundant-statement';

/** Redundant actions, resources and statements. One file per check in this folder; list each here, in reporting order. */
export const REDUNDANCY_CHECKS: readonly Check[] = [
  redundantAction,
  redundantResource,
  redundantStatement,
];
