/**
 * Shared helpers of the security checks (groups/security.ts). Pure functions over the policy
 * model and the reference data; nothing here knows the host format.
 */
import { elementStrings, elementValues, knownString, type PropertyNode, type Span, type Statement, type StringNode, type ValueNode } from '../../model';
import type { IamData } from '../../data/iamData';
import { globMatch, hasWildcard, templateMatch } from '../../data/wildcard';
import { accessAnalyzerCheck, type Check, type FindingType } from '../types';
import { conditionOperators } from './conditionModel';
import { valueSpan } from './anchors';

export type Effect = 'Allow' | 'Deny';

export function effectOf(st: Statement): Effect | undefined {
  const v = knownString(st.effect?.value);
  return v === 'Allow' || v === 'Deny' ? v : undefined;
}

/** True when every leaf value of an element is a fully known string (no computed or partial values). */
export function fullyKnown(prop: PropertyNode | undefined): boolean {
  if (!prop) return true;
  return elementValues(prop.value).every((n) => knownString(n) !== undefined);
}

export interface KnownValue {
  node: StringNode;
  value: string;
  /** value.toLowerCase() */
  lower: string;
}

const EMPTY: KnownValue[] = [];
const knownCache = new WeakMap<PropertyNode, KnownValue[]>();

/** Fully known string values of an element (partial and computed values skipped). Cached per element: many checks ask. */
export function knownValues(prop: PropertyNode | undefined): KnownValue[] {
  if (!prop) return EMPTY;
  let out = knownCache.get(prop);
  if (!out) {
    out = [];
    for (const node of elementStrings(prop.value)) {
      const value = knownString(node);
      if (value !== undefined) out.push({ node, value, lower: value.toLowerCase() });
    }
    knownCache.set(prop, out);
  }
  return out;
}

/** Whether an IAM action pattern (`*`, `iam:*`, `iam:Pass*`) covers an action (`iam:PassRole`). Case-insensitive. */
export function patternCovers(pattern: string, action: string): boolean {
  return lowerPatternCovers(pattern.toLowerCase(), action.toLowerCase());
}

/** patternCovers for lower-cased inputs, with a cheap first-character reject. */
export function lowerPatternCovers(pattern: string, action: string): boolean {
  const c = pattern.charCodeAt(0);
  if (c !== 42 /* * */ && c !== 63 /* ? */ && c !== action.charCodeAt(0)) return false;
  return globMatch(pattern, action);
}

/** The `Resource` element holds the bare wildcard `*`. */
export function starResource(st: Statement): KnownValue | undefined {
  for (const r of knownValues(st.resource)) if (r.value === '*') return r;
  return undefined;
}

const rtCache = new WeakMap<IamData, Map<string, boolean>>();
/** Whether an action supports resource-level permissions (lists at least one resource type). Cached. */
export function hasResourceTypes(data: IamData, service: string, name: string): boolean {
  let m = rtCache.get(data);
  if (!m) rtCache.set(data, (m = new Map()));
  const k = `${service}:${name}`.toLowerCase();
  let v = m.get(k);
  if (v === undefined) {
    v = (data.getAction(service, name)?.resourceTypes.length ?? 0) > 0;
    m.set(k, v);
  }
  return v;
}

/** A key under an operator of a Condition block, in the light shape the security checks need. */
export interface ConditionKeyEntry {
  operator: string;
  key: string;
  keyLower: string;
  keySpan: Span;
  values: ValueNode;
}

const keyEntryCache = new WeakMap<Statement, ConditionKeyEntry[]>();

/**
 * Operator → key entries of a statement's Condition block (objects only), read from the shared
 * condition model (conditionModel.ts) without resolving keys against the data. Cached per statement.
 */
export function conditionKeyEntries(st: Statement): ConditionKeyEntry[] {
  let out = keyEntryCache.get(st);
  if (!out) {
    out = conditionOperators(st).flatMap((op) =>
      (op.block?.properties ?? []).map((k) => ({ operator: op.property.key, key: k.key, keyLower: k.key.toLowerCase(), keySpan: k.keySpan, values: k.value })),
    );
    keyEntryCache.set(st, out);
  }
  return out;
}

/** Whether the statement's Condition uses one of these keys (lower-case, exact or `prefix/` template). */
export function hasConditionKey(st: Statement, keysLower: readonly string[]): boolean {
  return conditionKeyEntries(st).some((e) => keysLower.some((k) => (k.endsWith('/') ? e.keyLower.startsWith(k) : e.keyLower === k)));
}

/** Whether a Condition block is present but cannot be read (computed): checks then stay silent. */
export function opaqueCondition(st: Statement): boolean {
  const c = st.condition?.value;
  return !!c && c.kind !== 'object';
}

/** A where-to-report span for an element's key. */
export function keySpanOf(prop: PropertyNode): Span {
  return prop.keySpan;
}

