/**
 * Facts about actions: known values of an element, action patterns, and what the reference data
 * says an action supports (condition keys, resource types). Pure functions of the model and the
 * data; data-derived tables are memoised in cache.ts per data instance.
 */
import { elementStrings, elementValues, knownString, type PropertyNode, type Statement, type StringNode } from '../model';
import type { ActionInfo, ActionRef, IamData, ResourceTypeInfo } from '../data/iamData';
import { globMatch, hasWildcard, templateMatch } from '../data/wildcard';
import { dataMemo, dataTable, nodeDataMemo, type DataTable } from './cache';

export type Effect = 'Allow' | 'Deny';

export function effectOf(st: Statement): Effect | undefined {
  const v = knownString(st.effect?.value);
  return v === 'Allow' || v === 'Deny' ? v : undefined;
}

/** True when every leaf value of an element is a fully known string (no computed or partial values). */
export function fullyKnown(prop: PropertyNode | undefined): boolean {
  if (!prop) return true;
  const v = prop.value;
  // The usual shapes read in place: a known string, or a list of them (elementValues' flat list, not copied).
  if (v.kind === 'string') return !v.parts;
  if (v.kind === 'array') {
    const items = v.items;
    let i = 0;
    while (i < items.length) {
      const it = items[i];
      if (it.kind !== 'string' || it.parts) break;
      i++;
    }
    if (i === items.length) return true;
  }
  return elementValues(v).every((n) => knownString(n) !== undefined);
}

export interface KnownValue {
  readonly node: StringNode;
  readonly value: string;
  /** value.toLowerCase() */
  readonly lower: string;
}

/**
 * A KnownValue whose lower-case spelling is made on first read: most values are only compared
 * through the action they name (StatementFacts.actionRefs), so most are never lower-cased.
 */
class LazyKnownValue implements KnownValue {
  private _lower: string | undefined = undefined;
  constructor(
    readonly node: StringNode,
    readonly value: string,
  ) {}

  get lower(): string {
    return (this._lower ??= this.value.toLowerCase());
  }
}

const EMPTY: KnownValue[] = [];

/** Fully known string values of an element (partial and computed values skipped). StatementFacts keeps them per element. */
export function knownValues(prop: PropertyNode | undefined): KnownValue[] {
  if (!prop) return EMPTY;
  const out: KnownValue[] = [];
  const nodes = elementStrings(prop.value);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node.parts) out.push(new LazyKnownValue(node, node.value));
  }
  return out;
}

/** Whether an IAM action pattern (`*`, `iam:*`, `iam:Pass*`) covers an action (`iam:PassRole`), both lower-cased, with a cheap first-character reject. */
export function lowerPatternCovers(pattern: string, action: string): boolean {
  const c = pattern.charCodeAt(0);
  if (c !== 42 /* * */ && c !== 63 /* ? */ && c !== action.charCodeAt(0)) return false;
  return globMatch(pattern, action);
}

/** Whether a Condition block is present but cannot be read (computed): checks then stay silent. */
export function opaqueCondition(st: Statement): boolean {
  const c = st.condition?.value;
  return !!c && c.kind !== 'object';
}

/** Splits a fully known action into service and name; undefined for malformed values. */
export function splitAction(value: string): { service: string; name: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  return { service: value.slice(0, colon).toLowerCase(), name: value.slice(colon + 1) };
}

// ---- what the reference data says about actions ---------------------------------------------

/** Whether an action supports resource-level permissions (lists at least one resource type). */
export function hasResourceTypes(data: IamData, service: string, name: string): boolean {
  // getAction is a shared, allocation-free lookup: no memo (and no key string) needed.
  return (data.getAction(service, name)?.resourceTypes.length ?? 0) > 0;
}

/**
 * Whether a wildcard action value matches at least one action and every action it matches lists
 * resource types: memoised per data instance by the value as written (policies repeat their
 * wildcards), so a repeat costs one probe instead of a match and a look-up per matched action.
 */
export function wildcardAllResourceLevel(data: IamData, value: string): boolean {
  return dataMemo(data, 'allResourceLevel', value, computeAllResourceLevel);
}

function computeAllResourceLevel(value: string, data: IamData): boolean {
  const matched = data.matchActions(value);
  return matched.length > 0 && matched.every((m) => data.actionHasResourceTypes(m));
}

