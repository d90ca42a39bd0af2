import { buildPolicyDocument } from '../../model/policy';
import type { ArrayNode, ObjectNode, Path, PolicyDocument, PolicyType, PropertyNode, Span, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { TRUST_RESOURCE_TYPE } from './tables';

/**
 * What the Java, C# and Go extractors share (extractJava.ts, extractCsharp.ts, extractGo.ts):
 * synthetic nodes, the policy root around one statement, principals (given a per-language view of
 * the syntax), trust statements, and labels with ordinals. The TypeScript/Python extractor
 * (extract.ts) has its own, incremental, machinery.
 */

export const ELEMENT_ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** CDK statement property (any case: `actions`, `Actions`, `NotActions`) → IAM element. */
export function elementOf(prop: string): string | undefined {
  const p = prop.charAt(0).toLowerCase() + prop.slice(1);
  return ({ sid: 'Sid', effect: 'Effect', actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource', principals: 'Principal', notPrincipals: 'NotPrincipal', conditions: 'Condition' } as Record<string, string>)[p];
}

export function synthString(meta: RenderMeta, value: string, at: Span, path: Path): StringNode {
  const s: StringNode = { kind: 'string', value, span: at, path };
  meta.synthetic.add(s);
  return s;
}

/** `Effect.ALLOW` / `awsiam.Effect_DENY` (any qualifier) → Allow / Deny. */
export function effectText(text: string): string | undefined {
  const m = /(?:^|\.)Effect[._](ALLOW|DENY)$/.exec(text.replace(/\s+/g, ''));
  return m ? (m[1] === 'ALLOW' ? 'Allow' : 'Deny') : undefined;
}

/** The statement object: written properties sorted, the default Effect added (synthetic). */
export function statementNode(meta: RenderMeta, construct: SyntaxNode, properties: PropertyNode[], path: Path): ObjectNode {
  properties.sort((x, y) => ELEMENT_ORDER.indexOf(x.key) - ELEMENT_ORDER.indexOf(y.key));
  if (!properties.some((q) => q.key === 'Effect')) {
    const at: Span = { offset: construct.endIndex, length: 0 };
    properties.unshift({ key: 'Effect', keySpan: at, value: synthString(meta, 'Allow', at, [...path, 'Effect']), span: at, path: [...path, 'Effect'] });
  }
  const node: ObjectNode = { kind: 'object', properties, span: spanOf(construct), path };
  meta.synthetic.add(node);
  return node;
}

/** A property `el` of a statement whose key is the written property/method name. */
export function property(el: string, keyNode: SyntaxNode, value: ValueNode, path: Path): PropertyNode {
  return { key: el, keySpan: spanOf(keyNode), value, span: unionSpan([spanOf(keyNode), value.span]), path: [...path, el] };
}

/** Adds or replaces (a later assignment of the same element wins). */
export function setProperty(properties: PropertyNode[], prop: PropertyNode): void {
  const i = properties.findIndex((q) => q.key === prop.key);
  if (i >= 0) properties[i] = prop;
  else properties.push(prop);
}

/** How one language spells principal expressions. */
export interface PrincipalSyntax {
  unwrap(n: SyntaxNode): SyntaxNode;
  /** `new XPrincipal(args)` / `awsiam.NewXPrincipal(args, nil)`: the class, the node naming it, the arguments. */
  creation(n: SyntaxNode): { cls: string; nameNode: SyntaxNode; args: SyntaxNode[] } | undefined;
  /** Items when `n` is a list of principals (`List.of(…)`, `new IPrincipal[] { … }`). */
  list(n: SyntaxNode): SyntaxNode[] | undefined;
  /** The principal a `.withConditions(…)` / `.WithSessionTags()` call is made on. */
  receiverOfWith(n: SyntaxNode): SyntaxNode | undefined;
  value(n: SyntaxNode, path: Path): ValueNode;
}

const PRINCIPAL_KEY: Record<string, string> = {
  ServicePrincipal: 'Service',
  AccountPrincipal: 'AWS',
  ArnPrincipal: 'AWS',
  CanonicalUserPrincipal: 'CanonicalUser',
  FederatedPrincipal: 'Federated',
  WebIdentityPrincipal: 'Federated',
};

/** Principal expressions → `{"Service": …, "AWS": …}` (JSON keys synthetic) and the trust actions they imply. */
export function principals(meta: RenderMeta, syn: PrincipalSyntax, exprs: SyntaxNode[], path: Path): { value?: ValueNode; trustActions: string[] } {
  const byKey = new Map<string, { keySpan: Span; values: ValueNode[] }>();
  const trustActions: string[] = [];
  let unknown: ValueNode | undefined;
  const add = (key: string, keySpan: Span, v: ValueNode): void => {
    const cur = byKey.get(key) ?? { keySpan, values: [] };
    cur.values.push(v);
    byKey.set(key, cur);
  };
  const visit = (raw: SyntaxNode, depth: number): void => {
    const n = syn.unwrap(raw);
    if (depth > 16) return;
    const items = syn.list(n);
    if (items) {
      for (const a of items) visit(a, depth + 1);
      return;
    }
    const recv = syn.receiverOfWith(n);
    if (recv) {
      visit(recv, depth + 1);
      return;
    }
    const c = syn.creation(n);
    if (!c) {
      unknown ??= unknownNode(n, path);
      return;
    }
    const keySpan = spanOf(c.nameNode);
    const a = c.args;
    if (c.cls === 'AnyPrincipal' || c.cls === 'StarPrincipal') add('AWS', keySpan, synthString(meta, '*', spanOf(n), [...path, 'AWS']));
    else if (c.cls === 'AccountRootPrincipal') {
      const s: StringNode = { kind: 'string', value: 'arn:${?}:iam::${?}:root', parts: [{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':iam::' }, { hole: 'AWS::AccountId' }, { text: ':root' }], span: spanOf(n), path: [...path, 'AWS'] };
      meta.synthetic.add(s);
      add('AWS', keySpan, s);
    } else if (c.cls === 'CompositePrincipal') {
      for (const x of a) visit(x, depth + 1);
    } else if (PRINCIPAL_KEY[c.cls] && a[0]) {
      add(PRINCIPAL_KEY[c.cls], keySpan, syn.value(a[0], [...path, PRINCIPAL_KEY[c.cls]]));
      if (c.cls === 'WebIdentityPrincipal') trustActions.push('sts:AssumeRoleWithWebIdentity');
      if (c.cls === 'FederatedPrincipal') {
        const act = a[2] && syn.value(a[2], []);
        trustActions.push(act && act.kind === 'string' && !act.parts ? act.value : 'sts:AssumeRole');
      }
    } else unknown ??= unknownNode(n, path);
  };
  for (const e of exprs) visit(e, 0);
  if (byKey.size === 0) return { value: unknown, trustActions };
  const properties: PropertyNode[] = [];
  for (const [key, { keySpan, values }] of byKey) {
    const p = [...path, key];
    let value: ValueNode = values[0];
    if (values.length > 1) {
      value = { kind: 'array', items: values, span: unionSpan(values.map((v) => v.span)), path: p };
      meta.synthetic.add(value);
    }
    properties.push({ key, keySpan: { offset: keySpan.offset, length: 0 }, value, span: unionSpan([keySpan, value.span]), path: p });
  }
  const obj: ObjectNode = { kind: 'object', properties, span: unionSpan(properties.map((p) => p.span).concat(exprs.map(spanOf))), path };
  meta.synthetic.add(obj);
  return { value: obj, trustActions };
}

/** A trust statement from `assumedBy` (`keyNode` names it, `principal` is the expression). */
export function trustStatement(meta: RenderMeta, syn: PrincipalSyntax, keyNode: SyntaxNode, principal: SyntaxNode): ObjectNode | undefined {
  const pr = principals(meta, syn, [principal], ['Statement', 0, 'Principal']);
  if (!pr.value) return undefined;
  const at: Span = { offset: principal.startIndex, length: 0 };
  const actions = pr.trustActions.length ? pr.trustActions : ['sts:AssumeRole'];
  const actionValue: ArrayNode = { kind: 'array', items: actions.map((x, i) => synthString(meta, x, at, ['Statement', 0, 'Action', i])), span: at, path: ['Statement', 0, 'Action'] };
  meta.synthetic.add(actionValue);
  const props: PropertyNode[] = [
    { key: 'Effect', keySpan: at, value: synthString(meta, 'Allow', at, ['Statement', 0, 'Effect']), span: at, path: ['Statement', 0, 'Effect'] },
    { key: 'Principal', keySpan: spanOf(keyNode), value: pr.value, span: unionSpan([spanOf(keyNode), pr.value.span]), path: ['Statement', 0, 'Principal'] },
    { key: 'Action', keySpan: at, value: actionValue, span: at, path: ['Statement', 0, 'Action'] },
  ];
  const stmt: ObjectNode = { kind: 'object', properties: props, span: unionSpan([spanOf(keyNode), spanOf(principal)]), path: ['Statement', 0] };
  meta.synthetic.add(stmt);
  return stmt;
}

export type Context = { type?: PolicyType; resourceType?: string; label: string };

export const TRUST_CONTEXT = (label: string): Context => ({ type: 'trust', resourceType: TRUST_RESOURCE_TYPE, label });

/** `{Version, Statement: [stmt]}`, all synthetic. */
export function syntheticRoot(meta: RenderMeta, stmt: ObjectNode): ObjectNode {
  const at: Span = { offset: stmt.span.offset + stmt.span.length, length: 0 };
  const version: PropertyNode = { key: 'Version', keySpan: at, value: synthString(meta, '2012-10-17', at, ['Version']), span: at, path: ['Version'] };
  const arr: ArrayNode = { kind: 'array', items: [stmt], span: stmt.span, path: ['Statement'] };
  meta.synthetic.add(arr);
  const statementProp: PropertyNode = { key: 'Statement', keySpan: { offset: arr.span.offset, length: 0 }, value: arr, span: arr.span, path: ['Statement'] };
  const root: ObjectNode = { kind: 'object', properties: [version, statementProp], span: stmt.span, path: [] };
  meta.synthetic.add(root);
  return root;
}

/**
 * CDK refuses principals in an identity policy: `x.addToPolicy(statement with principals)` is x's
 * resource policy (a VPC endpoint's, …), as in extract.ts.
 */
export function principalsMakeResource(context: Context | undefined, stmt: ObjectNode): Context | undefined {
  if (context?.type === 'identity' && /\.(addToPolicy|AddToPolicy)$/.test(context.label) && stmt.properties.some((q) => q.key === 'Principal' || q.key === 'NotPrincipal')) return { type: 'resource', label: context.label };
  return context;
}

export const IDENTITY_METHOD = /^(addToPolicy|addToPrincipalPolicy|addToPrincipalOrResource|addToRolePolicy|AddToPolicy|AddToPrincipalPolicy|AddToPrincipalOrResource|AddToRolePolicy)$/;
export const RESOURCE_METHOD = /^(addToResourcePolicy|AddToResourcePolicy)$/;

/** A label for `receiver.method` (long receivers shortened from the left). */
export function callLabel(receiverText: string, method: string): string {
  const r = receiverText.replace(/\s+/g, '');
  return `${r.length > 30 ? '…' + r.slice(-29) : r}.${method}`;
}

/** Policies from statement roots, sorted in file order, identical labels numbered (`#2`, …). */
export function finishPolicies(found: { root: ObjectNode; context?: Context; fallback: string }[]): PolicyDocument[] {
  const policies = found.map(({ root, context, fallback }) => {
    const label = context?.label ?? fallback;
    return buildPolicyDocument(root, { type: context?.type, typeSource: context?.type ? 'context' : undefined, resourceType: context?.resourceType, label, hostPath: [label] });
  });
  policies.sort((x, y) => x.root.span.offset - y.root.span.offset);
  const seen = new Map<string, number>();
  return policies.map((p) => {
    const b = String(p.hostPath[0] ?? p.label);
    const k = (seen.get(b) ?? 0) + 1;
    seen.set(b, k);
    return k === 1 ? p : { ...p, label: `${b} #${k}`, hostPath: [b, k] };
  });
}

/** Pre-order walk over named nodes. */
export function walk(n: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  const stack: SyntaxNode[] = [n];
  while (stack.length) {
    const cur = stack.pop()!;
    visit(cur);
    const kids = cur.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}
