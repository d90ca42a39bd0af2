import type { ArrayNode, ObjectNode, Path, PropertyNode, Span, StringNode, StringPart, UnknownNode, ValueNode } from '../../model';
import type { SyntaxNode } from './runtime';
import { arrayItems, entries, isArray, isIdentifier, isMember, isSpread, lastName, memberName, memberObject, resolveIdentifier, unwrap } from './syntax';

/**
 * Source expressions → policy model values. Literals are known; everything else is partially
 * known (a string with `parts` holes) or `unknown`, so checks never report an error caused only by
 * a value the file does not spell out. A local variable (`const ACTIONS = [...]`, `ACTIONS = [...]`)
 * is followed one level, and the values keep the ranges of the literal it holds.
 */

/** What the renderer needs to know about nodes the extractor made (see edits.ts). */
export interface RenderMeta {
  /** Nodes with no text of their own (CDK defaults, merged elements, principals): never edited. */
  synthetic: WeakSet<object>;
  /** Objects holding CDK construct properties (`actions`, `not_actions`…) rather than IAM JSON keys. */
  props: WeakSet<ObjectNode>;
  /** Arrays that are a call's argument list (`addActions('a', 'b')`): written without brackets. */
  args: WeakSet<ArrayNode>;
}

export function newMeta(): RenderMeta {
  return { synthetic: new WeakSet(), props: new WeakSet(), args: new WeakSet() };
}

export interface ValueContext {
  py: boolean;
  meta: RenderMeta;
}

export function spanOf(n: SyntaxNode): Span {
  return { offset: n.startIndex, length: n.endIndex - n.startIndex };
}

export function unionSpan(spans: Span[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    start = Math.min(start, s.offset);
    end = Math.max(end, s.offset + s.length);
  }
  return start === Infinity ? { offset: 0, length: 0 } : { offset: start, length: end - start };
}

function label(n: SyntaxNode): string {
  const t = n.text.slice(0, 1000).replace(/\s+/g, ' ');
  return t.length > 48 ? `${t.slice(0, 45)}…` : t;
}

export function unknownNode(n: SyntaxNode, path: Path): UnknownNode {
  return { kind: 'unknown', label: label(n), span: spanOf(n), path };
}

