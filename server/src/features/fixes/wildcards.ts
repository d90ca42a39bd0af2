import type { ActionRef, IamData } from '../../data/iamData';
import { quotaOfPolicy } from '../../facts/quotas';
import { hasWildcard } from '../../data/wildcard';
import { dataMemo, nodeDataMemo, nodeMemo } from '../../facts/cache';
import { arnMayDenote } from '../../data/arn';
import { editValueSize, nodeSize, policySize } from '../../model/serialize';
import type { EditValue, PolicyDocument, PropertyNode, Statement, StringNode, ValueNode } from '../../model';
import { ACCESS_LEVELS_KIND, type DiagnosticRef, type FixCandidate, type FixContext, type FixKind, type FixProvider } from './types';
import { ACCESS_LEVELS, accessLevelsOf, exceedsLevels, levelRank, privilegeVerb, topLevel, withinLevels } from '../accessLevels';
import { diagnosticsDeclaring, knownItems, plural, statementsInRange, touches } from './util';

/**
 * Wildcard ⇄ explicit list.
 * - Expand: an action wildcard under the cursor (`s3:Get*`, `s3:*`, `*`) becomes the explicit
 *   list of actions it matches today, all of them or only those of some access levels, or only
 *   those whose resource types match the statement's Resource ARNs. The title states the policy
 *   size against the quota of its policy type. Never widens access (a subset of what it matched).
 * - Shrink: a list of actions that contains every action a wildcard matches today is rewritten
 *   with that wildcard. Same access today; a wildcard also matches actions AWS adds later, so
 *   this is never applied by fix-all.
 */

/** Expansions larger than this are computed on resolve only. */
const COSTLY = 200;

interface ElementItems {
  statement: Statement;
  property: PropertyNode;
  /** The element value (a string or an array of strings). */
  value: ValueNode;
  nodes: StringNode[];
  values: string[];
}

function actionElements(st: Statement): ElementItems[] {
  const out: ElementItems[] = [];
  for (const property of [st.action, st.notAction]) {
    if (!property) continue;
    const items = knownItems(property.value);
    if (items) out.push({ statement: st, property, value: property.value, ...items });
  }
  return out;
}

function fullName(a: ActionRef): string {
  return `${a.service}:${a.name}`;
}

/** Action names as JSON needs them: no character that must be escaped. */
const PLAIN = /^[\w:*?-]*$/;

/** Minified size of a value; a list of plain action names is summed without serializing it. */
function fastSize(value: EditValue): number {
  if (!Array.isArray(value)) return editValueSize(value);
  let n = 2 + Math.max(0, value.length - 1);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'string' || !PLAIN.test(v)) return editValueSize(value);
    n += v.length + 2;
  }
  return n;
}

/**
 * "policy size 312 → 2,010 of the managed policy quota 6,144" (or "…, over the role inline policy
 * quota 10,240"): the quota of the policy's real kind (facts/quotas.ts quotaOfPolicy).
 */
export function sizeNote(policy: PolicyDocument, replaced: ValueNode, value: EditValue): string {
  return sizeNoteAfter(policy, replaced, fastSize(value));
}

/** `sizeNote` for a replacement of `size` characters (minified). */
function sizeNoteAfter(policy: PolicyDocument, replaced: ValueNode, size: number): string {
  // Kept per node: the lightbulb asks at every cursor move, and a policy's size is a walk of all of it.
  const before = nodeMemo(policy.root, 'policySize', () => policySize(policy)).size;
  const after = before - nodeMemo(replaced, 'policySize', () => nodeSize(replaced)).size + size;
  const quota = quotaOfPolicy(policy)?.quota;
  const fmt = (n: number): string => n.toLocaleString('en-US');
  if (!quota) return `policy size ${fmt(before)} → ${fmt(after)} characters`;
  const over = after > quota.max ? `, over the ${quota.short} ${fmt(quota.max)}` : ` of the ${quota.short} ${fmt(quota.max)}`;
  return `policy size ${fmt(before)} → ${fmt(after)}${over}`;
}

/**
 * The minified size of `replaceItem(el, target, names)`'s value without building it, where `names`
 * are the full names of `actions` and `size` their size as a JSON array: a title states it, and the
 * value is built only for the edit (on resolve, or in an eager request).
 */
