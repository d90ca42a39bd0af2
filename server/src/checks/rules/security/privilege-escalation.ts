import { ownCheck } from '../../types';
import type { Span } from '../../../model';
import { valueSpan } from '../../support/anchors';
import { factsOf, fullyKnown, lowerPatternCovers, type StatementFacts } from '../../../facts';
import { elementValues, knownString } from '../../../model';
import { globMatch } from '../../../data/wildcard';
import type { ActionRef, IamData } from '../../../data/iamData';

/**
 * Privilege-escalation methods after Rhino Security Labs, "AWS IAM Privilege Escalation – Methods
 * and Mitigation" (Spencer Gietzen, 2018): each entry is a set of permissions that together let a
 * principal gain more privileges than it was given.
 */
const METHODS: { name: string; actions: string[]; passedTo?: string }[] = [
  { name: 'create a new version of a managed policy', actions: ['iam:CreatePolicyVersion'] },
  { name: 'switch a managed policy to another version', actions: ['iam:SetDefaultPolicyVersion'] },
  { name: 'pass a role to a new EC2 instance', actions: ['iam:PassRole', 'ec2:RunInstances'], passedTo: 'ec2.amazonaws.com' },
  { name: "create access keys for other users", actions: ['iam:CreateAccessKey'] },
  { name: "create a console password for other users", actions: ['iam:CreateLoginProfile'] },
  { name: "change other users' console passwords", actions: ['iam:UpdateLoginProfile'] },
  { name: 'attach managed policies to users', actions: ['iam:AttachUserPolicy'] },
  { name: 'attach managed policies to groups', actions: ['iam:AttachGroupPolicy'] },
  { name: 'attach managed policies to roles', actions: ['iam:AttachRolePolicy'] },
  { name: 'write inline policies of users', actions: ['iam:PutUserPolicy'] },
  { name: 'write inline policies of groups', actions: ['iam:PutGroupPolicy'] },
  { name: 'write inline policies of roles', actions: ['iam:PutRolePolicy'] },
  { name: 'add users to groups', actions: ['iam:AddUserToGroup'] },
  { name: "rewrite a role's trust policy and assume it", actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'] },
  { name: 'pass a role to a new Lambda function and invoke it', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], passedTo: 'lambda.amazonaws.com' },
  { name: 'pass a role to a new Lambda function triggered by an event source', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], passedTo: 'lambda.amazonaws.com' },
  { name: "replace the code of a Lambda function that has a role", actions: ['lambda:UpdateFunctionCode'] },
  { name: 'pass a role to a new Glue development endpoint', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], passedTo: 'glue.amazonaws.com' },
  { name: 'take over an existing Glue development endpoint', actions: ['glue:UpdateDevEndpoint'] },
  { name: 'pass a role to a new CloudFormation stack', actions: ['iam:PassRole', 'cloudformation:CreateStack'], passedTo: 'cloudformation.amazonaws.com' },
  { name: 'pass a role to a new Data Pipeline', actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], passedTo: 'datapipeline.amazonaws.com' },
];

/** Actions that are harmless when limited to the caller's own user (`${aws:username}` in every Resource). */
const SELF_SERVICE = new Set(['iam:createaccesskey', 'iam:createloginprofile', 'iam:updateloginprofile']);

/** One action a method needs, lower-cased once at load, with the service principal its iam:PassRole goes to. */
interface Target {
  /** Index of this (action, passedTo) pair: its slot in a run's memo of answers. */
  readonly id: number;
  readonly lower: string;
  readonly service: string;
  /** The action's name as the methods spell it (e.g. `PassRole`). */
  readonly name: string;
  /** Index of `service` in SERVICES: its slot in a run's memo of which services the Allow statements reach. */
  readonly serviceId: number;
  readonly passedTo: string | undefined;
  readonly selfService: boolean;
}

const SERVICES: string[] = [];
const TARGETS: Target[] = [];
/** Per method, its targets in the method's order (an iam:PassRole target per service principal: its answer depends on it). */
const METHOD_TARGETS: readonly (readonly Target[])[] = METHODS.map((m) =>
  m.actions.map((a) => {
    const lower = a.toLowerCase();
    const passedTo = lower === 'iam:passrole' ? m.passedTo : undefined;
    let t = TARGETS.find((x) => x.lower === lower && x.passedTo === passedTo);
    if (!t) {
      const service = lower.slice(0, lower.indexOf(':'));
      let serviceId = SERVICES.indexOf(service);
      if (serviceId < 0) serviceId = SERVICES.push(service) - 1;
      TARGETS.push((t = { id: TARGETS.length, lower, service, name: a.slice(a.indexOf(':') + 1), serviceId, passedTo, selfService: SELF_SERVICE.has(lower) }));
    }
    return t;
  }),
);