/** Condition keys an action supports: its own, those of its resource types for it, and the resource types' keys. */
function actionConditionKeys(data: IamData, service: string, name: string): readonly string[] {
  const a = data.getAction(service, name);
  if (!a) return EMPTY_KEYS;
  // The ActionInfo is shared per data instance (data/iamData.ts), so it keys the memo (a module-level builder: no closure per call).
  return nodeDataMemo(a, data, 'actionConditionKeys', collectConditionKeys);
}

/** actionConditionKeys of one action (its service as the data spells it: look-ups ignore the case of a service prefix). */
function collectConditionKeys(a: ActionInfo, data: IamData): readonly string[] {
  const keys = [...a.conditionKeys];
  const resourceTypes = a.resourceTypes;
  for (let i = 0; i < resourceTypes.length; i++) {
    const r = resourceTypes[i];
    keys.push(...r.conditionKeys);
    const rt = data.getResourceType(a.service, r.name);
    if (rt) keys.push(...rt.conditionKeys);
  }
  return Object.freeze(keys);
}
const EMPTY_KEYS: readonly string[] = Object.freeze([]);

/**
 * A list of declared condition keys read once for matching: every key lower-cased (exact matches),
 * and those that are templates (`${…}`) apart: a used key (lower case) matches a declared one
 * when they are equal or the template matches it. The data index writes every key template as
 * `${Name}` (scripts/build-data.mjs normalises the few `<key>` / `tag-key` spellings), so
 * lower-casing is all a declared key needs.
 */
interface KeyMatcher {
  exact: Set<string>;
  templates: string[];
}

function keyMatcher(keys: readonly string[]): KeyMatcher {
  const exact = new Set<string>();
  const templates: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const d = k.toLowerCase();
    if (exact.has(d)) continue;
    exact.add(d);
    if (d.includes('${')) templates.push(d);
  }
  return { exact, templates };
}

function matches(m: KeyMatcher, usedLower: string): boolean {
  if (m.exact.has(usedLower)) return true;
  for (let i = 0; i < m.templates.length; i++) if (templateMatch(m.templates[i], usedLower)) return true;
  return false;
}

export function actionSupportsKey(data: IamData, service: string, name: string, keyLower: string): boolean {
  const a = data.getAction(service, name);
  if (!a) return false;
  // Per shared ActionInfo (so per data instance): the action's keys lower-cased once, not per call.
  return matches(nodeDataMemo(a, data, 'actionKeyMatcher', actionKeyMatcher), keyLower);
}

/** Whether one of the actions supports the condition key (`keyLower`, lower case): actionSupportsKey of each, without a closure per call. */
export function someActionSupportsKey(data: IamData, refs: readonly { service: string; name: string }[], keyLower: string): boolean {
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (actionSupportsKey(data, r.service, r.name, keyLower)) return true;
  }
  return false;
}

function actionKeyMatcher(a: ActionInfo, data: IamData): KeyMatcher {
  return keyMatcher(actionConditionKeys(data, a.service, a.name));
}

/** Every condition key (lower case) the actions and resource types of a service support. */
function attachedKeys(data: IamData, service: string): string[] {
  return dataMemo(data, 'attachedKeys', service, computeAttachedKeys);
}

function computeAttachedKeys(service: string, data: IamData): string[] {
  const set = new Set<string>();
  const actionNames = data.actionNames(service);
  for (let i = 0; i < actionNames.length; i++) {
    const a = actionNames[i];
    for (const k of actionConditionKeys(data, service, a)) set.add(k.toLowerCase());
  }
  return [...set];
}

/** Every condition key any action or resource type of a service supports, plus the service's own declared keys. */
function serviceConditionKeys(data: IamData, service: string): string[] {
  return dataMemo(data, 'serviceKeys', service, computeServiceConditionKeys);
}

function computeServiceConditionKeys(service: string, data: IamData): string[] {
  const set = new Set(attachedKeys(data, service));
  const ownKeys = data.listServiceConditionKeys(service);
  for (let i = 0; i < ownKeys.length; i++) {
    const k = ownKeys[i];
    set.add(k.key.toLowerCase());
  }
  return [...set];
}

/** Whether the data attaches a key to an action or resource type of the service (its own declared list excluded). */
export function keyAttachedToActions(data: IamData, service: string, keyLower: string): boolean {
  return matches(dataMemo(data, 'attachedKeyMatcher', service.toLowerCase(), attachedKeyMatcher), keyLower);
}

