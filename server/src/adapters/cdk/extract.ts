import { buildPolicyDocument } from '../../model/policy';
import type { ArrayNode, ObjectNode, ParseProblem, Path, PolicyDocument, PolicyType, PropertyNode, Span, StringNode, TypeSource, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { arg, argsNode, arrayItems, bindingOf, dependOn, dependOnName, enclosingStatement, parentOf, resetDeclarations, startDeps, stopDeps, type Deps, callArgs, callee, camel, entries, isArray, isCall, isIdentifier, isMember, isScope, isObject, isSpread, lastName, memberName, memberObject, outerParent, positional, resolveIdentifier, unwrap, type Entry } from './syntax';
import { newMeta, propsObjects, pushItem, spanOf, toValue, unionSpan, unknownNode, type RenderMeta, type ValueContext } from './values';
import { reusable } from './reuse';
import { floydConstructs, floydNames, floydStatement } from './extractFloyd';
import { cedarStatement, PrincipalBuilder } from './extractCommon';
import { RESOURCE_TYPES, TRUST_RESOURCE_TYPE, resourceElementOf } from './tables';

/**
 * CDK source (a tree-sitter tree) → policy documents. Work is proportional to the IAM constructs
 * in the file, not its size: a regular expression finds the names (`PolicyStatement`, `assumedBy`,
 * …, import aliases included) and only the syntax around each hit is read.
 *
 * Model: each statement is an object with IAM keys (`Action`, `Resource`, …) whose key spans are
 * the CDK property names (`actions`, `not_resources`) or builder methods (`addActions`) and whose
 * values are the source literals. What CDK adds on synth and the file does not spell (Version,
 * the default Effect, `sts:AssumeRole` of a trust statement, principals' JSON keys) is synthetic:
 * zero-length or covering the construct, and never edited (see edits.ts).
 */

export interface Extraction {
  policies: PolicyDocument[];
  problems: ParseProblem[];
  meta: RenderMeta;
  /** What the next, incremental extraction of the same document reuses. */
  state: ExtractState;
}

/**
 * One construct the extraction looked at (a PolicyDocument, a Policy/ManagedPolicy, a statement, an
 * `assumedBy`) and what came of it. `deps` are the source ranges and names it read (current
 * offsets); while an edit touches none of them the unit's policy is reused, shifted.
 */
export { propsObjects } from './values';

export interface Unit {
  phase: number;
  /** Start and end offsets of the construct (current text): its key, with the phase. */
  seed: number;
  seedEnd: number;
  deps: Deps;
  /** Statement constructs (start offsets) it took into its policy. */
  consumes: number[];
  policy?: PolicyDocument;
  /** The label before ordinals are added (identical labels get `#2`, `#3` …). */
  baseLabel?: string;
}

/** Extraction state kept between edits of one document (owned by index.ts). */
export interface ExtractState {
  units: Unit[];
  meta: RenderMeta;
  aliasKey: string;
}

/**
 * What the extractions so far did, for tests and benchmarks (counted, never timed): units
 * extracted (their construct read from the syntax tree) and units reused from the previous
 * extraction of the same document, and full extractions (no previous state usable).
 */
export const extractStats = { extracted: 0, reused: 0, full: 0 };

/** The edit since the previous extraction, as the incremental extraction needs it. */
export interface ExtractEdit {
  prev: ExtractState;
  prevText: string;
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  /** tree-sitter's changed ranges (new offsets). */
  changed: { startIndex: number; endIndex: number }[];
}


interface Ctx extends ValueContext {
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

const ELEMENT_ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Local names of CDK IAM classes: `import { PolicyStatement as PS }`, `from aws_cdk.aws_iam import PolicyStatement as PS`. */
function aliases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\b(PolicyStatement|PolicyDocument|ManagedPolicy|Policy|Role)\s+as\s+([A-Za-z_$][\w$]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.set(m[2], m[1]);
  // const { PolicyStatement: PS } = require('aws-cdk-lib/aws-iam')
  const re2 = /\b(PolicyStatement|PolicyDocument)\s*:\s*([A-Za-z_$][\w$]*)\s*[,}]/g;
  while ((m = re2.exec(text))) out.set(m[2], m[1]);
  return out;
}

interface StatementBuild {
  construct: SyntaxNode;
  /** Builder calls and extra principal/condition sources are merged into it. */
  node: ObjectNode | ValueNode;
  span: Span;
}

type Context = { kind: 'type'; type: PolicyType; resourceType?: string; resourceElement?: 'implicit'; label: string } | { kind: 'container'; container: SyntaxNode } | { kind: 'none' };

/**
 * Policies of a file. With `edit` (the previous extraction of the same document and the edit since)
 * only the constructs whose source or lookups the edit touched are extracted again; the others'
 * policies are reused with their spans moved (see `reusable`). The result is the same as a full
 * extraction (test/cdk-incremental.test.ts compares them after random edits).
 */
export function extract(root: SyntaxNode, text: string, py: boolean, edit?: ExtractEdit): Extraction {
  resetDeclarations();
  const alias = aliases(text);
  const aliasKey = [...alias].join(',');
  const reuse = edit && edit.prev.aliasKey === aliasKey ? reusable(edit, text) : undefined;
  if (!reuse) extractStats.full++;
  const meta = reuse ? edit!.prev.meta : newMeta();
  const ctx: Ctx = { py, meta, text, root };
  const policies: PolicyDocument[] = [];
  const problems: ParseProblem[] = [];
  const units: Unit[] = [];
  let current: Unit | undefined;
  /** Runs the extraction of one construct, or reuses its previous result when the edit left it alone. */
  const unit = (phase: number, seed: SyntaxNode, body: () => void): void => {
    const old = reuse?.get(`${phase}:${seed.startIndex}:${seed.endIndex}`);
    if (old) {
      extractStats.reused++;
      units.push(old);
      for (const c of old.consumes) consumed.add(c);
      if (old.policy) policies.push(old.policy);
      return;
    }
    extractStats.extracted++;
    const u: Unit = { phase, seed: seed.startIndex, seedEnd: seed.endIndex, deps: startDeps(), consumes: [] };
    current = u;
    try {
      dependOn(enclosingStatement(seed));
      body();
    } finally {
      stopDeps();
      current = undefined;
    }
    units.push(u);
  };
  const canonical = (name: string | undefined): string | undefined => (name === undefined ? undefined : (alias.get(name) ?? name));
  const names = ['PolicyStatement', 'PolicyDocument', 'ManagedPolicy', 'Policy', ...alias.keys()];
  const re = new RegExp(`\\b(${names.map(escapeRe).join('|')})\\b`, 'g');

  // Constructs: `new PolicyStatement(…)`, `PolicyStatement(…)` (Python), `PolicyStatement.fromJson(…)`.
  const statements: SyntaxNode[] = [];
  const documents: SyntaxNode[] = [];
  const policyConstructs: SyntaxNode[] = [];
  const seen = new Set<number>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const cls = canonical(m[1])!;
    const id = ctx.root.descendantForIndex(m.index, m.index + m[1].length);
    if (!id || (id.type !== 'identifier' && id.type !== 'property_identifier') || id.text !== m[1]) continue;
    let expr = id;
    const idParent = parentOf(id);
    if (idParent && isMember(idParent) && memberName(idParent)?.equals(id)) expr = idParent;
    const parent = outerParent(expr).parent;
    let construct: SyntaxNode | undefined;
    let json = false;
    if (parent && isCall(parent) && callee(parent)?.equals(outerParent(expr).node)) construct = parent;
    else if (parent && isMember(parent) && memberObject(parent)?.equals(expr) && /^(fromJson|from_json)$/.test(memberName(parent)?.text ?? '')) {
      const call = parentOf(parent);
      if (call && isCall(call) && callee(call)?.equals(parent)) {
        construct = call;
        json = true;
      }
    }
    if (!construct || seen.has(construct.id)) continue;
    seen.add(construct.id);
    if (cls === 'PolicyStatement' && cedarStatement(construct.text)) continue; // agentcore.PolicyStatement (Cedar), not IAM
    if (cls === 'PolicyStatement') statements.push(construct);
    else if (cls === 'PolicyDocument') documents.push(construct);
    else if (!json && (cls === 'Policy' || cls === 'ManagedPolicy')) policyConstructs.push(construct);
  }

  // cdk-iam-floyd chains are statements too (extractFloyd.ts).
  const floyd = floydNames(text);
  const floydIds = new Set<number>();
  for (const f of floyd ? floydConstructs(ctx.root, text, floyd) : []) {
    floydIds.add(f.id);
    statements.push(f);
  }

  /** Statement constructs (by start offset) taken into a document or policy. */
  const consumed = new Set<number>();
  const statementIds = new Set(statements.map((s) => s.id));
  const isJsonCall = (c: SyntaxNode): boolean => c.type !== 'new_expression' && /^(fromJson|from_json)$/.test(lastName(callee(c)) ?? '');

  /** The statement model of a construct, at `path`. */
  const buildStatement = (construct: SyntaxNode, path: Path): StatementBuild => {
    if (floyd && floydIds.has(construct.id)) return { construct, node: floydStatement(ctx, construct, floyd, path), span: spanOf(construct) };
    if (isJsonCall(construct)) {
      const a = arg(construct, 0, 'obj');
      const node = a ? toValue(a, path, ctx) : unknownNode(construct, path);
      return { construct, node, span: spanOf(construct) };
    }
    return statementFromProps(ctx, construct, path);
  };

  /** Statements of a list (a `statements` array, `addStatements` arguments), resolving variables. */
  const statementItems = (items: SyntaxNode[], basePath: Path, out: { node: ValueNode; span: Span }[]): void => {
    for (const raw of items) {
      const item = unwrap(raw);
      const path = [...basePath, out.length];
      let c: SyntaxNode | undefined;
      if (isCall(item) && statementIds.has(item.id)) c = item;
      else if (isIdentifier(item)) {
        const d = resolveIdentifier(item);
        const v = d && unwrap(d.value);
        if (v && isCall(v) && statementIds.has(v.id)) c = v;
      }
      if (c) {
        consumed.add(c.startIndex);
        current?.consumes.push(c.startIndex);
        const b = buildStatement(c, path);
        out.push({ node: b.node, span: b.span });
      } else if (isSpread(item)) {
        out.push({ node: unknownNode(item, path), span: spanOf(item) });
      } else {
        out.push({ node: toValue(item, path, ctx), span: spanOf(item) });
      }
    }
  };

  const addDoc = (rootNode: ValueNode, context: Context, labelText: string): void => {
    const c = context.kind === 'type' ? context : undefined;
    const type: PolicyType | undefined = c?.type;
    const typeSource: TypeSource | undefined = c ? 'context' : undefined;
    // No line number in the label: it is part of the findings cache's fingerprint, and an edit that
    // adds a line above would otherwise change every policy below it. Ordinals are added at the end.
    const label = c?.label ?? labelText;
    const policy = buildPolicyDocument(rootNode, { type, typeSource, resourceType: c?.resourceType, resourceElement: c?.resourceElement, label, hostPath: [label] });
    policies.push(policy);
    if (current) {
      current.policy = policy;
      current.baseLabel = label;
    }
  };

  /** A policy root over a list of statements: synthetic `{Version, Statement: [...]}`. */
  const syntheticRoot = (stmts: { node: ValueNode; span: Span }[], outer: Span, statementArray?: ArrayNode): ObjectNode => {
    const at: Span = { offset: outer.offset + outer.length, length: 0 };
    const version: PropertyNode = { key: 'Version', keySpan: at, value: { kind: 'string', value: '2012-10-17', span: at, path: ['Version'] }, span: at, path: ['Version'] };
    meta.synthetic.add(version.value);
    const arr: ArrayNode = statementArray ?? { kind: 'array', items: stmts.map((s) => s.node), span: unionSpan(stmts.map((s) => s.span).concat(outer)), path: ['Statement'] };
    if (!statementArray) meta.synthetic.add(arr);
    const statementProp: PropertyNode = { key: 'Statement', keySpan: { offset: arr.span.offset, length: 0 }, value: arr, span: arr.span, path: ['Statement'] };
    const root: ObjectNode = { kind: 'object', properties: [version, statementProp], span: unionSpan([outer, arr.span]), path: [] };
    meta.synthetic.add(root);
    return root;
  };

  // 1. PolicyDocument constructs.
  for (const d of documents) unit(1, d, () => {
    const context = usageContext(ctx, d, statements, documents);
    const lbl = 'PolicyDocument';
    if (isJsonCall(d)) {
      const a = arg(d, 0, 'obj');
      if (!a) return;
      const root = toValue(a, [], ctx);
      addDoc(root, context, lbl);
      return;
    }
    const stmts: { node: ValueNode; span: Span }[] = [];
    const props = propsOf(d, 0);
    const st = props && entries(props).find((e) => camel(e.key) === 'statements');
    let realArray: ArrayNode | undefined;
    if (st) {
      const v = unwrap(st.value);
      if (isArray(v)) {
        statementItems(arrayItems(v), ['Statement'], stmts);
        realArray = { kind: 'array', items: stmts.map((s) => s.node), span: spanOf(v), path: ['Statement'] };
      } else stmts.push({ node: unknownNode(v, ['Statement', 0]), span: spanOf(v) });
    }
    const extra = builderCalls(ctx, d, /^(addStatements|add_statements)$/);
    if (extra.length) realArray = undefined;
    for (const call of extra) statementItems(callArgs(call), ['Statement'], stmts);
    const outer = unionSpan([spanOf(d), ...extra.map(spanOf)]);
    addDoc(syntheticRoot(stmts, outer, realArray), context, lbl);
  });

  // 2. Policy / ManagedPolicy with `statements`.
  for (const p of policyConstructs) unit(2, p, () => {
    const props = propsOf(p, 2);
    const st = props && entries(props).find((e) => camel(e.key) === 'statements');
    const extra = builderCalls(ctx, p, /^(addStatements|add_statements)$/);
    if (!st && extra.length === 0) return;
    const stmts: { node: ValueNode; span: Span }[] = [];
    let realArray: ArrayNode | undefined;
    if (st) {
      const v = unwrap(st.value);
      if (isArray(v)) {
        statementItems(arrayItems(v), ['Statement'], stmts);
        realArray = { kind: 'array', items: stmts.map((s) => s.node), span: spanOf(v), path: ['Statement'] };
      }
    }
    if (extra.length) realArray = undefined;
    for (const call of extra) statementItems(callArgs(call), ['Statement'], stmts);
    if (stmts.length === 0) return;
    const cls = canonical(lastName(callee(p)));
    const context = usageContext(ctx, p, statements, documents);
    const name = constructId(p);
    const lbl = `new ${cls}${name ? ` ${name}` : ''}`;
    const type: Context = context.kind === 'type' && context.type === 'boundary' ? context : { kind: 'type', type: 'identity', label: lbl };
    addDoc(syntheticRoot(stmts, unionSpan([spanOf(p), ...extra.map(spanOf)]), realArray), type, lbl);
  });

  // 3. Statements on their own (addToPolicy, addToResourcePolicy, assumeRolePolicy.addStatements, no context).
  for (const s of statements) {
    if (consumed.has(s.startIndex)) continue;
    unit(3, s, () => {
      const context = usageContext(ctx, s, statements, documents);
      if (context.kind === 'container') return; // handled with its container (or an unrecognised one: skip)
      const b = buildStatement(s, ['Statement', 0]);
      addDoc(syntheticRoot([{ node: b.node, span: b.span }], b.span), principalsMakeResource(context, b.node), 'PolicyStatement');
    });
  }

  // 4. Trust policies from `assumedBy`.
  const trustRe = /\bassumed_?[bB]y\b/g;
  while ((m = trustRe.exec(text))) {
    const k = ctx.root.descendantForIndex(m.index, m.index + m[0].length);
    const entry = k ? parentOf(k) : null;
    if (!k || !entry || (entry.type !== 'pair' && entry.type !== 'keyword_argument')) continue;
    const v = entry.childForFieldName('value');
    if (!v) continue;
    unit(4, k, () => trustPolicy(k, entry, v));
  }
  function trustPolicy(k: SyntaxNode, entry: SyntaxNode, v: SyntaxNode): void {
    const principal = principalsOf(ctx, [v], ['Statement', 0, 'Principal']);
    if (!principal.value) return;
    const at: Span = { offset: spanOf(v).offset, length: 0 };
    const props: PropertyNode[] = [];
    const effect = synthProp(meta, 'Effect', 'Allow', at, ['Statement', 0]);
    props.push(effect);
    props.push({ key: 'Principal', keySpan: spanOf(k), value: principal.value, span: unionSpan([spanOf(k), principal.value.span]), path: ['Statement', 0, 'Principal'] });
    const actions = principal.trustActions.length ? principal.trustActions : ['sts:AssumeRole'];
    const actionValue: ArrayNode = { kind: 'array', items: actions.map((a, i) => synthString(meta, a, at, ['Statement', 0, 'Action', i])), span: at, path: ['Statement', 0, 'Action'] };
    meta.synthetic.add(actionValue);
    props.push({ key: 'Action', keySpan: at, value: actionValue, span: at, path: ['Statement', 0, 'Action'] });
    if (principal.conditions.length) {
      const cond = mergeConditions(meta, undefined, principal.conditions, ['Statement', 0, 'Condition']);
      props.push({ key: 'Condition', keySpan: at, value: cond, span: cond.span, path: ['Statement', 0, 'Condition'] });
    }
    const stmt: ObjectNode = { kind: 'object', properties: sortProps(props), span: spanOf(entry), path: ['Statement', 0] };
    meta.synthetic.add(stmt);
    const owner = outerCall(entry);
    const name = owner ? constructId(owner) : undefined;
    const lbl = name ? `assumedBy ${name}` : 'assumedBy';
    addDoc(syntheticRoot([{ node: stmt, span: stmt.span }], spanOf(entry)), { kind: 'type', type: 'trust', resourceType: TRUST_RESOURCE_TYPE, label: lbl }, lbl);
  }

  policies.sort((a, b) => a.root.span.offset - b.root.span.offset);
  return { policies: withOrdinals(policies), problems, meta, state: { units, meta, aliasKey } };
}