function selfOnly(f: StatementFacts): boolean {
  const st = f.statement;
  const rs = f.resources;
  return !st.notResource && rs.length > 0 && fullyKnown(st.resource) && rs.every((r) => r.value.toLowerCase().includes('${aws:username}'));
}

/**
 * False when the statement limits iam:PassRole with an iam:PassedToService condition whose known
 * values cannot name this service principal (e.g. PassRole to lambda only, for an EC2 method).
 */
function mayPassTo(f: StatementFacts, principal: string): boolean {
  if (!f.statement.condition) return true;
  const conditionKeyEntries = f.conditionKeyEntries;
  for (let i = 0; i < conditionKeyEntries.length; i++) {
    const e = conditionKeyEntries[i];
    if (e.keyLower !== 'iam:passedtoservice') continue;
    const op = e.operator.toLowerCase().replace(/ifexists$/, '');
    if (op !== 'stringequals' && op !== 'stringlike' && op !== 'stringequalsignorecase') continue;
    const values = elementValues(e.values).map((n) => knownString(n));
    if (values.some((v) => v === undefined)) continue;
    if (!values.some((v) => globMatch(v!.toLowerCase(), principal))) return false;
  }
  return true;
}

/**
 * An Allow statement's Action values read once per run for the targets: the first value naming
 * each action (the facts resolved it to a shared ActionRef) and, in order, the values that name no
 * action (wildcards, unknown names), which are matched as patterns.
 */
interface ActionIndex {
  first: Map<ActionRef, number>;
  others: number[];
}

function actionIndex(f: StatementFacts): ActionIndex {
  const first = new Map<ActionRef, number>();
  const others: number[] = [];
  const refs = f.actionRefs;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (r === undefined) others.push(i);
    else if (!first.has(r)) first.set(r, i);
  }
  return { first, others };
}

/** Per target (by id), its action in the data instance asked last: looked up once per data instance, not per policy. */
let refsData: IamData | undefined;
let refs: (ActionRef | undefined)[] = [];

function targetRef(data: IamData, t: Target): ActionRef | undefined {
  if (data !== refsData) {
    refs = TARGETS.map((x) => data.findAction(x.service, x.name));
    refsData = data;
  }
  return refs[t.id];
}

/**
 * Where (which span) a statement that may reach the target's service grants it, if it does. `ref`
 * is the target's action in the data: a value that names an action covers the target exactly when
 * it names that same shared ActionRef, so only the other values are matched as patterns; the
 * first covering value in list order is the anchor.
 */
function grantSpan(f: StatementFacts, t: Target, ref: ActionRef | undefined, indexes: (ActionIndex | undefined)[], k: number): Span | undefined {
  const st = f.statement;
  const action = t.lower;
  if (t.selfService && selfOnly(f)) return undefined;
  if (t.passedTo !== undefined && !mayPassTo(f, t.passedTo)) return undefined;
  if (st.notAction) {
    if (!fullyKnown(st.notAction) || f.notActions.some((v) => lowerPatternCovers(v.lower, action))) return undefined;
    return st.notAction.keySpan;
  }
  const values = f.actions;
  const { first, others } = (indexes[k] ??= actionIndex(f));
  const named = ref === undefined ? undefined : first.get(ref);
  for (let j = 0; j < others.length; j++) {
    const i = others[j];
    if (named !== undefined && i > named) break;
    if (lowerPatternCovers(values[i].lower, action)) return valueSpan(values[i].node);
  }
  return named === undefined ? undefined : valueSpan(values[named].node);
}

/** An unconditional Deny on every resource removes the action. */
function deniedEverywhere(denies: StatementFacts[], action: string): boolean {
  return denies.some((f) => f.actions.some((v) => lowerPatternCovers(v.lower, action)));
}