export function serviceSupportsKey(data: IamData, service: string, keyLower: string): boolean {
  return matches(dataMemo(data, 'serviceKeyMatcher', service.toLowerCase(), serviceKeyMatcher), keyLower);
}

function attachedKeyMatcher(service: string, data: IamData): KeyMatcher {
  return keyMatcher(attachedKeys(data, service));
}

function serviceKeyMatcher(service: string, data: IamData): KeyMatcher {
  return keyMatcher(serviceConditionKeys(data, service));
}

// ---- a statement's actions resolved against the data (completion, hover, fixes) --------------

/** Expanding more than this many actions or services is not worth it for a suggestion list. */
const MAX_ACTIONS = 400;
const MAX_SERVICES = 12;

/** The actions an Action element grants (wildcards matched, bounded), deduplicated. Read through StatementFacts.resolvedActions. */
export function resolveActions(data: IamData, st: Statement): ActionRef[] {
  if (!st.action) return [];
  const out: ActionRef[] = [];
  // ActionRefs are shared, one per action and data instance: identity is the key.
  const seen = new Set<ActionRef>();
  const services = new Set<string>();
  const strings = elementStrings(st.action.value);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    const v = knownString(s);
    if (!v || v === '*' || !v.includes(':')) continue;
    const service = v.slice(0, v.indexOf(':')).toLowerCase();
    if (service.includes('*') || service.includes('?')) continue;
    services.add(service);
    if (services.size > MAX_SERVICES) break;
    if (!hasWildcard(v)) {
      // One action at most: the memoised lookup instead of a scan.
      const a = actionRefOf(data, v);
      if (!a || seen.has(a)) continue;
      seen.add(a);
      out.push(a);
      if (out.length >= MAX_ACTIONS) return out;
      continue;
    }
    const matched = data.matchActions(v);
    for (let j = 0; j < matched.length; j++) {
      const a = matched[j];
      if (seen.has(a)) continue;
      seen.add(a);
      out.push(a);
      if (out.length >= MAX_ACTIONS) return out;
    }
  }
  return out;
}

export interface KeyUse {
  /** Proper-cased key or template as the data spells it. */
  key: string;
  /** `service:Action` names that support the key. */
  actions: string[];
}

/** Condition keys supported by the given actions (action keys, resource-type keys), by lower-cased key. */
export function conditionKeysForActions(data: IamData, actions: readonly ActionRef[]): Map<string, KeyUse> {
  const keys = new Map<string, KeyUse>();
  const add = (key: string, action: string): void => {
    const lower = key.toLowerCase();
    let u = keys.get(lower);
    if (!u) keys.set(lower, (u = { key, actions: [] }));
    if (u.actions[u.actions.length - 1] !== action) u.actions.push(action);
  };
  for (let i = 0; i < actions.length; i++) {
    const ref = actions[i];
    const a = data.getAction(ref.service, ref.name);
    if (!a) continue;
    const name = `${ref.service}:${a.name}`;
    const conditionKeys = a.conditionKeys;
    for (let m = 0; m < conditionKeys.length; m++) {
      const k = conditionKeys[m];
      add(k, name);
    }
    const resourceTypes = a.resourceTypes;
    for (let j = 0; j < resourceTypes.length; j++) {
      const r = resourceTypes[j];
      const actionKeys = r.conditionKeys;
      for (let ki = 0; ki < actionKeys.length; ki++) {
        const k = actionKeys[ki];
        add(k, name);
      }
      const rt = data.getResourceType(ref.service, r.name);
      const typeKeys = rt?.conditionKeys ?? [];
      for (let ki = 0; ki < typeKeys.length; ki++) {
        const k = typeKeys[ki];
        add(k, name);
      }
    }
  }
  return keys;
}

/** Resource types the given actions act on, each with the actions that use it. */
export function resourceTypesForActions(data: IamData, actions: readonly ActionRef[]): { type: ResourceTypeInfo; actions: string[] }[] {
  const out = new Map<string, { type: ResourceTypeInfo; actions: string[] }>();
  for (let i = 0; i < actions.length; i++) {
    const ref = actions[i];
    const a = data.getAction(ref.service, ref.name);
    if (!a) continue;
    const resourceTypes = a.resourceTypes;
    for (let j = 0; j < resourceTypes.length; j++) {
      const r = resourceTypes[j];
      const id = `${ref.service}/${r.name}`.toLowerCase();
      let e = out.get(id);
      if (!e) {
        const type = data.getResourceType(ref.service, r.name);
        if (!type) continue;
        out.set(id, (e = { type, actions: [] }));
      }
      e.actions.push(`${ref.service}:${a.name}`);
    }
  }
  return [...out.values()];
}

