import { buildPolicyDocument } from '../../model/policy';
import type { ArrayNode, ObjectNode, Path, PolicyDocument, PolicyType, PropertyNode, Span, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { newMeta, spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { RESOURCE_TYPES, TRUST_RESOURCE_TYPE, resourceElementOf } from './tables';
import { clearShift, shiftOf } from '../../model/derived';
import { dependOn, dependOnName, startDeps, stopDeps } from './syntax';
import { reusable } from './reuse';
import type { ExtractEdit, ExtractState, Unit } from './extract';

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
function forgetCarried(p: PolicyDocument): void {
  for (const x of [p, ordinalCopies.get(p)]) {
    const sh = x && shiftOf(x);
    if (x && sh && sh.from !== x) clearShift(x);
  }
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

/** The CDK classes the walker reads. */
export const CONSTRUCT_CLASSES = /^(PolicyStatement|PolicyDocument|Policy|ManagedPolicy|Role)$/;

/**
 * A construct at one node: `new PolicyStatement(props)`, `PolicyDocument.Builder.create()….build()`,
 * `awsiam.NewRole(scope, id, &awsiam.RoleProps{…})`, `PolicyStatement.fromJson(obj)` (`json`).
 */
export interface Construct {
  cls: string;
  node: SyntaxNode;
  props: Prop[];
  json?: SyntaxNode;
  /** The construct id (`"Worker"` of `new Role(this, "Worker", …)`), when a plain literal. */
  id?: string;
}

/** How one language spells what the walker reads (see extractJava.ts, extractCsharp.ts, extractGo.ts). */
export interface LangSyntax extends PrincipalSyntax {
  meta: RenderMeta;
  /** Local variables and fields: name → initialiser (first declaration wins; filled by `extractWith` from `declare`). */
  decls: Map<string, SyntaxNode>;
  /** Node types whose children are statements or members (a block, a class body, …): the chunks of an incremental extraction. */
  containers: ReadonlySet<string>;
  /** The variables a node declares (name → initialiser), if it is a declaration. */
  declare(n: SyntaxNode): [string, SyntaxNode][] | undefined;
  /** A construct at `n`; `claim` marks a nested node (a props builder) that is not a construct of its own. */
  construct(n: SyntaxNode, claim: (inner: SyntaxNode) => void): Construct | undefined;
  /** The call node an expression is an argument of. */
  argumentOf(expr: SyntaxNode): SyntaxNode | undefined;
  /** The variable an expression is assigned to (`PolicyStatement st = …`, `var st = …`, `st := …`) and the scope to look for its uses. */
  binding(expr: SyntaxNode): { name: string; scope: SyntaxNode } | undefined;
  /** Key/value pairs of a map literal (`Map.of("k", v)`, `new Dictionary<…> { { "k", v } }`, `map[string]T{"k": v}`). */
  entries(n: SyntaxNode): { key: SyntaxNode; value: SyntaxNode }[] | undefined;
  /** The text of a plain string literal (`"x"`, `jsii.String("x")`), else undefined. */
  literal(n: SyntaxNode): string | undefined;
  /** Variadic arguments (`addActions("a", "b")`) as one list, indices from `start` (see `argumentsArray`). */
  argsArray(call: SyntaxNode, path: Path, start: number): ArrayNode;
  /** The class a receiver variable was created with. */
  receiverClass(receiver: SyntaxNode): string | undefined;
}

/** What every language's extraction keeps while it runs. */
export interface LangCtx {
  meta: RenderMeta;
  /** Local variables and fields: name → initialiser (first declaration in the file wins). */
  decls: Map<string, SyntaxNode>;
}

/** The result of a Java / C# / Go extraction. */
export interface LangExtraction {
  policies: PolicyDocument[];
  meta: RenderMeta;
  /** What the next, incremental extraction of the same document reuses. */
  state: LangState;
}

/** A Java or C# extraction: a fresh context (the previous state's render meta kept) read by the shared walker. */
export function extractLang(makeSyntax: (ctx: LangCtx) => LangSyntax, root: SyntaxNode, text: string, edit?: LangEdit): LangExtraction {
  const meta = (edit?.prev as LangState | undefined)?.meta ?? newMeta();
  const r = extractWith(makeSyntax({ meta, decls: new DeclMap() }), root, text, edit);
  return { policies: r.policies, meta, state: r.state };
}

/** `new X(args)` (Java and C# spell it alike): the class named, the node naming it, the arguments. */
export function newExpression(n: SyntaxNode, simpleName: (t: SyntaxNode | null) => string | undefined, args: (c: SyntaxNode) => SyntaxNode[]): Creation | undefined {
  if (n.type !== 'object_creation_expression') return undefined;
  const typeNode = n.childForFieldName('type');
  const cls = simpleName(typeNode);
  return cls && typeNode ? { cls, nameNode: typeNode, args: args(n) } : undefined;
}

/** The call whose argument list (of node type `listType`) holds `expr` (parentheses skipped). */
export function callOfArgument(expr: SyntaxNode, listType: string): SyntaxNode | undefined {
  let e = expr;
  while (e.parent?.type === 'parenthesized_expression') e = e.parent;
  if (listType === 'argument') return e.parent?.type === 'argument' ? (e.parent.parent?.parent ?? undefined) : undefined;
  return e.parent?.type === listType ? (e.parent.parent ?? undefined) : undefined;
}

/** The nearest ancestor of `n` whose type is one of `types` (else the root). */
export function scopeOf(n: SyntaxNode, types: RegExp): SyntaxNode {
  let s = n;
  while (s.parent && !types.test(s.type)) s = s.parent;
  return s;
}

/**
 * Arguments of a call as one list whose span is the inside of the parentheses, so that fixes
 * edit the items and keep the call (`List.of(…)`, variadic `addActions("a", "b")`).
 */
export function argumentsArray(meta: RenderMeta, call: SyntaxNode, items: ValueNode[], path: Path): ArrayNode {
  const al = call.childForFieldName('arguments')!;
  const arr: ArrayNode = { kind: 'array', items, span: { offset: al.startIndex + 1, length: Math.max(0, al.endIndex - al.startIndex - 2) }, path };
  meta.args.add(arr);
  return arr;
}

/** `XProps` of a construct class X → X. */
export function propsClassOf(typeName: string | undefined): string | undefined {
  const m = typeName ? /^(\w+)Props$/.exec(typeName) : null;
  return m && CONSTRUCT_CLASSES.test(m[1]) ? m[1] : undefined;
}

/**
 * A construct call `new X(scope, id, props)` / `awsiam.NewX(scope, id, props)`: its properties are
 * read from the last argument when that is X's own props (`ownProps`), which is then claimed.
 * `new PolicyStatement(props)` with props we cannot read is no construct (left alone).
 */
export function constructCall(syn: LangSyntax, cls: string, node: SyntaxNode, a: SyntaxNode[], ownProps: (last: SyntaxNode) => Prop[] | undefined, claim: (inner: SyntaxNode) => void): Construct | undefined {
  const last = a.length ? syn.unwrap(a[a.length - 1]) : undefined;
  const props = last ? ownProps(last) : undefined;
  if (props && last) claim(last);
  if (cls === 'PolicyStatement' && a.length > 0 && !props && a[0].type !== 'nil') return undefined;
  return { cls, node, props: props ?? [], id: constructId(syn, a[1]) };
}

/** The id argument (`"Worker"`) of a construct call, when a plain literal of a short name. */
export function constructId(syn: LangSyntax, idArg: SyntaxNode | undefined): string | undefined {
  const t = idArg ? syn.literal(syn.unwrap(idArg)) : undefined;
  return t !== undefined && /^[\w.:/-]{1,60}$/.test(t) ? t : undefined;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** Statement builder methods (`addActions`, C#/Go `AddActions`) → what they add. */
const BUILDER_ELEMENT: Record<string, string> = { addActions: 'Action', addNotActions: 'NotAction', addResources: 'Resource', addNotResources: 'NotResource' };
/** `addXPrincipal(args)` → the principal class it adds. */
const BUILDER_PRINCIPAL: Record<string, string> = {
  addAnyPrincipal: 'AnyPrincipal',
  addArnPrincipal: 'ArnPrincipal',
  addAwsAccountPrincipal: 'AccountPrincipal',
  addServicePrincipal: 'ServicePrincipal',
  addFederatedPrincipal: 'FederatedPrincipal',
  addAccountRootPrincipal: 'AccountRootPrincipal',
  addCanonicalUserPrincipal: 'CanonicalUserPrincipal',
};
const STATEMENT_BUILDERS = /^(add(Not)?(Actions|Resources|Principals)|addAllResources|addCondition|addConditions|add\w*Principal)$/;

/** An array of the items of two arrays (a builder call adding to a written list), synthetic. */
function concatArrays(meta: RenderMeta, a: ValueNode, b: ArrayNode, path: Path): ValueNode {
  if (a.kind !== 'array') return a.kind === 'unknown' ? a : b;
  const arr: ArrayNode = { kind: 'array', items: [...a.items, ...b.items], span: unionSpan([a.span, b.span]), path };
  meta.synthetic.add(arr);
  return arr;
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

/** One statement from its construct's properties and the builder calls made on its variable. */
export function statementOf(syn: LangSyntax, c: Construct, calls: MethodCall[], path: Path): ValueNode {
  const meta = syn.meta;
  if (c.json) return syn.value(c.json, path);
  const properties: PropertyNode[] = [];
  const pr: Record<'Principal' | 'NotPrincipal', { key?: SyntaxNode; exprs: SyntaxNode[]; extra: Creation[] }> = { Principal: { exprs: [], extra: [] }, NotPrincipal: { exprs: [], extra: [] } };
  const conditionParts: PropertyNode[] = [];
  let conditionKey: SyntaxNode | undefined;
  for (const prop of c.props) {
    const el = elementOf(prop.name);
    if (!el) continue;
    const p = [...path, el];
    if (el === 'Principal' || el === 'NotPrincipal') {
      pr[el].key ??= prop.nameNode;
      pr[el].exprs.push(prop.value);
      continue;
    }
    let value: ValueNode;
    if (el === 'Effect') {
      const e = effectText(syn.unwrap(prop.value).text);
      value = e ? synthString(meta, e, spanOf(syn.unwrap(prop.value)), p) : unknownNode(prop.value, p);
    } else value = syn.value(prop.value, p);
    setProperty(properties, property(el, prop.nameNode, value, path));
  }
  for (const call of calls) {
    const m = lowerFirst(call.method);
    const el = BUILDER_ELEMENT[m];
    if (el) {
      const p = [...path, el];
      const existing = properties.find((q) => q.key === el);
      const start = existing?.value.kind === 'array' ? existing.value.items.length : 0;
      const arr = syn.argsArray(call.node, p, start);
      if (existing) setProperty(properties, { ...existing, value: concatArrays(meta, existing.value, arr, p), span: unionSpan([existing.span, spanOf(call.node)]) });
      else setProperty(properties, property(el, call.nameNode, arr, path));
    } else if (m === 'addAllResources') {
      if (!properties.some((q) => q.key === 'Resource')) setProperty(properties, property('Resource', call.nameNode, synthString(meta, '*', spanOf(call.nameNode), [...path, 'Resource']), path));
    } else if (m === 'addPrincipals' || m === 'addNotPrincipals') {
      const k = m === 'addPrincipals' ? 'Principal' : 'NotPrincipal';
      pr[k].key ??= call.nameNode;
      pr[k].exprs.push(...call.args);
    } else if (BUILDER_PRINCIPAL[m]) {
      pr.Principal.key ??= call.nameNode;
      pr.Principal.extra.push({ cls: BUILDER_PRINCIPAL[m], nameNode: call.nameNode, args: call.args, node: call.node });
    } else if (m === 'addCondition' && call.args.length === 2) {
      const op = syn.literal(syn.unwrap(call.args[0]));
      if (op === undefined) continue;
      const v = syn.value(call.args[1], [...path, 'Condition', op]);
      conditionKey ??= call.nameNode;
      conditionParts.push({ key: op, keySpan: spanOf(syn.unwrap(call.args[0])), value: v, span: spanOf(call.node), path: [...path, 'Condition', op] });
    } else if (m === 'addConditions' && call.args.length === 1) {
      const v = syn.value(call.args[0], [...path, 'Condition']);
      conditionKey ??= call.nameNode;
      if (v.kind === 'object') conditionParts.push(...v.properties);
    }
  }
  for (const k of ['Principal', 'NotPrincipal'] as const) {
    const x = pr[k];
    if (!x.key) continue;
    const r = principals(meta, syn, x.exprs, [...path, k], x.extra);
    const value = r.value ?? unknownNode(x.exprs[0] ?? x.key, [...path, k]);
    setProperty(properties, property(k, x.key, value, path));
    if (k === 'Principal') conditionParts.push(...r.conditions);
  }
  if (conditionParts.length) {
    const written = properties.find((q) => q.key === 'Condition');
    if (written && written.value.kind !== 'object') {
      // An unknown Condition stays unknown.
    } else {
      const value = mergeConditionProps(meta, [...(written?.value.kind === 'object' ? written.value.properties : []), ...conditionParts], [...path, 'Condition']);
      const keyNode = conditionKey ?? c.node;
      setProperty(properties, written ? { ...written, value, span: unionSpan([written.span, value.span]) } : { key: 'Condition', keySpan: conditionKey ? spanOf(keyNode) : { offset: value.span.offset, length: 0 }, value, span: value.span, path: [...path, 'Condition'] });
    }
  }
  return statementNode(meta, c.node, properties, path, calls.map((x) => x.node));
}

/* ------------------------------------------------------------------------------------------------
 * Incremental extraction (Java, C#, Go), with the units of reuse.ts.
 *
 * Discovery: the file is read in *chunks*, one per statement or member (a node whose parent is one
 * of the language's `containers`: a block, a class body, a Go statement list…), nested. A chunk
 * records, in pre-order, the constructs and declarations in it and its nested chunks, and indexes
 * its identifiers and the calls on an identifier receiver by name. The mirror (mirror.ts) keeps the
 * nodes an edit did not reach as the same objects (moved), so a chunk outside the edit's dirty
 * region is taken from the previous extraction as it is; only the chunks on the path to the edit
 * are read again. Nothing a chunk records depends on what is outside it (a construct claims only
 * the props expression it is given, never across a statement).
 *
 * Units: each construct that can make or shape a policy (a Role, a Policy/ManagedPolicy, a
 * document, a statement) is a unit of reuse.ts that records the source ranges and names it read
 * (its statement, the declarations it followed, the calls and uses of its variable). After an edit
 * a unit none of whose ranges or names the dirty region touches keeps its policy (moved in place);
 * the others are extracted again. What units pass to one another is carried with them: the
 * statements a document consumes, the context a Role or Policy gives a document (`links`, by the
 * document's node id: the node is kept while the unit is clean); a document whose given context
 * changed is extracted again (`ctxKey`).
 * --------------------------------------------------------------------------------------------- */

/** A declaration, a construct or a nested chunk, in pre-order. */
type ChunkItem = { k: 0; c: Construct } | { k: 1; name: string; value: SyntaxNode } | { k: 2; chunk: Chunk };

interface Chunk {
  node: SyntaxNode;
  items: ChunkItem[];
  kids: Chunk[];
  /** Identifiers in the chunk (not in nested chunks), by name (created on the first one). */
  idents?: Map<string, SyntaxNode[]>;
  /** Calls on an identifier receiver in the chunk (not in nested chunks; their nodes), by the receiver's name. */
  calls?: Map<string, SyntaxNode[]>;
}

/** Chunks nested deeper than this are read as part of their parent chunk (hostile nesting). */
const MAX_CHUNK_DEPTH = 64;

/** Extraction state of one Java, C# or Go document kept between edits (owned by index.ts). */
export interface LangState extends ExtractState {
  /** Chunks by their root node (valid while the mirror is spliced, not rebuilt). */
  chunks: WeakMap<SyntaxNode, Chunk>;
  /** Go: the `jsii.String(…)` calls of list items (extractGo.ts), kept with the reused policies' nodes. */
  wrapped?: WeakMap<ArrayNode, SyntaxNode[]>;
}

interface LangUnit extends Unit {
  /** Contexts this unit gives documents (`inlinePolicies`, a Policy's `document`), by the document's node id. */
  links?: { doc: number; context: Context }[];
  /** A document unit: the key of the context given to it by another unit when it was extracted. */
  ctxKey?: string;
}

/** What the last Java / C# / Go extraction did (tests count work with it; no timing). */
export const langExtractStats = { unitsExtracted: 0, unitsReused: 0, nodesScanned: 0, chunksScanned: 0, chunksReused: 0 };

/** Local variables and fields by name (first declaration in the file wins); a lookup is a dependency of the current unit. */
export class DeclMap extends Map<string, SyntaxNode> {
  override get(name: string): SyntaxNode | undefined {
    dependOnName(name);
    const v = super.get(name);
    if (v) {
      dependOn(v);
      dependOn(v.parent);
    }
    return v;
  }
}

function pushTo<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The incremental side of an extraction: the previous state and the edit since (see index.ts). */
export type LangEdit = ExtractEdit;

/** The dirty region of an edit (new offsets, whole lines), or undefined when there is no edit. */
function dirtyRegion(edit: ExtractEdit, text: string): { start: number; end: number } {
  let ds = edit.startIndex;
  let de = edit.newEndIndex;
  for (const r of edit.changed) {
    ds = Math.min(ds, r.startIndex);
    de = Math.max(de, r.endIndex);
  }
  const start = text.lastIndexOf('\n', Math.max(0, ds - 1)) + 1;
  const e = text.indexOf('\n', de);
  return { start, end: e < 0 ? text.length : e };
}

/** Reads the chunk rooted at `x`, or takes it from `memo` when `clean(x)`. */
function scanChunk(syn: LangSyntax, x: SyntaxNode, depth: number, memo: WeakMap<SyntaxNode, Chunk>, clean: (n: SyntaxNode) => boolean): Chunk {
  if (clean(x)) {
    const m = memo.get(x);
    if (m) {
      langExtractStats.chunksReused++;
      return m;
    }
  }
  langExtractStats.chunksScanned++;
  const chunk: Chunk = { node: x, items: [], kids: [] };
  let claimed: Set<number> | undefined;
  const claim = (inner: SyntaxNode): void => void (claimed ??= new Set()).add(inner.id);
  const stack: SyntaxNode[] = [x];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== x && n.parent && syn.containers.has(n.parent.type)) {
      if (depth < MAX_CHUNK_DEPTH) {
        const sub = scanChunk(syn, n, depth + 1, memo, clean);
        chunk.items.push({ k: 2, chunk: sub });
        chunk.kids.push(sub);
        continue;
      }
      memo.delete(n); // read as part of this chunk now: a chunk kept for it would go stale
    }
    langExtractStats.nodesScanned++;
    if (!claimed?.has(n.id)) {
      const c = syn.construct(n, claim);
      if (c && !(c.cls === 'PolicyStatement' && cedarStatement(c.node.text))) chunk.items.push({ k: 0, c });
    }
    const d = syn.declare(n);
    if (d) for (const [name, value] of d) chunk.items.push({ k: 1, name, value });
    if (n.type === 'identifier') pushTo((chunk.idents ??= new Map()), n.text, n);
    const recv = syn.receiver(n);
    if (recv) {
      const r = syn.unwrap(recv);
      if (r.type === 'identifier') pushTo((chunk.calls ??= new Map()), r.text, n);
    }
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  memo.set(x, chunk);
  return chunk;
}

/** The innermost chunk that holds `scope`. */
function chunkHolding(root: Chunk, scope: SyntaxNode): Chunk {
  let c = root;
  for (let depth = 0; depth <= MAX_CHUNK_DEPTH; depth++) {
    const k = c.kids.find((x) => x.node.startIndex <= scope.startIndex && x.node.endIndex >= scope.endIndex);
    if (!k) break;
    c = k;
  }
  return c;
}

/** Calls `visit` with every chunk whose entries may lie inside `scope` (the one holding it first). */
function chunksIn(root: Chunk, scope: SyntaxNode, visit: (c: Chunk, filter: boolean) => void): void {
  const c = chunkHolding(root, scope);
  visit(c, true);
  const all = (k: Chunk, depth: number): void => {
    visit(k, false);
    if (depth < MAX_CHUNK_DEPTH) for (const x of k.kids) all(x, depth + 1);
  };
  for (const k of c.kids) if (k.node.startIndex >= scope.startIndex && k.node.endIndex <= scope.endIndex) all(k, 0);
}

/** Everything `pick` gives for the chunks inside `scope` (nested included), sorted by offset `at` (= pre-order here). */
function gather<T>(root: Chunk, scope: SyntaxNode, pick: (c: Chunk) => T[] | undefined, at: (t: T) => number): T[] {
  const out: T[] = [];
  chunksIn(root, scope, (c, filter) => {
    const mine = pick(c);
    if (!mine) return;
    if (!filter) out.push(...mine);
    else for (const t of mine) if (at(t) >= scope.startIndex && at(t) < scope.endIndex) out.push(t);
  });
  return out.sort((x, y) => at(x) - at(y));
}

/** Every entry of the chunks' maps (`pick`) inside `scope`, by name, each list sorted by offset `at`. */
function indexOf<T>(root: Chunk, scope: SyntaxNode, pick: (c: Chunk) => Map<string, T[]> | undefined, at: (t: T) => number): Map<string, T[]> {
  const out = new Map<string, T[]>();
  chunksIn(root, scope, (c, filter) => {
    for (const [name, list] of pick(c) ?? []) for (const t of list) if (!filter || (at(t) >= scope.startIndex && at(t) < scope.endIndex)) pushTo(out, name, t);
  });
  for (const list of out.values()) list.sort((x, y) => at(x) - at(y));
  return out;
}

/** Lookups in one scope after which the scope is indexed whole (a full extraction asks for every variable of a block). */
const INDEX_AFTER = 8;

/** The call an expression is passed to, as a policy context. */
function callContext(syn: LangSyntax, expr: SyntaxNode, text: string): Context | undefined {
  const callNode = syn.argumentOf(expr);
  const call = callNode && syn.call(callNode);
  if (!call) return undefined;
  dependOn(callNode);
  const label = callLabel(call.receiver?.text ?? '', call.method);
  if (IDENTITY_METHOD.test(call.method)) return { type: 'identity', label };
  if (RESOURCE_METHOD.test(call.method)) {
    const cls = call.receiver ? syn.receiverClass(call.receiver) : undefined;
    const name = call.receiver?.text ?? '';
    if (!cls && name) dependOnName(name);
    const resourceElement = call.receiver ? resourceElementOf(cls, name, text) : undefined;
    return { type: 'resource', resourceType: cls ? RESOURCE_TYPES[cls] : undefined, ...(resourceElement ? { resourceElement } : {}), label };
  }
  return undefined;
}

const contextKey = (c: Context | undefined): string => (c ? `${c.type ?? ''}\u0001${c.resourceType ?? ''}\u0001${c.resourceElement ?? ''}\u0001${c.label}` : '');

/**
 * Every policy of a Java, C# or Go CDK file. With `edit` (the previous state of the same document
 * and the edit since; the mirror spliced, not rebuilt) only the chunks and units the edit touched
 * are read again; the result equals a full extraction (test/cdkIncrementalLangsH2.test.ts).
 */
export function extractWith(syn: LangSyntax, root: SyntaxNode, text: string, edit?: LangEdit): { policies: PolicyDocument[]; state: LangState } {
  const meta = syn.meta;
  for (const k of Object.keys(langExtractStats) as (keyof typeof langExtractStats)[]) langExtractStats[k] = 0;
  const prev = edit?.prev as LangState | undefined;
  const memo = prev?.chunks ?? new WeakMap<SyntaxNode, Chunk>();
  const dirty = edit ? dirtyRegion(edit, text) : undefined;
  const clean = (n: SyntaxNode): boolean => !!dirty && (n.endIndex < dirty.start || n.startIndex > dirty.end);
  const top = scanChunk(syn, root, 0, memo, edit ? clean : () => false);

  // Constructs and declarations in pre-order.
  const constructs: Construct[] = [];
  syn.decls.clear();
  const flatten = (c: Chunk, depth: number): void => {
    for (const it of c.items) {
      if (it.k === 0) constructs.push(it.c);
      else if (it.k === 1) {
        if (!syn.decls.has(it.name)) syn.decls.set(it.name, it.value);
      } else if (depth < MAX_CHUNK_DEPTH) flatten(it.chunk, depth + 1);
    }
  };
  flatten(top, 0);
  // Constructs by node id: only units extracted again resolve expressions (built on first use).
  let byNodeMap: Map<number, Construct> | undefined;
  const byNode = (id: number): Construct | undefined => {
    if (!byNodeMap) {
      byNodeMap = new Map();
      for (const c of constructs) byNodeMap.set(c.node.id, c);
    }
    return byNodeMap.get(id);
  };

  // Identifier uses and calls by name in a scope: gathered per name from the chunks (an edit asks a
  // few), or, once a scope has been asked often (a full extraction asks for every variable), indexed whole.
  const perScope = new Map<number, { asked: number; idents?: Map<string, SyntaxNode[]>; calls?: Map<string, SyntaxNode[]>; identsOf: Map<string, SyntaxNode[]>; callsOf: Map<string, MethodCall[]> }>();
  const askScope = (scope: SyntaxNode): { indexed: boolean; st: NonNullable<ReturnType<typeof perScope.get>> } => {
    let st = perScope.get(scope.id);
    if (!st) perScope.set(scope.id, (st = { asked: 0, identsOf: new Map(), callsOf: new Map() }));
    return { indexed: ++st.asked > INDEX_AFTER, st };
  };
  const identAt = (n: SyntaxNode): number => n.startIndex; // (also a call node's: its receiver starts it)
  const identsIn = (scope: SyntaxNode, name: string): SyntaxNode[] => {
    const { indexed, st } = askScope(scope);
    if (indexed) return (st.idents ??= indexOf(top, scope, (c) => c.idents, identAt)).get(name) ?? [];
    let v = st.identsOf.get(name);
    if (!v) st.identsOf.set(name, (v = gather(top, scope, (c) => c.idents?.get(name), identAt)));
    return v;
  };
  const callsIn = (scope: SyntaxNode, name: string): MethodCall[] => {
    const { indexed, st } = askScope(scope);
    let v = st.callsOf.get(name);
    if (v) return v;
    const nodes = indexed ? ((st.calls ??= indexOf(top, scope, (c) => c.calls, identAt)).get(name) ?? []) : gather(top, scope, (c) => c.calls?.get(name), identAt);
    v = [];
    for (const n of nodes) {
      const call = syn.call(n);
      if (call) v.push(call);
    }
    st.callsOf.set(name, v);
    return v;
  };
  /** The variable a construct is assigned to (a dependency: a new use of it may change the unit). */
  const bindingOf = (n: SyntaxNode): { name: string; scope: SyntaxNode } | undefined => {
    const b = syn.binding(n);
    if (b) dependOnName(b.name);
    return b;
  };
  /** The statement (a chunk root) holding `n`. */
  const statementAt = (n: SyntaxNode): SyntaxNode => {
    let cur = n;
    for (let i = 0; i < 10000 && cur.parent && !syn.containers.has(cur.parent.type); i++) cur = cur.parent;
    return cur;
  };

  /** The construct an expression is, directly or through a variable (one level). */
  const resolve = (raw: SyntaxNode): Construct | undefined => {
    const n = syn.unwrap(raw);
    const direct = byNode(n.id);
    if (direct) return direct;
    const d = n.type === 'identifier' ? syn.decls.get(n.text) : undefined;
    return d ? byNode(syn.unwrap(d).id) : undefined;
  };
  const builderCalls = (c: Construct, methods: RegExp): MethodCall[] => {
    const b = bindingOf(c.node);
    if (!b) return [];
    const out = callsIn(b.scope, b.name).filter((x) => methods.test(lowerFirst(x.method)));
    for (const x of out) dependOn(x.node);
    return out;
  };
  /** The context of a construct: the call it is passed to, directly or through its variable. */
  const contextOf = (construct: SyntaxNode): Context | undefined => {
    const direct = callContext(syn, construct, text);
    if (direct) return direct;
    const b = bindingOf(construct);
    if (!b) return undefined;
    for (const n of identsIn(b.scope, b.name)) {
      const found = syn.argumentOf(n) ? callContext(syn, n, text) : undefined;
      if (found) return found;
    }
    return undefined;
  };

  const reuse = edit ? reusable(edit, text) : undefined;
  const units: LangUnit[] = [];
  const policies: PolicyDocument[] = [];
  /** Statement constructs (start offsets) taken into a document or policy. */
  const consumed = new Set<number>();
  /** Contexts given to documents by Roles and Policies, by the document's node id. */
  const docContext = new Map<number, Context>();
  let current: LangUnit | undefined;
  /** A reused policy the edit moved (in place, reuse.ts): every offset at or after the edit's end. */
  const moved = (p: PolicyDocument): boolean => !!edit && edit.newEndIndex !== edit.oldEndIndex && p.root.span.offset + p.root.span.length >= edit.newEndIndex;
  /** Extracts one unit, or takes the previous one when the edit left it alone (and `valid` agrees). */
  const unit = (phase: number, seed: SyntaxNode, body: (u: LangUnit) => void, valid?: (u: LangUnit) => boolean): void => {
    let u = reuse?.get(`${phase}:${seed.startIndex}:${seed.endIndex}`) as LangUnit | undefined;
    if (u && (!valid || valid(u))) {
      langExtractStats.unitsReused++;
      if (u.policy && moved(u.policy)) forgetCarried(u.policy);
    } else {
      u = { phase, seed: seed.startIndex, seedEnd: seed.endIndex, deps: startDeps(), consumes: [] };
      current = u;
      try {
        dependOn(statementAt(seed));
        body(u);
      } finally {
        stopDeps();
        current = undefined;
      }
      langExtractStats.unitsExtracted++;
    }
    units.push(u);
    if (u.policy) policies.push(u.policy);
    for (const o of u.consumes) consumed.add(o);
    for (const l of u.links ?? []) docContext.set(l.doc, l.context);
  };
  const link = (u: LangUnit, doc: Construct, context: Context): void => void (u.links ??= []).push({ doc: doc.node.id, context });
  const prop = (c: Construct, name: string): Prop | undefined => c.props.find((p) => lowerFirst(p.name) === name);

  /** A policy root over statement expressions (a document's `statements`, `addStatements` arguments). */
  const documentRoot = (owner: Construct, exprs: SyntaxNode[], lists: SyntaxNode[]): ObjectNode => {
    const items: ValueNode[] = [];
    for (const e of exprs) {
      const path = ['Statement', items.length];
      const s = resolve(e);
      if (s && s.cls === 'PolicyStatement') {
        current?.consumes.push(s.node.startIndex);
        dependOn(s.node);
        items.push(statementOf(syn, s, builderCalls(s, STATEMENT_BUILDERS), path));
      } else items.push(syn.value(e, path));
    }
    return rootOver(meta, items, unionSpan([spanOf(owner.node), ...lists.map(spanOf)]));
  };
  /** Statements of a document / policy construct: its `statements` list and `addStatements(…)` calls. */
  const statementExprs = (c: Construct): { exprs: SyntaxNode[]; lists: SyntaxNode[] } => {
    const exprs: SyntaxNode[] = [];
    const lists: SyntaxNode[] = [];
    const st = prop(c, 'statements');
    if (st) {
      const v = syn.unwrap(st.value);
      const d = v.type === 'identifier' ? syn.decls.get(v.text) : undefined;
      const items = syn.list(v) ?? (d ? syn.list(syn.unwrap(d)) : undefined);
      if (items) exprs.push(...items);
      else exprs.push(st.value);
      lists.push(st.value);
    }
    for (const call of builderCalls(c, /^addStatements$/)) {
      exprs.push(...call.args);
      lists.push(call.node);
    }
    return { exprs, lists };
  };

  // Roles: trust statements (`assumedBy`) and inline policies (their documents are identity policies).
  for (const c of constructs) {
    if (c.cls !== 'Role') continue;
    unit(1, c.node, (u) => {
      const ab = prop(c, 'assumedBy');
      if (ab) {
        const stmt = trustStatement(meta, syn, ab.nameNode, syn.unwrap(ab.value));
        if (stmt) {
          const label = c.id ? `assumedBy ${c.id}` : 'assumedBy';
          u.policy = buildPolicy(syntheticRoot(meta, stmt), TRUST_CONTEXT(label), label);
        }
      }
      const inl = prop(c, 'inlinePolicies');
      const v = inl && syn.unwrap(inl.value);
      const d = v && v.type === 'identifier' ? syn.decls.get(v.text) : undefined;
      for (const e of (v && (syn.entries(v) ?? (d ? syn.entries(syn.unwrap(d)) : undefined))) ?? []) {
        const doc = resolve(e.value);
        const name = syn.literal(syn.unwrap(e.key));
        if (doc?.cls === 'PolicyDocument') link(u, doc, { type: 'identity', label: `inlinePolicies.${name ?? '?'}` });
      }
    });
  }
  // Policy / ManagedPolicy: their `document` is an identity policy; their `statements` make one.
  for (const c of constructs) {
    if (c.cls !== 'Policy' && c.cls !== 'ManagedPolicy') continue;
    unit(2, c.node, (u) => {
      const label = `new ${c.cls}${c.id ? ` ${c.id}` : ''}`;
      const doc = prop(c, 'document');
      const dc = doc && resolve(doc.value);
      if (dc?.cls === 'PolicyDocument') link(u, dc, { type: 'identity', label });
      const { exprs, lists } = statementExprs(c);
      if (exprs.length) u.policy = buildPolicy(documentRoot(c, exprs, lists), { type: 'identity', label }, label);
    });
  }
  // Documents.
  for (const c of constructs) {
    if (c.cls !== 'PolicyDocument') continue;
    const given = docContext.get(c.node.id);
    unit(3, c.node, (u) => {
      u.ctxKey = contextKey(given);
      const context = given ?? contextOf(c.node);
      if (c.json) {
        const v = syn.value(c.json, []);
        if (v.kind === 'object') u.policy = buildPolicy(v, context, 'PolicyDocument');
        return;
      }
      const { exprs, lists } = statementExprs(c);
      if (exprs.length) u.policy = buildPolicy(documentRoot(c, exprs, lists), context, 'PolicyDocument');
    }, (u) => u.ctxKey === contextKey(given));
  }
  // Statements on their own.
  for (const c of constructs) {
    if (c.cls !== 'PolicyStatement' || consumed.has(c.node.startIndex)) continue;
    unit(4, c.node, (u) => {
      const stmt = statementOf(syn, c, builderCalls(c, STATEMENT_BUILDERS), ['Statement', 0]);
      if (stmt.kind !== 'object') return;
      u.policy = buildPolicy(syntheticRoot(meta, stmt), principalsMakeResource(contextOf(c.node), stmt), 'PolicyStatement');
    });
  }
  return { policies: withOrdinals(policies), state: { units, meta, aliasKey: '', chunks: memo } };
}
