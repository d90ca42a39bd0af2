import type { ArrayNode, EditRenderer, EditValue, ObjectNode, Path, PropertyNode, StringNode, TextEdit, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { newMeta, spanOf, unionSpan, unknownNode, type RenderMeta } from './values';
import { CdkEditRenderer } from './edits';
import { type Prop } from './extractCommon';
import { CONSTRUCT_CLASSES, argumentsArray, callOfArgument, constructCall, propsClassOf, scopeOf, type LangCtx, type LangSyntax } from './langSyntax';
import { extractWith, DeclMap, type LangEdit, type LangState, type LangExtraction } from './extractLang';

/**
 * CDK in Go (tree-sitter-go) → policy documents. Recognised:
 * `awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{ Actions: …, Resources: …, Effect: awsiam.Effect_ALLOW, … })`
 * (fields `Sid`, `Effect`, `Actions`, `NotActions`, `Resources`, `NotResources`, `Principals`,
 * `NotPrincipals`, `Conditions`), `AssumedBy: principal` in `&awsiam.RoleProps{…}`, and the
 * context of a statement: `x.AddToPolicy(…)` / `AddToPrincipalPolicy` → identity,
 * `x.AddToResourcePolicy(…)` → resource; a statement in a variable (`st := …`) takes the context
 * of the call it is passed to.
 *
 * Values: `jsii.String("…")` and bare string literals (interpreted and raw) are known;
 * `&[]*string{jsii.String("a"), …}` and `jsii.Strings("a", "b")` are lists;
 * `&map[string]interface{}{"k": v}` is an object; a variable holding one of those is followed one
 * level; everything else (`bucket.BucketArn()`, `fmt.Sprintf(…)`, …) is unknown.
 * Fixes keep the Go form: new items of a `[]*string` literal are written `jsii.String("…")`,
 * items of `jsii.Strings(…)` bare (GoEditRenderer below).
 */

/**
 * `[]*string{jsii.String(…)}` lists: each item's `jsii.String(…)` call. Kept as syntax nodes, not
 * spans: a policy reused by the next, incremental extraction is moved in place (reuse.ts), and so
 * are the mirror's nodes it was read from (mirror.ts), so their offsets stay current.
 */
export type WrappedItems = WeakMap<ArrayNode, SyntaxNode[]>;

interface GCtx extends LangCtx {
  wrapped: WrappedItems;
}

export interface GoExtraction extends LangExtraction {
  wrapped: WrappedItems;
}

function args(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
}

function unwrapG(n: SyntaxNode): SyntaxNode {
  let cur = n;
  for (let i = 0; i < 16; i++) {
    if (cur.type === 'parenthesized_expression' || cur.type === 'literal_element') {
      const inner = cur.namedChildren.find((c) => c.type !== 'comment');
      if (!inner) break;
      cur = inner;
    } else if (cur.type === 'unary_expression' && /^[&*]/.test(cur.text)) {
      const inner = cur.childForFieldName('operand');
      if (!inner) break;
      cur = inner;
    } else break;
  }
  return cur;
}

/** `pkg.Name(…)` / `Name(…)`: the called name. */
function calledName(call: SyntaxNode): string | undefined {
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'selector_expression') return fn.childForFieldName('field')?.text;
  if (fn?.type === 'identifier') return fn.text;
  return undefined;
}

function calledPackage(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'selector_expression' ? fn.childForFieldName('operand')?.text : undefined;
}

function compositeType(n: SyntaxNode): string | undefined {
  if (n.type !== 'composite_literal') return undefined;
  const t = n.childForFieldName('type');
  if (!t) return undefined;
  if (t.type === 'qualified_type') return t.childForFieldName('name')?.text;
  if (t.type === 'type_identifier') return t.text;
  return t.type;
}

