/** Shared by REDUNDANT_ACTION and REDUNDANT_RESOURCE (rules/redundancy/). */
import { elementStrings, type PropertyNode, type StringNode } from '../../model';
import { patternCovers } from '../../data/arn';

export interface RedundantEntry {
  node: StringNode;
  /** The entry that covers it (its text as written). */
  by: string;
}

const NONE: readonly RedundantEntry[] = Object.freeze([]);

/** Reused hash buffer of the duplicate pre-check (grown when a longer element comes). */
let hashes = new Int32Array(64);

/**
 * Entries of one element fully covered by another entry of the same element. Equal entries:
 * the later one is the redundant one. Partially known values neither cover nor are covered.
 * Wildcard entries are indexed by their literal prefix, so long lists stay near-linear.
 *
 * Most elements have no wildcard and no repeated entry: a pass over the characters (a hash of each
 * entry, case-folded when `caseInsensitive`, and a wildcard test) proves that without building a
 * string or a map; only the others take the indexed comparison.
 */
export function redundantEntries(prop: PropertyNode | undefined, caseInsensitive: boolean): readonly RedundantEntry[] {
  const value = prop?.value;
  if (!value || value.kind === 'string') return NONE; // one entry is neither a duplicate nor covered by another
  const entries = elementStrings(value).filter((n) => !n.parts);
  if (entries.length <= 1) return NONE;
  if (!mayHaveRedundancy(entries, caseInsensitive)) return NONE;
  return indexedRedundantEntries(entries, caseInsensitive);
}

/** patternCovers' own length limit (data/arn.ts MAX_LEN): longer texts are never covered. */
const COVERS_MAX_LEN = 2048;

/**
 * False when no entry can be redundant: no entry has a wildcard (a native search) and no two
 * entries agree on a cheap fingerprint that equal texts share: the length and eight characters
 * spread over the text, case-folded when `caseInsensitive`. Where case folding is not plain A-Z
 * (a non-ASCII character read, or U+0130, the one character whose lower case is longer) it answers
 * true, leaving the entries to the exact comparison.
 */
function mayHaveRedundancy(entries: readonly StringNode[], caseInsensitive: boolean): boolean {
  const n = entries.length;
  if (hashes.length < n) hashes = new Int32Array(Math.max(n, 2 * hashes.length));
  for (let e = 0; e < n; e++) {
    const s = entries[e].value;
    if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0) return true;
    if (caseInsensitive && s.indexOf('\u0130') >= 0) return true;
    const len = s.length;
    let h = Math.imul(0x811c9dc5 ^ len, 0x01000193);
    // Eight characters: for a short text its first eight, else spread from the first to the last.
    const step = len <= 8 ? 1 : (len - 1) / 7;
    for (let j = 0; j < 8 && j < len; j++) {
      let c = s.charCodeAt(len <= 8 ? j : Math.round(j * step));
      if (caseInsensitive) {
        if (c >= 65 && c <= 90) c += 32;
        else if (c >= 128) return true;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    hashes[e] = h;
  }
  if (n <= 32) {
    for (let a = 1; a < n; a++) {
      const h = hashes[a];
      for (let b = 0; b < a; b++) if (hashes[b] === h) return true;
    }
    return false;
  }
  const sorted = hashes.slice(0, n).sort();
  for (let a = 1; a < n; a++) if (sorted[a] === sorted[a - 1]) return true;
  return false;
}

/** FNV-1a step. */
function mix(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/**
 * The exact comparison: duplicates by normalised text; coverage by the wildcard entries, indexed by
 * a hash of their literal prefix (the text before the first wildcard) and its length. An entry looks
 * up each indexed prefix length in turn, shortest first, hashing its own characters as it goes (no
 * prefix string built); a candidate's prefix is confirmed by patternCovers (a different prefix of the
 * same hash never covers) or, for the common `prefix*` pattern, by `startsWith`.
 */
function indexedRedundantEntries(entries: readonly StringNode[], caseInsensitive: boolean): RedundantEntry[] {
  const out: RedundantEntry[] = [];
  // Normalised once (patternCovers then compares the normalised texts case-sensitively).
  const n = entries.length;
  const norm = caseInsensitive ? entries.map((e) => e.value.toLowerCase()) : entries.map((e) => e.value);
  const firstIndex = new Map<string, number>();
  let byPrefix: Map<number, number[]> | undefined;
  let prefixLen: Int32Array | undefined; // per entry: its literal prefix length, -1 without a wildcard
  let simplePrefix: (string | undefined)[] | undefined; // per entry: the prefix of a `prefix*` pattern
  let isLength: Uint8Array | undefined; // the indexed prefix lengths
  let maxLength = -1;
  for (let i = 0; i < n; i++) {
    const v = norm[i];
    if (!firstIndex.has(v)) firstIndex.set(v, i);
    let h = 0x811c9dc5 | 0;
    let k = 0;
    for (; k < v.length; k++) {
      const c = v.charCodeAt(k);
      if (c === 42 /* * */ || c === 63 /* ? */) break;
      h = mix(h, c);
    }
    if (k === v.length) continue; // no wildcard: covers only its duplicates
    if (!byPrefix) {
      byPrefix = new Map();
      prefixLen = new Int32Array(n).fill(-1);
      simplePrefix = new Array<string | undefined>(n);
    }
    prefixLen![i] = k;
    if (k === v.length - 1 && v.charCodeAt(k) === 42 && v.length <= COVERS_MAX_LEN && v.indexOf('$') < 0) simplePrefix![i] = v.slice(0, k);
    if (k > maxLength) maxLength = k;
    const key = mix(h, k);
    const list = byPrefix.get(key);
    if (list) list.push(i);
    else byPrefix.set(key, [i]);
  }
  if (!byPrefix) {
    if (firstIndex.size === n) return out; // no duplicates, no wildcards
  } else {
    isLength = new Uint8Array(maxLength + 1);
    for (let i = 0; i < n; i++) if (prefixLen![i] >= 0) isLength[prefixLen![i]] = 1;
  }
  for (let bi = 0; bi < n; bi++) {
    const bv = norm[bi];
    const first = firstIndex.get(bv)!;
    if (first < bi) {
      out.push({ node: entries[bi], by: entries[first].value });
      continue;
    }
    if (!byPrefix) continue;
    let by = -1;
    let h = 0x811c9dc5 | 0;
    const end = Math.min(bv.length, maxLength);
    for (let k = 0; ; k++) {
      if (isLength![k]) {
        const candidates = byPrefix.get(mix(h, k));
        if (candidates) {
          for (const i of candidates) {
            if (prefixLen![i] !== k || i === bi || norm[i] === bv) continue;
            const prefix = simplePrefix![i];
            if (prefix !== undefined && bv.length <= COVERS_MAX_LEN ? bv.startsWith(prefix) : patternCovers(norm[i], bv, false)) {
              by = i;
              break;
            }
          }
          if (by >= 0) break;
        }
      }
      if (k >= end) break;
      h = mix(h, bv.charCodeAt(k));
    }
    if (by >= 0) out.push({ node: entries[bi], by: entries[by].value });
  }
  return out;
}