// ---- the set of actions an Action element grants, per service (breadth checks) ---------------

export interface ServiceGrant {
  /** Service prefix (lower case). */
  service: string;
  /** Distinct actions of the service the values grant together. */
  granted: number;
  /** Actions the reference data lists for the service. */
  total: number;
  /** Indexes (into the values) of the values that grant at least one of the service's actions. */
  by: number[];
  /** Whether the service has actions of access level "Permissions management" / "Write". */
  permissions: boolean;
  write: boolean;
}

export interface GrantedSet {
  /** Services every one of whose actions is granted (granted === total), in first-seen order. */
  full: ServiceGrant[];
  /** Whether every action of every service in the data is granted. */
  everything: boolean;
}

function serviceGrant(data: IamData, service: string, total: number, by: number[]): ServiceGrant {
  const levels = dataMemo(data, 'serviceAccessLevels', service, serviceAccessLevels);
  return { service, granted: total, total, by, ...levels };
}

function serviceAccessLevels(service: string, data: IamData): { permissions: boolean; write: boolean } {
  const all = data.matchActions(`${service}:*`).map((a) => a.accessLevel);
  return { permissions: all.some((l) => l.includes('Permissions management')), write: all.some((l) => l.includes('Write')) };
}

/**
 * What a list of Action values grants once wildcards are matched against the reference data,
 * per service: so `["s3:AbortMultipartUpload", …all 180…]` is seen to grant the same as `s3:*`.
 * `*` and `*:*` count as everything. Read through StatementFacts.grantedSet (once per statement).
 */
export function grantedSet(data: IamData, values: readonly string[]): GrantedSet {
  return grantedSetOf(
    data,
    values.map((value) => ({ value, lower: value.toLowerCase() })),
    values.map((value) => actionRefOf(data, value)),
  );
}

/** A value as written and lower-cased (a KnownValue of the statement's facts). */
interface ActionText {
  readonly value: string;
  readonly lower: string;
}

/** Index of the first `*` or `?` of a string, or -1 (two native searches: cheaper than a loop over the characters). */
function firstWildcard(s: string): number {
  const star = s.indexOf('*');
  const q = s.indexOf('?');
  return q < 0 ? star : star < 0 ? q : Math.min(star, q);
}

function addReach(bound: Map<string, number> | undefined, service: string, reach: number): Map<string, number> {
  const m = bound ?? new Map<string, number>();
  m.set(service, (m.get(service) ?? 0) + reach);
  return m;
}

/** Per service while granting: the distinct actions reached (shared ActionRefs), or all of them. */
interface Reach {
  refs: Set<ActionRef> | undefined;
  all: boolean;
  by: number[];
}

function reachOf(per: Map<string, Reach>, service: string, i: number): Reach {
  let e = per.get(service);
  if (e === undefined) per.set(service, (e = { refs: undefined, all: false, by: [] }));
  if (e.by.length === 0 || e.by[e.by.length - 1] !== i) e.by.push(i);
  return e;
}

function addRef(e: Reach, ref: ActionRef): void {
  if (e.all) return;
  (e.refs ??= new Set()).add(ref);
}

/**
 * `grantedSet` over the statement's known values (their lower-case spelling already made). The
 * bound is counted per run of values of one service; for the candidates, a literal value is its
 * memoised action (`actionRefOf`), a value `service:<wildcard>` reaching every action of its
 * service needs no set of names, and the distinct actions are counted by their shared ActionRefs
 * (one per action and data instance). `refs` (parallel to the values: StatementFacts.actionRefs)
 * gives the action a value names: such a value has no wildcard, and its service is the
 * ActionRef's, so it is neither lower-cased nor searched.
 */