export default ownCheck({
  code: 'PRIVILEGE_ESCALATION',
  title: 'Privilege escalation',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity'],
  description: 'The policy allows a set of permissions known to let a principal grant itself more privileges; remove them or limit them to specific resources.',
  details: [
    'Reports the permission sets of the privilege-escalation methods published by Rhino Security Labs ("AWS IAM Privilege Escalation – Methods and Mitigation", 2018, https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/), whether named or reached through wildcards (`iam:*`, `iam:Put*`, `*`) or an Allow with NotAction, across all Allow statements of the policy:',
    '',
    ...METHODS.map((m) => `- ${m.actions.map((a) => `\`${a}\``).join(' + ')}: ${m.name}`),
    '',
    'A statement whose every Resource contains `${aws:username}` does not count for `iam:CreateAccessKey` / `iam:CreateLoginProfile` / `iam:UpdateLoginProfile` (self-service). An unconditional Deny on `"Resource": "*"` removes an action, and an `iam:PassedToService` condition that cannot name the method\'s service (e.g. `lambda.amazonaws.com` only, for the EC2 method) removes `iam:PassRole` from that method. Policies that already allow `"*"` on `"*"` are reported as FULL_ADMIN_ACCESS instead. Resources are otherwise not considered: `iam:PassRole` on one powerful role is still an escalation path, so review each finding.',
  ].join('\n'),
  run(policy, ctx) {
    const allows: StatementFacts[] = [];
    const denies: StatementFacts[] = [];
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const f = all[i];
      const st = f.statement;
      const effect = f.effect;
      if (effect === 'Allow') {
        // "*" on "*": FULL_ADMIN_ACCESS reports it ("*" and "*:*" have no service part: `any`).
        if (f.actionServices.any && f.starResource && f.actions.some((v) => v.value === '*' || v.value === '*:*')) return;
        allows.push(f);
      } else if (effect === 'Deny' && !st.condition && f.starResource) denies.push(f);
    }
    if (allows.length === 0) return;
    // Per run: the Allow statements that can reach each method's service (most policies: none),
    // each one's Action values indexed once (on first need), and each target's answer.
    const reach = new Array<number[] | undefined>(SERVICES.length);
    const indexes = new Array<ActionIndex | undefined>(allows.length);
    const grants = new Array<Span | null | undefined>(TARGETS.length);
    const grant = (t: Target): Span | undefined => {
      let r = reach[t.serviceId];
      if (r === undefined) {
        r = [];
        for (let k = 0; k < allows.length; k++) if (allows[k].statement.notAction || allows[k].actionsMayReach(t.service)) r.push(k);
        reach[t.serviceId] = r;
      }
      if (r.length === 0) return undefined;
      const known = grants[t.id];
      if (known !== undefined) return known ?? undefined;
      let span: Span | undefined;
      if (!deniedEverywhere(denies, t.lower)) {
        const ref = targetRef(ctx.data, t);
        for (let i = 0; i < r.length; i++) {
          const k = r[i];
          if ((span = grantSpan(allows[k], t, ref, indexes, k))) break;
        }
      }
      grants[t.id] = span ?? null;
      return span;
    };
    const byAnchor = new Map<number, { span: Span; methods: string[]; actions: Set<string> }>();
    for (let mi = 0; mi < METHODS.length; mi++) {
      const m = METHODS[mi];
      let anchor: Span | undefined;
      let ok = true;
      const targets = METHOD_TARGETS[mi];
      for (let j = 0; j < targets.length; j++) {
        const t = targets[j];
        const span = grant(t);
        if (!span) {
          ok = false;
          break;
        }
        anchor ??= span;
      }
      if (!ok || !anchor) continue;
      let entry = byAnchor.get(anchor.offset);
      if (!entry) byAnchor.set(anchor.offset, (entry = { span: anchor, methods: [], actions: new Set() }));
      entry.methods.push(`${m.actions.join(' + ')} (${m.name})`);
      const matched = m.actions;
      for (let i2 = 0; i2 < matched.length; i2++) {
        const a = matched[i2];
        entry.actions.add(a);
      }
    }
    for (const e of byAnchor.values()) {
      const shown = e.methods.slice(0, 3).join('; ') + (e.methods.length > 3 ? `; and ${e.methods.length - 3} more` : '');
      ctx.report(e.span, `This allows privilege escalation: ${shown}. ${e.actions.size === 1 ? 'Remove this permission or limit it' : 'Remove these permissions or limit them'} to specific, non-privileged resources.`);
    }
  },
});
