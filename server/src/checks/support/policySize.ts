/** Shared by the four POLICY_SIZE_EXCEEDS_* checks (rules/size/). */
import type { PolicyDocument } from '../../model';
import { policySize } from '../../model/serialize';
import type { PolicySizeQuota } from '../../facts/quotas';
import type { CheckContext } from '../types';
import { policyAnchor } from './anchors';

/**
 * A number as the quota messages spell it (6,144). Integers without `toLocaleString`: its first call
 * in a process initialises ICU's number formatting (≈ 25 ms CPU), and these checks build their
 * advice text on every run, so that cost landed on the first file a user opens.
 */
export const fmt = (n: number): string => (Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US'));

/**
 * Reports when the minified size exceeds the quota. The size of a policy with computed values is a
 * lower bound (see serialize.ts), so an excess is real even then.
 */
export function reportPolicySize(policy: PolicyDocument, ctx: CheckContext, quota: PolicySizeQuota | undefined, advice: string): void {
  if (!quota) return;
  // The host's proven bound is within the quota: no need to measure (PolicyDocument.sizeBound).
  if (policy.sizeBound !== undefined && policy.sizeBound <= quota.max) return;
  // The bound is the size itself (PolicyDocument.sizeExact): no need to measure either.
  const { size, approximate } = policy.sizeExact ? { size: policy.sizeBound!, approximate: false } : policySize(policy);
  if (size <= quota.max) return;
  ctx.report(
    policyAnchor(policy),
    `This policy is ${approximate ? 'at least ' : ''}${fmt(size)} ${quota.unit} without whitespace, over the ${fmt(quota.max)}-${quota.unit === 'bytes' ? 'byte' : 'character'} quota for ${quota.label}${quota.adjustableTo ? ` (adjustable up to ${fmt(quota.adjustableTo)})` : ''}. ${advice}`,
  );
}