export function grantedSetOf(data: IamData, values: readonly ActionText[], refs: readonly (ActionRef | undefined)[]): GrantedSet {
  const n = values.length;
  if (n === 0) return NOTHING_GRANTED;
  for (let i = 0; i < n; i++) {
    const v = values[i].value;
    if (v === '*' || v === '*:*') return dataMemo(data, 'grantsEverything', '', grantsEverything);
  }
  // Cheap bound first: a service can be fully granted only if its values can reach as many
  // actions as it has (a literal name reaches one, a wildcard name what it matches). Values with
  // a wildcard in the service part ("s*:*") may reach any service: then every service is a
  // candidate. Values of one service usually come together: a run of them is counted with one
  // look-up of the service (the next value only compared with the run's prefix, in place).
  let bound: Map<string, number> | undefined;
  let general = false;
  let runSp = '';
  let runTotal = 0;
  let runReach = 0;
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    if (ref !== undefined) {
      // A named action: reaches one action of its service.
      if (ref.service !== runSp) {
        if (runReach > 0) bound = addReach(bound, runSp, runReach);
        runSp = ref.service;
        runTotal = -1; // a known service: its size is read only if a value without an action joins the run
        runReach = 0;
      }
      runReach++;
      continue;
    }
    const lower = values[i].lower;
    const colon = lower.indexOf(':');
    if (colon <= 0) continue; // matches no action (INVALID_ACTION reports it)
    const w = firstWildcard(lower);
    if (w >= 0 && w < colon) {
      general = true;
      break;
    }
    if (colon !== runSp.length || !lower.startsWith(runSp)) {
      if (runReach > 0) bound = addReach(bound, runSp, runReach);
      runSp = lower.slice(0, colon);
      runTotal = data.actionNames(runSp).length;
      runReach = 0;
    } else if (runTotal < 0) runTotal = data.actionNames(runSp).length;
    if (runTotal === 0) continue;
    runReach += w < 0 ? 1 : w === colon + 1 && lower.length === colon + 2 ? runTotal : data.matchActions(lower).length;
  }
  if (!general) {
    if (runReach > 0) bound = addReach(bound, runSp, runReach);
    if (bound === undefined) return NOTHING_GRANTED;
    let any = false;
    for (const [sp, reach] of bound) if ((any = reach >= data.actionNames(sp).length)) break;
    if (!any) return NOTHING_GRANTED;
  }
  const candidate = (service: string): boolean => general || (bound?.get(service) ?? 0) >= data.actionNames(service).length;
  const per = new Map<string, Reach>();
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    if (ref !== undefined) {
      if (candidate(ref.service)) addRef(reachOf(per, ref.service, i), ref);
      continue;
    }
    const lower = values[i].lower;
    const colon = lower.indexOf(':');
    if (colon <= 0) continue;
    const w = firstWildcard(lower);
    if (w < 0) continue; // names no action (its ref is undefined)
    if (w > colon) {
      const sp = lower.slice(0, colon);
      if (!candidate(sp)) continue;
      const matched = data.matchActions(lower);
      if (matched.length === 0) continue;
      const e = reachOf(per, matched[0].service, i);
      if (matched.length === data.actionNames(sp).length) {
        e.all = true;
        e.refs = undefined;
      } else for (let j = 0; j < matched.length; j++) {
        const a = matched[j];
        addRef(e, a);
      }
      continue;
    }
    const matches = data.matchActions(lower);
    for (let k = 0; k < matches.length; k++) {
      const a = matches[k];
      addRef(reachOf(per, a.service, i), a);
    }
  }
  const full: ServiceGrant[] = [];
  for (const [service, e] of per) {
    const total = data.actionNames(service).length;
    if (total > 0 && (e.all || e.refs?.size === total)) full.push(serviceGrant(data, service, total, e.by));
  }
  return { full, everything: full.length === nonEmptyServices(data) };
}

/** What `*` grants: every service (per data instance, built once; shared and frozen). */
function grantsEverything(_: string, data: IamData): GrantedSet {
  const full = data.listServices().map((s) => Object.freeze(serviceGrant(data, s.prefix, s.actionCount, Object.freeze([]) as unknown as number[])));
  return Object.freeze({ full: Object.freeze(full) as unknown as ServiceGrant[], everything: true });
}

/** What a statement without a matching value grants (shared, frozen). */
const NOTHING_GRANTED: GrantedSet = Object.freeze({ full: Object.freeze([]) as unknown as ServiceGrant[], everything: false });

/** How many services of the data have at least one action (per data instance, computed once). */
function nonEmptyServices(data: IamData): number {
  return dataMemo(data, 'nonEmptyServices', '', () => data.listServices().filter((s) => s.actionCount > 0).length);
}

// ---- the services a statement's Action values name (cheap early rejects) -----------------------

/** The services (lower case, distinct, first-seen order) an element's values name, or `any` when a value may reach any service. */
export interface ActionServices {
  /** A value has a wildcard in its service part or no colon (`*`, `s*:*`, `iam*`): it may reach any service. */
  readonly any: boolean;
  /** The service prefixes of the other values (meaningful only when `any` is false). */
  readonly services: readonly string[];
}

