import type { ArrayNode, ObjectNode, Path, PropertyNode, Span, StringNode, StringPart, ValueNode } from '../../model';

/**
 * CloudFormation intrinsic functions over the raw template tree (YAML short tags are already in
 * their long form, see yamlTree.ts). `resolve` turns a raw subtree into the policy model:
 * - values built by an intrinsic become partially known strings (`parts` with holes) or unknown
 *   nodes, with `alternatives` for `Fn::If` (and for a `Ref` to a parameter with AllowedValues);
 * - `Ref: AWS::NoValue` removes the element (array item or property) it stands for;
 * - paths are rebased onto the policy root.
 * Never throws on odd input: anything it does not understand becomes an unknown node.
 */

/** YAML short-form tag → long-form key. */
export const TAG_FUNCTIONS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!ImportValue': 'Fn::ImportValue',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
};

const FUNCTION_KEYS = new Set(Object.values(TAG_FUNCTIONS).filter((k) => k !== 'Condition'));

/** The intrinsic function a raw node calls (`Ref`, `Fn::Sub`, …), if it is a one-key intrinsic object. */
export function intrinsicOf(node: ValueNode | undefined): { fn: string; arg: ValueNode; prop: PropertyNode } | undefined {
  if (!node || node.kind !== 'object' || node.properties.length !== 1) return undefined;
  const prop = node.properties[0];
  if (!FUNCTION_KEYS.has(prop.key) && !prop.key.startsWith('Fn::')) return undefined;
  return { fn: prop.key, arg: prop.value, prop };
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface TemplateSymbols {
  /** Parameter name → AllowedValues (when all are plain strings). */
  parameters: Map<string, { allowedValues?: string[]; type?: string; node: PropertyNode }>;
  /** Logical id → resource type. */
  resources: Map<string, { type?: string; node: PropertyNode }>;
  /** Mappings as raw nodes. */
  mappings?: ObjectNode;
}

const NO_VALUE = Symbol('NoValue');
type Resolved = ValueNode | typeof NO_VALUE;

export interface ResolveContext {
  symbols: TemplateSymbols;
  /** Host text, for labels. */
  text: string;
  /**
   * Characters (a hole as its `${?}`) that `Fn::Sub` variables may still inline in this template
   * (MAX_TEMPLATE_SUB_EXPANSION when absent); once spent, variables stay holes.
   */
  subBudget?: { left: number };
}

/** Upper bound on the text `Fn::Sub` variables inline in one template (all policies together). */
export const MAX_TEMPLATE_SUB_EXPANSION = 1 << 20;

function label(text: string, span: Span): string {
  const s = text.slice(span.offset, span.offset + Math.min(span.length, 200)).replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Raw template subtree → policy model rooted at `path`. Undefined when the whole value is `AWS::NoValue`. */
export function resolveValue(raw: ValueNode, path: Path, ctx: ResolveContext): ValueNode | undefined {
  const r = resolve(raw, path, ctx, 0);
  return r === NO_VALUE ? undefined : r;
}

/** True when the raw value is `Ref: AWS::NoValue`. */
export function isNoValue(raw: ValueNode | undefined): boolean {
  const f = intrinsicOf(raw);
  return !!f && f.fn === 'Ref' && f.arg.kind === 'string' && f.arg.value === 'AWS::NoValue';
}

/**
 * The concrete choices of a raw value: `Fn::If` branches (recursively, without `AWS::NoValue`),
 * or the value itself. Used to walk template structure (a Role's Policies list built with Fn::If).
 */
export function branches(raw: ValueNode | undefined, depth = 0): ValueNode[] {
  if (!raw || isNoValue(raw)) return [];
  const f = intrinsicOf(raw);
  if (f && f.fn === 'Fn::If' && f.arg.kind === 'array' && f.arg.items.length === 3 && depth < 16) {
    return [...branches(f.arg.items[1], depth + 1), ...branches(f.arg.items[2], depth + 1)];
  }
  return [raw];
}

function rebase(node: ValueNode, path: Path): void {
  node.path = path;
}

function resolve(raw: ValueNode, path: Path, ctx: ResolveContext, depth: number): Resolved {
  if (depth > 64) return unknown(raw, path, ctx, 'too deeply nested');
  const f = intrinsicOf(raw);
  if (f) return resolveIntrinsic(raw, f.fn, f.arg, path, ctx, depth);
  switch (raw.kind) {
    case 'object': {
      const properties: PropertyNode[] = [];
      for (const p of raw.properties) {
        const ppath = path.concat(p.key);
        const v = resolve(p.value, ppath, ctx, depth + 1);
        if (v === NO_VALUE) continue;
        properties.push({ key: p.key, keySpan: p.keySpan, value: v, span: p.span, path: ppath });
      }
      return { kind: 'object', properties, span: raw.span, path };
    }
    case 'array': {
      const items: ValueNode[] = [];
      for (const item of raw.items) {
        const v = resolve(item, path.concat(items.length), ctx, depth + 1);
        if (v !== NO_VALUE) items.push(v);
      }
      return { kind: 'array', items, span: raw.span, path };
    }
    case 'unknown':
      return { ...raw, path, alternatives: raw.alternatives?.map((a) => resolve(a, path, ctx, depth + 1)).filter((a): a is ValueNode => a !== NO_VALUE) };
    default: {
      const copy = { ...raw } as ValueNode;
      rebase(copy, path);
      return copy;
    }
  }
}

function unknown(raw: ValueNode, path: Path, ctx: ResolveContext, text?: string, alternatives?: ValueNode[]): ValueNode {
  return { kind: 'unknown', label: text ?? label(ctx.text, raw.span), span: raw.span, path, origin: 'derived', ...(alternatives && alternatives.length ? { alternatives } : {}) };
}

function partial(raw: ValueNode, path: Path, parts: StringPart[]): StringNode {
  const merged: StringPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if ('text' in p && last && 'text' in last) merged[merged.length - 1] = { text: last.text + p.text };
    else if (!('text' in p) || p.text !== '') merged.push(p);
  }
  const hasHole = merged.some((p) => 'hole' in p);
  const value = merged.map((p) => ('text' in p ? p.text : '${?}')).join('');
  return { kind: 'string', value, span: raw.span, path, origin: 'derived', ...(hasHole ? { parts: merged } : {}) };
}

function resolveIntrinsic(raw: ValueNode, fn: string, arg: ValueNode, path: Path, ctx: ResolveContext, depth: number): Resolved {
  switch (fn) {
    case 'Ref': {
      const name = arg.kind === 'string' ? arg.value : undefined;
      if (name === 'AWS::NoValue') return NO_VALUE;
      if (name === undefined) return unknown(raw, path, ctx);
      const param = ctx.symbols.parameters.get(name);
      if (param?.allowedValues && param.allowedValues.length > 0 && param.allowedValues.length <= 50 && !/List|CommaDelimited/.test(param.type ?? '')) {
        const alternatives = param.allowedValues.map((v) => partial(raw, path, [{ text: v }]));
        return unknown(raw, path, ctx, undefined, alternatives);
      }
      return unknown(raw, path, ctx);
    }
    case 'Fn::If': {
      if (arg.kind !== 'array' || arg.items.length !== 3) return unknown(raw, path, ctx);
      const alts: ValueNode[] = [];
      for (const b of [arg.items[1], arg.items[2]]) {
        const v = resolve(b, path, ctx, depth + 1);
        // A nested Fn::If contributes its own branches: the choices stay one flat list.
        if (v !== NO_VALUE && v.kind === 'unknown' && v.alternatives && v.origin === 'derived' && intrinsicOf(b)?.fn === 'Fn::If') alts.push(...v.alternatives);
        else if (v !== NO_VALUE) alts.push(v);
      }
      if (alts.length === 0) return NO_VALUE;
      return unknown(raw, path, ctx, undefined, alts);
    }
    case 'Fn::Sub': {
      let template: ValueNode | undefined = arg;
      let vars: ObjectNode | undefined;
      if (arg.kind === 'array') {
        template = arg.items[0];
        vars = arg.items[1]?.kind === 'object' ? arg.items[1] : undefined;
      }
      if (!template || template.kind !== 'string') return unknown(raw, path, ctx);
      const parts = subParts(template.value, vars, ctx, depth);
      if (parts.every((p) => 'text' in p) && template.valueSpan && !vars && parts.map((p) => (p as { text: string }).text).join('') === template.value) {
        // No substitution at all: the literal keeps its exact span (so fixes may edit it).
        const node: StringNode = { kind: 'string', value: template.value, span: raw.span, path, valueSpan: template.valueSpan };
        return node;
      }
      return partial(raw, path, parts);
    }
    case 'Fn::Join': {
      if (arg.kind !== 'array' || arg.items.length !== 2) return unknown(raw, path, ctx);
      const [delimNode, list] = arg.items;
      const delim = delimNode.kind === 'string' ? delimNode.value : undefined;
      if (delim === undefined || list.kind !== 'array') return unknown(raw, path, ctx);
      const parts: StringPart[] = [];
      let first = true;
      for (const item of list.items) {
        const v = resolve(item, path, ctx, depth + 1);
        if (v === NO_VALUE) continue;
        if (!first) parts.push({ text: delim });
        first = false;
        parts.push(...stringParts(v));
      }
      return partial(raw, path, parts);
    }
    case 'Fn::Select': {
      if (arg.kind === 'array' && arg.items.length === 2) {
        const [idxNode, list] = arg.items;
        const idx = idxNode.kind === 'number' ? idxNode.value : idxNode.kind === 'string' ? Number(idxNode.value) : NaN;
        if (Number.isInteger(idx) && list.kind === 'array' && idx >= 0 && idx < list.items.length && !list.items.some((i) => intrinsicOf(i))) {
          const v = resolve(list.items[idx], path, ctx, depth + 1);
          if (v === NO_VALUE) return NO_VALUE;
          return v.kind === 'string' ? partial(raw, path, stringParts(v)) : unknown(raw, path, ctx);
        }
      }
      return unknown(raw, path, ctx);
    }
    case 'Fn::FindInMap': {
      const found = findInMap(arg, ctx);
      if (found && found.kind === 'string') return partial(raw, path, [{ text: found.value }]);
      return unknown(raw, path, ctx);
    }
    default:
      // GetAtt, ImportValue, Split, Base64, Cidr, GetAZs, …: computed at deploy time.
      return unknown(raw, path, ctx);
  }
}

/** The known text and holes of a resolved value used inside a string. */
function stringParts(v: ValueNode): StringPart[] {
  if (v.kind === 'string') return v.parts ? v.parts : [{ text: v.value }];
  if (v.kind === 'number') return [{ text: v.raw }];
  if (v.kind === 'boolean') return [{ text: String(v.value) }];
  return [{ hole: v.kind === 'unknown' ? v.label : '?' }];
}

function findInMap(arg: ValueNode, ctx: ResolveContext): ValueNode | undefined {
  if (arg.kind !== 'array' || arg.items.length < 3 || !ctx.symbols.mappings) return undefined;
  let cur: ValueNode | undefined = ctx.symbols.mappings;
  for (const k of arg.items.slice(0, 3)) {
    if (k.kind !== 'string' || !cur || cur.kind !== 'object') return undefined;
    cur = cur.properties.find((p) => p.key === k.value)?.value;
  }
  return cur;
}

/** A `${…}` reference in a `Fn::Sub` template: where it starts, its length with the braces, and what is between them. */
export interface SubVariable {
  index: number;
  length: number;
  inner: string;
}

/**
 * The `${…}` references of a `Fn::Sub` template, in order. Plain index scanning (no regular
 * expression with shared `lastIndex` state), so callers may recurse freely while iterating.
 */
export function subVariables(template: string): SubVariable[] {
  const out: SubVariable[] = [];
  let from = 0;
  for (;;) {
    const open = template.indexOf('${', from);
    if (open < 0) break;
    const close = template.indexOf('}', open + 2);
    if (close < 0) break;
    out.push({ index: open, length: close + 1 - open, inner: template.slice(open + 2, close) });
    from = close + 1;
  }
  return out;
}

/**
 * Upper bound on the text a `Fn::Sub` may add by inlining its variables (characters, a hole
 * counted as its `${?}`), above any policy size quota. Nested `Fn::Sub`s in variable maps multiply:
 * `${a}${a}` with `a` itself `${b}${b}` … doubles per level. Past the bound the value is one hole.
 */
export const MAX_SUB_EXPANSION = 32768;

/** A variable map's resolved values by name, shared by every template that uses the map. */
export type SubVarCache = Map<string, StringPart[] | typeof NO_VALUE>;

/**
 * Splits a `Fn::Sub` template into known text and holes. `${!Literal}` is the literal `${Literal}`;
 * a variable from the variable map with a literal value is inlined; every other `${…}` is a hole.
 * Each variable of the map is resolved once (per `cache`); what variables inline is bounded per
 * value (MAX_SUB_EXPANSION) and per template (the context's `subBudget`).
 */
export function subParts(template: string, vars: ObjectNode | undefined, ctx: ResolveContext | undefined, depth = 0, cache: SubVarCache = new Map()): StringPart[] {
  const parts: StringPart[] = [];
  let last = 0;
  let size = 0;
  const push = (p: StringPart): void => {
    parts.push(p);
    size += 'text' in p ? p.text.length : 4;
  };
  for (const v of subVariables(template)) {
    if (v.index > last) push({ text: template.slice(last, v.index) });
    last = v.index + v.length;
    const name = v.inner.trim();
    const raw = ctx && !name.startsWith('!') ? vars?.properties.find((p) => p.key === name)?.value : undefined;
    if (name.startsWith('!')) {
      push({ text: `\${${name.slice(1)}}` });
    } else if (!raw || !ctx) {
      push({ hole: name });
    } else {
      const budget = (ctx.subBudget ??= { left: MAX_TEMPLATE_SUB_EXPANSION });
      let bound = cache.get(name);
      if (bound === undefined && budget.left > 0) {
        const r = resolve(raw, [], ctx, depth + 1);
        bound = r === NO_VALUE ? NO_VALUE : stringParts(r);
        cache.set(name, bound);
      }
      if (bound === undefined || budget.left <= 0) {
        push({ hole: name });
      } else if (bound !== NO_VALUE) {
        const before = size;
        for (const p of bound) push(p);
        budget.left -= size - before;
      }
    }
    if (size > template.length + MAX_SUB_EXPANSION) return [{ hole: 'Fn::Sub expansion too long' }];
  }
  if (last < template.length) push({ text: template.slice(last) });
  return parts;
}

/** `subParts` over one variable map for many templates (the strings of an embedded JSON policy): each variable resolved once. */
export function subResolver(vars: ObjectNode | undefined, ctx: ResolveContext): (template: string) => StringPart[] {
  const cache: SubVarCache = new Map();
  return (template) => subParts(template, vars, ctx, 0, cache);
}

/** Array helper for callers that need an array node from resolved items. */
export function arrayOf(items: ValueNode[], span: Span, path: Path): ArrayNode {
  return { kind: 'array', items, span, path };
}