function replacedSize(data: IamData, el: ElementItems, target: StringNode, actions: readonly ActionRef[], size: number): number {
  if (el.value.kind !== 'array') return actions.length === 1 ? size - 2 : size;
  let n = 2;
  let count = 0;
  // The other items stay; the names equal to one of them (case-insensitively: the same action) go.
  const dropped = new Set<ActionRef>();
  for (let i = 0; i < el.nodes.length; i++) {
    if (el.nodes[i] === target) continue;
    const v = el.values[i];
    n += PLAIN.test(v) ? v.length + 2 : editValueSize(v);
    count++;
    const colon = v.indexOf(':');
    const ref = colon > 0 ? data.findAction(v.slice(0, colon).toLowerCase(), v.slice(colon + 1)) : undefined;
    if (ref && actions.includes(ref)) dropped.add(ref);
  }
  n += size - 2 - Math.max(0, actions.length - 1);
  for (const r of dropped) n -= fullName(r).length + 2;
  count += actions.length - dropped.size;
  return n + Math.max(0, count - 1);
}

/** The element value with `target` replaced by `replacement` (deduplicated against the other items). */
function replaceItem(el: ElementItems, target: StringNode, replacement: string[]): { node: ValueNode; value: EditValue } {
  if (el.value.kind !== 'array') return { node: el.value, value: replacement.length === 1 ? replacement[0] : replacement };
  const others = new Set(el.values.filter((_, i) => el.nodes[i] !== target).map((v) => v.toLowerCase()));
  const values: string[] = [];
  for (let i = 0; i < el.nodes.length; i++) {
    if (el.nodes[i] === target) values.push(...replacement.filter((r) => !others.has(r.toLowerCase())));
    else values.push(el.values[i]);
  }
  return { node: el.value, value: values };
}

/** Resource ARNs of a statement when all are known strings (no NotResource). */
function resourceArns(st: Statement): string[] | undefined {
  if (!st.resource || st.notResource) return undefined;
  return knownItems(st.resource.value)?.values;
}

function matchesResources(data: IamData, a: ActionRef, arns: string[]): boolean {
  const info = data.getAction(a.service, a.name);
  if (!info) return false;
  for (const r of info.resourceTypes) {
    const rt = data.getResourceType(a.service, r.name);
    if (rt && arns.some((arn) => arnMayDenote(arn, rt.arn))) return true;
  }
  return false;
}

/** Named access-level variants, in the order offered. */
const GROUPS: { label: string; levels: string[] }[] = [
  { label: 'List and Read', levels: ['List', 'Read'] },
  { label: 'List', levels: ['List'] },
  { label: 'Read', levels: ['Read'] },
  { label: 'Write', levels: ['Write'] },
  { label: 'Tagging', levels: ['Tagging'] },
  { label: 'Permissions management', levels: ['Permissions management'] },
];

/** One-letter codes of the access levels in picker kinds (`refactor.rewrite.accessLevels.LRW`). */
const LEVEL_CODES: Record<string, string> = { List: 'L', Read: 'R', Write: 'W', Tagging: 'T', 'Permissions management': 'P' };

/** The client command of the access-level picker entry (arguments: URI added by the edge, then the wildcard's offset). */
export const PICK_ACCESS_LEVELS_COMMAND = 'iamPolicy.pickAccessLevels';

export interface ExpansionVariant {
  /** Stable within a wildcard: the code action's id ends with it, so resolve finds the same variant. */
  key: string;
  /** '' for the full list; otherwise what the subset is ("only Write"). */
  label: string;
  actions: ActionRef[];
  /** The minified size of the actions' full names as a JSON array (`["s3:GetObject",…]`). */
  size: number;
  /** For access-level variants: the levels the title names. */
  levels?: string[];
  /** The variant recommended for the finding (isPreferred). */
  preferred?: boolean;
}

/** Actions the data lists with at least one resource type: they can be granted on specific ARNs, not only on "*". */
function scopable(data: IamData, a: ActionRef): boolean {
  return (data.getAction(a.service, a.name)?.resourceTypes.length ?? 0) > 0;
}

/** Resource-aware variants load service details per action: bounded. */
const RESOURCE_VARIANTS_MAX = 2000;

/**
 * The expansions offered for a wildcard's matches (see the README, "Expanding wildcards").
 * - the full list (the same access today);
 * - per access level (accessLevels.ts): "only Write" holds the actions listed under Write and under
 *   no more privileged level; when some Write actions are also Tagging or Permissions management,
 *   a second variant says so in its title ("Write, including 14 that can also change permissions");
 * - only the actions whose resource types match the statement's Resource ARNs (Action only);
 * - only the actions that can be granted on a resource ARN (the data lists a resource type), i.e.
 *   that do not need `"Resource": "*"`.
 * Every variant is a subset of the matches, so none widens access. The recommended (preferred)
 * variant is the one for the statement's resources when there is one, else the full list.
 */