const NO_SERVICES: ActionServices = Object.freeze({ any: false, services: Object.freeze([]) as readonly string[] });
const ANY_SERVICE: ActionServices = Object.freeze({ any: true, services: Object.freeze([]) as readonly string[] });

/**
 * The services known values name (StatementFacts.actionServices): a value can cover an action of
 * service `x` only if its service part is `x` or has a wildcard (or it has no colon), so a check
 * about a few services rejects a statement with one look at this list instead of a match per value.
 * Values of one service usually come in runs: a run is compared with its prefix in place, not sliced.
 * A value that names an action (`refs`, parallel: StatementFacts.actionRefs) has its ActionRef's
 * service, read without lower-casing or searching the value.
 */
export function actionServicesOf(values: readonly KnownValue[], refs: readonly (ActionRef | undefined)[]): ActionServices {
  const n = values.length;
  if (n === 0) return NO_SERVICES;
  let services: string[] | undefined;
  let last = '';
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    if (ref !== undefined) {
      if (services !== undefined && ref.service === last) continue;
      last = ref.service;
    } else {
      const lower = values[i].lower;
      const colon = lower.indexOf(':');
      if (colon < 0) return ANY_SERVICE;
      const w = firstWildcard(lower);
      if (w >= 0 && w < colon) return ANY_SERVICE;
      if (services !== undefined && colon === last.length && lower.startsWith(last)) continue;
      last = lower.slice(0, colon);
    }
    if (services === undefined) services = [last];
    else if (!services.includes(last)) services.push(last);
  }
  return { any: false, services: services ?? NO_SERVICES.services };
}

// ---- one action value, looked up once per data instance ---------------------------------------

/**
 * The action a fully known value without wildcards names (`s3:GetObject`, any case), or undefined
 * when its service or action is unknown or it is malformed. Memoised per data instance by the value
 * as written (cache.ts) — an existing string, so the lookup neither lower-cases nor builds a key —
 * because several checks ask for the same values, and policies repeat them.
 */
export function actionRefOf(data: IamData, value: string): ActionRef | undefined {
  if (data !== refData) {
    refTable = dataTable(data, 'actionRef', 50_000);
    refData = data;
  }
  return refTable!.get(value, findActionRef) ?? undefined;
}
/** The handle on the actionRef table of the data instance asked last (the table itself lives in cache.ts). */
let refData: IamData | undefined;
let refTable: DataTable<ActionRef | null> | undefined;

/** `service:Action` → its action (null when none); a module-level function, so a memo hit builds no closure. */
function findActionRef(value: string, data: IamData): ActionRef | null {
  const colon = value.indexOf(':');
  return (colon > 0 && colon < value.length - 1 ? data.findAction(value.slice(0, colon), value.slice(colon + 1)) : undefined) ?? null;
}

/**
 * The action each known value names (`actionRefOf`), parallel to the values: one memo probe per
 * value, once per statement (StatementFacts.actionRefs), instead of one per check that asks.
 */
export function actionRefsOf(data: IamData, values: readonly KnownValue[]): readonly (ActionRef | undefined)[] {
  const n = values.length;
  if (n === 0) return NO_REFS;
  const out = new Array<ActionRef | undefined>(n);
  for (let i = 0; i < n; i++) out[i] = actionRefOf(data, values[i].value);
  return out;
}

const NO_REFS: readonly ActionRef[] = Object.freeze([]);
/**
 * The actions one known Action value reaches, given the action the statement's facts resolved for it
 * (`ref`, from StatementFacts.actionRefs): the action itself; the matches of a wildcard in the name
 * part of a known service (possibly none); undefined when the value cannot be judged action by
 * action (it names no known action, has a wildcard in its service part, or names an unknown service).
 */
export function valueActions(data: IamData, value: string, ref: ActionRef | undefined): readonly ActionRef[] | undefined {
  if (ref !== undefined) return [ref];
  if (!hasWildcard(value)) return undefined;
  const a = splitAction(value);
  if (!a || hasWildcard(a.service) || !data.hasService(a.service)) return undefined;
  return data.matchActions(value);
}

/** A list of the one action, or none (shared empty list). */
export function oneRef(ref: ActionRef | undefined): readonly ActionRef[] {
  return ref ? [ref] : NO_REFS;
}
