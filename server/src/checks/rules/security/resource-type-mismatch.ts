import { ownCheck, type CheckContext } from '../../types';
import { valueSpan } from '../../support/anchors';
import type { ActionRef, IamData, ResourceTypeInfo } from '../../../data/iamData';
import { arnMatchesFormat, splitArnFormat, type ParsedArn } from '../../../data/arn';
import { parseArnNode } from '../../../facts/arns';
import { hasWildcard } from '../../../data/wildcard';
import { elementStrings, type Statement, type StringNode } from '../../../model';
import { fullyKnown, splitAction, statementFacts } from '../../../facts';
import { nodeMemo } from '../../../facts/cache';

/** A wildcard that reaches more actions than this is too broad to judge. */
const MAX_ACTIONS = 600;

/** The resolved resource types of an action; null when one cannot be resolved. Memoised per shared ActionRef (one per action and data instance). */
function actionResourceTypes(data: IamData, ref: ActionRef): readonly ResourceTypeInfo[] | null {
  return nodeMemo(ref, 'actionResourceTypes', () => {
    const info = data.getAction(ref.service, ref.name);
    if (!info) return null;
    const list: ResourceTypeInfo[] = [];
    for (const r of info.resourceTypes) {
      const rt = data.getResourceType(ref.service, r.name);
      if (!rt) return null;
      list.push(rt);
    }
    return list;
  });
}

/** Per shared resource type: its ARN format's service segment (lower case) and the answers per user ARN pattern (bounded). */
interface TypeMemo {
  segment: string;
  answers: Map<string, boolean>;
}

/** arnMatchesFormat with a cheap service-segment reject and a bounded memo per type (policies repeat ARNs); no key string built per call. */
function matchesType(arn: ParsedArn, arnServiceLower: string, rt: ResourceTypeInfo): boolean {
  const m = nodeMemo(rt, 'arnTypeMatch', (): TypeMemo => ({ segment: splitArnFormat(rt.arn)?.service.toLowerCase() ?? '', answers: new Map() }));
  if (!m.segment.includes('${') && m.segment !== arnServiceLower) return false;
  let v = m.answers.get(arn.pattern);
  if (v === undefined) {
    v = arnMatchesFormat(arn, rt.arn);
    if (m.answers.size >= 1024) m.answers.clear();
    m.answers.set(arn.pattern, v);
  }
  return v;
}

/** Resource types the statement's actions may act on; undefined when the statement cannot be judged. */
function candidateTypes(ctx: CheckContext, st: Statement): { types: ResourceTypeInfo[]; actions: string[] } | undefined {
  if (!st.action || st.notAction || !fullyKnown(st.action)) return undefined;
  // Resource types are shared objects, one per (service, type): identity is the key.
  const types = new Set<ResourceTypeInfo>();
  const actions: string[] = [];
  let count = 0;
  const add = (ref: ActionRef): boolean => {
    const rts = actionResourceTypes(ctx.data, ref);
    if (!rts) return false; // a type we cannot resolve: do not judge
    for (const rt of rts) types.add(rt);
    return true;
  };
  const facts = statementFacts(st, ctx.data);
  const values = facts.actions;
  const known = facts.actionRefs;
  for (let i = 0; i < values.length; i++) {
    // A known action (resolved once per statement) is a well-formed value of a known service without a wildcard.
    const ref = known[i];
    if (ref) {
      if (++count > MAX_ACTIONS) return undefined;
      actions.push(values[i].value);
      if (!add(ref)) return undefined;
      continue;
    }
    const value = values[i].value;
    const a = splitAction(value);
    if (!a || hasWildcard(a.service) || !ctx.data.hasService(a.service)) return undefined;
    if (hasWildcard(a.name)) {
      const refs = ctx.data.matchActions(value);
      if (refs.length === 0) return undefined; // INVALID_ACTION reports it
      count += refs.length;
      if (count > MAX_ACTIONS) return undefined;
      actions.push(value);
      for (const ref of refs) if (!add(ref)) return undefined;
    } else {
      return undefined; // names no known action (its ref above is undefined): INVALID_ACTION reports it
    }
  }
  return { types: [...types], actions };
}

export default ownCheck({
  code: 'RESOURCE_TYPE_MISMATCH',
  title: 'Resource matches no action',
  findingType: 'SUGGESTION',
  policyTypes: ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp'],
  requires: ['ResourceArn'],
  description: 'A resource ARN matches none of the resource types of the statement\'s actions, so the statement never applies to it; fix the ARN or the actions.',
  details:
    'IAM applies a statement to a request only when the request\'s resource matches a Resource entry. An ARN whose format matches no resource type of any action in the statement (for example `s3:GetObject` on `arn:aws:s3:::my-bucket` — objects are `my-bucket/*`) is dead weight, and usually a bug. It is a suggestion, not a warning: the reference data does not list every resource type of every action (API Gateway v2 paths, Elastic Load Balancing v2 types under the shared `elasticloadbalancing` prefix, renamed services such as `codeconnections`), so a finding can be a gap in the data. ARNs are compared field by field with the ARN formats of the Service Authorization Reference; wildcards, policy variables and template holes match anything. Statements whose actions only work with `"Resource": "*"`, or whose wildcards reach more than 600 actions, are not judged.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      if (!st.resource) continue;
      // Parse the ARNs first: most statements use "*" and need no action lookups at all.
      const arns: { node: StringNode; arn: ParsedArn }[] = [];
      for (const node of elementStrings(st.resource.value)) {
        if (node.value === '*') continue;
        const parsed = parseArnNode(node);
        if (parsed.kind !== 'arn') continue;
        const arn = parsed.arn;
        if (arn.service.wild || arn.service.uncertain || arn.resource.uncertain || arn.region.uncertain || arn.account.uncertain) continue;
        arns.push({ node, arn });
      }
      if (arns.length === 0) continue;
      const c = candidateTypes(ctx, st);
      if (!c || c.types.length === 0) continue;
      for (const { node, arn } of arns) {
        const serviceLower = arn.service.text.toLowerCase();
        if (c.types.some((rt) => matchesType(arn, serviceLower, rt))) continue;
        const names = c.types.slice(0, 4).map((rt) => `${rt.service}:${rt.name} (${rt.arn})`).join(', ') + (c.types.length > 4 ? ` and ${c.types.length - 4} more` : '');
        ctx.report(
          valueSpan(node),
          `"${node.value}" matches no resource type of ${c.actions.slice(0, 3).join(', ')}${c.actions.length > 3 ? ' …' : ''}, so this statement never applies to it. Expected ${names}. Fix the ARN or the actions.`,
        );
      }
    }
  },
});
