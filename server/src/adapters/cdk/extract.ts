import { buildPolicyDocument } from '../../model/policy';
import type { ArrayNode, ObjectNode, ParseProblem, Path, PolicyDocument, PolicyType, PropertyNode, Span, TypeSource, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { arg, arrayItems, dependOn, enclosingStatement, parentOf, resetDeclarations, startDeps, stopDeps, type Deps, callArgs, callee, camel, entries, isArray, isCall, isIdentifier, isMember, isSpread, lastName, memberName, memberObject, outerParent, positional, resolveIdentifier, unwrap } from './syntax';
import { newMeta, spanOf, toValue, unionSpan, unknownNode, type RenderMeta } from './values';
import { reusable } from './reuse';
import { floydConstructs, floydNames, floydStatement } from './extractFloyd';
import { cedarStatement, synthString } from './extractCommon';
import { TRUST_RESOURCE_TYPE } from './tables';
import { type Ctx, type StatementBuild, builderCalls, mergeConditions, principalsOf, propsOf, sortProps, statementFromProps, synthProp } from './tsStatements';
import { type Context, escapeRe, principalsMakeResource, usageContext } from './tsContext';

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