/** Service-linked and pass-role style checks: target action, how the statement reaches it, which resource form. */
export interface RoleActionSpec {
  code: string;
  title: string;
  findingType: FindingType;
  /** e.g. `iam:PassRole`. */
  target: string;
  /** 'explicit': the action is named; 'star': a wildcard action covers it; 'notAction': an Allow NotAction does not exclude it. */
  via: 'explicit' | 'star' | 'notAction';
  /** 'star': `Resource: "*"`; 'notResource': the statement uses NotResource. */
  resource: 'star' | 'notResource';
  description: string;
  /** Condition keys (lower-case) whose presence resolves the finding (e.g. iam:passedtoservice). */
  resolvedBy?: readonly string[];
  /** Fix hint in messages. */
  advice: string;
  fixData?: Record<string, unknown>;
}

/**
 * One of Access Analyzer's iam:PassRole / iam:CreateServiceLinkedRole checks. Applies to Allow
 * statements of identity policies, where these actions are granted.
 */
export function roleActionCheck(spec: RoleActionSpec): Check {
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: spec.findingType,
    policyTypes: ['identity'],
    description: spec.description,
    // The addCondition data drives the generic "add condition" quick fix (features/fixes).
    hasFix: !!spec.fixData,
    run(policy, ctx) {
      const targetLower = spec.target.toLowerCase();
      for (const st of policy.statements) {
        if (effectOf(st) !== 'Allow') continue;
        if (spec.resource === 'star' ? !starResource(st) : !st.notResource) continue;
        if (spec.resolvedBy && hasConditionKey(st, spec.resolvedBy)) continue;
        if (opaqueCondition(st) && spec.resolvedBy) continue;
        if (spec.via === 'notAction') {
          if (!st.notAction || !fullyKnown(st.notAction)) continue;
          if (knownValues(st.notAction).some((v) => lowerPatternCovers(v.lower, targetLower))) continue;
          ctx.report(st.notAction.keySpan, `This Allow statement's NotAction does not exclude ${spec.target}, so it allows ${spec.target} ${spec.resource === 'star' ? 'on every resource ("Resource": "*")' : 'on everything outside NotResource'}. ${spec.advice}`, spec.fixData);
          continue;
        }
        for (const { node, value, lower } of knownValues(st.action)) {
          const wildcard = hasWildcard(value);
          if (spec.via === 'explicit' ? wildcard || lower !== targetLower : !wildcard || !lowerPatternCovers(lower, targetLower)) continue;
          const what = spec.via === 'explicit' ? `${spec.target}` : `"${value}" (which includes ${spec.target})`;
          const where = spec.resource === 'star' ? 'on every resource ("Resource": "*")' : 'with NotResource, i.e. on every resource not listed';
          ctx.report(valueSpan(node), `This statement allows ${what} ${where}. ${spec.advice}`, spec.fixData);
        }
      }
    },
  });
}

// ---- reference-data helpers ----------------------------------------------------------------

// The data index writes every key template as `${Name}` (scripts/build-data.mjs normalises the few
// `<key>` / `tag-key` spellings), so lower-casing is all a declared key needs.
function keyMatches(declared: string, usedLower: string): boolean {
  const d = declared.toLowerCase();
  return d === usedLower || (d.includes('${') && templateMatch(d, usedLower));
}

/** Condition keys an action supports: its own, those of its resource types for it, and the resource types' keys. */
export function actionConditionKeys(data: IamData, service: string, name: string): string[] {
  const a = data.getAction(service, name);
  if (!a) return [];
  const keys = [...a.conditionKeys];
  for (const r of a.resourceTypes) {
    keys.push(...r.conditionKeys);
    const rt = data.getResourceType(service, r.name);
    if (rt) keys.push(...rt.conditionKeys);
  }
  return keys;
}

export function actionSupportsKey(data: IamData, service: string, name: string, keyLower: string): boolean {
  return actionConditionKeys(data, service, name).some((k) => keyMatches(k, keyLower));
}

const serviceKeyCache = new WeakMap<IamData, Map<string, string[]>>();
/** Every condition key any action or resource type of a service supports (cached per data instance). */
export function serviceConditionKeys(data: IamData, service: string): string[] {
  let m = serviceKeyCache.get(data);
  if (!m) serviceKeyCache.set(data, (m = new Map()));
  const s = service.toLowerCase();
  let keys = m.get(s);
  if (!keys) {
    const set = new Set<string>();
    for (const a of data.actionNames(s)) for (const k of actionConditionKeys(data, s, a)) set.add(k.toLowerCase());
    for (const k of data.listServiceConditionKeys(s)) set.add(k.key.toLowerCase());
    keys = [...set];
    m.set(s, keys);
  }
  return keys;
}

const attachedCache = new WeakMap<IamData, Map<string, string[]>>();
/** Keys the data attaches to an action or resource type of the service (its own declared list excluded). */
export function keyAttachedToActions(data: IamData, service: string, keyLower: string): boolean {
  let m = attachedCache.get(data);
  if (!m) attachedCache.set(data, (m = new Map()));
  const s = service.toLowerCase();
  let keys = m.get(s);
  if (!keys) {
    const set = new Set<string>();
    for (const a of data.actionNames(s)) for (const k of actionConditionKeys(data, s, a)) set.add(k.toLowerCase());
    keys = [...set];
    m.set(s, keys);
  }
  return keys.some((k) => keyMatches(k, keyLower));
}