const JS_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes one escape sequence (JS or Python); undefined when it is not a simple one. */
function decodeEscape(e: string): string | undefined {
  const c = e[1];
  if (c === undefined) return undefined;
  if (c in JS_ESCAPES && e.length === 2) return JS_ESCAPES[c];
  if (c === 'u' || c === 'x' || c === 'U') {
    const hex = e.slice(2).replace(/[{}]/g, '');
    const code = parseInt(hex, 16);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  if (c === '\n' || c === '\r') return '';
  return e.length === 2 ? c : undefined;
}

interface StringInfo {
  parts: StringPart[];
  /** Content span when it maps 1:1 to the value. */
  valueSpan?: Span;
}

function pushText(parts: StringPart[], text: string): void {
  const last = parts[parts.length - 1];
  if (last && 'text' in last) last.text += text;
  else if (text) parts.push({ text });
}

/** The parts of a string-like literal, or undefined when the node is not one. */
function stringInfo(n: SyntaxNode, ctx: ValueContext): StringInfo | undefined {
  if (n.type === 'string' && !ctx.py) {
    const t = n.text;
    const content: Span = { offset: n.startIndex + 1, length: Math.max(0, t.length - 2) };
    let escaped = false;
    const parts: StringPart[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'escape_sequence') {
        escaped = true;
        const d = decodeEscape(c.text);
        if (d === undefined) parts.push({ hole: c.text });
        else pushText(parts, d);
      } else pushText(parts, c.text);
    }
    return { parts, valueSpan: escaped ? undefined : content };
  }
  if (n.type === 'template_string') {
    const parts: StringPart[] = [];
    let plain = true;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'template_substitution') {
        plain = false;
        parts.push({ hole: c.text.slice(2, -1).trim() });
      } else if (c.type === 'escape_sequence') {
        plain = false;
        const d = decodeEscape(c.text);
        if (d === undefined) parts.push({ hole: c.text });
        else pushText(parts, d);
      } else pushText(parts, c.text);
    }
    return { parts, valueSpan: plain ? { offset: n.startIndex + 1, length: Math.max(0, n.endIndex - n.startIndex - 2) } : undefined };
  }
  if (n.type === 'string' && ctx.py) {
    const start = n.namedChildren.find((c) => c?.type === 'string_start');
    const prefix = (start?.text ?? '"').replace(/["']+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    const parts: StringPart[] = [];
    let plain = !prefix.includes('b');
    let contentStart = -1;
    let contentEnd = -1;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_start') {
        contentStart = c.endIndex;
        continue;
      }
      if (c.type === 'string_end') {
        contentEnd = c.startIndex;
        continue;
      }
      if (c.type === 'interpolation') {
        plain = false;
        const expr = c.childForFieldName('expression');
        parts.push({ hole: (expr ?? c).text });
      } else if (c.type === 'escape_sequence' && !raw) {
        plain = false;
        const d = decodeEscape(c.text);
        if (d === undefined) parts.push({ hole: c.text });
        else pushText(parts, d);
      } else if (c.type === 'escape_interpolation') {
        plain = false;
        pushText(parts, c.text[0]);
      } else pushText(parts, c.text);
    }
    // Text between children (the grammar leaves some content unnamed): take the source between start and end when plain.
    if (contentStart >= 0 && contentEnd >= contentStart && plain) {
      const text = n.text.slice(contentStart - n.startIndex, contentEnd - n.startIndex);
      return { parts: text ? [{ text }] : [], valueSpan: { offset: contentStart, length: contentEnd - contentStart } };
    }
    return { parts };
  }
  return undefined;
}

function stringNode(parts: StringPart[], span: Span, path: Path, valueSpan?: Span): StringNode {
  const known = parts.every((p) => 'text' in p);
  const value = parts.map((p) => ('text' in p ? p.text : '${?}')).join('');
  const node: StringNode = { kind: 'string', value, span, path };
  if (!known) node.parts = parts.map((p) => ({ ...p }));
  if (known && valueSpan) node.valueSpan = valueSpan;
  return node;
}

/** `Effect.ALLOW` / `iam.Effect.DENY` → Allow / Deny. */
export function effectConstant(n: SyntaxNode): string | undefined {
  if (!isMember(n)) return undefined;
  const prop = memberName(n)?.text;
  const obj = memberObject(n);
  if (lastName(obj) !== 'Effect') return undefined;
  if (prop === 'ALLOW') return 'Allow';
  if (prop === 'DENY') return 'Deny';
  return undefined;
}

/** Converts an expression; `follow` is how many variable references may still be followed (one level). */
export function toValue(raw: SyntaxNode, path: Path, ctx: ValueContext, follow = 1, depth = 0): ValueNode {
  const n = unwrap(raw);
  if (depth > 64) return unknownNode(n, path);
  const span = spanOf(n);
  const s = stringInfo(n, ctx);
  if (s) return stringNode(s.parts, span, path, s.valueSpan);
  switch (n.type) {
    case 'concatenated_string':
    case 'binary_expression':
    case 'binary_operator': {
      const parts = concatParts(n, ctx, follow, depth);
      if (parts) return stringNode(parts, span, path);
      return unknownNode(n, path);
    }
    case 'number':
    case 'integer':
    case 'float': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { kind: 'number', value: v, raw: n.text, span, path } : unknownNode(n, path);
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: n.type === 'true', span, path };
    case 'null':
    case 'none':
      return { kind: 'null', span, path };
    case 'array':
    case 'list':
    case 'tuple': {
      const items: ValueNode[] = [];
      for (const item of arrayItems(n)) pushItem(items, item, path, ctx, follow, depth);
      return { kind: 'array', items, span, path };
    }
    case 'object':
    case 'dictionary':
      return objectValue(n, path, ctx, follow, depth);
    case 'identifier': {
      if (follow > 0) {
        const d = resolveIdentifier(n);
        if (d && isLiteralish(unwrap(d.value))) return toValue(d.value, path, ctx, follow - 1, depth + 1);
      }
      return unknownNode(n, path);
    }
  }
  const effect = effectConstant(n);
  if (effect) return { kind: 'string', value: effect, span, path };
  return unknownNode(n, path);
}