/** Policies whose labels are equal get ordinals in file order (`role.addToPolicy #2`); the first keeps the bare label. */
function withOrdinals(policies: PolicyDocument[]): PolicyDocument[] {
  const seen = new Map<string, number>();
  const base = (p: PolicyDocument): string => String(p.hostPath[0] ?? p.label);
  return policies.map((p) => {
    const b = base(p);
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    const label = n === 1 ? b : `${b} #${n}`;
    if (p.label === label) return p;
    return { ...p, label, hostPath: n === 1 ? [b] : [b, n] };
  });
}

/** The call a props object or keyword argument belongs to (`new Role(this, 'R', { assumedBy })`). */
function outerCall(entry: SyntaxNode): SyntaxNode | undefined {
  const holder = parentOf(entry);
  if (!holder) return undefined;
  if (holder.type === 'argument_list') {
    const c = parentOf(holder);
    return c && isCall(c) ? c : undefined;
  }
  const args = parentOf(holder);
  const c = args && (args.type === 'arguments' || args.type === 'argument_list') ? parentOf(args) : undefined;
  return c && isCall(c) ? c : undefined;
}

/** The construct id of `new X(this, 'Id', …)` / `X(self, "Id", …)` when it is a plain string literal. */
function constructId(call: SyntaxNode): string | undefined {
  const a = positional(call)[1] ?? arg(call, 1, 'id');
  if (!a || a.type !== 'string') return undefined;
  const m = /^[a-zA-Z]*(['"])([\w.:/-]{1,60})\1$/.exec(a.text);
  return m ? m[2] : undefined;
}


function synthString(meta: RenderMeta, value: string, at: Span, path: Path): StringNode {
  const s: StringNode = { kind: 'string', value, span: at, path };
  meta.synthetic.add(s);
  return s;
}

function synthProp(meta: RenderMeta, key: string, value: string, at: Span, base: Path): PropertyNode {
  return { key, keySpan: at, value: synthString(meta, value, at, [...base, key]), span: at, path: [...base, key] };
}

/** Properties ordered so that the innermost (shortest) spans are found first by nodeAtOffset. */
function sortProps(props: PropertyNode[]): PropertyNode[] {
  return props.slice().sort((a, b) => a.span.length - b.span.length || ELEMENT_ORDER.indexOf(a.key) - ELEMENT_ORDER.indexOf(b.key));
}

/** The props argument of a construct: the object literal at `index` (TS/JS), or the keyword arguments (Python). */
function propsOf(call: SyntaxNode, index: number): SyntaxNode | undefined {
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
function builderCalls(ctx: Ctx, construct: SyntaxNode, method: RegExp): SyntaxNode[] {
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
function usesOf(ctx: Ctx, name: string, scope: SyntaxNode, from: number): SyntaxNode[] {
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
function statementFromProps(ctx: Ctx, construct: SyntaxNode, path: Path): StatementBuild {
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
function mergeConditions(meta: RenderMeta, base: ObjectNode | undefined, extras: PropertyNode[], path: Path): ObjectNode {
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
function principalsOf(ctx: Ctx, exprs: SyntaxNode[], path: Path): PrincipalResult {
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
function usageContext(ctx: Ctx, construct: SyntaxNode, statements: SyntaxNode[], documents: SyntaxNode[]): Context {
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
function principalsMakeResource(context: Context, statement: ValueNode): Context {
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