export function expansionVariants(data: IamData, matches: ActionRef[], statement?: Statement, isAction = true): ExpansionVariant[] {
  return withStatementVariants(data, levelVariants(matches), matches, statement, isAction);
}

/**
 * `expansionVariants` for the actions `pattern` matches today. The variants that do not depend on
 * the statement (the full list and the access levels) and their sizes are kept per pattern:
 * the editor asks for code actions each time the cursor moves onto the wildcard, and for `*`
 * (22,000 actions, eight variants) building them took ≈ 90 ms a request.
 */
export function expansionVariantsOf(data: IamData, pattern: string, statement?: Statement, isAction = true): ExpansionVariant[] {
  const kept = dataMemo(data, 'expansionVariants', pattern.toLowerCase(), keptVariants, VARIANT_MEMO_PATTERNS);
  return kept.matches.length === 0 ? [] : withStatementVariants(data, kept.variants, kept.matches, statement, isAction);
}

/** Patterns whose variants are kept per data set (the wildcards of the documents being edited). */
const VARIANT_MEMO_PATTERNS = 32;

function keptVariants(pattern: string, data: IamData): { matches: ActionRef[]; variants: ExpansionVariant[] } {
  const matches = data.matchActions(pattern);
  return { matches, variants: levelVariants(matches) };
}

const same = (x: ActionRef[], y: ActionRef[]): boolean => x.length === y.length && x.every((a, i) => a === y[i]);

function variant(key: string, label: string, actions: ActionRef[], levels?: string[]): ExpansionVariant {
  // Frozen: the lists are shared by every request (a change to one would fail loudly in tests).
  Object.freeze(actions);
  const size = listSize(actions);
  return levels ? { key, label, actions, size, levels } : { key, label, actions, size };
}

/** The minified size of the actions' full names as a JSON array (action names need no escaping). */
function listSize(actions: readonly ActionRef[]): number {
  let n = 2 + Math.max(0, actions.length - 1);
  for (let i = 0; i < actions.length; i++) n += actions[i].service.length + actions[i].name.length + 3;
  return n;
}

/** The full list and the access-level variants (the same for every statement). */
function levelVariants(matches: ActionRef[]): ExpansionVariant[] {
  const variants: ExpansionVariant[] = [variant('all', '', matches)];
  const add = (key: string, label: string, actions: ActionRef[], levels: string[]): void => {
    if (actions.length === 0 || variants.some((w) => same(w.actions, actions))) return;
    variants.push(variant(key, label, actions, levels));
  };
  for (const g of GROUPS) {
    const members = matches.filter((a) => accessLevelsOf(a).some((l) => g.levels.includes(l)));
    const exact = members.filter((a) => !exceedsLevels(a, g.levels));
    const code = g.levels.map((l) => LEVEL_CODES[l]).join('');
    add(`level:${code}`, `only ${g.label}`, exact, g.levels);
    if (exact.length < members.length) {
      // Count the extra actions by the most privileged level they add.
      const extra = new Map<string, number>();
      for (const a of members) if (exceedsLevels(a, g.levels)) extra.set(topLevel(a), (extra.get(topLevel(a)) ?? 0) + 1);
      const what = [...extra.entries()].sort((x, y) => levelRank(y[0]) - levelRank(x[0])).map(([l, n]) => `${n} that can also ${privilegeVerb(l)}`);
      add(`level+:${code}`, `${g.label}, including ${what.join(' and ')}`, members, g.levels);
    }
  }
  return variants;
}

/** The level variants (copied: `preferred` is per request) plus those for the statement's resources. */
function withStatementVariants(data: IamData, levels: ExpansionVariant[], matches: ActionRef[], statement: Statement | undefined, isAction: boolean): ExpansionVariant[] {
  const variants = levels.map((v) => ({ ...v }));
  const add = (key: string, label: string, actions: ActionRef[]): ExpansionVariant | undefined => {
    if (actions.length === 0 || variants.some((w) => same(w.actions, actions))) return undefined;
    const v = variant(key, label, actions);
    variants.push(v);
    return v;
  };
  let preferred = variants[0];
  if (statement && matches.length <= RESOURCE_VARIANTS_MAX) {
    const arns = resourceArns(statement);
    if (isAction && arns && !arns.includes('*')) {
      const subset = matches.filter((a) => matchesResources(data, a, arns));
      if (subset.length > 0 && subset.length < matches.length) {
        preferred = add('resources', 'only those that apply to the statement\'s resources', subset) ?? variants.find((w) => same(w.actions, subset)) ?? preferred;
      }
    }
    add('scoped', 'only those that can be limited to a resource ARN (no "*" needed)', matches.filter((a) => scopable(data, a)));
  }
  preferred.preferred = true;
  return variants;
}