export function serviceSupportsKey(data: IamData, service: string, keyLower: string): boolean {
  return serviceConditionKeys(data, service).some((k) => keyMatches(k, keyLower));
}

/** Splits a fully known action into service and name; undefined for malformed values. */
export function splitAction(value: string): { service: string; name: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  return { service: value.slice(0, colon).toLowerCase(), name: value.slice(colon + 1) };
}

// ---- principals ------------------------------------------------------------------------------

export interface PrincipalEntry {
  /** 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | … as written, or '*' for `"Principal": "*"`. */
  kind: string;
  value: string;
  node: StringNode;
}

/** Fully known principal values of a statement's Principal element. */
export function principalEntries(st: Statement): PrincipalEntry[] {
  const v = st.principal?.value;
  if (!v) return [];
  if (v.kind === 'string') {
    const s = knownString(v);
    return s === undefined ? [] : [{ kind: '*', value: s, node: v }];
  }
  if (v.kind !== 'object') return [];
  const out: PrincipalEntry[] = [];
  for (const p of v.properties) for (const kv of knownValues(p)) out.push({ kind: p.key, value: kv.value, node: kv.node });
  return out;
}

/** `"*"` or `{"AWS": "*"}`: anyone, including anonymous callers. */
export function isPublicPrincipal(e: PrincipalEntry): boolean {
  return e.value === '*' && (e.kind === '*' || e.kind === 'AWS');
}

/** An AWS account principal: a 12-digit account id or an IAM/STS ARN carrying an account id. */
export function principalAccount(e: PrincipalEntry): string | undefined {
  if (e.kind !== 'AWS') return undefined;
  if (/^\d{12}$/.test(e.value)) return e.value;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(e.value);
  return m?.[1];
}

/** The action strings a statement's Action element names (fully known values only). */
export function actionValues(st: Statement): KnownValue[] {
  return knownValues(st.action);
}

export function resourceValues(st: Statement): KnownValue[] {
  return knownValues(st.resource);
}

// ---- tag condition keys ------------------------------------------------------------------------

/** aws:ResourceTag/…, aws:RequestTag/… and aws:TagKeys entries (the Null operator is left out: it tests presence on purpose). */
export function tagConditionEntries(st: Statement): ConditionKeyEntry[] {
  return conditionKeyEntries(st).filter(
    (e) => e.operator.toLowerCase() !== 'null' && (e.keyLower.startsWith('aws:resourcetag/') || e.keyLower.startsWith('aws:requesttag/') || e.keyLower === 'aws:tagkeys'),
  );
}

/**
 * Access Analyzer's "… with unsupported tag condition key for service" family. `effect` selects
 * Allow or Deny statements; `notAction` selects statements using NotAction (which reach every
 * service, so any tag key is reported) instead of Action (where the services of the listed
 * actions that support the key nowhere are named).
 */
export function tagKeyCheck(spec: { code: string; title: string; findingType: FindingType; effect: Effect; notAction: boolean; description: string }): Check {
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: spec.findingType,
    policyTypes: 'all',
    description: spec.description,
    run(policy, ctx) {
      const verb = spec.effect === 'Deny' ? 'denied' : 'allowed';
      for (const st of policy.statements) {
        if (effectOf(st) !== spec.effect) continue;
        const tagKeys = tagConditionEntries(st);
        if (tagKeys.length === 0) continue;
        if (spec.notAction) {
          if (!st.notAction || st.action) continue;
          for (const e of tagKeys) {
            ctx.report(
              e.keySpan,
              `This ${spec.effect} statement uses NotAction with the tag condition key "${e.key}", which many services do not support: their actions are never ${verb} by it. ${spec.effect} an explicit list of actions that support "${e.key}" instead.`,
            );
          }
          continue;
        }
        if (!st.action) continue;
        for (const e of tagKeys) {
          const unsupported = new Set<string>();
          for (const { value } of actionValues(st)) {
            if (value === '*') {
              unsupported.add('*');
              continue;
            }
            const a = splitAction(value);
            if (!a || hasWildcard(a.service) || !ctx.data.hasService(a.service)) continue;
            if (!serviceSupportsKey(ctx.data, a.service, e.keyLower)) unsupported.add(a.service);
          }
          if (unsupported.size === 0) continue;
          const names = [...unsupported].map((s) => (s === '*' ? 'every service that lacks it ("*")' : `${ctx.data.getService(s)?.name ?? s} (${s})`));
          ctx.report(
            e.keySpan,
            `The tag condition key "${e.key}" is not supported by ${names.join(', ')}, so ${names.length === 1 && !unsupported.has('*') ? 'its' : 'those'} actions are never ${verb} by this statement. Move them to a separate statement without this key.`,
          );
        }
      }
    },
  });
}
