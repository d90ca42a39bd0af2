import { ownCheck, type CheckContext } from '../../types';
import { valueSpan } from '../../support/anchors';
import type { ActionRef, IamData, ResourceTypeInfo } from '../../../data/iamData';
import { arnMatchesSplitFormat, literalCode, splitArnFormat, unlistedResourceTypes, type ArnFormat, type ParsedArn } from '../../../data/arn';
import { hasWildcard } from '../../../data/wildcard';
import type { Statement, StringNode } from '../../../model';
import { factsOf, fullyKnown, splitAction, statementFacts } from '../../../facts';
import { dataMemo, nodeDataMemo, nodeMemo } from '../../../facts/cache';

/** A wildcard that reaches more actions than this is too broad to judge. */
const MAX_ACTIONS = 600;

/**
 * A resource type as this check compares ARNs with it, one per shared type and data instance: its
 * split format, the format's service segment (lower case) and whether that holds a `${…}` (then it
 * may match any service), the code of its resource field's first literal (literalCode), and its
 * answers per user ARN pattern (bounded).
 */
interface TypeFacts {
  rt: ResourceTypeInfo;
  format: ArnFormat | undefined;
  segment: string;
  anySegment: boolean;
  first: number;
  answers: Map<string, boolean>;
}

function typeFacts(rt: ResourceTypeInfo): TypeFacts {
  return nodeMemo(rt, 'rtmType', (): TypeFacts => {
    const f = splitArnFormat(rt.arn);
    const segment = f?.service.toLowerCase() ?? '';
    return { rt, format: f, segment, anySegment: segment.includes('${'), first: literalCode(f?.resource ?? '', false), answers: new Map() };
  });
}

/** Resource types (each once, first-seen order). */
type TypeList = readonly TypeFacts[];

/** Adds a type unless the list has it. */
function addType(list: TypeFacts[], rt: ResourceTypeInfo): void {
  const t = typeFacts(rt);
  if (!list.includes(t)) list.push(t);
}

/** The resolved resource types of an action; null when one cannot be resolved. Memoised per shared ActionRef (one per action and data instance). */
function actionResourceTypes(data: IamData, ref: ActionRef): TypeList | null {
  // nodeDataMemo with a module-level function: no closure per call.
  return nodeDataMemo(ref, data, 'actionResourceTypes', resolveResourceTypes);
}

function resolveResourceTypes(ref: ActionRef, data: IamData): TypeList | null {
  const info = data.getAction(ref.service, ref.name);
  if (!info) return null;
  const list: TypeFacts[] = [];
  const resourceTypes = info.resourceTypes;
  for (let i = 0; i < resourceTypes.length; i++) {
    const r = resourceTypes[i];
    const rt = data.getResourceType(ref.service, r.name);
    if (!rt) return null;
    addType(list, rt);
  }
  return list;
}

/** A wildcard action value: how many actions it matches and their resource types, null when one cannot be resolved. */
interface WildcardTypes {
  count: number;
  list: TypeList | null;
}

/**
 * What an Action value that is not a known action contributes: undefined (the statement cannot be
 * judged: a malformed value, an unknown service or action, a wildcard service) or its matches.
 * Memoised per data instance and value: the same wildcards recur across policies.
 */
function wildcardTypes(value: string, data: IamData): WildcardTypes | undefined {
  const a = splitAction(value);
  if (!a || hasWildcard(a.service) || !data.hasService(a.service)) return undefined;
  // A value without a wildcard here names no known action (its ref is undefined): INVALID_ACTION reports it.
  if (!hasWildcard(a.name)) return undefined;
  const refs = data.matchActions(value);
  if (refs.length === 0) return undefined; // INVALID_ACTION reports it
  if (refs.length > MAX_ACTIONS) return { count: refs.length, list: null };
  const list: TypeFacts[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    const at = actionResourceTypes(data, ref);
    if (!at) return { count: refs.length, list: null };
    for (let j = 0; j < at.length; j++) {
      const t = at[j];
      if (!list.includes(t)) list.push(t);
    }
  }
  return { count: refs.length, list };
}

/**
 * Whether the ARN may denote one of the list's types: only types whose format has the ARN's service
 * segment (`service`, lower case) or a placeholder there, and whose resource field does not begin
 * with another literal character (`first`, literalCode of the ARN's resource field), are matched
 * (both exact rejects of arnMatchesFormat).
 */
