import type { ActionRef, IamData } from '../data/iamData';
import { dataMemo } from '../facts/cache';

/**
 * The one access-level classification of actions, used by the code lens, hover and the wildcard
 * rewrites (features/fixes/wildcards.ts), so that they never disagree.
 *
 * The reference data gives some actions a combined level ("Permissions management, Write",
 * "Tagging, Write"). Such an action belongs to EVERY level it is listed under: it is counted under
 * each, and a rewrite named after a less privileged level never contains it silently.
 *
 * Privilege order, least to most: List, Read, Write, Tagging, Permissions management. Tagging and
 * Permissions management are the "privileged" levels: an action listed under them can change tags
 * (and so tag-based access) or permissions.
 */

export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Rank in the privilege order (0 = List); unknown levels rank above all. */
export function levelRank(level: string): number {
  const i = (ACCESS_LEVELS as readonly string[]).indexOf(level);
  return i < 0 ? ACCESS_LEVELS.length : i;
}

const cache = new Map<string, readonly string[]>();

/** Every level an action is listed under, in privilege order ("Tagging, Write" → Write, Tagging). */
export function accessLevelsOf(a: Pick<ActionRef, 'accessLevel'>): readonly string[] {
  let l = cache.get(a.accessLevel);
  if (!l) {
    l = Object.freeze(a.accessLevel.split(',').map((s) => s.trim()).filter(Boolean).sort((x, y) => levelRank(x) - levelRank(y)));
    if (cache.size < 64) cache.set(a.accessLevel, l); // few distinct values in the data; bounded anyway
  }
  return l;
}

/** The most privileged level an action is listed under. */
export function topLevel(a: Pick<ActionRef, 'accessLevel'>): string {
  const l = accessLevelsOf(a);
  return l[l.length - 1] ?? 'Unknown';
}

/** True when the action is listed under a level more privileged than every level in `levels`. */
export function exceedsLevels(a: Pick<ActionRef, 'accessLevel'>, levels: readonly string[]): boolean {
  const max = Math.max(...levels.map(levelRank));
  return accessLevelsOf(a).some((l) => levelRank(l) > max);
}

/** True when every level the action is listed under is one of `levels` (the access-level picker's rule). */
export function withinLevels(a: Pick<ActionRef, 'accessLevel'>, levels: readonly string[]): boolean {
  return accessLevelsOf(a).every((l) => levels.includes(l));
}

/** What an action of a privileged level can also do, for titles ("change permissions"). */
export function privilegeVerb(level: string): string {
  return level === 'Permissions management' ? 'change permissions' : level === 'Tagging' ? 'change tags' : `do ${level} actions`;
}

export interface LevelCounts {
  /** Per level, in privilege order, the number of actions listed under it (a combined action counts under each). */
  counts: [string, number][];
  /** Actions listed under more than one level. */
  combined: number;
}

export function countLevels(actions: Iterable<Pick<ActionRef, 'accessLevel'>>): LevelCounts {
  // By the data's level text first (a handful of distinct values), then each text's levels.
  const raw = new Map<string, number>();
  for (const a of actions) raw.set(a.accessLevel, (raw.get(a.accessLevel) ?? 0) + 1);
  const m = new Map<string, number>();
  let combined = 0;
  for (const [accessLevel, n] of raw) {
    const ls = accessLevelsOf({ accessLevel });
    if (ls.length > 1) combined += n;
    for (const l of ls) m.set(l, (m.get(l) ?? 0) + n);
  }
  return { counts: [...m.entries()].sort((x, y) => levelRank(x[0]) - levelRank(y[0])), combined };
}

/**
 * `countLevels` of the actions an action pattern matches, per data instance and lower-cased pattern:
 * the code lens and hover ask on every edit and cursor move, and `*` is 22,000 actions.
 */
export function levelsOfPattern(data: IamData, pattern: string): LevelCounts {
  return dataMemo(data, 'patternLevels', pattern.toLowerCase(), countPatternLevels);
}

function countPatternLevels(pattern: string, data: IamData): LevelCounts {
  return countLevels(data.matchActions(pattern));
}

/** "10 List, 40 Read, 56 Write, 14 Permissions management (14 listed under more than one level)". */
export function levelSummary(c: LevelCounts, separator = ', '): string {
  const parts = c.counts.map(([l, n]) => `${n} ${l}`).join(separator);
  return c.combined ? `${parts} (${c.combined} listed under more than one level)` : parts;
}
