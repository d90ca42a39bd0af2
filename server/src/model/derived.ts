import type { PolicyDocument } from './types';

/**
 * Policies an adapter re-created from its previous parse with every span moved by the same amount
 * and nothing else changed (an edit above them). Whatever depends only on a policy's content and
 * relative offsets — the findings cache's fingerprint — may be carried over from the original.
 */
const uniformShifts = new WeakMap<PolicyDocument, PolicyDocument>();

/** `copy` equals `original` with every offset moved by one delta. */
export function noteUniformShift(copy: PolicyDocument, original: PolicyDocument): void {
  uniformShifts.set(copy, original);
}

/** The policy `p` is a uniformly shifted copy of, if the adapter said so. */
export function uniformShiftOf(p: PolicyDocument): PolicyDocument | undefined {
  return uniformShifts.get(p);
}
