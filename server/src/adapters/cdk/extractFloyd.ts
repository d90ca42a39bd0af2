import type { ArrayNode, ObjectNode, Path, PropertyNode, Span, StringNode, ValueNode } from '../../model';
import { getIamData, type IamData } from '../../data/iamData';
import type { SyntaxNode } from './runtime';
import { callArgs, callee, camel, isCall, isMember, memberName, memberObject, parentOf, unwrap } from './syntax';
import { spanOf, toValue, unionSpan, unknownNode, type ValueContext } from './values';
import { principalObject, statementNode, synthString } from './extractCommon';

/**
 * cdk-iam-floyd (and iam-floyd) statements in TypeScript, JavaScript and Python:
 * `new statement.S3().allow().toGetObject().on(arn)` / `statement.S3().allow().to_get_object()`.
 *
 * A chain is read as one statement. The class names the service: its lower-case name is matched
 * against the reference data's service prefixes without hyphens (`ExecuteApi` → execute-api), the
 * longest prefix first (`ApigatewayV2` → apigateway, `SesV2` → ses). Each `to…()` method names an
 * action of that service (`toGetObject` → s3:GetObject, spelled as the reference data spells it);
 * `to("…")` adds the prefix when the text has none; `allActions()` is `prefix:*`,
 * `allListActions()`/`allReadActions()`/`allWriteActions()`/`allPermissionManagementActions()`/
 * `allTaggingActions()` the actions of that access level, `allMatchingActions("Describe*")` the
 * wildcard (a `/regex/` is unknown); `notAction()`/`notResource()`/`notPrincipal()` switch the
 * element. `allow()`/`deny()` set the Effect (Allow by default). `on(…)` adds resources,
 * `onAllResources()` `*`, the generated `onBucket(…)`-style methods an unknown ARN; with no
 * resource and no principal floyd adds `*`. `for(arn, type?)`, `forAccount`, `forService`,
 * `forPublic`, `forFederated…`, `forCanonicalUser` are principals (`forUser`, `forRole`, … and
 * `forCdkPrincipal` unknown). `if(key, value, operator?)` and the generated `if…()` methods are
 * conditions (the key found in the reference data by its letters; the operator floyd's default for
 * its type) when the operator is a literal or omitted.
 *
 * Values read from the file are the file's literals (edited in place by fixes); what floyd
 * computes (actions named by methods, `*`, Effect, JSON keys) is synthetic and points at the method
 * name, so diagnostics land on `toGetObjekt`.
 */

/** Local names that hold the floyd module (`import * as statement from 'cdk-iam-floyd'`) or its classes (`import { S3 } …`). */
export interface FloydNames {
  namespaces: Set<string>;
  classes: Map<string, string>;
}

const MODULE = /\b(?:cdk[-_])?iam[-_]floyd\b/;

/** Floyd imports of a file, or undefined when it imports none (cheap: a substring test first). */
export function floydNames(text: string): FloydNames | undefined {
  if (!text.includes('iam-floyd') && !text.includes('iam_floyd')) return undefined;
  const namespaces = new Set<string>();
  const classes = new Map<string, string>();
  let m: RegExpExecArray | null;
  const ns = /\bimport\s+\*\s+as\s+([\w$]+)\s+from\s+['"](?:cdk-)?iam-floyd['"]|\bimport\s+([\w$]+)\s+from\s+['"](?:cdk-)?iam-floyd['"]|\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\(\s*['"](?:cdk-)?iam-floyd['"]\s*\)|^\s*import\s+((?:cdk_)?iam_floyd)(?:\s+as\s+(\w+))?\s*$/gm;
  while ((m = ns.exec(text))) namespaces.add(m[1] ?? m[2] ?? m[3] ?? m[5] ?? m[4]);
  const named = /\bimport\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](?:cdk-)?iam-floyd['"]|\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['"](?:cdk-)?iam-floyd['"]\s*\)|^\s*from\s+(?:cdk_)?iam_floyd\s+import\s+\(?([^)\n]*)\)?/gm;
  while ((m = named.exec(text))) {
    for (const part of (m[1] ?? m[2] ?? m[3]).split(',')) {
      const p = /^\s*([\w$]+)(?:\s*(?:as|:)\s*([\w$]+))?\s*$/.exec(part);
      if (p) classes.set(p[2] ?? p[1], p[1]);
    }
  }
  return namespaces.size || classes.size || MODULE.test(text) ? { namespaces, classes } : undefined;
}

