import { ownCheck } from '../../types';
import type { Span } from '../../../model';
import { valueSpan } from '../../support/anchors';
import { fullyKnown, lowerPatternCovers, statementFacts, type StatementFacts } from '../../../facts';
import { elementValues, knownString } from '../../../model';
import { globMatch } from '../../../data/wildcard';

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
  const entries = f.conditionKeyEntries.filter((e) => e.keyLower === 'iam:passedtoservice');
  for (const e of entries) {
    const op = e.operator.toLowerCase().replace(/ifexists$/, '');
    if (op !== 'stringequals' && op !== 'stringlike' && op !== 'stringequalsignorecase') continue;
    const values = elementValues(e.values).map((n) => knownString(n));
    if (values.some((v) => v === undefined)) continue;
    if (!values.some((v) => globMatch(v!.toLowerCase(), principal))) return false;
  }
  return true;
}

/** Where (which span) a statement grants an action, if it does. */
function grantSpan(f: StatementFacts, action: string, passedTo?: string): Span | undefined {
  const st = f.statement;
  if (SELF_SERVICE.has(action) && selfOnly(f)) return undefined;
  if (passedTo && action === 'iam:passrole' && !mayPassTo(f, passedTo)) return undefined;
  if (st.notAction) {
    if (!fullyKnown(st.notAction) || f.notActions.some((v) => lowerPatternCovers(v.lower, action))) return undefined;
    return st.notAction.keySpan;
  }
  const hit = f.actions.find((v) => lowerPatternCovers(v.lower, action));
  return hit && valueSpan(hit.node);
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
    const facts = policy.statements.map((st) => statementFacts(st, ctx.data));
    const allows = facts.filter((f) => f.effect === 'Allow');
    if (allows.some((f) => f.starResource && f.actions.some((v) => v.value === '*' || v.value === '*:*'))) return;
    const denies = facts.filter((f) => f.effect === 'Deny' && !f.statement.condition && !!f.starResource);
    const grants = new Map<string, Span | undefined>();
    // Services the Allow statements can reach at all: most policies reach none of the methods' services.
    const services = new Set<string>();
    let anyService = false;
    for (const f of allows) {
      if (f.statement.notAction) anyService = true;
      for (const v of f.actions) {
        const colon = v.lower.indexOf(':');
        const svc = colon < 0 ? v.lower : v.lower.slice(0, colon);
        if (colon < 0 || /[*?]/.test(svc)) anyService = true;
        else services.add(svc);
      }
    }
    const grant = (action: string, passedTo?: string): Span | undefined => {
      const lower = action.toLowerCase();
      if (!anyService && !services.has(lower.slice(0, lower.indexOf(':')))) return undefined;
      const key = lower === 'iam:passrole' ? `${lower}>${passedTo}` : lower;
      if (grants.has(key)) return grants.get(key);
      let span: Span | undefined;
      if (!deniedEverywhere(denies, lower)) for (const f of allows) if ((span = grantSpan(f, lower, passedTo))) break;
      grants.set(key, span);
      return span;
    };
    const byAnchor = new Map<number, { span: Span; methods: string[]; actions: Set<string> }>();
    for (const m of METHODS) {
      let anchor: Span | undefined;
      let ok = true;
      for (const a of m.actions) {
        const span = grant(a, m.passedTo);
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
      for (const a of m.actions) entry.actions.add(a);
    }
    for (const e of byAnchor.values()) {
      const shown = e.methods.slice(0, 3).join('; ') + (e.methods.length > 3 ? `; and ${e.methods.length - 3} more` : '');
      ctx.report(e.span, `This allows privilege escalation: ${shown}. ${e.actions.size === 1 ? 'Remove this permission or limit it' : 'Remove these permissions or limit them'} to specific, non-privileged resources.`);
    }
  },
});