function isLiteralish(n: SyntaxNode): boolean {
  return ['string', 'template_string', 'array', 'list', 'tuple', 'object', 'dictionary', 'number', 'integer', 'float', 'true', 'false', 'concatenated_string', 'binary_expression', 'binary_operator'].includes(n.type);
}

/** Items of an array, with spreads of a local array inlined (one level) and others unknown. */
export function pushItem(items: ValueNode[], item: SyntaxNode, path: Path, ctx: ValueContext, follow: number, depth: number): void {
  if (isSpread(item)) {
    const inner = item.namedChildren.find((c) => c && c.type !== 'comment');
    if (inner && follow > 0 && isIdentifier(unwrap(inner))) {
      const d = resolveIdentifier(unwrap(inner));
      const v = d && unwrap(d.value);
      if (v && isArray(v)) {
        for (const sub of arrayItems(v)) pushItem(items, sub, [...path, items.length], ctx, follow - 1, depth + 1);
        return;
      }
    }
    items.push(unknownNode(item, [...path, items.length]));
    return;
  }
  items.push(toValue(item, [...path, items.length], ctx, follow, depth + 1));
}

function objectValue(n: SyntaxNode, path: Path, ctx: ValueContext, follow: number, depth: number): ObjectNode {
  const properties: PropertyNode[] = [];
  for (const e of entries(n)) {
    const p = [...path, e.key];
    const value = e.shorthand ? toValue(e.value, p, ctx, follow, depth + 1) : toValue(e.value, p, ctx, follow, depth + 1);
    properties.push({ key: e.key, keySpan: spanOf(e.keyNode), value, span: spanOf(e.node), path: p });
  }
  return { kind: 'object', properties, span: spanOf(n), path };
}

/** `'arn:aws:s3:::' + bucket` → text and holes; undefined when no operand is a string. */
function concatParts(n: SyntaxNode, ctx: ValueContext, follow: number, depth: number): StringPart[] | undefined {
  const operands: SyntaxNode[] = [];
  const collect = (x: SyntaxNode, d: number): boolean => {
    const u = unwrap(x);
    if (d > 64) return false;
    if (u.type === 'concatenated_string') {
      for (const c of u.namedChildren) if (c) operands.push(c);
      return true;
    }
    if ((u.type === 'binary_expression' || u.type === 'binary_operator') && u.childForFieldName('operator')?.text === '+') {
      const l = u.childForFieldName('left');
      const r = u.childForFieldName('right');
      return !!l && !!r && collect(l, d + 1) && collect(r, d + 1);
    }
    operands.push(u);
    return true;
  };
  if (!collect(n, 0)) return undefined;
  const parts: StringPart[] = [];
  let anyString = false;
  for (const o of operands) {
    const v = toValue(o, [], ctx, follow, depth + 1);
    if (v.kind === 'string') {
      anyString = true;
      for (const p of v.parts ?? [{ text: v.value }]) {
        if ('text' in p) pushText(parts, p.text);
        else parts.push({ ...p });
      }
    } else if (v.kind === 'number') pushText(parts, v.raw);
    else parts.push({ hole: v.kind === 'unknown' ? v.label : o.text });
  }
  return anyString ? parts : undefined;
}
