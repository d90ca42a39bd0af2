import type { IamData } from '../../data/iamData';
import { statementActions } from '../statementInfo';
import { getProperty, type EditIntent, type EditValue, type PolicyDocument, type Statement } from '../../model';
import type { DiagnosticRef, FixCandidate, FixContext, FixProvider } from './types';
import { declares, isSafe } from './declared';
import { diagnosticsDeclaring, knownItems, policiesInRange, policyAtSpan, statementAt, statementsInRange, touches } from './util';

/**
 * Fixes that add to a statement or a policy:
 * - an `addCondition` payload (PassRole without iam:PassedToService, public or cross-account
 *   principals, service principals without aws:SourceArn/aws:SourceAccount, MFA …): insert a
 *   condition with a placeholder value (a snippet) under the operator the key's type needs;
 * - a bucket policy without a deny for plain HTTP: append a Deny statement on aws:SecureTransport
 *   false (a refactoring: no check reports it);
 * - `"Resource": "*"` with resource-level actions: the ARN templates of the actions' resource types
 *   (linked to the findings of rules that declare `arnTemplates`).
 * None is safe for fix-all: each needs values only the author knows (rules declare them unsafe).
 */

/** Placeholder values for keys the checks ask to add. */
const PLACEHOLDER: Record<string, string> = {
  'iam:passedtoservice': 'ec2.amazonaws.com',
  'aws:principalorgid': 'o-exampleorgid',
  'sts:externalid': 'external-id',
  'aws:sourcearn': 'arn:aws:service:region:111122223333:resource',
  'aws:sourceaccount': '111122223333',
  'aws:multifactorauthpresent': 'true',
};

const OPERATOR_FOR_TYPE: Record<string, string> = {
  String: 'StringEquals',
  ArrayOfString: 'ForAnyValue:StringEquals',
  ARN: 'ArnLike',
  ArrayOfARN: 'ForAnyValue:ArnLike',
  Bool: 'Bool',
  Numeric: 'NumericEquals',
  Date: 'DateGreaterThan',
  IPAddress: 'IpAddress',
};

function operatorFor(data: IamData, key: string): string {
  const info = data.getConditionKey(key);
  return (info && OPERATOR_FOR_TYPE[info.type]) ?? 'StringEquals';
}

function snippetValue(key: string): EditValue {
  const p = PLACEHOLDER[key.toLowerCase()] ?? 'value';
  return key.toLowerCase() === 'aws:multifactorauthpresent' ? p : { $snippet: `\${1:${p.replace(/[\\$}]/g, (c) => `\\${c}`)}}` };
}

/** Intents that add `"op": { key: value }` to a statement's Condition (creating or extending it). */
export function addConditionIntents(st: Statement, op: string, key: string, value: EditValue): EditIntent[] | undefined {
  if (st.node.kind !== 'object') return undefined;
  const cond = st.condition?.value;
  if (!st.condition) return [{ kind: 'insertProperty', object: st.node, key: 'Condition', value: { [op]: { [key]: value } }, position: 'last' }];
  if (!cond || cond.kind !== 'object') return undefined;
  const block = getProperty(cond, op)?.value;
  if (!block) return [{ kind: 'insertProperty', object: cond, key: op, value: { [key]: value }, position: 'last' }];
  if (block.kind !== 'object' || getProperty(block, key)) return undefined;
  return [{ kind: 'insertProperty', object: block, key, value, position: 'last' }];
}

function addConditionFixes(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const add = d.data;
  if (add?.fix !== 'addCondition' || !declares(d, 'addCondition')) return [];
  const policy = policyAtSpan(ctx, d.span);
  const st = policy && statementAt(policy, d.span.offset);
  if (!st) return [];
  const keys = add.key.toLowerCase() === 'aws:sourcearn' ? [add.key, 'aws:SourceAccount'] : [add.key];
  return keys.map((key, i) => {
    const op = operatorFor(ctx.data, key);
    return {
      key: `cond:${index}:${i}`,
      title: `Add condition "${op}": { "${key}": … }`,
      kind: 'quickfix' as const,
      fix: 'addCondition' as const,
      diagnostics: [d],
      preferred: i === 0,
      safe: isSafe(d, 'addCondition'),
      intents: () => addConditionIntents(st, op, key, snippetValue(key)),
    };
  });
}

// ---- deny insecure transport ------------------------------------------------------------------

function bucketArns(policy: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const st of policy.statements) {
    for (const v of knownItems(st.resource?.value)?.values ?? []) {
      const m = /^(arn:[^:]+:s3:::[^/]+)/.exec(v);
      if (m && !m[1].includes('*')) out.add(m[1]);
    }
  }
  return [...out];
}

