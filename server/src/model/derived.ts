import type { PolicyDocument } from './types';

/**
 * Policies an adapter re-created from its previous parse by moving offsets and nothing else (an
 * edit elsewhere in the document): every offset `o` of the original is `map(o)` in the copy.
 * `uniform`: every offset moved by the same amount. Whatever depends only on a policy's content and
 * positions — the findings cache's fingerprint and findings — may be carried over from the original.
 */
export interface PolicyShift {
  from: PolicyDocument;
  map: (offset: number) => number;
  uniform: boolean;
  /**
   * Set when the adapter moved the policy in place (`from` is the policy itself): its root offset
   * before the first move not yet seen by a consumer. Consumers that read such a shift clear it.
   */
  base?: number;
  /** With `base`: how many times the policy had been moved in place before the first of those moves (`movesOf`). */
  baseMoves?: number;
}

const moves = new WeakMap<PolicyDocument, number>();

/** How many uneven moves in place a policy has had (a consumer's memo of it is stale when this changed). */
export function movesOf(p: PolicyDocument): number {
  return moves.get(p) ?? 0;
}

const shifts = new WeakMap<PolicyDocument, PolicyShift>();

/** `copy` equals `from` with every offset `o` moved to `map(o)` (monotone). */
export function noteShift(copy: PolicyDocument, shift: PolicyShift): void {
  shifts.set(copy, shift);
  if (shift.from === copy) moves.set(copy, movesOf(copy) + 1);
}

/** How `p` was derived from an earlier policy, if the adapter said so. */
export function shiftOf(p: PolicyDocument): PolicyShift | undefined {
  return shifts.get(p);
}

/** Forgets the shift noted for `p` (a consumer has taken a move in place into account). */
export function clearShift(p: PolicyDocument): void {
  shifts.delete(p);
}
