/**
 * One statement of the TypeScript/Python extractor (extract.ts) from its construct: the props object
 * or keyword arguments, builder calls on its variable (`addActions`, `add_resources`, …), principals,
 * merged conditions; the uses of a variable in its scope.
 */
import type { ArrayNode, ObjectNode, Path, PropertyNode, Span, StringNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { arg, argsNode, arrayItems, bindingOf, dependOn, dependOnName, parentOf, callArgs, callee, camel, entries, isArray, isCall, isIdentifier, isMember, isScope, isObject, isSpread, lastName, memberName, memberObject, positional, resolveIdentifier, unwrap, type Entry } from './syntax';
import { propsObjects, pushItem, spanOf, toValue, unionSpan, unknownNode, type RenderMeta, type ValueContext } from './values';
import { PrincipalBuilder, ELEMENT_ORDER, synthString } from './extractCommon';


export interface Ctx extends ValueContext {
  text: string;
  root: SyntaxNode;
  words?: Map<string, number[]>;
  /** usesOf calls so far in this extraction (the word index is built from the USES_BEFORE_INDEX-th on). */
  usesCalls?: number;
}

const ELEMENT_OF: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  notActions: 'NotAction',
  resources: 'Resource',
  notResources: 'NotResource',
  principals: 'Principal',
  notPrincipals: 'NotPrincipal',
  conditions: 'Condition',
};

/** Builder methods on a statement (camelCase; snake_case is matched after conversion). */
const BUILDER: Record<string, string> = {
  addActions: 'Action',
  addNotActions: 'NotAction',
  addResources: 'Resource',
  addNotResources: 'NotResource',
  addAllResources: 'Resource*',
  addPrincipals: 'Principal',
  addNotPrincipals: 'NotPrincipal',
  addAnyPrincipal: 'Principal*',
  addArnPrincipal: 'Principal:ArnPrincipal',
  addAwsAccountPrincipal: 'Principal:AccountPrincipal',
  addServicePrincipal: 'Principal:ServicePrincipal',
  addFederatedPrincipal: 'Principal:FederatedPrincipal',
  addAccountRootPrincipal: 'Principal:AccountRootPrincipal',
  addCanonicalUserPrincipal: 'Principal:CanonicalUserPrincipal',
  addCondition: 'Condition1',
  addConditions: 'Condition',
};


export interface StatementBuild {
  construct: SyntaxNode;
  /** Builder calls and extra principal/condition sources are merged into it. */
  node: ObjectNode | ValueNode;
  span: Span;
}


export function synthProp(meta: RenderMeta, key: string, value: string, at: Span, base: Path): PropertyNode {
  return { key, keySpan: at, value: synthString(meta, value, at, [...base, key]), span: at, path: [...base, key] };
}

/** Properties ordered so that the innermost (shortest) spans are found first by nodeAtOffset. */
export function sortProps(props: PropertyNode[]): PropertyNode[] {
  return props.slice().sort((a, b) => a.span.length - b.span.length || ELEMENT_ORDER.indexOf(a.key) - ELEMENT_ORDER.indexOf(b.key));
}

/** The props argument of a construct: the object literal at `index` (TS/JS), or the keyword arguments (Python). */
export function propsOf(call: SyntaxNode, index: number): SyntaxNode | undefined {
  const args = argsNode(call);
  if (!args) return undefined;
  if (args.type === 'argument_list') return callArgs(call).some((a) => a.type === 'keyword_argument') ? args : undefined;
  const pos = positional(call);
  let a = pos[index] ?? pos[pos.length - 1];
  if (!a) return undefined;
  a = unwrap(a);
  if (isObject(a)) return a;
  if (isIdentifier(a)) {
    const d = resolveIdentifier(a);
    const v = d && unwrap(d.value);
    if (v && isObject(v)) return v;
  }
  return undefined;
}

/** Calls `name.method(…)` on the variable a construct is assigned to, in that variable's scope. */
export function builderCalls(ctx: Ctx, construct: SyntaxNode, method: RegExp): SyntaxNode[] {
  const b = bindingOf(construct);
  if (!b) return [];
  const out: SyntaxNode[] = [];
  for (const use of usesOf(ctx, b.name, b.scope, b.at)) {
    const mem = parentOf(use);
    if (!mem || !isMember(mem) || !memberObject(mem)?.equals(use)) continue;
    const call = parentOf(mem);
    if (call && isCall(call) && callee(call)?.equals(mem) && method.test(memberName(mem)?.text ?? '')) {
      dependOn(call);
      out.push(call);
    }
  }
  return out;
}