/** Service prefix of a floyd class name, through the reference data (see the file comment). */
export function floydServicePrefix(data: IamData, cls: string): string | undefined {
  return floydService(data, cls)?.prefix;
}

/**
 * The service of a floyd class: `exact` when the whole name (a trailing `V2` aside) is a prefix
 * of the reference data. A longer name matched by its start (`SesPinpoint` → ses, but also a
 * service the data no longer lists, `Iot1click` → iot) is not sure enough to call an action
 * unknown: such actions stay unknown values, never errors.
 */
function floydService(data: IamData, cls: string): { prefix: string; exact: boolean } | undefined {
  const byKey = prefixIndex(data);
  const lc = cls.toLowerCase();
  const exact = byKey.get(lc) ?? byKey.get(lc.replace(/v\d+$/, ''));
  if (exact) return { prefix: exact, exact: true };
  for (let n = lc.length - 1; n > 1; n--) {
    const p = byKey.get(lc.slice(0, n));
    if (p) return { prefix: p, exact: false };
  }
  return undefined;
}

const indexes = new WeakMap<IamData, Map<string, string>>();
function prefixIndex(data: IamData): Map<string, string> {
  let m = indexes.get(data);
  if (!m) {
    m = new Map();
    for (const s of data.listServices()) m.set(s.prefix.replace(/-/g, '').toLowerCase(), s.prefix);
    indexes.set(data, m);
  }
  return m;
}

/**
 * Floyd statement chains of a file: the outermost call of each chain (`…on(arn)`), the construct
 * the TypeScript/Python extractor treats like a `new PolicyStatement(…)`.
 */
