import * as fs from 'fs';
import * as path from 'path';
import type { ActionInfo, ActionResourceType, IamData, ResourceTypeInfo, ServiceInfo } from './iamData';

/**
 * The reference data's on-disk format (dist/data, written by scripts/build-data.mjs) and the
 * per-service tables IamData builds over it: the index and detail file shapes, the action-name
 * look-ups of one service, the format check, and the shared action records whose details are
 * getters over a service's shared pieces. Only data/iamData.ts uses this module.
 */
/**
 * The format of dist/data this code reads (`format` in iam-index.json, written by
 * scripts/build-data.mjs): data in any other format is refused (checkDataFormat).
 */
export const DATA_FORMAT = 5;

export interface IndexFile {
  format: number;
  package: string;
  version: string;
  updatedAt: string | null;
  /** Access-level names by code: an action's level is `levels[code - 65]`. */
  levels: string[];
  /**
   * Per service: its name, its action names (one text, a name a line, sorted by their lower-cased
   * code units: one string to parse instead of one per action) and one access-level code (a
   * character) per action, whether each action lists a resource type (`r`: '1' or '0' per action),
   * and the distinct ARN service segments (lower-cased) of its resource types' ARN formats, in the
   * order the formats first use them (`s`; both since format 5).
   */
  services: Record<string, { n: string; a: string; l: string; r: string; s: string[] }>;
  keyPrefixes: Record<string, string[]>;
  rcpServices: string[];
  globalKeys: { k: string; t: string; g: string }[];
}

/**
 * services/<prefix>.json (scripts/build-data.mjs): no object keys, and every repeated piece once
 * (an action's key list, resource-type entry or list of them is an id), so that each piece becomes
 * one shared, frozen object however many actions have it.
 */
interface DetailFile {
  /** String lists (numbers into strings.json): list id i ≥ 1 is `l[i - 1]`; id 0 is the empty list. */
  l: number[][];
  /** Flat, 4 numbers per action resource-type entry: name (a string number), required (0/1), condition keys, dependent actions (list ids). */
  t: ArrayLike<number>;
  /** Lists of entries of `t`: id i ≥ 1 is `g[i - 1]`; id 0 is the empty list. */
  g: number[][];
  /** Flat, 3 numbers per action in the index's order: resource types (a `g` id), condition keys, dependent actions (list ids). */
  a: ArrayLike<number>;
  /** Per resource type: [name, ARN format, condition keys (a list id)]. */
  r: [string, string, number][];
  /** Per condition key: [key, type, description]. */
  k: [string, string, string][];
}

/** A service's details with the lookup tables built on first use. */
export interface Detail extends DetailFile {
  /** The shared, frozen string list of each list id (built on first use). */
  lists?: (readonly string[] | undefined)[];
  /** The shared, frozen resource-type entry of each entry of `t`. */
  entries?: (ActionResourceType | undefined)[];
  /** The shared, frozen list of resource-type entries of each `g` id. */
  entryLists?: (readonly ActionResourceType[] | undefined)[];
  resourceByLower?: Map<string, number>;
  keyByLower?: Map<string, number>;
  /** Lower-cased templates (`s3:existingobjecttag/${tagkey}`) with their index, in file order. */
  keyTemplates?: [string, number][];
  /** The actions' descriptions (services/<prefix>.docs.json), read on the first description asked for. */
  docs?: readonly string[];
  /** strings.json (the details' string numbers refer to it). */
  strings: readonly string[];
}

export interface ServiceEntry {
  /** The instance whose data this is (an action record reads its details and descriptions through it). */
  data: IamData;
  prefix: string;
  name: string;
  /** Shared, frozen ServiceInfo. */
  info: ServiceInfo;
  /** The index's text of the action names: proper-cased, one a line, sorted by their lower-cased code units. */
  joined: string;
  /** The names split (namesOf: on first need; a run that never looks in a service never splits its names). */
  actions?: string[];
  /** One access-level code per action (`levels[code - 65]` of the index); its length is the action count. */
  levelCodes: string;
  /** Per action, '1' when it lists a resource type, else '0' (the index's `r`). */
  resourceFlags: string;
  /** The ARN service segments of the service's resource types (lower case, distinct; the index's `s`). */
  arnSegments: readonly string[];
  /** Proper-cased name → index (the usual spelling: found without lower-casing); built on the service's first lookup. */
  byName?: Map<string, number>;
  /** `joined` lower-cased, for a wildcard pattern that starts with a wildcard (namesContaining); built on first need. */
  folded?: string;
  /**
   * One shared, frozen record per action (built on first lookup): lookups allocate nothing. The
   * same object is the action's ActionRef (findAction, matchActions) and its ActionInfo
   * (getAction): the details are getters over the service's shared pieces.
   */
  refs?: ActionRecord[];
  /** services/<prefix>.json, read on first need (null: missing or unreadable). */
  detail?: Detail | null;
  /** Shared, frozen ResourceTypeInfo per lower-cased resource type name. */
  resourceInfos?: Map<string, ResourceTypeInfo | null>;
}

