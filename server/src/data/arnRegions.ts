import { PARTITIONS } from './regions';

/** Partitions, Regions and account IDs of ARN fields (data/arn.ts re-exports it). */

const PARTITION_IDS = new Set(PARTITIONS.map((p) => p.id));
const REGION_PARTITION = new Map<string, string>();
for (const p of PARTITIONS) for (const r of p.regions) REGION_PARTITION.set(r, p.id);

export function isKnownPartition(id: string): boolean {
  return PARTITION_IDS.has(id);
}

export function knownPartitions(): string[] {
  return [...PARTITION_IDS];
}

/** The partition a Region code belongs to, or undefined for an unknown Region. */
export function partitionOfRegion(region: string): string | undefined {
  return REGION_PARTITION.get(region);
}

export function isKnownRegion(region: string): boolean {
  return REGION_PARTITION.has(region);
}

/** A 12-digit account ID. */
export function isAccountId(s: string): boolean {
  if (s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether a Region code looks like a real one we do not know yet (a newer Region of a known
 * area, e.g. `us-east-3`): such codes are not reported, since the Region list may lag behind AWS.
 */
export function isPlausibleNewRegion(region: string): boolean {
  const dash = region.lastIndexOf('-');
  if (dash <= 0) return false;
  const num = region.slice(dash + 1);
  if (!num || [...num].some((c) => c < '0' || c > '9')) return false;
  const area = region.slice(0, dash);
  return REGION_AREAS.has(area);
}

const REGION_AREAS = new Set([...REGION_PARTITION.keys()].map((r) => r.slice(0, r.lastIndexOf('-'))));
