import type { EditRenderer, EditValue, ObjectNode, PropertyNode, Span, TextEdit, ValueNode } from '../../model';
import { childIndex, IntentRenderer } from '../../model';

/**
 * Renders model-level edit intents (model/edits.ts) as JSON text edits that keep the host's style:
 * the document's indentation unit and line breaks, whether an array or object is written on one
 * line or one element per line, and the indentation of the existing siblings. Edits are minimal:
 * when an array is replaced by another array, only the changed run of items is rewritten.
 */

type Layout = 'multi' | 'inline' | 'auto';

interface RenderState {
  /** True while rendering a value that holds snippet placeholders: literal text must be escaped. */
  snippet: boolean;
}

function hasSnippet(value: EditValue): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasSnippet);
  if ('$snippet' in value && typeof value.$snippet === 'string') return true;
  return Object.values(value as Record<string, EditValue>).some(hasSnippet);
}

function isSnippetValue(value: EditValue): value is { $snippet: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { $snippet?: unknown }).$snippet === 'string';
}

/** Escapes literal text for an LSP snippet. */
export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function isScalar(value: EditValue): boolean {
  return value === null || typeof value !== 'object' || isSnippetValue(value);
}

export class JsonEditRenderer extends IntentRenderer {
  private eolCache?: string;
  private unitCache?: string;

  constructor(private readonly text: string) {
    super();
  }

  /** The document's line break. */
  get eol(): string {
    return (this.eolCache ??= this.text.includes('\r\n') ? '\r\n' : '\n');
  }

  /** The document's indentation unit: a tab, or the smallest indentation step used by its lines. */
  get unit(): string {
    if (this.unitCache !== undefined) return this.unitCache;
    let min = 0;
    let tabs = false;
    const re = /\n([ \t]+)\S/g;
    let m: RegExpExecArray | null;
    let seen = 0;
    while ((m = re.exec(this.text)) && seen < 200) {
      seen++;
      const ws = m[1];
      if (ws.startsWith('\t')) {
        tabs = true;
        break;
      }
      if (min === 0 || ws.length < min) min = ws.length;
    }
    this.unitCache = tabs ? '\t' : ' '.repeat(min > 0 && min <= 8 ? min : 2);
    return this.unitCache;
  }

  // ---- layout helpers ----------------------------------------------------------------------