/**
 * The access-level picker's choices: for every non-empty set of the levels present in the matches,
 * the actions all of whose levels are in the set (a combined-level action needs all its levels
 * ticked). Keys `levels=<codes>`; empty results are left out.
 */
export function levelChoices(matches: ActionRef[]): { codes: string; levels: string[]; actions: ActionRef[] }[] {
  const present = ACCESS_LEVELS.filter((l) => matches.some((a) => accessLevelsOf(a).includes(l)));
  const out: { codes: string; levels: string[]; actions: ActionRef[] }[] = [];
  for (let mask = 1; mask < 1 << present.length; mask++) {
    const levels = present.filter((_, i) => mask & (1 << i));
    const actions = matches.filter((a) => withinLevels(a, levels));
    if (actions.length) out.push({ codes: levels.map((l) => LEVEL_CODES[l]).join(''), levels, actions });
  }
  return out;
}

export const expandWildcardProvider: FixProvider = {
  id: 'expand',
  provide(ctx) {
    if (ctx.fixAll) return [];
    const out: FixCandidate[] = [];
    const wantChoices = !!ctx.only?.some((o) => o.startsWith(ACCESS_LEVELS_KIND));
    for (const { policy, statement } of statementsInRange(ctx)) {
      for (const el of actionElements(statement)) {
        el.nodes.forEach((node, idx) => {
          const value = el.values[idx];
          if (!hasWildcard(value) || !touches(node.span, ctx.span)) return;
          const variants = expansionVariantsOf(ctx.data, value, statement, el.property === statement.action);
          if (variants.length === 0) return;
          // Findings about the wildcard whose rules declare the expansion as their fix: each variant is
          // a quickfix linked to them (lightbulb, problem hover, Problems panel) and stays a rewrite
          // for the Refactor… menu; without a finding, a rewrite.
          const diagnostics: DiagnosticRef[] = diagnosticsDeclaring(ctx, 'expandWildcard', node.span);
          const linked = diagnostics.length > 0;
          const candidate = (key: string, title: string, actions: readonly ActionRef[], size: number, kind: FixKind, preferred = false): FixCandidate => {
            const replaced = el.value;
            return {
              key: `${node.span.offset}:${key}`,
              title: `${title} (${sizeNoteAfter(policy, replaced, replacedSize(ctx.data, el, node, actions, size))})`,
              kind,
              ...(linked && kind === 'quickfix' ? { diagnostics, fix: 'expandWildcard' as const, alsoRefactor: true, ...(preferred ? { preferred: true } : {}) } : {}),
              safe: false,
              costly: actions.length > COSTLY,
              intents: () => [{ kind: 'replaceValue', node: replaced, value: replaceItem(el, node, actions.map(fullName)).value }],
            };
          };
          for (const v of variants) {
            const what = v.label ? `${plural(v.actions.length, 'action')}, ${v.label}` : plural(v.actions.length, 'action');
            out.push(candidate(v.key, `Expand "${value}" to ${what}`, v.actions, v.size, linked ? 'quickfix' : 'refactor.rewrite', v.preferred));
          }
          if (ctx.picker) {
            out.push({
              key: `${node.span.offset}:pick`,
              title: `Expand "${value}", choosing access levels…`,
              kind: linked ? 'quickfix' : 'refactor.rewrite',
              ...(linked ? { diagnostics, fix: 'expandWildcard' as const, alsoRefactor: true } : {}),
              safe: false,
              command: { command: PICK_ACCESS_LEVELS_COMMAND, arguments: [node.span.offset] },
              intents: () => undefined,
            });
          }
          if (wantChoices) {
            for (const ch of levelChoices(variants[0].actions)) {
              out.push(candidate(`levels=${ch.codes}`, `Expand "${value}" to ${plural(ch.actions.length, 'action')}: ${ch.levels.join(', ')}`, ch.actions, listSize(ch.actions), `${ACCESS_LEVELS_KIND}.${ch.codes}`));
            }
          }
        });
      }
    }
    return out;
  },
};