function matchesList(arn: ParsedArn, service: string, first: number, list: TypeList): boolean {
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t.segment !== service && !t.anySegment) continue;
    if (first >= 0 && t.first >= 0 && first !== t.first) continue;
    // arnMatchesFormat with a bounded memo per type (policies repeat ARNs); no key string built per call.
    const memo = t.answers;
    let v = memo.get(arn.pattern);
    if (v === undefined) {
      v = t.format !== undefined && arnMatchesSplitFormat(arn, t.format);
      if (memo.size >= 1024) memo.clear();
      memo.set(arn.pattern, v);
    }
    if (v) return true;
  }
  return false;
}

/** Whether the ARN may denote one of the types of some list (the reference the lazy walk of unmatchedArns is tested against). */
export function matchesSomeList(arn: ParsedArn, lists: readonly TypeList[]): boolean {
  const service = arn.service.text.toLowerCase();
  const first = literalCode(arn.resource.text, true);
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i];
    if (matchesList(arn, service, first, list)) return true;
  }
  return false;
}

/**
 * Hands each Action value's list of types to `visit`, in order, until it returns false; false when
 * the statement cannot be judged (NotAction, a value not fully known, an unresolvable value or type,
 * more than MAX_ACTIONS actions among the values read).
 */
function eachValueTypes(ctx: CheckContext, st: Statement, visit: (list: TypeList, value: string) => boolean): boolean {
  if (!st.action || st.notAction || !fullyKnown(st.action)) return false;
  let count = 0;
  const facts = statementFacts(st, ctx.data);
  const values = facts.actions;
  const known = facts.actionRefs;
  for (let i = 0; i < values.length; i++) {
    const r = valueTypes(ctx.data, values[i].value, known[i], count);
    if (r === undefined) return false;
    count = r.count;
    if (!visit(r.list, values[i].value)) return true;
  }
  return true;
}

/**
 * The resource types the statement's actions may act on, as one list per Action value (not
 * merged: only a finding needs their union), and the action values; undefined when the statement
 * cannot be judged.
 */
export function candidateTypes(ctx: CheckContext, st: Statement): { lists: TypeList[]; actions: string[] } | undefined {
  const lists: TypeList[] = [];
  const actions: string[] = [];
  const judged = eachValueTypes(ctx, st, (list, value) => {
    lists.push(list);
    actions.push(value);
    return true;
  });
  return judged ? { lists, actions } : undefined;
}

/**
 * What one Action value contributes, given how many actions the values before it reached: the
 * running count and its list of types; undefined when the statement cannot be judged (an
 * unresolvable value or type, more than MAX_ACTIONS actions).
 */
function valueTypes(data: IamData, value: string, ref: ActionRef | undefined, count: number): { count: number; list: TypeList } | undefined {
  // A known action (resolved once per statement) is a well-formed value of a known service without a wildcard.
  if (ref) {
    if (++count > MAX_ACTIONS) return undefined;
    const at = actionResourceTypes(data, ref);
    if (!at) return undefined; // a type we cannot resolve: do not judge
    return { count, list: at };
  }
  const w = dataMemo(data, 'rtmWildcardTypes', value, wildcardTypes);
  if (!w) return undefined;
  count += w.count;
  if (count > MAX_ACTIONS || !w.list) return undefined;
  return { count, list: w.list };
}

/**
 * The indices of the ARNs that match no type of any Action value of a statement that can be judged,
 * or undefined when there are none: `candidateTypes` and `matchesSomeList` for each ARN, but the
 * values are read in order only until every ARN has matched a type (usually the first value's), as
 * then there is no finding whatever the later values are (and, matched in the same order, each
 * ARN is compared with the same types as matchesSomeList compares it with).
 */
export function unmatchedArns(ctx: CheckContext, st: Statement, arns: readonly ParsedArn[]): number[] | undefined {
  const n = arns.length;
  const services: string[] = [];
  const firsts: number[] = [];
  const open: boolean[] = [];
  for (let k = 0; k < n; k++) {
    services.push(arns[k].service.text.toLowerCase());
    firsts.push(literalCode(arns[k].resource.text, true));
    open.push(true);
  }
  let left = n;
  let someType = false;
  const judged = eachValueTypes(ctx, st, (list) => {
    if (list.length === 0) return true;
    someType = true;
    for (let k = 0; k < n; k++) {
      if (!open[k] || !matchesList(arns[k], services[k], firsts[k], list)) continue;
      open[k] = false;
      if (--left === 0) return false;
    }
    return true;
  });
  if (!judged || left === 0 || !someType) return undefined;
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (open[k]) out.push(k);
  return out;
}