  private lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** Leading whitespace of the line holding `offset`. */
  private lineIndent(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start, offset))![0];
  }

  /** The whitespace before `offset` when it is the first thing on its line, else undefined. */
  private ownLineIndent(offset: number): string | undefined {
    const before = this.text.slice(this.lineStart(offset), offset);
    return /^[ \t]*$/.test(before) ? before : undefined;
  }

  private isMultiLine(span: Span): boolean {
    const s = this.text.slice(span.offset, span.offset + span.length);
    return s.includes('\n') || s.includes('\r');
  }

  /** Indentation of the children of a container: that of its existing children, else its line's plus one unit. */
  private childIndent(container: Span, firstChild: number | undefined): string {
    if (firstChild !== undefined) {
      const own = this.ownLineIndent(firstChild);
      if (own !== undefined) return own;
    }
    return this.lineIndent(container.offset) + this.unit;
  }

  // ---- value rendering ---------------------------------------------------------------------

  private literal(s: string, st: RenderState): string {
    return st.snippet ? escapeSnippet(s) : s;
  }

  /** Renders a value whose first character goes where `indent` is the indentation of its line. */
  renderValue(value: EditValue, indent: string, layout: Layout, st: RenderState): string {
    if (isSnippetValue(value)) return `"${value.$snippet}"`;
    if (value === null || typeof value !== 'object') return this.literal(JSON.stringify(value), st);
    const inner = indent + this.unit;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const inlineOk = value.every(isScalar);
      const inline = layout === 'inline' || (layout === 'auto' && inlineOk && value.length <= 3 && value.reduce<number>((n, v) => n + JSON.stringify(v ?? '').length, 0) <= 70);
      if (inline) return `[${value.map((v) => this.renderValue(v, indent, 'inline', st)).join(', ')}]`;
      return `[${this.eol}${value.map((v) => inner + this.renderValue(v, inner, 'auto', st)).join(`,${this.eol}`)}${this.eol}${indent}]`;
    }
    const entries = Object.entries(value as Record<string, EditValue>);
    // In snippet text a literal `}` must be escaped (it would close a placeholder).
    const close = this.literal('}', st);
    if (entries.length === 0) return `{${close}`;
    if (layout === 'inline') return `{ ${entries.map(([k, v]) => `${this.literal(JSON.stringify(k), st)}: ${this.renderValue(v, indent, 'inline', st)}`).join(', ')} ${close}`;
    return `{${this.eol}${entries.map(([k, v]) => `${inner}${this.literal(JSON.stringify(k), st)}: ${this.renderValue(v, inner, 'auto', st)}`).join(`,${this.eol}`)}${this.eol}${indent}${close}`;
  }

  private edit(offset: number, length: number, newText: string, st: RenderState): TextEdit {
    return st.snippet ? { offset, length, newText, snippet: true } : { offset, length, newText };
  }

  /** True when the value sits in a container written on the same line before it (`{ "Action": "x", … }`). */
  private inInlineContainer(offset: number): boolean {
    const before = this.text.slice(this.lineStart(offset), offset);
    return /[{[]/.test(before);
  }

  // ---- intents -----------------------------------------------------------------------------

  protected renameKey(property: PropertyNode, key: string): TextEdit[] {
    return [{ offset: property.keySpan.offset, length: property.keySpan.length, newText: JSON.stringify(key) }];
  }

  protected replaceValue(node: ValueNode, value: EditValue): TextEdit[] | undefined {
    const st: RenderState = { snippet: hasSnippet(value) };
    if (node.kind === 'array' && Array.isArray(value) && node.items.length > 0) return this.replaceArrayItems(node.items, node.span, value, st);
    const indent = this.lineIndent(node.span.offset);
    let layout: Layout = 'auto';
    if (Array.isArray(value) && value.every(isScalar)) {
      // A single value becoming a list: one item per line unless it lives in a one-line container and stays short.
      layout = value.length > 1 && (!this.inInlineContainer(node.span.offset) || value.length > 3) ? 'multi' : 'auto';
      if (value.length <= 1) layout = 'inline';
    } else if (this.inInlineContainer(node.span.offset) && !this.isMultiLine(node.span)) {
      layout = isScalar(value) ? 'auto' : 'inline';
    }
    return [this.edit(node.span.offset, node.span.length, this.renderValue(value, indent, layout, st), st)];
  }

  /** Rewrites only the run of items that differs between the old array and the new list. */
  private replaceArrayItems(items: ValueNode[], span: Span, values: EditValue[], st: RenderState): TextEdit[] {
    const key = (n: ValueNode): string => (n.kind === 'string' && !n.parts ? JSON.stringify(n.value) : `\u0000${this.text.slice(n.span.offset, n.span.offset + n.span.length)}`);
    const vkey = (v: EditValue): string => (typeof v === 'string' ? JSON.stringify(v) : `\u0001${JSON.stringify(v)}`);
    let p = 0;
    while (p < items.length && p < values.length && key(items[p]) === vkey(values[p])) p++;
    let s = 0;
    while (s < items.length - p && s < values.length - p && key(items[items.length - 1 - s]) === vkey(values[values.length - 1 - s])) s++;
    const removed = items.slice(p, items.length - s);
    const added = values.slice(p, values.length - s);
    if (removed.length === 0 && added.length === 0) return [];
    const multi = this.isMultiLine(span);
    const width = values.every(isScalar) ? values.reduce<number>((n, v) => n + JSON.stringify(v ?? '').length + 2, 0) : 0;
    let lineEnd = span.offset + span.length;
    while (lineEnd < this.text.length && this.text[lineEnd] !== '\n' && this.text[lineEnd] !== '\r') lineEnd++;
    // The line as it would be: its start, the new array, the rest of the line after the array.
    const lineWidth = span.offset - this.lineStart(span.offset) + width + (lineEnd - span.offset - span.length);
    if (!multi && added.length > 0 && values.length > 1 && width > 0 && (width > 100 || lineWidth > 100)) {
      // A one-line array that would become a line past ~100 columns: one item per line instead (issue #15).
      return [this.edit(span.offset, span.length, this.renderValue(values, this.lineIndent(span.offset), 'multi', st), st)];
    }
    const indent = multi ? this.childIndent(span, items[0].span.offset) : this.lineIndent(span.offset);
    const sep = multi ? `,${this.eol}${indent}` : ', ';
    const render = (vs: EditValue[]): string => vs.map((v) => this.renderValue(v, indent, multi ? 'auto' : 'inline', st)).join(this.literal(sep, st));
    const end = (n: ValueNode): number => n.span.offset + n.span.length;
    if (removed.length > 0 && added.length > 0) {
      const from = removed[0].span.offset;
      return [this.edit(from, end(removed[removed.length - 1]) - from, render(added), st)];
    }
    if (added.length > 0) {
      if (p > 0) return [this.edit(end(items[p - 1]), 0, this.literal(sep, st) + render(added), st)];
      return [this.edit(items[0].span.offset, 0, render(added) + this.literal(sep, st), st)];
    }
    // Only deletions.
    if (p > 0) {
      const from = end(items[p - 1]);
      return [this.edit(from, end(removed[removed.length - 1]) - from, '', st)];
    }
    if (s > 0) {
      const from = removed[0].span.offset;
      return [this.edit(from, items[removed.length].span.offset - from, '', st)];
    }
    return [this.edit(span.offset, span.length, '[]', st)];
  }

  protected insertProperty(object: ObjectNode, key: string, value: EditValue, position: 'first' | 'last' | { after: string } | undefined): TextEdit[] {
    const st: RenderState = { snippet: hasSnippet(value) };
    const props = object.properties;
    const multi = this.isMultiLine(object.span) || (props.length === 0 && !isScalar(value));
    const indent = this.childIndent(object.span, props[0]?.span.offset);
    const rendered = `${this.literal(JSON.stringify(key), st)}: ${this.renderValue(value, multi ? indent : this.lineIndent(object.span.offset), multi ? 'auto' : 'inline', st)}`;
    const sep = this.literal(multi ? `,${this.eol}${indent}` : ', ', st);
    if (props.length === 0) {
      const outer = this.lineIndent(object.span.offset);
      const text = multi ? `{${this.eol}${indent}${rendered}${this.eol}${outer}}` : `{ ${rendered} }`;
      return [this.edit(object.span.offset, object.span.length, text, st)];
    }
    if (position === 'first') return [this.edit(props[0].span.offset, 0, rendered + sep, st)];
    let anchor: PropertyNode = props[props.length - 1];
    if (position && typeof position === 'object') {
      const found = props.find((pr) => pr.key === position.after);
      if (found) anchor = found;
    }
    return [this.edit(anchor.span.offset + anchor.span.length, 0, sep + rendered, st)];
  }

  protected deleteProperty(object: ObjectNode, property: PropertyNode): TextEdit[] | undefined {
    const spans = object.properties.map((p) => p.span);
    const i = object.properties.indexOf(property);
    return i < 0 ? undefined : this.deleteFromList(spans, i, object.span);
  }

  protected deleteItem(array: ValueNode, item: ValueNode): TextEdit[] | undefined {
    if (array.kind !== 'array') return undefined;
    const i = childIndex(array.items, item);
    if (i < 0) return undefined;
    // Only the neighbours matter: no copy of a 20,000-item list per deleted item.
    const from = Math.max(0, i - 1);
    return this.deleteFromList(array.items.slice(from, i + 2).map((n) => n.span), i - from, array.span);
  }

  /** Removes element `i` of a comma-separated list with its separator, keeping the others' layout. */
  private deleteFromList(spans: Span[], i: number, container: Span): TextEdit[] {
    const end = (s: Span): number => s.offset + s.length;
    if (spans.length === 1) {
      // The only element: leave an empty container.
      return [{ offset: container.offset + 1, length: Math.max(0, container.length - 2), newText: '' }];
    }
    if (i < spans.length - 1) return [{ offset: spans[i].offset, length: spans[i + 1].offset - spans[i].offset, newText: '' }];
    return [{ offset: end(spans[i - 1]), length: end(spans[i]) - end(spans[i - 1]), newText: '' }];
  }

  protected appendItem(array: ValueNode, value: EditValue): TextEdit[] | undefined {
    const st: RenderState = { snippet: hasSnippet(value) };
    if (array.kind === 'array') {
      const items = array.items;
      const multi = this.isMultiLine(array.span) || (items.length === 0 && !isScalar(value));
      const indent = this.childIndent(array.span, items[0]?.span.offset);
      const rendered = this.renderValue(value, multi ? indent : this.lineIndent(array.span.offset), multi ? 'auto' : 'inline', st);
      if (items.length === 0) {
        const outer = this.lineIndent(array.span.offset);
        return [this.edit(array.span.offset, array.span.length, multi ? `[${this.eol}${indent}${rendered}${this.eol}${outer}]` : `[${rendered}]`, st)];
      }
      const last = items[items.length - 1];
      return [this.edit(last.span.offset + last.span.length, 0, this.literal(multi ? `,${this.eol}${indent}` : ', ', st) + rendered, st)];
    }
    // A single value becomes a list of the old value and the new one.
    if (array.kind === 'string' && !array.parts) return this.replaceValue(array, [array.value, value]);
    if (array.kind === 'object') {
      // A single statement object becomes a list of statements, keeping the object's text.
      const indent = this.lineIndent(array.span.offset);
      const inner = indent + this.unit;
      const oldText = this.text.slice(array.span.offset, array.span.offset + array.span.length).replace(/(\r?\n)/g, `$1${this.unit}`);
      const text = `[${this.eol}${inner}${this.literal(oldText, st)},${this.eol}${inner}${this.renderValue(value, inner, 'auto', st)}${this.eol}${indent}]`;
      return [this.edit(array.span.offset, array.span.length, text, st)];
    }
    return undefined;
  }
}

export function createJsonEditRenderer(text: string): EditRenderer {
  return new JsonEditRenderer(text);
}