export function floydConstructs(root: SyntaxNode, text: string, names: FloydNames): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const seen = new Set<number>();
  const alts = [...[...names.namespaces].map((n) => `${esc(n)}\\s*\\.\\s*[A-Z][\\w]*`), ...[...names.classes.keys()].map(esc)];
  if (!alts.length) return out;
  const re = new RegExp(`(?<![\\w$.])(?:${alts.join('|')})\\s*\\(`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const open = m.index + m[0].length - 1;
    const n = root.descendantForIndex(open, open + 1);
    let call: SyntaxNode | null = n;
    for (let i = 0; call && i < 4 && !(isCall(call) && call.startIndex <= m.index); i++) call = parentOf(call);
    if (!call || !isCall(call) || !classOf(call, names)) continue;
    const top = chainOf(call).top;
    if (seen.has(top.id)) continue;
    seen.add(top.id);
    out.push(top);
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The floyd class a creation (`new statement.S3()`, `S3()`) names. */
function classOf(creation: SyntaxNode, names: FloydNames): { cls: string; node: SyntaxNode } | undefined {
  const fn = callee(creation);
  const f = fn && unwrap(fn);
  if (!f) return undefined;
  if (isMember(f)) {
    const obj = memberObject(f);
    const name = memberName(f);
    return obj && name && names.namespaces.has(obj.text) && /^[A-Z]/.test(name.text) ? { cls: name.text, node: name } : undefined;
  }
  const c = names.classes.get(f.text);
  return c ? { cls: c, node: f } : undefined;
}

interface ChainCall {
  method: string;
  nameNode: SyntaxNode;
  call: SyntaxNode;
  args: SyntaxNode[];
}

/** The method calls made on a creation, in order, and the outermost call. */
function chainOf(creation: SyntaxNode): { calls: ChainCall[]; top: SyntaxNode } {
  const calls: ChainCall[] = [];
  let cur = creation;
  for (let i = 0; i < 500; i++) {
    const member = parentOf(cur);
    if (!member || !isMember(member) || !memberObject(member)?.equals(cur)) break;
    const call = parentOf(member);
    const nameNode = memberName(member);
    if (!call || !isCall(call) || !callee(call)?.equals(member) || !nameNode) break;
    calls.push({ method: camel(nameNode.text.replace(/_$/, '')), nameNode, call, args: callArgs(call) });
    cur = call;
  }
  return { calls, top: cur };
}

/** The creation at the root of a chain whose outermost call is `top`. */
function creationOf(top: SyntaxNode, names: FloydNames): SyntaxNode | undefined {
  let cur: SyntaxNode = top;
  for (let i = 0; i < 500; i++) {
    if (isCall(cur) && classOf(cur, names)) return cur;
    const fn = isCall(cur) ? callee(cur) : null;
    const obj = fn && isMember(fn) ? memberObject(fn) : null;
    if (!obj) return undefined;
    cur = obj;
  }
  return undefined;
}

const LEVEL: Record<string, string> = { allListActions: 'List', allReadActions: 'Read', allWriteActions: 'Write', allPermissionManagementActions: 'Permissions management', allTaggingActions: 'Tagging' };
const FEDERATED: Record<string, string> = { forFederatedCognito: 'cognito-identity.amazonaws.com', forFederatedAmazon: 'www.amazon.com', forFederatedFacebook: 'graph.facebook.com', forFederatedGoogle: 'accounts.google.com' };

/** The statement of a floyd chain (`top` from `floydConstructs`). */
export function floydStatement(ctx: ValueContext, top: SyntaxNode, names: FloydNames, path: Path, data: IamData = getIamData()): ValueNode {
  const creation = creationOf(top, names);
  const c = creation && classOf(creation, names);
  if (!creation || !c) return unknownNode(top, path);
  const meta = ctx.meta;
  const svc = floydService(data, c.cls);
  const prefix = svc?.prefix;
  const { calls } = chainOf(creation);
  const actions: ValueNode[] = [];
  const resources: ValueNode[] = [];
  const principals = new Map<string, { keySpan: Span; values: ValueNode[] }>();
  const conditions: PropertyNode[] = [];
  let effect: StringNode | undefined;
  let actionKey = 'Action';
  let resourceKey = 'Resource';
  let principalKey = 'Principal';
  const keyNodes: Record<string, SyntaxNode> = {};
  const at = (el: string, n: SyntaxNode): void => {
    keyNodes[el] ??= n;
  };
  const synth = (el: string, value: string, n: SyntaxNode, i: number): StringNode => synthString(meta, value, spanOf(n), [...path, el, i]);
  const addPrincipal = (key: string, n: SyntaxNode, v: ValueNode): void => {
    const cur = principals.get(key) ?? { keySpan: spanOf(n), values: [] };
    cur.values.push(v);
    principals.set(key, cur);
    at('Principal', n);
  };
  const literal = (n: SyntaxNode | undefined): string | undefined => {
    const v = n ? toValue(n, [], ctx, 0) : undefined;
    return v?.kind === 'string' && !v.parts ? v.value : undefined;
  };
  for (const call of calls) {
    const m = call.method;
    const nameNode = call.nameNode;
    if (m === 'allow' || m === 'deny') effect = synthString(meta, m === 'allow' ? 'Allow' : 'Deny', spanOf(nameNode), [...path, 'Effect']);
    else if (m === 'notAction') actionKey = 'NotAction';
    else if (m === 'notResource') resourceKey = 'NotResource';
    else if (m === 'notPrincipal') principalKey = 'NotPrincipal';
    else if (/^to[A-Z]/.test(m) && call.args.length === 0) {
      at('Action', nameNode);
      const name = m.slice(2);
      const found = prefix ? data.findAction(prefix, name) : undefined;
      actions.push(prefix && (found || svc?.exact) ? synth('Action', `${prefix}:${found?.name ?? name}`, nameNode, actions.length) : unknownNode(nameNode, [...path, 'Action', actions.length]));
    } else if (m === 'to' && call.args.length === 1) {
      at('Action', nameNode);
      const v = toValue(call.args[0], [...path, 'Action', actions.length], ctx);
      if (v.kind === 'string' && !v.parts && !v.value.includes(':') && prefix) actions.push(synthString(meta, `${prefix}:${v.value}`, v.span, v.path));
      else actions.push(v);
    } else if (m === 'allActions') {
      at('Action', nameNode);
      actions.push(synth('Action', prefix ? `${prefix}:*` : '*', nameNode, actions.length));
    } else if (LEVEL[m]) {
      at('Action', nameNode);
      if (!prefix) actions.push(unknownNode(nameNode, [...path, 'Action', actions.length]));
      else for (const a of data.actionNames(prefix)) if (data.findAction(prefix, a)?.accessLevel.includes(LEVEL[m])) actions.push(synth('Action', `${prefix}:${a}`, nameNode, actions.length));
    } else if (m === 'allMatchingActions') {
      at('Action', nameNode);
      for (const a of call.args) {
        const t = literal(a);
        actions.push(t !== undefined && prefix && !t.startsWith('/') ? synthString(meta, `${prefix}:${t}`, spanOf(a), [...path, 'Action', actions.length]) : unknownNode(a, [...path, 'Action', actions.length]));
      }
    } else if (m === 'on') {
      at('Resource', nameNode);
      for (const a of call.args) resources.push(toValue(a, [...path, 'Resource', resources.length], ctx));
    } else if (m === 'onAllResources') {
      at('Resource', nameNode);
      resources.push(synth('Resource', '*', nameNode, resources.length));
    } else if (/^on[A-Z]/.test(m)) {
      at('Resource', nameNode);
      resources.push(unknownNode(call.call, [...path, 'Resource', resources.length]));
    } else if (m === 'for' && call.args[0]) {
      addPrincipal(literal(call.args[1]) ?? 'AWS', nameNode, toValue(call.args[0], [...path, 'Principal', '?'], ctx));
    } else if (m === 'forAccount') {
      for (const a of call.args) {
        const t = literal(a);
        addPrincipal('AWS', nameNode, t !== undefined && /^\d{12}$/.test(t) ? synthString(meta, `arn:aws:iam::${t}:root`, spanOf(a), [...path, 'Principal', 'AWS']) : unknownNode(a, [...path, 'Principal', 'AWS']));
      }
    } else if (m === 'forService' || m === 'forFederated' || m === 'forCanonicalUser') {
      const key = m === 'forService' ? 'Service' : m === 'forFederated' ? 'Federated' : 'CanonicalUser';
      for (const a of call.args) addPrincipal(key, nameNode, toValue(a, [...path, 'Principal', key], ctx));
    } else if (FEDERATED[m]) addPrincipal('Federated', nameNode, synthString(meta, FEDERATED[m], spanOf(nameNode), [...path, 'Principal', 'Federated']));
    else if (m === 'forPublic') addPrincipal('AWS', nameNode, synthString(meta, '*', spanOf(nameNode), [...path, 'Principal', 'AWS']));
    else if (/^for[A-Z]/.test(m)) addPrincipal(m === 'forSaml' ? 'Federated' : 'AWS', nameNode, unknownNode(call.call, [...path, 'Principal', 'AWS']));
    else if (m === 'if' || /^if[A-Z]/.test(m)) {
      const cond = condition(data, prefix, call, literal, ctx, path);
      if (cond) {
        at('Condition', nameNode);
        conditions.push(cond);
      }
    }
  }
  const properties: PropertyNode[] = [];
  const arrayProp = (key: string, items: ValueNode[], n: SyntaxNode): void => {
    const p = [...path, key];
    const arr: ArrayNode = { kind: 'array', items, span: unionSpan(items.map((x) => x.span).concat(spanOf(n))), path: p };
    meta.synthetic.add(arr);
    properties.push({ key, keySpan: spanOf(n), value: arr, span: arr.span, path: p });
  };
  if (c.node && creation) {
    const sid = literal(callArgs(creation)[0]);
    if (sid !== undefined) properties.push({ key: 'Sid', keySpan: spanOf(c.node), value: toValue(callArgs(creation)[0], [...path, 'Sid'], ctx), span: spanOf(callArgs(creation)[0]), path: [...path, 'Sid'] });
  }
  if (effect) properties.push({ key: 'Effect', keySpan: effect.span, value: effect, span: effect.span, path: [...path, 'Effect'] });
  if (principals.size) {
    const obj: ObjectNode = principalObject(meta, principals, [], [...path, principalKey]);
    properties.push({ key: principalKey, keySpan: spanOf(keyNodes.Principal), value: obj, span: obj.span, path: [...path, principalKey] });
  }
  if (actions.length) arrayProp(actionKey, actions, keyNodes.Action);
  if (resources.length) arrayProp(resourceKey, resources, keyNodes.Resource);
  else if (!principals.size) {
    // floyd adds "*" when a statement has neither resources nor principals.
    const star = synthString(meta, '*', spanOf(c.node), [...path, 'Resource']);
    properties.push({ key: 'Resource', keySpan: { offset: c.node.startIndex, length: 0 }, value: star, span: star.span, path: [...path, 'Resource'] });
  }
  if (conditions.length) {
    const byOp = new Map<string, PropertyNode[]>();
    for (const q of conditions) byOp.set(q.key, [...(byOp.get(q.key) ?? []), q]);
    const ops: PropertyNode[] = [];
    for (const [op, list] of byOp) {
      const inner: ObjectNode = { kind: 'object', properties: list.map((q) => (q.value as ObjectNode).properties[0]), span: unionSpan(list.map((q) => q.span)), path: [...path, 'Condition', op] };
      meta.synthetic.add(inner);
      ops.push({ key: op, keySpan: list[0].keySpan, value: inner, span: inner.span, path: [...path, 'Condition', op] });
    }
    const obj: ObjectNode = { kind: 'object', properties: ops, span: unionSpan(ops.map((o) => o.span)), path: [...path, 'Condition'] };
    meta.synthetic.add(obj);
    properties.push({ key: 'Condition', keySpan: spanOf(keyNodes.Condition), value: obj, span: obj.span, path: [...path, 'Condition'] });
  }
  return statementNode(meta, top, properties, path);
}

/** Floyd's default operator for a condition key type. */
function defaultOperator(type: string | undefined): string {
  const t = (type ?? '').toLowerCase();
  if (t.startsWith('bool')) return 'Bool';
  if (t.startsWith('arn')) return 'ArnLike';
  if (t.startsWith('ip')) return 'IpAddress';
  if (t.startsWith('numeric')) return 'NumericEquals';
  if (t.startsWith('date')) return 'DateEquals';
  return 'StringLike';
}

const letters = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** `if(key, value, op?)` / `ifXAmzAcl(value, op?)` / `ifAwsResourceTag(tag, value, op?)` → `{op: {key: value}}` (one property), or undefined. */
function condition(data: IamData, prefix: string | undefined, call: ChainCall, literal: (n: SyntaxNode | undefined) => string | undefined, ctx: ValueContext, path: Path): PropertyNode | undefined {
  const a = call.args;
  let key: string | undefined;
  let type: string | undefined;
  let rest: SyntaxNode[];
  if (call.method === 'if') {
    const k = literal(a[0]);
    if (k === undefined) return undefined;
    key = prefix && !k.includes(':') ? `${prefix}:${k}` : k;
    type = data.getConditionKey(key)?.type;
    rest = a.slice(1);
  } else {
    const want = letters(call.method.slice(2));
    const keys = [...(prefix ? data.listServiceConditionKeys(prefix) : []), ...data.listGlobalConditionKeys()];
    const hit = keys.find((k) => letters(k.key.replace(/\/?\$\{[^}]*\}$/, '')) === want || letters(k.key.split(':').slice(1).join(':').replace(/\/?\$\{[^}]*\}$/, '')) === want);
    if (!hit) return undefined;
    type = hit.type;
    if (/\$\{[^}]*\}$/.test(hit.key)) {
      const tag = literal(a[0]);
      if (tag === undefined) return undefined;
      key = hit.key.replace(/\$\{[^}]*\}$/, tag);
      rest = a.slice(1);
    } else {
      key = hit.key;
      rest = a;
    }
  }
  const opArg = rest[1];
  const op = opArg ? literal(opArg) : defaultOperator(type);
  if (!op) return undefined;
  const p = [...path, 'Condition', op, key];
  const value: ValueNode = rest[0] ? toValue(rest[0], p, ctx) : synthString(ctx.meta, 'true', spanOf(call.nameNode), p);
  const inner: ObjectNode = { kind: 'object', properties: [{ key, keySpan: spanOf(call.nameNode), value, span: unionSpan([spanOf(call.nameNode), value.span]), path: p }], span: spanOf(call.call), path: [...path, 'Condition', op] };
  ctx.meta.synthetic.add(inner);
  return { key: op, keySpan: spanOf(call.nameNode), value: inner, span: spanOf(call.call), path: [...path, 'Condition', op] };
}
