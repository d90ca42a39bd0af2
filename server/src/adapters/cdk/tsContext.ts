/**
 * What the TypeScript/Python extractor (extract.ts) makes of a statement from where it is used: the
 * policy type and label of the call or property it reaches (`role.addToPolicy`, `assumedBy`,
 * `PolicyDocument` of a `ManagedPolicy`, …), following variables through their uses.
 */
import type { PolicyType, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { bindingOf, dependOn, dependOnName, enclosingStatement, parentOf, callee, camel, isArray, isCall, isIdentifier, isMember, isObject, lastName, memberName, memberObject, outerParent, resolveIdentifier, unwrap } from './syntax';
import { RESOURCE_TYPES, TRUST_RESOURCE_TYPE, resourceElementOf } from './tables';
import { usesOf, type Ctx } from './tsStatements';

/** Where a statement ends up: a policy type and label, a container construct (a document) to follow, or nowhere. */
export type Context = { kind: 'type'; type: PolicyType; resourceType?: string; resourceElement?: 'implicit'; label: string } | { kind: 'container'; container: SyntaxNode } | { kind: 'none' };

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const IDENTITY_METHODS = /^(addToPolicy|addToPrincipalPolicy|add_to_policy|add_to_principal_policy|attachInlinePolicy|attach_inline_policy|addManagedPolicy|add_managed_policy|addToPrincipalOrResource|add_to_principal_or_resource)$/;
const RESOURCE_METHODS = /^(addToResourcePolicy|add_to_resource_policy)$/;

/** The class a receiver expression was constructed with (`const bucket = new s3.Bucket(…)`, `this.bucket = …`). */
function receiverClass(ctx: Ctx, receiver: SyntaxNode): string | undefined {
  const r = unwrap(receiver);
  if (isIdentifier(r)) {
    const d = resolveIdentifier(r);
    const v = d && unwrap(d.value);
    if (v && isCall(v)) return lastName(callee(v));
  }
  if (isMember(r)) {
    const obj = memberObject(r);
    const prop = memberName(r)?.text;
    if (obj && (obj.type === 'this' || obj.text === 'self') && prop) {
      dependOnName(prop);
      const m = new RegExp(`\\b(?:this|self)\\.${escapeRe(prop)}\\s*=\\s*(?:new\\s+)?([\\w$.]+)\\s*\\(`).exec(ctx.text);
      if (m) return m[1].split('.').pop();
    }
  }
  if (isCall(r)) {
    // s3.Bucket.fromBucketName(…)
    const fn = callee(r);
    const obj = fn && isMember(unwrap(fn)) ? memberObject(unwrap(fn)) : undefined;
    if (obj) return lastName(obj);
  }
  return undefined;
}

/** Where a construct (or the variable holding it) is used: the policy type its context gives. */
export function usageContext(ctx: Ctx, construct: SyntaxNode, statements: SyntaxNode[], documents: SyntaxNode[]): Context {
  const positions: SyntaxNode[] = [construct];
  const b = bindingOf(construct);
  if (b) positions.push(...usesOf(ctx, b.name, b.scope, b.at));
  for (const pos of positions) {
    const c = classify(ctx, pos, statements, documents);
    if (c.kind !== 'none') return c;
  }
  return { kind: 'none' };
}

/**
 * `x.addToPolicy(statement with principals)`: CDK refuses principals in an identity policy at synth,
 * so such a call is the resource policy of `x` (a VPC endpoint's `addToPolicy`, …), not an identity one.
 */
export function principalsMakeResource(context: Context, statement: ValueNode): Context {
  if (context.kind !== 'type' || context.type !== 'identity' || !/\.(addToPolicy|add_to_policy)$/.test(context.label ?? '')) return context;
  if (statement.kind !== 'object' || !statement.properties.some((q) => q.key === 'Principal' || q.key === 'NotPrincipal')) return context;
  return { kind: 'type', type: 'resource', label: context.label };
}

function classify(ctx: Ctx, pos: SyntaxNode, statements: SyntaxNode[], documents: SyntaxNode[]): Context {
  dependOn(enclosingStatement(pos));
  let { node: e, parent: p } = outerParent(pos);
  let inArray = false;
  if (p && isArray(p)) {
    inArray = true;
    ({ node: e, parent: p } = outerParent(p));
  }
  void e;
  if (!p) return { kind: 'none' };
  if (p.type === 'arguments' || p.type === 'argument_list') {
    const call = parentOf(p);
    if (!call || !isCall(call)) return { kind: 'none' };
    const fn = callee(call);
    const method = lastName(fn) ?? '';
    const receiver = fn && isMember(unwrap(fn)) ? memberObject(unwrap(fn)) : null;
    const recvText = receiver ? receiver.text.replace(/\s+/g, '') : '';
    const lbl = `${recvText.length > 30 ? '…' + recvText.slice(-29) : recvText}.${method}`;
    if (IDENTITY_METHODS.test(method)) return { kind: 'type', type: 'identity', label: lbl };
    if (RESOURCE_METHODS.test(method)) {
      const cls = receiver ? receiverClass(ctx, receiver) : undefined;
      if (!cls && receiver && isIdentifier(unwrap(receiver))) dependOnName(unwrap(receiver).text);
      const resourceElement = receiver ? resourceElementOf(cls, unwrap(receiver).text, ctx.text) : undefined;
      return { kind: 'type', type: 'resource', resourceType: cls ? RESOURCE_TYPES[cls] : undefined, ...(resourceElement ? { resourceElement } : {}), label: lbl };
    }
    if (/^(addStatements|add_statements)$/.test(method)) {
      if (/assume_?[rR]ole_?[pP]olicy/.test(recvText)) return { kind: 'type', type: 'trust', resourceType: TRUST_RESOURCE_TYPE, label: lbl };
      const r = receiver && unwrap(receiver);
      if (r && isIdentifier(r)) {
        const d = resolveIdentifier(r);
        const v = d && unwrap(d.value);
        if (v && isCall(v) && (documents.some((x) => x.equals(v)) || /Policy$/.test(lastName(callee(v)) ?? ''))) return { kind: 'container', container: v };
      }
      if (r && isMember(r) && memberName(r)?.text === 'document') {
        const owner = memberObject(r);
        const cls = owner ? receiverClass(ctx, owner) : undefined;
        if (cls === 'BucketPolicy') return { kind: 'type', type: 'resource', resourceType: RESOURCE_TYPES.Bucket, label: lbl };
        if (cls && /^(QueuePolicy|TopicPolicy)$/.test(cls)) return { kind: 'type', type: 'resource', label: lbl };
        if (cls && /^(Policy|ManagedPolicy)$/.test(cls)) return { kind: 'type', type: 'identity', label: lbl };
      }
      return { kind: 'none' };
    }
    if (method === 'apply' && /PermissionsBoundary/.test(recvText)) return { kind: 'type', type: 'boundary', label: 'PermissionsBoundary' };
    return { kind: 'none' };
  }
  if (p.type === 'pair' || p.type === 'keyword_argument') {
    const key = camel(p.childForFieldName(p.type === 'pair' ? 'key' : 'name')?.text.replace(/['"]/g, '') ?? '');
    const holder = parentOf(p); // object / argument_list
    const holderParent = holder ? parentOf(holder) : null;
    const ownerCall = holder && (holder.type === 'argument_list' ? holderParent : holderParent?.type === 'arguments' ? parentOf(holderParent) : undefined);
    const ownerClass = ownerCall && isCall(ownerCall) ? lastName(callee(ownerCall)) : undefined;
    if (key === 'statements' && inArray && ownerCall) return { kind: 'container', container: ownerCall };
    // iam.Grant.addStatementToResourcePolicy({ grantee, actions, resourceArns, resource, statement }): CDK adds the resources.
    if (key === 'statement' && ownerClass && /^(addStatementToResourcePolicy|add_statement_to_resource_policy)$/.test(ownerClass)) {
      return { kind: 'type', type: 'resource', resourceElement: 'implicit', label: `Grant.${ownerClass}` };
    }
    if (key === 'permissionsBoundary') return { kind: 'type', type: 'boundary', label: 'permissionsBoundary' };
    if (key === 'managedPolicies' || key === 'document' || key === 'policyDocument') {
      if (ownerClass && /^(BucketPolicy)$/.test(ownerClass)) return { kind: 'type', type: 'resource', resourceType: RESOURCE_TYPES.Bucket, label: `${ownerClass}.${key}` };
      if (ownerClass && /^(QueuePolicy|TopicPolicy)$|ResourcePolicy$/.test(ownerClass)) return { kind: 'type', type: 'resource', label: `${ownerClass}.${key}` };
      return { kind: 'type', type: 'identity', label: `${ownerClass ?? ''}.${key}` };
    }
    if (key === 'assumeRolePolicy' || key === 'assumeRolePolicyDocument') return { kind: 'type', type: 'trust', resourceType: TRUST_RESOURCE_TYPE, label: key };
    // inlinePolicies: { name: doc }
    if (holder && isObject(holder)) {
      const outer = parentOf(holder);
      if (outer && (outer.type === 'pair' || outer.type === 'keyword_argument')) {
        const outerKey = camel(outer.childForFieldName(outer.type === 'pair' ? 'key' : 'name')?.text ?? '');
        if (outerKey === 'inlinePolicies') return { kind: 'type', type: 'identity', label: `inlinePolicies.${(p.childForFieldName(p.type === 'pair' ? 'key' : 'name')?.text ?? '').replace(/['"]/g, '')}` };
      }
    }
  }
  void statements;
  return { kind: 'none' };
}