/**
 * The shortest wildcard for each listed action whose matches today are all in the list (at least
 * two of them), then the list rewritten: the first covered item becomes the wildcard, the other
 * covered items go. Undefined when nothing gets shorter.
 */
export function shrinkActions(data: IamData, values: string[]): { values: string[]; wildcards: string[]; count: number } | undefined {
  const byService = new Map<string, Set<string>>();
  for (const v of values) {
    const colon = v.indexOf(':');
    if (colon <= 0 || hasWildcard(v)) continue;
    const service = v.slice(0, colon).toLowerCase();
    if (!data.findAction(service, v.slice(colon + 1))) continue;
    let set = byService.get(service);
    if (!set) byService.set(service, (set = new Set()));
    set.add(v.slice(colon + 1).toLowerCase());
  }
  const cover = new Map<string, string>(); // lower-cased full action → wildcard
  for (const [service, listed] of byService) {
    if (listed.size < 2) continue;
    const names = data.actionNames(service).map((n) => n.toLowerCase());
    const all = names.every((n) => listed.has(n));
    for (const name of listed) {
      let wildcard: string | undefined;
      if (all) wildcard = `${service}:*`;
      else {
        // Prefixes that end at a word boundary of the proper-cased name (`Get`, `GetQueue`): readable, and
        // less likely than `G*` to catch unrelated actions AWS adds later.
        const proper = data.findAction(service, name)?.name ?? name;
        for (let len = 1; len < name.length && !wildcard; len++) {
          if (!/[A-Z0-9]/.test(proper[len]) || /[A-Z0-9]/.test(proper[len - 1])) continue;
          const prefix = name.slice(0, len);
          const matched = names.filter((n) => n.startsWith(prefix));
          if (matched.length >= 2 && matched.every((n) => listed.has(n))) {
            wildcard = `${service}:${proper.slice(0, len)}*`;
          }
        }
      }
      if (wildcard) cover.set(`${service}:${name}`, wildcard);
    }
  }
  if (cover.size === 0) return undefined;
  const result: string[] = [];
  const emitted = new Set<string>();
  for (const v of values) {
    const w = cover.get(v.toLowerCase());
    if (!w) {
      result.push(v);
      continue;
    }
    if (emitted.has(w.toLowerCase())) continue;
    emitted.add(w.toLowerCase());
    result.push(w);
  }
  const wildcards = [...emitted];
  if (result.join('').length >= values.join('').length) return undefined;
  // Guard the invariant: the same actions today, not one more.
  const set = (vs: string[]): Set<string> => new Set(vs.flatMap((v) => data.matchActions(v).map((a) => fullName(a).toLowerCase())));
  const before = set(values);
  const after = set(result);
  if (before.size !== after.size || [...after].some((a) => !before.has(a))) return undefined;
  return { values: result, wildcards: result.filter((r) => wildcards.includes(r.toLowerCase())), count: before.size };
}

/**
 * `shrinkActions` of an Action list, kept per list node and data set: the lightbulb asks at every
 * cursor move inside the list, and a managed policy's list of 4,000 actions cost ≈ 20 ms each time.
 */
function shrinkOf(data: IamData, el: ElementItems): ReturnType<typeof shrinkActions> {
  return nodeDataMemo(el.value, data, 'shrinkActions', shrinkList);
}

function shrinkList(list: ValueNode, data: IamData): ReturnType<typeof shrinkActions> {
  const items = knownItems(list);
  return items ? shrinkActions(data, items.values) : undefined;
}

export const shrinkToWildcardProvider: FixProvider = {
  id: 'shrink',
  provide(ctx: FixContext) {
    if (ctx.fixAll) return [];
    const out: FixCandidate[] = [];
    for (const { policy, statement } of statementsInRange(ctx)) {
      for (const el of actionElements(statement)) {
        if (el.value.kind !== 'array' || !touches(el.property.span, ctx.span)) continue;
        const shrunk = shrinkOf(ctx.data, el);
        if (!shrunk) continue;
        const newValue: EditValue = shrunk.values.length === 1 ? shrunk.values[0] : shrunk.values;
        out.push({
          key: `${el.value.span.offset}`,
          title: `Shorten ${el.property.key} with ${shrunk.wildcards.map((w) => `"${w}"`).join(', ')} (the same ${plural(shrunk.count, 'action')} today; ${sizeNote(policy, el.value, newValue)})`,
          kind: 'refactor.rewrite',
          safe: false,
          intents: () => [{ kind: 'replaceValue', node: el.value, value: newValue }],
        });
      }
    }
    return out;
  },
};
