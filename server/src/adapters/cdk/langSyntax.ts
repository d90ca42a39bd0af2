/**
 * The per-language view of the Java, C# and Go extractors (`LangSyntax`: how one language spells a
 * construct, a binding, a map literal, …), the helpers their syntaxes share, and one statement built
 * from a construct and the builder calls on its variable (`statementOf`). The walker that runs them
 * is extractLang.ts.
 */
import type { ArrayNode, Path, PropertyNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { elementOf, synthString, effectText, statementNode, property, setProperty, type Creation, type PrincipalSyntax, principals, type Prop, type MethodCall, mergeConditionProps } from './extractCommon';

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

export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

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
export const STATEMENT_BUILDERS = /^(add(Not)?(Actions|Resources|Principals)|addAllResources|addCondition|addConditions|add\w*Principal)$/;

/** An array of the items of two arrays (a builder call adding to a written list), synthetic. */
function concatArrays(meta: RenderMeta, a: ValueNode, b: ArrayNode, path: Path): ValueNode {
  if (a.kind !== 'array') return a.kind === 'unknown' ? a : b;
  const arr: ArrayNode = { kind: 'array', items: [...a.items, ...b.items], span: unionSpan([a.span, b.span]), path };
  meta.synthetic.add(arr);
  return arr;
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