/**
 * Whether the ARN matches a resource type that the data lists for no action although some action
 * acts on it (data/arnServices.ts `unlistedResourceTypes`: API Gateway v2's).
 */
function matchesUnlistedType(data: IamData, arn: ParsedArn): boolean {
  const service = arn.service.text.toLowerCase();
  const types = unlistedResourceTypes(data, service);
  return types.length > 0 && matchesList(arn, service, literalCode(arn.resource.text, true), types.map(typeFacts));
}

/** The union of the lists' types, in first-seen order. */
function unionOf(lists: readonly TypeList[]): ResourceTypeInfo[] {
  const seen = new Set<ResourceTypeInfo>();
  for (let i = 0; i < lists.length; i++) {
    const l = lists[i];
    for (let j = 0; j < l.length; j++) seen.add(l[j].rt);
  }
  return [...seen];
}

export default ownCheck({
  code: 'RESOURCE_TYPE_MISMATCH',
  title: 'Resource matches no action',
  findingType: 'SUGGESTION',
  policyTypes: ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp'],
  requires: ['ResourceArn'],
  description: 'A resource ARN matches none of the resource types of the statement\'s actions, so the statement never applies to it; fix the ARN or the actions.',
  details:
    'IAM applies a statement to a request only when the request\'s resource matches a Resource entry. An ARN whose format matches no resource type of any action in the statement (for example `s3:GetObject` on `arn:aws:s3:::my-bucket` — objects are `my-bucket/*`) is dead weight, and usually a bug. It is a suggestion, not a warning: the reference data does not list every resource type of every action (API Gateway v2 paths, Elastic Load Balancing v2 types under the shared `elasticloadbalancing` prefix, renamed services such as `codeconnections`), so a finding can be a gap in the data. API Gateway v2 ARNs (`/apis`, routes, …) are not judged: the data merges API Gateway v1 and v2 under one prefix and lists v1\'s resource types only for the actions both define. ARNs are compared field by field with the ARN formats of the Service Authorization Reference; wildcards, policy variables and template holes match anything. Statements whose actions only work with `"Resource": "*"`, or whose wildcards reach more than 600 actions, are not judged.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (!st.resource) continue;
      // Parse the ARNs first: most statements use "*" and need no action lookups at all.
      const arns: { node: StringNode; arn: ParsedArn }[] = [];
      const parsedArns = facts.arns;
      for (let j = 0; j < parsedArns.length; j++) {
        const v = parsedArns[j];
        if (v.element !== 'Resource' || v.parse.kind !== 'arn') continue;
        const node = v.node;
        const arn = v.parse.arn;
        if (arn.service.wild || arn.service.uncertain || arn.resource.uncertain || arn.region.uncertain || arn.account.uncertain) continue;
        arns.push({ node, arn });
      }
      if (arns.length === 0) continue;
      const parsed: ParsedArn[] = [];
      for (let i2 = 0; i2 < arns.length; i2++) {
        const a = arns[i2];
        parsed.push(a.arn);
      }
      // A type the data lists for no action although one acts on it is a gap in the data, not in the policy: not judged.
      const missed = unmatchedArns(ctx, st, parsed)?.filter((k) => !matchesUnlistedType(ctx.data, parsed[k]));
      if (missed === undefined || missed.length === 0) continue;
      // A finding: the statement's full candidate lists (the walk stopped at none of its values).
      const c = candidateTypes(ctx, st)!;
      const types = unionOf(c.lists);
      for (let m = 0; m < missed.length; m++) {
        const k = missed[m];
        const node = arns[k].node;
        const names = types.slice(0, 4).map((rt) => `${rt.service}:${rt.name} (${rt.arn})`).join(', ') + (types.length > 4 ? ` and ${types.length - 4} more` : '');
        ctx.report(
          valueSpan(node),
          `"${node.value}" matches no resource type of ${c.actions.slice(0, 3).join(', ')}${c.actions.length > 3 ? ' …' : ''}, so this statement never applies to it. Expected ${names}. Fix the ARN or the actions.`,
        );
      }
    }
  },
});
