/** Shared by REDUNDANT_ACTION and REDUNDANT_RESOURCE (rules/redundancy/). */
import { elementStrings, type PropertyNode, type StringNode } from '../../model';
import { patternCovers } from '../../data/arn';
import { firstWildcard } from '../../data/wildcard';
import type { ActionRef } from '../../data/iamData';
import type { KnownValue } from '../../facts';

export interface RedundantEntry {
  node: StringNode;
  /** The entry (as written) that repeats or covers it. */
  by: string;
}

const NONE: readonly RedundantEntry[] = Object.freeze([]);

/**
 * Entries of one element fully covered by another entry of the same element. Equal entries:
 * the later one is the redundant one. Partially known values neither cover nor are covered.
 * Wildcard entries are indexed by their literal prefix, so long lists stay near-linear.
 */
export function redundantEntries(prop: PropertyNode | undefined, caseInsensitive: boolean): readonly RedundantEntry[] {
  const entries = elementStrings(prop?.value).filter((n) => !n.parts);
  if (entries.length <= 1) return NONE; // one entry is neither a duplicate nor covered by another
  // Normalised once (patternCovers then compares the normalised texts case-sensitively).
  return coveredAmong(entries, caseInsensitive ? entries.map((n) => n.value.toLowerCase()) : entries.map((n) => n.value));
}

/**
 * `redundantEntries(prop, true)` for an Action or NotAction element, from the statement's facts:
 * its known values (already lower-cased) and the action each names (`refs`, parallel). A value
 * that names an action has no wildcard, and two such values are equal but for case exactly when
 * they name the same (shared) ActionRef; so a list whose every value names an action can only
 * hold repeats, found by identity: no string is lower-cased, hashed or sliced.
 */
export function redundantActionEntries(values: readonly KnownValue[], refs: readonly (ActionRef | undefined)[]): readonly RedundantEntry[] {
  const n = values.length;
  if (n <= 1) return NONE;
  let allRefs = true;
  for (let i = 0; i < n; i++) {
    if (refs[i] === undefined) {
      allRefs = false;
      break;
    }
  }
  if (!allRefs) return coveredAmongValues(values, true);
  let out: RedundantEntry[] | undefined;
  if (n <= 16) {
    // Short lists: compare with the earlier refs in place.
    for (let b = 1; b < n; b++) {
      const r = refs[b];
      for (let i = 0; i < b; i++) {
        if (refs[i] === r) {
          (out ??= []).push({ node: values[b].node, by: values[i].value });
          break;
        }
      }
    }
    return out ?? NONE;
  }
  const first = new Map<ActionRef, number>();
  for (let b = 0; b < n; b++) {
    const r = refs[b]!;
    const i = first.get(r);
    if (i === undefined) first.set(r, b);
    else (out ??= []).push({ node: values[b].node, by: values[i].value });
  }
  return out ?? NONE;
}

/**
 * `redundantEntries(prop, false)` for a Resource element, from the statement's facts' known
 * values: a list without `*` or `?` can only hold repeats, looked for in place (short lists)
 * before any map or prefix index is built.
 */
export function redundantResourceEntries(values: readonly KnownValue[]): readonly RedundantEntry[] {
  const n = values.length;
  if (n <= 1) return NONE;
  let plain = true;
  for (let i = 0; i < n && plain; i++) {
    const v = values[i].value;
    if (v.indexOf('*') >= 0 || v.indexOf('?') >= 0) plain = false;
  }
  if (plain && n <= 16) {
    let out: RedundantEntry[] | undefined;
    for (let b = 1; b < n; b++) {
      const v = values[b].value;
      for (let i = 0; i < b; i++) {
        if (values[i].value === v) {
          (out ??= []).push({ node: values[b].node, by: values[i].value });
          break;
        }
      }
    }
    return out ?? NONE;
  }
  return coveredAmongValues(values, false);
}

/** coveredAmong over facts' known values, compared lower-cased (actions) or as written (resources). */
function coveredAmongValues(values: readonly KnownValue[], lower: boolean): readonly RedundantEntry[] {
  const n = values.length;
  const entries = new Array<StringNode>(n);
  const norm = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    entries[i] = values[i].node;
    norm[i] = lower ? values[i].lower : values[i].value;
  }
  return coveredAmong(entries, norm);
}

/** The general case: `norm[i]` is entry i's text as compared (lower-cased for actions), at least two entries. */
function coveredAmong(entries: readonly StringNode[], norm: readonly string[]): readonly RedundantEntry[] {
  const out: RedundantEntry[] = [];
  const firstIndex = new Map<string, number>();
  const byPrefix = new Map<string, number[]>();
  for (let i = 0; i < norm.length; i++) {
    const v = norm[i];
    if (!firstIndex.has(v)) firstIndex.set(v, i);
    const k = firstWildcard(v);
    if (k < 0) continue; // no wildcard: covers only its duplicates
    const key = v.slice(0, k);
    const list = byPrefix.get(key);
    if (list) list.push(i);
    else byPrefix.set(key, [i]);
  }
  if (entries.length === firstIndex.size && byPrefix.size === 0) return NONE; // no duplicates, no wildcards
  // Only the lengths of the indexed prefixes need looking up (not every prefix of every entry).
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const runs = new Array<string | undefined>(norm.length);
  for (let bi = 0; bi < norm.length; bi++) {
    const bv = norm[bi];
    const first = firstIndex.get(bv)!;
    if (first < bi) {
      out.push({ node: entries[bi], by: entries[first].value });
      continue;
    }
    let by = -1;
    for (const k of prefixLengths) {
      if (k > bv.length) break;
      const candidates = byPrefix.get(k === bv.length ? bv : bv.slice(0, k));
      if (!candidates) continue;
      for (const i of candidates) {
        if (i === bi || norm[i] === bv) continue;
        // A necessary condition first: the wildcard entry's longest literal run (after the prefix
        // the index matched) occurs in the entry (patternCovers holds only then), so most pairs of
        // a long ARN list (`…:ec2:*:*:image/*` and `…:ec2:*:*:subnet/*`) are told apart natively.
        const run = (runs[i] ??= longestRunAfter(norm[i], k));
        if (run.length > 0 && !bv.includes(run)) continue;
        if (patternCovers(norm[i], bv, false)) {
          by = i;
          break;
        }
      }
      if (by >= 0) break;
    }
    if (by >= 0) out.push({ node: entries[bi], by: entries[by].value });
  }
  return out;
}

/**
 * The longest run of text without `*` or `?` in a pattern after its first `k` characters (its
 * literal prefix, `k` its first wildcard): every literal run of a pattern occurs verbatim in each
 * pattern it covers (patternCovers), so an entry without it is not covered.
 */
function longestRunAfter(v: string, k: number): string {
  let best = '';
  let i = k;
  const n = v.length;
  while (i < n) {
    const star = v.indexOf('*', i);
    const q = v.indexOf('?', i);
    const j = star < 0 ? (q < 0 ? n : q) : q < 0 ? star : Math.min(star, q);
    if (j - i > best.length) best = v.slice(i, j);
    i = j + 1;
  }
  return best;
}

