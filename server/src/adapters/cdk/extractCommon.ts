import { buildPolicyDocument } from '../../model/policy';
import type { ArrayNode, ObjectNode, Path, PolicyDocument, PolicyType, PropertyNode, Span, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { TRUST_RESOURCE_TYPE } from './tables';
import { clearShift, shiftOf } from '../../model/derived';

/**
 * What the Java, C# and Go extractors share (extractJava.ts, extractCsharp.ts, extractGo.ts):
 * synthetic nodes, the policy root around one statement, principals (given a per-language view of
 * the syntax), trust statements, and labels with ordinals. Their walker is extractLang.ts, their
 * per-language view langSyntax.ts. The TypeScript/Python extractor (extract.ts) has its own,
 * incremental, machinery.
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
export function statementNode(meta: RenderMeta, construct: SyntaxNode, properties: PropertyNode[], path: Path, extra: SyntaxNode[] = []): ObjectNode {
  properties.sort((x, y) => ELEMENT_ORDER.indexOf(x.key) - ELEMENT_ORDER.indexOf(y.key));
  if (!properties.some((q) => q.key === 'Effect')) {
    const at: Span = { offset: construct.endIndex, length: 0 };
    properties.unshift({ key: 'Effect', keySpan: at, value: synthString(meta, 'Allow', at, [...path, 'Effect']), span: at, path: [...path, 'Effect'] });
  }
  // Builder calls on the statement's variable are part of it (features find their values inside it).
  const node: ObjectNode = { kind: 'object', properties, span: unionSpan([spanOf(construct), ...extra.map(spanOf)]), path };
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

/** A principal construct: its class, the node naming it (the key span), its arguments. */
export interface Creation {
  cls: string;
  nameNode: SyntaxNode;
  args: SyntaxNode[];
  node?: SyntaxNode;
}

/** How one language spells principal expressions. */
export interface PrincipalSyntax {
  unwrap(n: SyntaxNode): SyntaxNode;
  /** `new XPrincipal(args)` / `awsiam.NewXPrincipal(args, nil)`: the class, the node naming it, the arguments. */
  creation(n: SyntaxNode): Creation | undefined;
  /** Items when `n` is a list (`List.of(…)`, `new IPrincipal[] { … }`, `&[]awsiam.IPrincipal{…}`). */
  list(n: SyntaxNode): SyntaxNode[] | undefined;
  /** `n` as a method call on a receiver (`.withConditions(…)` / `.WithSessionTags()` on a principal). */
  call(n: SyntaxNode): MethodCall | undefined;
  /** The receiver of `n` when it is a method call (`recv` of `recv.m(…)`): `call(n)?.receiver` without reading the arguments. */
  receiver(n: SyntaxNode): SyntaxNode | undefined;
  value(n: SyntaxNode, path: Path): ValueNode;
}

/** Principal class → the JSON key of its value (the first argument). */
const PRINCIPAL_KEY: Record<string, string> = {
  ServicePrincipal: 'Service',
  AccountPrincipal: 'AWS',
  ArnPrincipal: 'AWS',
  CanonicalUserPrincipal: 'CanonicalUser',
  FederatedPrincipal: 'Federated',
  WebIdentityPrincipal: 'Federated',
};


/** The expression inside parentheses and casts (Java and C#: `(x)`, `(Type) x`). */
export function unwrapParensAndCasts(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let i = 0; i < 16 && (cur.type === 'parenthesized_expression' || cur.type === 'cast_expression'); i++) {
    const inner = cur.childForFieldName('value') ?? cur.namedChildren[cur.namedChildren.length - 1];
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/** The principal JSON object (`{"Service": …, "AWS": […]}`, keys synthetic) from values grouped by key. */
export function principalObject(meta: RenderMeta, byKey: Map<string, { keySpan: Span; values: ValueNode[] }>, exprSpans: Span[], path: Path): ObjectNode {
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
  const obj: ObjectNode = { kind: 'object', properties, span: unionSpan(properties.map((p) => p.span).concat(exprSpans)), path };
  meta.synthetic.add(obj);
  return obj;
}

/** `arn:${Partition}:iam::${AccountId}:root` of `AccountRootPrincipal`. */
export function accountRootArn(meta: RenderMeta, at: Span, path: Path): StringNode {
  const s: StringNode = { kind: 'string', value: 'arn:${?}:iam::${?}:root', parts: [{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':iam::' }, { hole: 'AWS::AccountId' }, { text: ':root' }], span: at, path };
  meta.synthetic.add(s);
  return s;
}

/**
 * What principal expressions add up to, in every CDK language (extract.ts for TypeScript/Python, the
 * walker below for Java/C#/Go): values grouped by JSON key (`Service`, `AWS`, …), the conditions
 * they carry, the trust actions they imply, the first expression that is not a known principal.
 */
export class PrincipalBuilder {
  readonly byKey = new Map<string, { keySpan: Span; values: ValueNode[] }>();
  readonly conditions: PropertyNode[] = [];
  readonly trustActions: string[] = [];
  unknown?: ValueNode;

  constructor(
    private readonly meta: RenderMeta,
    private readonly path: Path,
  ) {}

  /** A value under a JSON key; `keySpan` names the principal (the key itself is synthetic). */
  add(key: string, keySpan: Span, v: ValueNode): void {
    const cur = this.byKey.get(key) ?? { keySpan, values: [] };
    cur.values.push(v);
    this.byKey.set(key, cur);
  }

  /** The Principal value (an object over `exprSpans`; else the unknown expression, if any). */
  result(exprSpans: Span[]): { value?: ValueNode; trustActions: string[]; conditions: PropertyNode[] } {
    const value = this.byKey.size === 0 ? this.unknown : principalObject(this.meta, this.byKey, exprSpans, this.path);
    return { value, trustActions: this.trustActions, conditions: this.conditions };
  }
}

/**
 * Principal expressions (and `addXPrincipal` builder calls, `extra`) → `{"Service": …, "AWS": …}`
 * (JSON keys synthetic), the conditions they carry (`OrganizationPrincipal`, a federated
 * principal's conditions, `.withConditions(…)`) and the trust actions they imply.
 */
export function principals(meta: RenderMeta, syn: PrincipalSyntax, exprs: SyntaxNode[], path: Path, extra: Creation[] = []): { value?: ValueNode; trustActions: string[]; conditions: PropertyNode[] } {
  const b = new PrincipalBuilder(meta, path);
  const { trustActions, conditions } = b;
  const add = b.add.bind(b);
  const condPath = [...path.slice(0, -1), 'Condition'];
  const addConditions = (n: SyntaxNode | undefined): void => {
    const v = n && syn.value(n, condPath);
    if (v?.kind === 'object') conditions.push(...v.properties);
  };
  const handle = (c: Creation, n: SyntaxNode, depth: number): void => {
    const keySpan = spanOf(c.nameNode);
    const a = c.args;
    switch (c.cls) {
      case 'AnyPrincipal':
      case 'StarPrincipal':
        add('AWS', keySpan, synthString(meta, '*', spanOf(n), [...path, 'AWS']));
        return;
      case 'AccountRootPrincipal':
        add('AWS', keySpan, accountRootArn(meta, spanOf(n), [...path, 'AWS']));
        return;
      case 'CompositePrincipal':
        for (const x of a) visit(x, depth + 1);
        return;
      case 'OrganizationPrincipal': {
        add('AWS', keySpan, synthString(meta, '*', spanOf(n), [...path, 'AWS']));
        if (!a[0]) return;
        const v = syn.value(a[0], [...condPath, 'StringEquals', 'aws:PrincipalOrgID']);
        const obj: ObjectNode = { kind: 'object', properties: [{ key: 'aws:PrincipalOrgID', keySpan: { offset: v.span.offset, length: 0 }, value: v, span: v.span, path: [...condPath, 'StringEquals', 'aws:PrincipalOrgID'] }], span: v.span, path: [...condPath, 'StringEquals'] };
        meta.synthetic.add(obj);
        conditions.push({ key: 'StringEquals', keySpan: { offset: keySpan.offset, length: 0 }, value: obj, span: spanOf(n), path: [...condPath, 'StringEquals'] });
        return;
      }
      case 'OpenIdConnectPrincipal':
      case 'SamlPrincipal':
      case 'SamlConsolePrincipal':
        // The provider is a construct: its ARN is unknown here.
        if (a[0]) add('Federated', keySpan, unknownNode(a[0], [...path, 'Federated']));
        addConditions(a[1]);
        trustActions.push(c.cls === 'OpenIdConnectPrincipal' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRoleWithSAML');
        return;
    }
    if (PRINCIPAL_KEY[c.cls] && a[0]) {
      add(PRINCIPAL_KEY[c.cls], keySpan, syn.value(a[0], [...path, PRINCIPAL_KEY[c.cls]]));
      if (c.cls === 'WebIdentityPrincipal') {
        trustActions.push('sts:AssumeRoleWithWebIdentity');
        addConditions(a[1]);
      }
      if (c.cls === 'FederatedPrincipal') {
        addConditions(a[1]);
        const act = a[2] && syn.value(a[2], []);
        trustActions.push(act && act.kind === 'string' && !act.parts ? act.value : 'sts:AssumeRole');
      }
    } else b.unknown ??= unknownNode(n, path);
  };
  const visit = (raw: SyntaxNode, depth: number): void => {
    const n = syn.unwrap(raw);
    if (depth > 16) return;
    const items = syn.list(n);
    if (items) {
      for (const a of items) visit(a, depth + 1);
      return;
    }
    const w = syn.call(n);
    if (w?.receiver && /^[wW]ith(Conditions|SessionTags)$/.test(w.method)) {
      visit(w.receiver, depth + 1);
      if (/^[wW]ithConditions$/.test(w.method)) addConditions(w.args[0]);
      else trustActions.push('sts:TagSession');
      return;
    }
    const c = syn.creation(n);
    if (c) handle(c, n, depth);
    else b.unknown ??= unknownNode(n, path);
  };
  for (const e of exprs) visit(e, 0);
  for (const c of extra) handle(c, c.node ?? c.nameNode, 0);
  return b.result(exprs.map(spanOf));
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
  if (pr.conditions.length) {
    const cond = mergeConditionProps(meta, pr.conditions, ['Statement', 0, 'Condition']);
    props.push({ key: 'Condition', keySpan: at, value: cond, span: cond.span, path: ['Statement', 0, 'Condition'] });
  }
  const stmt: ObjectNode = { kind: 'object', properties: props, span: unionSpan([spanOf(keyNode), spanOf(principal)]), path: ['Statement', 0] };
  meta.synthetic.add(stmt);
  return stmt;
}

export type Context = { type?: PolicyType; resourceType?: string; resourceElement?: 'implicit'; label: string };

export const TRUST_CONTEXT = (label: string): Context => ({ type: 'trust', resourceType: TRUST_RESOURCE_TYPE, label });

/** `{Version, Statement: [stmt]}`, all synthetic. */
export function syntheticRoot(meta: RenderMeta, stmt: ObjectNode): ObjectNode {
  return rootOver(meta, [stmt], stmt.span);
}

/** `{Version, Statement: [items]}` covering `outer`, all synthetic. */
export function rootOver(meta: RenderMeta, items: ValueNode[], outer: Span): ObjectNode {
  const at: Span = { offset: outer.offset + outer.length, length: 0 };
  const version: PropertyNode = { key: 'Version', keySpan: at, value: synthString(meta, '2012-10-17', at, ['Version']), span: at, path: ['Version'] };
  const arr: ArrayNode = { kind: 'array', items, span: unionSpan([outer, ...items.map((i) => i.span)]), path: ['Statement'] };
  meta.synthetic.add(arr);
  const statementProp: PropertyNode = { key: 'Statement', keySpan: { offset: arr.span.offset, length: 0 }, value: arr, span: arr.span, path: ['Statement'] };
  const root: ObjectNode = { kind: 'object', properties: [version, statementProp], span: arr.span, path: [] };
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

/** The policy of one statement root: its label from the context, else `fallback`. */
export function buildPolicy(root: ObjectNode, context: Context | undefined, fallback: string): PolicyDocument {
  const label = context?.label ?? fallback;
  return buildPolicyDocument(root, { type: context?.type, typeSource: context?.type ? 'context' : undefined, resourceType: context?.resourceType, resourceElement: context?.resourceElement, label, hostPath: [label] });
}

/**
 * The labelled copy (`label #2`) made of a policy by the last `withOrdinals`: while the policy is
 * reused (moved in place, see reuse.ts) and keeps the same ordinal, the same copy is returned, so
 * the findings cache keeps its key. Not after an uneven move (a pending shift of the policy onto
 * itself): the copy's remembered key would be stale, so a new copy is made.
 */
const ordinalCopies = new WeakMap<PolicyDocument, PolicyDocument>();

/**
 * A policy carry.ts paired with its previous self at the last parse (a shift noted from another
 * policy) and now moved in place by the incremental extraction: the noted map no longer holds (it
 * does not include this move), so the note is dropped (the findings cache then fingerprints the
 * policy); also on its labelled copy. A move in place noted by reuse.ts (a shift onto itself) stays.
 */
export function forgetCarried(p: PolicyDocument): void {
  for (const x of [p, ordinalCopies.get(p)]) {
    const sh = x && shiftOf(x);
    if (x && sh && sh.from !== x) clearShift(x);
  }
}

/** Condition operators from several sources in one synthetic object (operators of the same name merged). */
export function mergeConditionProps(meta: RenderMeta, parts: PropertyNode[], path: Path): ObjectNode {
  const props: PropertyNode[] = [];
  for (const p of parts) {
    const i = props.findIndex((q) => q.key === p.key);
    const existing = props[i];
    if (existing && existing.value.kind === 'object' && p.value.kind === 'object') {
      const merged: ObjectNode = { kind: 'object', properties: [...existing.value.properties, ...p.value.properties], span: unionSpan([existing.value.span, p.value.span]), path: [...path, p.key] };
      meta.synthetic.add(merged);
      props[i] = { ...existing, value: merged, span: unionSpan([existing.span, p.span]) };
    } else if (!existing) props.push(p);
  }
  const node: ObjectNode = { kind: 'object', properties: props, span: unionSpan(props.map((p) => p.span)), path };
  meta.synthetic.add(node);
  return node;
}

/** Policies sorted in file order, identical labels numbered (`#2`, …). */
export function withOrdinals(policies: PolicyDocument[]): PolicyDocument[] {
  policies.sort((x, y) => x.root.span.offset - y.root.span.offset);
  const seen = new Map<string, number>();
  return policies.map((p) => {
    const b = String(p.hostPath[0] ?? p.label);
    const k = (seen.get(b) ?? 0) + 1;
    seen.set(b, k);
    if (k === 1) return p;
    const label = `${b} #${k}`;
    const prev = ordinalCopies.get(p);
    if (prev && prev.label === label && shiftOf(p)?.from !== p) return prev;
    const copy = { ...p, label, hostPath: [b, k] };
    ordinalCopies.set(p, copy);
    return copy;
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

/* ------------------------------------------------------------------------------------------------
 * The Java / C# / Go walker: one extraction parameterised by a small per-language syntax table
 * (`LangSyntax`). Each language file says how its grammar spells a call, a construct with its
 * properties, a variable binding and a value; everything else (which constructs make which
 * policies, builder calls on a variable, documents and their statements, inline policies, trust
 * statements, the policy type from the call a statement is passed to) is here, once.
 * --------------------------------------------------------------------------------------------- */

/** A written property of a construct: `actions(…)` (Java builder), `Actions = …` (C#), `Actions: …` (Go). */
export interface Prop {
  name: string;
  nameNode: SyntaxNode;
  value: SyntaxNode;
}

/** A method call on a receiver: `recv.m(args)` (Go: `recv.M(args)`). */
export interface MethodCall {
  receiver?: SyntaxNode;
  method: string;
  nameNode: SyntaxNode;
  args: SyntaxNode[];
  node: SyntaxNode;
}

/**
 * A `PolicyStatement` of Bedrock AgentCore (`agentcore.PolicyStatement({ effect: PolicyEffect.PERMIT,
 * principal, action, resource })`, a Cedar policy) rather than IAM's: its text names `PolicyEffect`
 * or `agentcore`, or it spells the singular Cedar properties.
 */
export function cedarStatement(text: string): boolean {
  if (/\bPolicyEffect\b|\bagentcore\b/.test(text)) return true;
  return /\b([pP]rincipal|[aA]ction|[rR]esource)\s*[:=(]/.test(text) && !/\b([aA]ctions|[rR]esources|[pP]rincipals|[nN]ot[A-Z]\w*|from_?[jJ]son)\s*[:=(]/.test(text);
}
