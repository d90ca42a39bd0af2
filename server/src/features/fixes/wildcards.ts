import type { ActionRef, IamData } from '../../data/iamData';
import { policySizeQuota } from '../../facts/quotas';
import { hasWildcard } from '../../data/wildcard';
import { arnMayDenote } from '../../data/arn';
import { editValueSize, nodeSize, policySize } from '../../model/serialize';
import type { EditValue, PolicyDocument, PropertyNode, Statement, StringNode, ValueNode } from '../../model';
import type { DiagnosticRef, FixCandidate, FixContext, FixProvider } from './types';
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

const GROUPS: { label: string; levels: string[] }[] = [
  { label: 'List and Read', levels: ['List', 'Read'] },
  { label: 'List', levels: ['List'] },
  { label: 'Read', levels: ['Read'] },
  { label: 'Write', levels: ['Write'] },
  { label: 'Tagging', levels: ['Tagging'] },
  { label: 'Permissions management', levels: ['Permissions management'] },
];

const levelCache = new Map<string, string[]>();
/** The access levels of an action ("Tagging, Write" → both); few distinct values, so cached. */
function levelsOf(a: ActionRef): string[] {
  let l = levelCache.get(a.accessLevel);
  if (!l) levelCache.set(a.accessLevel, (l = a.accessLevel.split(',').map((s) => s.trim())));
  return l;
}

function fullName(a: ActionRef): string {
  return `${a.service}:${a.name}`;
}

/** Minified size of a value; a list of plain action names is summed without serializing it. */
function fastSize(value: EditValue): number {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[\w:*?-]*$/.test(v))) {
    return (value as string[]).reduce((n, v) => n + v.length + 2, 0) + Math.max(0, value.length - 1) + 2;
  }
  return editValueSize(value);
}

/** "policy size 312 → 2,010 of 6,144 characters" (or "exceeds" when over the quota). */
export function sizeNote(policy: PolicyDocument, replaced: ValueNode, value: EditValue): string {
  const before = policySize(policy).size;
  const after = before - nodeSize(replaced).size + fastSize(value);
  const quota = policySizeQuota(policy.type, policy.resourceType);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  if (!quota) return `policy size ${fmt(before)} → ${fmt(after)} characters`;
  const over = after > quota.max ? ` — over the ${fmt(quota.max)}-${quota.unit === 'bytes' ? 'byte' : 'character'} quota of ${quota.label}` : ` of ${fmt(quota.max)}`;
  return `policy size ${fmt(before)} → ${fmt(after)}${over}`;
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

export const expandWildcardProvider: FixProvider = {
  id: 'expand',
  provide(ctx) {
    if (ctx.fixAll) return [];
    const out: FixCandidate[] = [];
    for (const { policy, statement } of statementsInRange(ctx)) {
      for (const el of actionElements(statement)) {
        el.nodes.forEach((node, idx) => {
          const value = el.values[idx];
          if (!hasWildcard(value) || !touches(node.span, ctx.span)) return;
          const matches = ctx.data.matchActions(value);
          if (matches.length === 0) return;
          // Findings about the wildcard whose rules declare the expansion as their fix.
          const diagnostics: DiagnosticRef[] = diagnosticsDeclaring(ctx, 'expandWildcard', node.span);
          const variants: { label: string; actions: ActionRef[] }[] = [{ label: '', actions: matches }];
          const levels = matches.map(levelsOf);
          const sameAs = (x: ActionRef[], y: ActionRef[]): boolean => x.length === y.length && x.every((a, i) => a === y[i]);
          for (const g of GROUPS) {
            const subset = matches.filter((_, i) => levels[i].some((l) => g.levels.includes(l)));
            if (subset.length === 0 || variants.some((v) => sameAs(v.actions, subset))) continue;
            variants.push({ label: `only ${g.label}`, actions: subset });
          }
          const arns = resourceArns(statement);
          if (arns && !arns.includes('*') && el.property === statement.action && matches.length <= 2000) {
            const subset = matches.filter((a) => matchesResources(ctx.data, a, arns));
            if (subset.length > 0 && subset.length < matches.length) variants.push({ label: 'only those that apply to the statement\'s resources', actions: subset });
          }
          variants.forEach((v, vi) => {
            const names = v.actions.map(fullName);
            const { node: replaced, value: newValue } = replaceItem(el, node, names);
            const what = v.label ? `${plural(v.actions.length, 'action')}, ${v.label}` : plural(v.actions.length, 'action');
            out.push({
              key: `${node.span.offset}:${vi}`,
              title: `Expand "${value}" to ${what} (${sizeNote(policy, replaced, newValue)})`,
              kind: 'refactor.rewrite',
              ...(diagnostics.length ? { diagnostics, fix: 'expandWildcard' as const } : {}),
              safe: false,
              costly: names.length > COSTLY,
              intents: () => [{ kind: 'replaceValue', node: replaced, value: newValue }],
            });
          });
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

export const shrinkToWildcardProvider: FixProvider = {
  id: 'shrink',
  provide(ctx: FixContext) {
    if (ctx.fixAll) return [];
    const out: FixCandidate[] = [];
    for (const { policy, statement } of statementsInRange(ctx)) {
      for (const el of actionElements(statement)) {
        if (el.value.kind !== 'array' || !touches(el.property.span, ctx.span)) continue;
        const shrunk = shrinkActions(ctx.data, el.values);
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