function hasSecureTransport(policy: PolicyDocument): boolean {
  return policy.statements.some((st) => {
    const c = st.condition?.value;
    return !!c && c.kind === 'object' && c.properties.some((op) => op.value.kind === 'object' && op.value.properties.some((k) => k.key.toLowerCase() === 'aws:securetransport'));
  });
}

function denyInsecureTransport(ctx: FixContext): FixCandidate[] {
  const out: FixCandidate[] = [];
  for (const policy of policiesInRange(ctx)) {
    if (policy.type !== 'resource') continue;
    const statements = policy.statementProperty?.value;
    if (!statements || (statements.kind !== 'array' && statements.kind !== 'object') || hasSecureTransport(policy)) continue;
    const buckets = bucketArns(policy);
    if (buckets.length === 0) continue;
    const resources = buckets.flatMap((b) => [b, `${b}/*`]);
    const statement: EditValue = {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resources,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    out.push({
      key: `tls:${policy.root.span.offset}`,
      title: 'Add a statement denying requests without TLS (aws:SecureTransport false)',
      kind: 'refactor.rewrite',
      safe: false,
      intents: () => [{ kind: 'appendItem', array: statements, value: statement }],
    });
  }
  return out;
}

// ---- Resource "*" → ARN templates -------------------------------------------------------------

/** `arn:${Partition}:s3:::${BucketName}` → snippet with tab stops numbered from `start`. */
function arnSnippet(template: string, next: () => number): string {
  let out = '';
  let last = 0;
  const re = /\$\{([^}]*)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    out += template.slice(last, m.index).replace(/[\\$}]/g, (c) => `\\${c}`);
    const name = m[1];
    const def = name === 'Partition' ? 'aws' : name === 'Region' ? 'us-east-1' : name === 'Account' ? '111122223333' : name;
    out += `\${${next()}:${def}}`;
    last = m.index + m[0].length;
  }
  return out + template.slice(last).replace(/[\\$}]/g, (c) => `\\${c}`);
}

function resourceTemplates(ctx: FixContext): FixCandidate[] {
  const out: FixCandidate[] = [];
  for (const { statement } of statementsInRange(ctx)) {
    const res = statement.resource?.value;
    if (!res || !touches(res.span, ctx.span) || !statement.action) continue;
    const items = knownItems(res);
    if (!items || !items.values.includes('*')) continue;
    const actions = statementActions(ctx.data, statement);
    if (actions.length === 0 || actions.length >= 400) continue;
    const templates: string[] = [];
    let resourceLess = 0;
    for (const a of actions) {
      const info = ctx.data.getAction(a.service, a.name);
      if (!info || info.resourceTypes.length === 0) {
        resourceLess++;
        continue;
      }
      for (const r of info.resourceTypes) {
        const rt = ctx.data.getResourceType(a.service, r.name);
        if (rt && !templates.includes(rt.arn)) templates.push(rt.arn);
      }
    }
    if (resourceLess > 0 || templates.length === 0 || templates.length > 20) continue;
    const starNode = items.nodes[items.values.indexOf('*')];
    const diagnostics = diagnosticsDeclaring(ctx, 'arnTemplates', statement.node.span);
    let n = 0;
    const next = (): number => ++n;
    const snippets: EditValue[] = templates.map((t) => ({ $snippet: arnSnippet(t, next) }));
    const others = items.values.filter((v) => v !== '*');
    const value: EditValue = others.length === 0 && snippets.length === 1 ? snippets[0] : [...others, ...snippets];
    out.push({
      key: `arns:${starNode.span.offset}`,
      title: `Replace the "*" resource with ARN templates of ${templates.length === 1 ? 'the actions\' resource type' : `the actions' ${templates.length} resource types`}`,
      kind: diagnostics.length ? 'quickfix' : 'refactor.rewrite',
      ...(diagnostics.length ? { diagnostics, fix: 'arnTemplates' as const } : {}),
      safe: diagnostics.length > 0 && diagnostics.every((d) => isSafe(d, 'arnTemplates')),
      intents: () => [{ kind: 'replaceValue', node: res, value }],
    });
  }
  return out;
}

export const statementEditsProvider: FixProvider = {
  id: 'stmt',
  provide(ctx) {
    const out: FixCandidate[] = [];
    ctx.diagnostics.forEach((d, i) => out.push(...addConditionFixes(ctx, d, i)));
    if (!ctx.fixAll) out.push(...denyInsecureTransport(ctx), ...resourceTemplates(ctx));
    return out;
  },
};