function stringLiteral(n: SyntaxNode, path: Path): ValueNode | undefined {
  if (n.type === 'raw_string_literal') {
    const inner = n.text.slice(1, -1);
    return { kind: 'string', value: inner.replace(/\r/g, ''), span: spanOf(n), path, ...(inner.includes('\r') ? {} : { valueSpan: { offset: n.startIndex + 1, length: inner.length } }) };
  }
  if (n.type !== 'interpreted_string_literal') return undefined;
  const kids = n.namedChildren;
  if (kids.some((c) => c.type !== 'interpreted_string_literal_content' && c.type !== 'escape_sequence')) return unknownNode(n, path);
  if (kids.some((c) => c.type === 'escape_sequence')) {
    let value = '';
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    for (const c of kids) {
      if (c.type === 'interpreted_string_literal_content') value += c.text;
      else if (c.text.length === 2 && simple[c.text[1]] !== undefined) value += simple[c.text[1]];
      else return unknownNode(n, path);
    }
    return { kind: 'string', value, span: spanOf(n), path };
  }
  const s: StringNode = { kind: 'string', value: n.text.slice(1, -1), span: spanOf(n), path, valueSpan: { offset: n.startIndex + 1, length: Math.max(0, n.endIndex - n.startIndex - 2) } };
  return s;
}

/** `jsii.String("x")` (or `jsii.String(x)`): the argument. */
function jsiiString(n: SyntaxNode): SyntaxNode | undefined {
  return n.type === 'call_expression' && calledName(n) === 'String' && calledPackage(n) === 'jsii' && args(n).length === 1 ? args(n)[0] : undefined;
}

function isSliceLiteral(n: SyntaxNode): boolean {
  return n.type === 'composite_literal' && n.childForFieldName('type')?.type === 'slice_type';
}

function isMapLiteral(n: SyntaxNode): boolean {
  return n.type === 'composite_literal' && n.childForFieldName('type')?.type === 'map_type';
}

function literalish(n: SyntaxNode): boolean {
  return n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal' || !!jsiiString(n) || isSliceLiteral(n) || isMapLiteral(n) || (n.type === 'call_expression' && calledName(n) === 'Strings' && calledPackage(n) === 'jsii');
}

function toValueG(raw: SyntaxNode, path: Path, ctx: GCtx, follow = 1): ValueNode {
  const n = unwrapG(raw);
  const lit = stringLiteral(n, path);
  if (lit) return lit;
  const inner = jsiiString(n);
  if (inner) return toValueG(inner, path, ctx, follow);
  if (n.type === 'true' || n.type === 'false') return { kind: 'boolean', value: n.type === 'true', span: spanOf(n), path };
  if (n.type === 'int_literal') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? { kind: 'number', value: v, raw: n.text, span: spanOf(n), path } : unknownNode(n, path);
  }
  if (n.type === 'identifier') {
    const d = follow > 0 ? ctx.decls.get(n.text) : undefined;
    if (d && literalish(unwrapG(d))) return toValueG(d, path, ctx, follow - 1);
    return unknownNode(n, path);
  }
  if (n.type === 'call_expression' && calledName(n) === 'Strings' && calledPackage(n) === 'jsii') {
    return argumentsArray(ctx.meta, n, args(n).map((a, i) => toValueG(a, [...path, i], ctx, follow)), path);
  }
  if (isSliceLiteral(n)) {
    const body = n.childForFieldName('body');
    if (!body) return unknownNode(n, path);
    const elems = body.namedChildren.filter((c) => c.type !== 'comment');
    const items = elems.map((e, i) => toValueG(e, [...path, i], ctx, follow));
    const arr: ArrayNode = { kind: 'array', items, span: { offset: body.startIndex + 1, length: Math.max(0, body.endIndex - body.startIndex - 2) }, path };
    ctx.meta.args.add(arr);
    // Items written as jsii.String(…): edits replace the whole call and write new items the same way.
    const elemType = n.childForFieldName('type')?.childForFieldName('element')?.text.replace(/\s+/g, '');
    if (elems.every((e) => jsiiString(unwrapG(e))) && (elems.length > 0 || elemType === '*string')) ctx.wrapped.set(arr, elems.map((e) => unwrapG(e)));
    else if (elems.length > 0 || elemType !== 'string') ctx.meta.synthetic.add(arr);
    return arr;
  }
  if (isMapLiteral(n)) {
    const body = n.childForFieldName('body');
    const properties: PropertyNode[] = [];
    for (const el of body?.namedChildren ?? []) {
      if (el.type === 'comment') continue;
      if (el.type !== 'keyed_element') return unknownNode(n, path);
      const kNode = el.childForFieldName('key');
      const vNode = el.childForFieldName('value');
      const k = kNode && unwrapG(kNode);
      const key = k ? stringLiteral(k, path) : undefined;
      if (!k || !vNode || key?.kind !== 'string' || key.parts) return unknownNode(n, path);
      const v = toValueG(vNode, [...path, key.value], ctx, follow);
      properties.push({ key: key.value, keySpan: spanOf(k), value: v, span: unionSpan([spanOf(k), v.span]), path: [...path, key.value] });
    }
    const obj: ObjectNode = { kind: 'object', properties, span: spanOf(n), path };
    ctx.meta.synthetic.add(obj);
    return obj;
  }
  return unknownNode(n, path);
}

