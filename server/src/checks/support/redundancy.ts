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
  if (!allRefs) return n <= SMALL ? coveredAmongValues(values, true) : coveredActions(values, refs);
  let out: RedundantEntry[] | undefined;
  if (n <= SMALL) {
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
 * values (a short list is compared pairwise, coveredSmall, before any map or prefix index).
 */
export function redundantResourceEntries(values: readonly KnownValue[]): readonly RedundantEntry[] {
  const n = values.length;
  if (n <= 1) return NONE;
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

/** Lists up to this long are compared pairwise (coveredSmall), without maps. */
const SMALL = 16;

/**
 * coveredAmong over a long Action list that holds values naming no action (wildcards, unknown
 * names), without lower-casing, hashing or slicing every value. An entry is covered only by a
 * wildcard entry whose literal prefix starts it (patternCovers holds only then); when that prefix
 * holds the pattern's first `:` (`s3:get*`), the entry's service text (before its first `:`) is
 * the pattern's: the patterns are grouped by it, and a value naming an action finds its group by
 * the action's service (the data's lower-case prefix, as the lower-cased value spells it). Other
 * patterns (`*`, `*:get*`) have a literal prefix without `:`, shorter than any grouped pattern's
 * that could start the same entry, so they are tried first: the cover found is the one of the
 * shortest literal prefix, then earliest in the list, as in coveredAmong. Repeats: values naming
 * actions repeat exactly when they name the same ActionRef (see redundantActionEntries); the
 * others are compared lower-cased.
 */
function coveredActions(values: readonly KnownValue[], refs: readonly (ActionRef | undefined)[]): readonly RedundantEntry[] {
  const n = values.length;
  const lowers = new Array<string | undefined>(n);
  const prefixes = new Array<string | undefined>(n);
  const firstRef = new Map<ActionRef, number>();
  const firstText = new Map<string, number>();
  const byService = new Map<string, number[]>();
  let generic: number[] | undefined;
  for (let i = 0; i < n; i++) {
    const r = refs[i];
    if (r !== undefined) {
      if (!firstRef.has(r)) firstRef.set(r, i);
      continue;
    }
    const v = values[i].lower;
    lowers[i] = v;
    if (!firstText.has(v)) firstText.set(v, i);
    const k = firstWildcard(v);
    if (k < 0) continue; // no wildcard: covers only its repeats
    prefixes[i] = v.slice(0, k);
    const colon = v.indexOf(':');
    if (colon >= 0 && colon < k) {
      const key = v.slice(0, colon);
      const list = byService.get(key);
      if (list) list.push(i);
      else byService.set(key, [i]);
    } else (generic ??= []).push(i);
  }
  // Each group in the order coveredAmong tries its candidates: shortest literal prefix, then list order.
  const byLength = (a: number, b: number) => prefixes[a]!.length - prefixes[b]!.length || a - b;
  if (generic !== undefined && generic.length > 1) generic.sort(byLength);
  for (const list of byService.values()) if (list.length > 1) list.sort(byLength);
  const out: RedundantEntry[] = [];
  const runs = new Array<string | undefined>(n);
  for (let b = 0; b < n; b++) {
    const r = refs[b];
    let bv: string | undefined;
    let group: number[] | undefined;
    if (r !== undefined) {
      const first = firstRef.get(r)!;
      if (first < b) {
        out.push({ node: values[b].node, by: values[first].node.value });
        continue;
      }
      group = byService.get(r.service);
      if (group === undefined && generic === undefined) continue;
      bv = values[b].lower;
    } else {
      bv = lowers[b]!;
      const first = firstText.get(bv)!;
      if (first < b) {
        out.push({ node: values[b].node, by: values[first].node.value });
        continue;
      }
      const colon = bv.indexOf(':');
      if (colon >= 0) {
        const k = prefixes[b] === undefined ? -1 : prefixes[b]!.length;
        if (k < 0 || colon < k) group = byService.get(bv.slice(0, colon));
      }
    }
    let by = generic === undefined ? -1 : firstCover(generic, b, bv, lowers, prefixes, runs);
    if (by < 0 && group !== undefined) by = firstCover(group, b, bv, lowers, prefixes, runs);
    if (by >= 0) out.push({ node: values[b].node, by: values[by].node.value });
  }
  return out;
}

/** The first of `candidates` (wildcard entries, in the order to try) other than entry `b` whose pattern covers `bv` (not equal to it); -1 when none. */
function firstCover(
  candidates: readonly number[],
  b: number,
  bv: string,
  norm: readonly (string | undefined)[],
  prefixes: readonly (string | undefined)[],
  runs: (string | undefined)[],
): number {
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c];
    const p = norm[i]!;
    if (i === b || p === bv) continue;
    const prefix = prefixes[i]!;
    if (!bv.startsWith(prefix)) continue;
    const run = (runs[i] ??= longestRunAfter(p, prefix.length));
    if (run.length > 0 && !bv.includes(run)) continue;
    if (patternCovers(p, bv, false)) return i;
  }
  return -1;
}

/**
 * coveredAmong for a short list, pairwise: the candidates for each entry are the wildcard entries
 * whose literal prefix starts it (what the prefix index finds), tried in the same order (shortest
 * prefix, then list order); repeats are found by comparing with the earlier entries.
 */
function coveredSmall(entries: readonly StringNode[], norm: readonly string[]): readonly RedundantEntry[] {
  const n = norm.length;
  let wild: number[] | undefined;
  let prefixes: (string | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const v = norm[i];
    const k = firstWildcard(v);
    if (k < 0) continue;
    (prefixes ??= new Array<string | undefined>(n))[i] = v.slice(0, k);
    if (wild === undefined) wild = [i];
    else {
      // Insertion in (prefix length, index) order.
      let j = wild.length;
      while (j > 0 && prefixes[wild[j - 1]]!.length > k) j--;
      wild.splice(j, 0, i);
    }
  }
  let out: RedundantEntry[] | undefined;
  let runs: (string | undefined)[] | undefined;
  for (let b = 0; b < n; b++) {
    const bv = norm[b];
    let first = 0;
    while (first < b && norm[first] !== bv) first++;
    if (first < b) {
      (out ??= []).push({ node: entries[b], by: entries[first].value });
      continue;
    }
    if (wild === undefined) continue;
    const by = firstCover(wild, b, bv, norm, prefixes!, (runs ??= new Array<string | undefined>(n)));
    if (by >= 0) (out ??= []).push({ node: entries[b], by: entries[by].value });
  }
  return out ?? NONE;
}

/** The general case: `norm[i]` is entry i's text as compared (lower-cased for actions), at least two entries. */
function coveredAmong(entries: readonly StringNode[], norm: readonly string[]): readonly RedundantEntry[] {
  if (norm.length <= SMALL) return coveredSmall(entries, norm);
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
    for (let j = 0; j < prefixLengths.length; j++) {
      const k = prefixLengths[j];
      if (k > bv.length) break;
      const candidates = byPrefix.get(k === bv.length ? bv : bv.slice(0, k));
      if (!candidates) continue;
      for (let m = 0; m < candidates.length; m++) {
        const i = candidates[m];
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