/** A service's action names, proper-cased, in the index's order (split from the index's text on first need). */
export function namesOf(s: ServiceEntry): string[] {
  return s.actions ?? (s.actions = s.joined === '' ? [] : s.joined.split('\n'));
}

/** Proper-cased action name → index of a service (built once). */
function byName(s: ServiceEntry): Map<string, number> {
  let m = s.byName;
  if (m === undefined) {
    m = s.byName = new Map();
    const names = namesOf(s);
    for (let i = 0; i < names.length; i++) m.set(names[i], i);
  }
  return m;
}

/**
 * Compares an action name, its capitals A–Z read as lower case, with `text` by code units (at most
 * the first `n` code units of each: a prefix compare). The names are ASCII (scripts/build-data.mjs
 * checks), so reading A–Z as lower case is their lower-casing.
 */
function compareFolded(name: string, text: string, n: number): number {
  const a = name.length < n ? name.length : n;
  const b = text.length < n ? text.length : n;
  const m = a < b ? a : b;
  for (let i = 0; i < m; i++) {
    let c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    const d = c - text.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a - b;
}

/**
 * The first index from `from` on whose name, lower-cased and cut to `n` code units, is not below
 * `text` (binary search: the names are sorted by their lower-cased code units, no two alike;
 * scripts/build-data.mjs writes them so). With n = text.length and `text` a prefix, the names
 * that start with it run from there.
 */
function lowerBound(names: readonly string[], text: string, n: number, from: number): number {
  let lo = from;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFolded(names[mid], text, n) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indexes [from, to) of a service's names that start with `prefix` (lower-cased; every name when
 * it is empty): two binary searches, no name outside the range is read.
 */
export function prefixRange(s: ServiceEntry, prefix: string): [number, number] {
  const names = namesOf(s);
  const n = prefix.length;
  if (n === 0) return [0, names.length];
  const from = lowerBound(names, prefix, n, 0);
  let lo = from;
  let hi = names.length;
  // The names from `from` on that start with the prefix come first (they compare equal on n units).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFolded(names[mid], prefix, n) === 0) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}

/**
 * The indexes, in order, of a service's names whose lower-cased spelling contains `text` (no `*`,
 * `?`): native searches in the service's names text lower-cased (built on first need: the names
 * are ASCII, so its positions are the names text's), each hit's name found by its spelling; no
 * name without the text is read.
 */
export function namesContaining(s: ServiceEntry, text: string): number[] {
  const out: number[] = [];
  if (text.includes('\n')) return out;
  const folded = (s.folded ??= s.joined.toLowerCase());
  const m = s.byName ?? byName(s);
  for (let q = folded.indexOf(text); q >= 0; ) {
    const start = folded.lastIndexOf('\n', q) + 1;
    let end = folded.indexOf('\n', q);
    if (end < 0) end = folded.length;
    const i = m.get(s.joined.slice(start, end));
    if (i !== undefined) out.push(i);
    q = folded.indexOf(text, end + 1);
  }
  return out;
}

/** The index of a lower-cased action name in a service, or -1 (a binary search; no table beside the names). */
export function lowerIndex(s: ServiceEntry, lower: string): number {
  const names = namesOf(s);
  const i = lowerBound(names, lower, lower.length, 0);
  return i < names.length && compareFolded(names[i], lower, Infinity) === 0 ? i : -1;
}

/** The index of a service's action in any spelling, or -1. */
export function actionIndex(s: ServiceEntry, name: string): number {
  const i = (s.byName ?? byName(s)).get(name);
  if (i !== undefined) return i;
  // No action name has a wildcard (scripts/build-data.mjs checks): a pattern (`Get*`, the most
  // common miss) names none, without lower-casing it for the binary search.
  if (name.includes('*') || name.includes('?')) return -1;
  return lowerIndex(s, name.toLowerCase());
}

/** Finds the precomputed data directory: next to the bundle (dist/data) or the repo's dist/data. */
export function locateDataDir(start = __dirname): string {
  const fromEnv = process.env.IAM_POLICY_DATA_DIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'iam-index.json'))) return fromEnv;
  let dir = start;
  for (let i = 0; i < 8; i++) {
    for (const candidate of [path.join(dir, 'data'), path.join(dir, 'dist', 'data')]) {
      if (fs.existsSync(path.join(candidate, 'iam-index.json'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`IAM reference data not found (looked for data/iam-index.json above ${start}); run "npm run build".`);
}

/**
 * Refuses a data directory written by an older scripts/build-data.mjs (another `format`: the keyed
 * service files without strings.json, the compact format before the shared pieces) or not by it at all, with one message that says what to
 * do: read with this code, such data silently lost descriptions and resource types. One `stat`
 * and a look at the index's first service.
 */
export function checkDataFormat(dir: string, index: IndexFile): void {
  const first = index && index.format === DATA_FORMAT && typeof index.services === 'object' && index.services ? Object.values(index.services)[0] : undefined;
  const indexOk = !!first && typeof first.n === 'string' && typeof first.a === 'string' && typeof first.l === 'string' && typeof first.r === 'string' && Array.isArray(first.s) && Array.isArray(index.levels) && Array.isArray(index.globalKeys);
  if (indexOk && fs.existsSync(path.join(dir, 'strings.json'))) return;
  throw new Error(`The IAM reference data in ${dir} is from an older build of iam-policy-author (a format this version cannot read): run "npm run build" to rebuild it.`);
}


/**
 * An action's shared record: its ActionRef (service, name, access level: the only own properties)
 * and its ActionInfo. The details are getters over the service's shared pieces, read on first use,
 * so a record costs five fields however it is reached; the description is read from the service's
 * docs file on first use, so a run that only checks never reads the descriptions (a third of the data).
 */
export class ActionRecord implements ActionInfo {
  readonly service: string;
  readonly name: string;
  readonly accessLevel: string;
  readonly #s: ServiceEntry;
  readonly #i: number;
  constructor(s: ServiceEntry, i: number, accessLevel: string) {
    this.service = s.prefix;
    this.name = namesOf(s)[i];
    this.accessLevel = accessLevel;
    this.#s = s;
    this.#i = i;
  }
  /**
   * Whether an action lists a resource type, when it is one of `data`'s records (else undefined):
   * the index's flag for it (scripts/build-data.mjs writes '1' exactly when the action's
   * resource-type list is not empty), so no service file is read.
   */
  static hasResourceTypes(ref: object, data: IamData): boolean | undefined {
    if (!(#s in ref)) return undefined;
    const s = ref.#s;
    if (s.data !== data) return undefined;
    return s.resourceFlags.charCodeAt(ref.#i) === 49;
  }
  get resourceTypes(): ActionResourceType[] {
    const d = this.#s.detail ?? this.#s.data.detailOf(this.#s);
    return (d ? entryList(d, d.a[3 * this.#i] ?? 0) : EMPTY) as ActionResourceType[];
  }
  get conditionKeys(): string[] {
    const d = this.#s.detail ?? this.#s.data.detailOf(this.#s);
    return d ? stringList(d, d.a[3 * this.#i + 1] ?? 0) : EMPTY;
  }
  get dependentActions(): string[] {
    const d = this.#s.detail ?? this.#s.data.detailOf(this.#s);
    return d ? stringList(d, d.a[3 * this.#i + 2] ?? 0) : EMPTY;
  }
  get description(): string {
    const d = this.#s.detail ?? this.#s.data.detailOf(this.#s);
    return d ? (this.#s.data.docs(this.#s.prefix, d)[this.#i] ?? '') : '';
  }
}

/** A service's string list by id, shared and frozen (built once per distinct list). */
export function stringList(d: Detail, id: number): string[] {
  if (!id) return EMPTY;
  const lists = (d.lists ??= []);
  let l = lists[id];
  if (l === undefined) {
    const strings = d.strings;
    lists[id] = l = Object.freeze((d.l[id - 1] ?? EMPTY_NUMBERS).map((n) => strings[n] ?? ''));
  }
  return l as string[];
}

/** A service's action resource-type entry (the t-th of `t`), shared and frozen. */
function entry(d: Detail, t: number): ActionResourceType {
  const entries = (d.entries ??= []);
  let e = entries[t];
  if (e === undefined) {
    const f = d.t;
    entries[t] = e = Object.freeze({ name: d.strings[f[4 * t]] ?? '', required: f[4 * t + 1] === 1, conditionKeys: stringList(d, f[4 * t + 2]), dependentActions: stringList(d, f[4 * t + 3]) });
  }
  return e;
}

/** A service's list of action resource-type entries by id, shared and frozen. */
function entryList(d: Detail, id: number): readonly ActionResourceType[] {
  if (!id) return EMPTY as unknown as readonly ActionResourceType[];
  const lists = (d.entryLists ??= []);
  let l = lists[id];
  if (l === undefined) lists[id] = l = Object.freeze((d.g[id - 1] ?? EMPTY_NUMBERS).map((t) => entry(d, t)));
  return l;
}

export const EMPTY: string[] = Object.freeze([]) as unknown as string[];


/** A list of small non-negative integers as a Uint16Array (an Int32Array if one is larger). */
export function packed(numbers: ArrayLike<number>): Uint16Array | Int32Array {
  let max = 0;
  for (let i = 0; i < numbers.length; i++) if (numbers[i] > max) max = numbers[i];
  return max < 65536 ? Uint16Array.from(numbers) : Int32Array.from(numbers);
}
const EMPTY_NUMBERS: readonly number[] = Object.freeze([]);