/** Fields of a struct literal (`&awsiam.XProps{ A: …, B: … }`) as properties. */
function fields(lit: SyntaxNode): Prop[] {
  const out: Prop[] = [];
  for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
    if (el.type !== 'keyed_element') continue;
    const k = el.childForFieldName('key');
    const v = el.childForFieldName('value');
    const name = k && unwrapG(k);
    if (name && (name.type === 'identifier' || name.type === 'field_identifier') && v) out.push({ name: name.text, nameNode: name, value: v });
  }
  return out;
}

function receiverClass(ctx: GCtx, receiver: SyntaxNode): string | undefined {
  const v = receiver.type === 'identifier' ? ctx.decls.get(receiver.text) : undefined;
  const u = v && unwrapG(v);
  const m = u && /^(?:New|From)?(\w+?)(?:_From\w+)?$/.exec(calledName(u) ?? '');
  return m?.[1];
}

/** The variable a value is assigned to (`st := …`, `var st = …`, `st = …`). */
function boundName(n: SyntaxNode): string | undefined {
  const list = n.parent;
  if (list?.type !== 'expression_list') return undefined;
  const holder = list.parent;
  const i = list.namedChildren.indexOf(n);
  if (holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement') {
    const left = holder.childForFieldName('left')?.namedChildren[i];
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (holder?.type === 'var_spec') {
    const names = holder.namedChildren.filter((c) => c.type === 'identifier');
    return names[i]?.text;
  }
  return undefined;
}

/** The variables of `a, b := x, y`, `var a = x`, `const a = x`, with their initialisers. */
function declare(n: SyntaxNode): [string, SyntaxNode][] | undefined {
  if (n.type !== 'short_var_declaration' && n.type !== 'var_spec' && n.type !== 'const_spec') return undefined;
  const names = n.type === 'short_var_declaration' ? (n.childForFieldName('left')?.namedChildren ?? []) : n.namedChildren.filter((c) => c.type === 'identifier');
  const values = (n.type === 'short_var_declaration' ? n.childForFieldName('right') : n.childForFieldName('value'))?.namedChildren ?? [];
  const out: [string, SyntaxNode][] = [];
  names.forEach((nm, i) => {
    if (nm.type === 'identifier' && values[i]) out.push([nm.text, values[i]]);
  });
  return out;
}

const CONTAINERS: ReadonlySet<string> = new Set(['source_file', 'block', 'statement_list', 'expression_case', 'default_case', 'type_case', 'communication_case']);

/** The Go spelling of what the shared walker reads (extractCommon.ts). */
function goSyntax(ctx: GCtx): LangSyntax {
  const syn: LangSyntax = {
    ...ctx,
    containers: CONTAINERS,
    declare,
    unwrap: unwrapG,
    creation: (n) => {
      const name = calledName(n);
      const m = name && /^New(\w*Principal)$/.exec(name);
      const fn = n.childForFieldName('function');
      const nameNode = fn?.type === 'selector_expression' ? fn.childForFieldName('field') : fn;
      return m && nameNode ? { cls: m[1], nameNode, args: args(n) } : undefined;
    },
    list: (n) => (isSliceLiteral(n) ? (n.childForFieldName('body')?.namedChildren.filter((c) => c.type !== 'comment') ?? []) : undefined),
    value: (n, path) => toValueG(n, path, ctx),
    construct: (n, claim) => {
      if (n.type === 'call_expression') {
        const name = calledName(n) ?? '';
        const m = /^New(\w+)$/.exec(name);
        if (m && CONSTRUCT_CLASSES.test(m[1])) return constructCall(syn, m[1], n, args(n), (last) => (propsClassOf(compositeType(last)) === m[1] ? fields(last) : undefined), claim);
        // awsiam.PolicyStatement_FromJson(obj) / awsiam.PolicyDocument_FromJson(obj)
        const j = /^(PolicyStatement|PolicyDocument)_FromJson$/.exec(name);
        const a = args(n);
        return j && a.length === 1 ? { cls: j[1], node: n, props: [], json: a[0] } : undefined;
      }
      // `&awsiam.RoleProps{…}` on its own (a props variable).
      const pc = propsClassOf(compositeType(n));
      return pc ? { cls: pc, node: n, props: fields(n) } : undefined;
    },
    receiver: (n) => {
      const fn = n.type === 'call_expression' ? n.childForFieldName('function') : null;
      return fn?.type === 'selector_expression' && fn.childForFieldName('field') ? (fn.childForFieldName('operand') ?? undefined) : undefined;
    },
    call: (n) => {
      const fn = n.type === 'call_expression' ? n.childForFieldName('function') : null;
      const nameNode = fn?.type === 'selector_expression' ? fn.childForFieldName('field') : null;
      return fn && nameNode ? { receiver: fn.childForFieldName('operand') ?? undefined, method: nameNode.text, nameNode, args: args(n), node: n } : undefined;
    },
    argumentOf: (expr) => callOfArgument(expr, 'argument_list'),
    binding: (expr) => {
      const name = boundName(expr);
      return name ? { name, scope: scopeOf(expr, /^(block|source_file)$/) } : undefined;
    },
    entries: (n) => {
      if (!isMapLiteral(n)) return undefined;
      const out: { key: SyntaxNode; value: SyntaxNode }[] = [];
      for (const el of n.childForFieldName('body')?.namedChildren ?? []) {
        const k = el.type === 'keyed_element' ? el.childForFieldName('key') : null;
        const v = el.type === 'keyed_element' ? el.childForFieldName('value') : null;
        if (k && v) out.push({ key: k, value: v });
      }
      return out;
    },
    literal: (raw) => {
      const n = jsiiString(raw) ?? raw;
      const v = stringLiteral(unwrapG(n), []);
      return v?.kind === 'string' ? v.value : undefined;
    },
    argsArray: (call, path, start) => {
      const elems = args(call);
      const arr = argumentsArray(ctx.meta, call, elems.map((a, i) => toValueG(a, [...path, start + i], ctx)), path);
      // AddActions(jsii.String("a"), …): edits write new items as jsii.String(…) too.
      if (elems.length > 0 && elems.every((e) => jsiiString(unwrapG(e)))) ctx.wrapped.set(arr, elems.map((e) => unwrapG(e)));
      else if (elems.length > 0) ctx.meta.synthetic.add(arr);
      return arr;
    },
    receiverClass: (r) => receiverClass(ctx, r),
  };
  return syn;
}

/** The policies of a Go CDK file; with `edit`, incrementally from the previous state (extractCommon.ts). */
export function extractGo(root: SyntaxNode, text: string, edit?: LangEdit): GoExtraction {
  const prev = edit?.prev as LangState | undefined;
  const meta = prev?.meta ?? newMeta();
  const ctx: GCtx = { meta, decls: new DeclMap(), wrapped: prev?.wrapped ?? new WeakMap() };
  const r = extractWith(goSyntax(ctx), root, text, edit);
  r.state.wrapped = ctx.wrapped;
  return { policies: r.policies, meta, wrapped: ctx.wrapped, state: r.state };
}

/**
 * Renders fixes in Go: items of a `[]*string{jsii.String(…)}` literal are whole `jsii.String("…")`
 * calls (new ones are written that way); everything else as the shared CDK renderer does (a
 * string literal replaced in place keeps its `jsii.String(…)` around it).
 */
export class GoEditRenderer extends CdkEditRenderer {
  private wrapping = false;

  constructor(
    text: string,
    meta: RenderMeta,
    private readonly wrapped: WrappedItems,
  ) {
    super(text, false, meta);
  }

  protected override value(v: EditValue, indent: string, inline: boolean, q: string, snippet: boolean): string {
    const s = super.value(v, indent, inline, q, snippet);
    return this.wrapping && typeof v === 'string' ? `jsii.String(${s})` : s;
  }

  /** The array with its items' spans widened to their `jsii.String(…)` calls (same values). */
  private proxy(array: ArrayNode): { proxy: ArrayNode; items: ValueNode[] } | undefined {
    const spans = this.wrapped.get(array)?.map(spanOf);
    if (!spans || spans.length !== array.items.length) return undefined;
    const items = array.items.map((it, i) => ({ ...it, span: spans[i] }) as ValueNode);
    const proxy: ArrayNode = { ...array, items };
    this.metaOf().args.add(proxy);
    return { proxy, items };
  }

  private metaOf(): RenderMeta {
    return (this as unknown as { meta: RenderMeta }).meta;
  }

  private withWrapping<T>(f: () => T): T {
    this.wrapping = true;
    try {
      return f();
    } finally {
      this.wrapping = false;
    }
  }

  protected override replaceValue(node: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (node.kind === 'array') {
      const p = this.proxy(node);
      const edits = p ? this.withWrapping(() => super.replaceValue(p.proxy, value)) : super.replaceValue(node, value);
      return edits && this.metaOf().args.has(node) ? edits.map(trailingComma) : edits;
    }
    return super.replaceValue(node, value);
  }

  protected override appendItem(array: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (array.kind === 'array') {
      const p = this.proxy(array);
      if (p) return this.withWrapping(() => super.appendItem(p.proxy, value));
    }
    return super.appendItem(array, value);
  }

  protected override deleteItem(array: ValueNode, item: ValueNode): TextEdit[] | undefined {
    if (array.kind === 'array') {
      const p = this.proxy(array);
      const i = array.items.indexOf(item);
      if (p && i >= 0) return super.deleteItem(p.proxy, p.items[i]);
    }
    return super.deleteItem(array, item);
  }
}

/**
 * Go needs a comma after the last item when the closing `}` / `)` is on its own line: a list
 * rewritten one item per line (`\n<items>\n<indent>`) gets one.
 */
function trailingComma(e: TextEdit): TextEdit {
  const m = /^(\r?\n[\s\S]*?)([^,\s])(\r?\n[ \t]*)$/.exec(e.newText);
  return m ? { ...e, newText: `${m[1]}${m[2]},${m[3]}` } : e;
}

export function createGoRenderer(text: string, x: GoExtraction): EditRenderer {
  return new GoEditRenderer(text, x.meta, x.wrapped);
}