/**
 * Identifier nodes named `name` inside `scope` that refer to the binding of `name` at offset `from`:
 * those after it, up to the next declaration of or assignment to `name` in the same scope (a reused
 * variable name is another statement: before, every statement bound to `st` in a scope took the
 * builder calls of all of them, quadratic work and wrong findings).
 */
export function usesOf(ctx: Ctx, name: string, scope: SyntaxNode, from: number): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  dependOnName(name);
  // Offsets of every identifier-like word, indexed once per extraction that looks many names up
  // (a full extraction); an incremental one looks up a few: a search of the scope costs less.
  ctx.usesCalls = (ctx.usesCalls ?? 0) + 1;
  if (!ctx.words && ctx.usesCalls < USES_BEFORE_INDEX) {
    for (let at = ctx.text.indexOf(name, Math.max(scope.startIndex, from)); at >= 0 && at < scope.endIndex; at = ctx.text.indexOf(name, at + 1)) {
      if (WORD_CHAR.test(ctx.text[at - 1] ?? '') || ctx.text[at - 1] === '.' || WORD_CHAR.test(ctx.text[at + name.length] ?? '')) continue;
      if (usesAt(ctx, name, at, scope, from, out)) break; // rebound here: later uses are the next binding's
    }
    return out;
  }
  if (!ctx.words) {
    ctx.words = new Map();
    const re = /(?<![\w$.])[A-Za-z_$][\w$]*/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(ctx.text))) {
      const list = ctx.words.get(m[0]);
      if (list) list.push(m.index);
      else ctx.words.set(m[0], [m.index]);
    }
  }
  const words = ctx.words.get(name) ?? [];
  // The occurrences are in text order: start at the binding (binary search), stop at the scope's end.
  let lo = 0;
  for (let hi = words.length; lo < hi; ) {
    const mid = (lo + hi) >>> 1;
    if (words[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < words.length; k++) {
    const at = words[k];
    if (at < scope.startIndex) continue;
    if (at >= scope.endIndex) break;
    if (usesAt(ctx, name, at, scope, from, out)) break; // rebound here: later uses are the next binding's
  }
  return out;
}

/** Below this many `usesOf` calls in one extraction, uses are found by searching the scope's text. */
const USES_BEFORE_INDEX = 16;
const WORD_CHAR = /^[\w$]$/;

/**
 * The identifier `name` at `at` goes to `out`, unless it is a name a declaration or assignment
 * binds: then true when that binding is a later one in the same scope (the uses after it are the
 * next binding's).
 */
function usesAt(ctx: Ctx, name: string, at: number, scope: SyntaxNode, from: number, out: SyntaxNode[]): boolean {
  const n = ctx.root.descendantForIndex(at, at + name.length);
  if (!n || n.type !== 'identifier' || n.text !== name) return false;
  const p = parentOf(n);
  if (p && ((p.type === 'variable_declarator' && p.childForFieldName('name')?.equals(n)) || ((p.type === 'assignment' || p.type === 'assignment_expression') && p.childForFieldName('left')?.equals(n)))) {
    return at > from && sameScope(p, scope);
  }
  out.push(n);
  return false;
}

/** True when the innermost scope around `n` is `scope`. */
function sameScope(n: SyntaxNode, scope: SyntaxNode): boolean {
  let s: SyntaxNode | null = parentOf(n);
  while (s && !isScope(s)) s = parentOf(s);
  return !!s && s.startIndex === scope.startIndex && s.endIndex === scope.endIndex && s.type === scope.type;
}

/** A statement from `new PolicyStatement({...})` / `PolicyStatement(actions=[...])` plus builder calls on its variable. */
export function statementFromProps(ctx: Ctx, construct: SyntaxNode, path: Path): StatementBuild {
  const meta = ctx.meta;
  const props = propsOf(construct, 0);
  const hasArgs = callArgs(construct).length > 0;
  if (hasArgs && !props) return { construct, node: unknownNode(construct, path), span: spanOf(construct) };
  const byElement = new Map<string, { key: SyntaxNode; values: ValueNode[]; whole?: ValueNode; spans: Span[] }>();
  const principalSources: { key: SyntaxNode; exprs: SyntaxNode[]; not: boolean; span: Span }[] = [];
  const conditionExtras: PropertyNode[] = [];
  let conditionBase: ObjectNode | undefined;
  let conditionKey: SyntaxNode | undefined;
  const direct: PropertyNode[] = [];
  const propEntries: Entry[] = props ? entries(props) : [];
  for (const e of propEntries) {
    const el = ELEMENT_OF[camel(e.key)];
    if (!el) continue;
    const p = [...path, el];
    if (el === 'Principal' || el === 'NotPrincipal') {
      const v = unwrap(e.value);
      principalSources.push({ key: e.keyNode, exprs: isArray(v) ? arrayItems(v) : [v], not: el === 'NotPrincipal', span: spanOf(e.node) });
      continue;
    }
    const value = toValue(e.value, p, ctx);
    if (el === 'Condition') {
      if (value.kind === 'object') {
        conditionBase = value;
        conditionKey = e.keyNode;
      } else direct.push({ key: el, keySpan: spanOf(e.keyNode), value, span: spanOf(e.node), path: p });
      continue;
    }
    if (el === 'Sid' || el === 'Effect') {
      direct.push({ key: el, keySpan: spanOf(e.keyNode), value, span: spanOf(e.node), path: p });
      continue;
    }
    byElement.set(el, { key: e.keyNode, values: [], whole: value, spans: [spanOf(e.node)] });
  }
  const calls = builderCalls(ctx, construct, /^(add|add_)/);
  let span = spanOf(construct);
  for (const call of calls) {
    const method = camel(memberName(callee(call)!)!.text);
    const what = BUILDER[method];
    if (!what) continue;
    span = unionSpan([span, spanOf(call)]);
    const name = memberName(callee(call)!)!;
    const args = callArgs(call);
    if (what === 'Condition1') {
      const op = args[0] && toValue(args[0], [], ctx);
      const val = args[1];
      if (op && op.kind === 'string' && !op.parts && val) {
        const p = [...path, 'Condition', op.value];
        conditionExtras.push({ key: op.value, keySpan: op.span, value: toValue(val, p, ctx), span: spanOf(call), path: p });
      }
      continue;
    }
    if (what === 'Condition') {
      const v = args[0] && toValue(args[0], [...path, 'Condition'], ctx);
      if (v && v.kind === 'object') conditionExtras.push(...v.properties);
      continue;
    }
    if (what.startsWith('Principal') || what.startsWith('NotPrincipal')) {
      principalSources.push({ key: name, exprs: what.includes(':') || what.endsWith('*') ? [call] : args, not: what.startsWith('Not'), span: spanOf(call) });
      continue;
    }
    if (what === 'Resource*') {
      const cur = byElement.get('Resource') ?? { key: name, values: [], spans: [] };
      cur.values.push(synthString(meta, '*', spanOf(name), [...path, 'Resource', 0]));
      cur.spans.push(spanOf(call));
      byElement.set('Resource', cur);
      continue;
    }
    const cur = byElement.get(what) ?? { key: name, values: [], spans: [] };
    const items: ValueNode[] = [];
    for (const a of args) pushItem(items, a, [...path, what], ctx, 1, 0);
    if (!cur.whole && cur.values.length === 0 && byElement.get(what) === undefined) {
      // Only this call: its argument list is the element's array (written without brackets).
      const argsN = argsNode(call)!;
      const inner: Span = { offset: argsN.startIndex + 1, length: Math.max(0, argsN.endIndex - argsN.startIndex - 2) };
      cur.whole = { kind: 'array', items, span: inner, path: [...path, what] };
      meta.args.add(cur.whole as ArrayNode);
    } else cur.values.push(...items);
    cur.spans.push(spanOf(call));
    byElement.set(what, cur);
  }
  const properties: PropertyNode[] = [...direct];
  for (const [el, e] of byElement) {
    const p = [...path, el];
    let value: ValueNode;
    if (e.whole && e.values.length === 0) value = e.whole;
    else {
      const items: ValueNode[] = [];
      if (e.whole) items.push(...(e.whole.kind === 'array' ? e.whole.items : [e.whole]));
      items.push(...e.values);
      value = { kind: 'array', items, span: unionSpan(items.map((i) => i.span).concat(e.spans)), path: p };
      meta.synthetic.add(value);
    }
    properties.push({ key: el, keySpan: spanOf(e.key), value, span: unionSpan([spanOf(e.key), value.span, ...e.spans]), path: p });
  }
  // Principals.
  for (const not of [false, true]) {
    const sources = principalSources.filter((s) => s.not === not);
    if (!sources.length) continue;
    const el = not ? 'NotPrincipal' : 'Principal';
    const r = principalsOf(ctx, sources.flatMap((s) => s.exprs), [...path, el]);
    conditionExtras.push(...r.conditions);
    if (!r.value) continue;
    const keySpan = spanOf(sources[0].key);
    properties.push({ key: el, keySpan, value: r.value, span: unionSpan([keySpan, r.value.span, ...sources.map((s) => s.span)]), path: [...path, el] });
  }
  if (conditionBase || conditionExtras.length) {
    const p = [...path, 'Condition'];
    const value = conditionExtras.length ? mergeConditions(meta, conditionBase, conditionExtras, p) : conditionBase!;
    const keySpan = conditionKey ? spanOf(conditionKey) : { offset: value.span.offset, length: 0 };
    properties.push({ key: 'Condition', keySpan, value, span: unionSpan([keySpan, value.span]), path: p });
  }
  const at: Span = { offset: spanOf(construct).offset + spanOf(construct).length, length: 0 };
  if (!properties.some((p) => p.key === 'Effect')) properties.push(synthProp(meta, 'Effect', 'Allow', at, path));
  const objSpan = props && props.type === 'object' && calls.length === 0 ? unionSpan([spanOf(props), at]) : unionSpan([span, at]);
  const node: ObjectNode = { kind: 'object', properties: sortProps(properties), span: objSpan, path };
  if (props && calls.length === 0) {
    meta.props.add(node);
    propsObjects.set(node, props.type === 'argument_list' ? { offset: props.startIndex, length: props.endIndex - props.startIndex } : spanOf(props));
  } else meta.synthetic.add(node);
  return { construct, node, span: unionSpan([span, objSpan]) };
}


/** Condition operators from several sources in one object (operators of the same name merged). */
export function mergeConditions(meta: RenderMeta, base: ObjectNode | undefined, extras: PropertyNode[], path: Path): ObjectNode {
  const props: PropertyNode[] = [];
  const byOp = new Map<string, PropertyNode>();
  for (const p of [...(base?.properties ?? []), ...extras]) {
    const existing = byOp.get(p.key);
    if (existing && existing.value.kind === 'object' && p.value.kind === 'object') {
      const merged: ObjectNode = { kind: 'object', properties: [...existing.value.properties, ...p.value.properties], span: unionSpan([existing.value.span, p.value.span]), path: [...path, p.key] };
      meta.synthetic.add(merged);
      const np: PropertyNode = { ...existing, value: merged, span: unionSpan([existing.span, p.span]) };
      props[props.indexOf(existing)] = np;
      byOp.set(p.key, np);
      continue;
    }
    byOp.set(p.key, p);
    props.push(p);
  }
  const node: ObjectNode = { kind: 'object', properties: props, span: unionSpan(props.map((p) => p.span).concat(base ? [base.span] : [])), path };
  meta.synthetic.add(node);
  return node;
}

interface PrincipalResult {
  value?: ValueNode;
  conditions: PropertyNode[];
  trustActions: string[];
}

/**
 * Principal constructs → `{"Service": …, "AWS": …, "Federated": …}`. The JSON keys are synthetic
 * (their span is the class name); values are the constructor arguments.
 */
export function principalsOf(ctx: Ctx, exprs: SyntaxNode[], path: Path): PrincipalResult {
  const meta = ctx.meta;
  const b = new PrincipalBuilder(meta, path);
  const { conditions, trustActions } = b;
  const add = b.add.bind(b);
  const addConditions = (n: SyntaxNode | undefined): void => {
    if (!n) return;
    const v = toValue(n, [...path.slice(0, -1), 'Condition'], ctx);
    if (v.kind === 'object') conditions.push(...v.properties);
  };
  const visit = (raw: SyntaxNode, depth: number): void => {
    let n = unwrap(raw);
    if (depth > 16) return;
    if (isSpread(n)) {
      b.unknown ??= unknownNode(n, path);
      return;
    }
    if (isIdentifier(n)) {
      const d = resolveIdentifier(n);
      if (d && isCall(unwrap(d.value))) n = unwrap(d.value);
      else {
        b.unknown ??= unknownNode(n, path);
        return;
      }
    }
    if (!isCall(n)) {
      b.unknown ??= unknownNode(n, path);
      return;
    }
    const fn = callee(n);
    const name = lastName(fn);
    const nameNode = fn && isMember(unwrap(fn)) ? memberName(unwrap(fn)) : fn;
    const keySpan = nameNode ? spanOf(nameNode) : spanOf(n);
    const a0 = (kw?: string): ValueNode | undefined => {
      const a = arg(n, 0, kw);
      return a ? toValue(a, [...path, '?'], ctx) : undefined;
    };
    // `.withConditions({...})`, `.withSessionTags()` on a principal.
    if (fn && isMember(unwrap(fn)) && (name === 'withConditions' || name === 'with_conditions' || name === 'withSessionTags' || name === 'with_session_tags')) {
      const obj = memberObject(unwrap(fn));
      if (obj) visit(obj, depth + 1);
      if (name!.startsWith('withC') || name!.startsWith('with_c')) addConditions(arg(n, 0, 'conditions'));
      if (name!.includes('ession')) trustActions.push('sts:TagSession');
      return;
    }
    const method = camel(name ?? '');
    switch (method) {
      case 'ServicePrincipal':
      case 'addServicePrincipal': {
        const v = a0('service');
        if (v) add('Service', keySpan, v);
        return;
      }
      case 'AccountPrincipal':
      case 'addAwsAccountPrincipal':
      case 'ArnPrincipal':
      case 'addArnPrincipal': {
        const v = a0(method.includes('Arn') ? 'arn' : 'account_id');
        if (v) add('AWS', keySpan, v);
        return;
      }
      case 'AnyPrincipal':
      case 'StarPrincipal':
      case 'addAnyPrincipal':
        add('AWS', keySpan, synthString(meta, '*', spanOf(n), [...path, 'AWS']));
        return;
      case 'AccountRootPrincipal':
      case 'addAccountRootPrincipal': {
        const s: StringNode = { kind: 'string', value: 'arn:${?}:iam::${?}:root', parts: [{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':iam::' }, { hole: 'AWS::AccountId' }, { text: ':root' }], span: spanOf(n), path: [...path, 'AWS'] };
        meta.synthetic.add(s);
        add('AWS', keySpan, s);
        return;
      }
      case 'OrganizationPrincipal': {
        add('AWS', keySpan, synthString(meta, '*', spanOf(n), [...path, 'AWS']));
        const v = a0('organization_id');
        if (v) {
          const obj: ObjectNode = { kind: 'object', properties: [{ key: 'aws:PrincipalOrgID', keySpan: { offset: v.span.offset, length: 0 }, value: v, span: v.span, path: [] }], span: v.span, path: [] };
          meta.synthetic.add(obj);
          conditions.push({ key: 'StringEquals', keySpan: { offset: keySpan.offset, length: 0 }, value: obj, span: spanOf(n), path: [] });
        }
        return;
      }
      case 'FederatedPrincipal':
      case 'addFederatedPrincipal': {
        const v = a0('federated');
        if (v) add('Federated', keySpan, v);
        addConditions(arg(n, 1, 'conditions'));
        const act = arg(n, 2, 'assume_role_action');
        const av = act && toValue(act, [], ctx);
        trustActions.push(av && av.kind === 'string' && !av.parts ? av.value : 'sts:AssumeRole');
        return;
      }
      case 'WebIdentityPrincipal':
      case 'OpenIdConnectPrincipal':
      case 'SamlPrincipal':
      case 'SamlConsolePrincipal': {
        const a = arg(n, 0, method === 'WebIdentityPrincipal' ? 'identity_provider' : method === 'OpenIdConnectPrincipal' ? 'open_id_connect_provider' : 'saml_provider');
        if (a) {
          const v = method === 'WebIdentityPrincipal' ? toValue(a, [...path, 'Federated'], ctx) : unknownNode(a, [...path, 'Federated']);
          add('Federated', keySpan, v);
        }
        addConditions(arg(n, 1, 'conditions'));
        trustActions.push(method.startsWith('Saml') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity');
        return;
      }
      case 'CanonicalUserPrincipal':
      case 'addCanonicalUserPrincipal': {
        const v = a0('canonical_user_id');
        if (v) add('CanonicalUser', keySpan, v);
        return;
      }
      case 'CompositePrincipal':
        for (const a of positional(n)) visit(a, depth + 1);
        return;
      case 'addPrincipals':
        for (const a of callArgs(n)) visit(a, depth + 1);
        return;
    }
    b.unknown ??= unknownNode(n, path);
  };
  for (const e of exprs) visit(e, 0);
  return b.result(exprs.map(spanOf));
}
