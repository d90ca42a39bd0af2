import type { Check } from '../types';

/** Least-privilege and security checks (Access Analyzer security warnings and our own). One file per check in server/src/checks/; list them here. */
export const SECURITY_CHECKS: readonly Check[] = [];
