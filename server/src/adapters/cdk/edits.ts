import { IntentRenderer } from '../../model';
import type { EditRenderer, EditValue, ObjectNode, PropertyNode, Span, TextEdit, ValueNode } from '../../model';
import { propsObjects } from './extract';
import type { RenderMeta } from './values';

/**
 * Renders model-level edit intents as TypeScript/JavaScript or Python source: the file's quote
 * style (the replaced literal's own quote first), Python `True`/`False`/`None` and dict keys,
 * array layout kept (one line stays one line unless it grows long; one item per line keeps the
 * items' indentation), CDK property names for statement elements (`Action` → `actions` /
 * `not_actions`, always a list), and builder-call argument lists written without brackets.
 * Nodes the extractor synthesised (CDK defaults, principals' JSON keys, merged elements) are not
 * written in the file: intents on them are not rendered (undefined), so no fix is offered.
 */

const LIST_ELEMENTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);
const PROP_NAME: Record<string, string> = {
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'notActions',
  Resource: 'resources',
  NotResource: 'notResources',
  Condition: 'conditions',
};

function isSnippet(v: EditValue): v is { $snippet: string } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $snippet?: unknown }).$snippet === 'string';
}

function hasSnippet(v: EditValue): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasSnippet);
  if (isSnippet(v)) return true;
  return Object.values(v as Record<string, EditValue>).some(hasSnippet);
}

function isScalar(v: EditValue): boolean {
  return v === null || typeof v !== 'object' || isSnippet(v);
}

function escSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

export class CdkEditRenderer extends IntentRenderer {
  private readonly quote: string;
  private readonly unit: string;
  private readonly eol: string;

  constructor(
    private readonly text: string,
    private readonly py: boolean,
    private readonly meta: RenderMeta,
  ) {
    super();
    const single = (text.match(/'/g) ?? []).length;
    const double = (text.match(/"/g) ?? []).length;
    this.quote = single > double ? "'" : '"';
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    let min = 0;
    const re = /\n( +)\S/g;
    let m: RegExpExecArray | null;
    for (let i = 0; i < 300 && (m = re.exec(text)); i++) if (min === 0 || m[1].length < min) min = m[1].length;
    this.unit = /\n\t/.test(text) ? '\t' : ' '.repeat(min > 0 && min <= 8 ? min : py ? 4 : 2);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private synthetic(n: object): boolean {
    return this.meta.synthetic.has(n);
  }

  private lineIndent(offset: number): string {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n') i--;
    return /^[ \t]*/.exec(this.text.slice(i, offset))![0];
  }

  private ownLineIndent(offset: number): string | undefined {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n') i--;
    const before = this.text.slice(i, offset);
    return /^[ \t]*$/.test(before) ? before : undefined;
  }

  private multiLine(span: Span): boolean {
    return this.text.slice(span.offset, span.offset + span.length).includes('\n');
  }

  /** The quote of the literal at `offset` when it is one, else the file's usual quote. */
  private quoteAt(offset?: number): string {
    const c = offset === undefined ? undefined : this.text[offset];
    if (c === '"' || c === "'") return c;
    return this.quote;
  }

  private str(s: string, q: string, snippet: boolean): string {
    const body = s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    return snippet ? escSnippet(`${q}${body}${q}`) : `${q}${body}${q}`;
  }

  private key(k: string, q: string, snippet: boolean): string {
    if (!this.py && IDENT.test(k)) return k;
    return this.str(k, q, snippet);
  }

  protected value(v: EditValue, indent: string, inline: boolean, q: string, snippet: boolean): string {
    if (isSnippet(v)) return `${q}${v.$snippet}${q}`;
    const lit = (s: string): string => (snippet ? escSnippet(s) : s);
    if (v === null) return lit(this.py ? 'None' : 'null');
    if (typeof v === 'boolean') return lit(this.py ? (v ? 'True' : 'False') : String(v));
    if (typeof v === 'number') return lit(String(v));
    if (typeof v === 'string') return this.str(v, q, snippet);
    const inner = indent + this.unit;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const short = v.every(isScalar) && v.length <= 3 && JSON.stringify(v).length <= 70;
      if (inline || short) return `[${v.map((x) => this.value(x, indent, true, q, snippet)).join(', ')}]`;
      return `[${this.eol}${v.map((x) => inner + this.value(x, inner, false, q, snippet)).join(`,${this.eol}`)}${this.eol}${indent}]`;
    }
    const close = lit('}');
    const es = Object.entries(v as Record<string, EditValue>);
    if (es.length === 0) return `{${close}`;
    if (inline) return `{ ${es.map(([k, x]) => `${this.key(k, q, snippet)}: ${this.value(x, indent, true, q, snippet)}`).join(', ')} ${close}`;
    return `{${this.eol}${es.map(([k, x]) => `${inner}${this.key(k, q, snippet)}: ${this.value(x, inner, false, q, snippet)}`).join(`,${this.eol}`)}${this.eol}${indent}${close}`;
  }

  private edit(offset: number, length: number, newText: string, snippet: boolean): TextEdit {
    return snippet ? { offset, length, newText, snippet: true } : { offset, length, newText };
  }

  // ---- intents -------------------------------------------------------------------------------

  protected replaceValue(node: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (this.synthetic(node)) return undefined;
    const snippet = hasSnippet(value);
    if (node.kind === 'array') {
      // CDK's element lists stay lists; a builder call's arguments stay arguments.
      const list = Array.isArray(value) ? value : [value];
      if (this.meta.args.has(node)) return this.replaceItems(node, list, snippet, false);
      if (node.items.length > 0) return this.replaceItems(node, list, snippet, true);
      return [this.edit(node.span.offset, node.span.length, this.value(list, this.lineIndent(node.span.offset), !this.multiLine(node.span), this.quote, snippet), snippet)];
    }
    if (node.kind === 'unknown') return undefined;
    const q = this.quoteAt(node.span.offset);
    const indent = this.lineIndent(node.span.offset);
    const inline = Array.isArray(value) ? value.length <= 3 : true;
    return [this.edit(node.span.offset, node.span.length, this.value(value, indent, inline, q, snippet), snippet)];
  }

  /** Rewrites the run of items that differs (bracketed array or argument list). */
  private replaceItems(node: ValueNode & { kind: 'array' }, values: EditValue[], snippet: boolean, bracketed: boolean): TextEdit[] | undefined {
    const items = node.items;
    if (items.some((i) => this.synthetic(i))) return undefined;
    const q = this.quoteAt(items.find((i) => i.kind === 'string')?.span.offset);
    const same = (n: ValueNode, v: EditValue): boolean => n.kind === 'string' && !n.parts && typeof v === 'string' && n.value === v;
    let p = 0;
    while (p < items.length && p < values.length && same(items[p], values[p])) p++;
    let s = 0;
    while (s < items.length - p && s < values.length - p && same(items[items.length - 1 - s], values[values.length - 1 - s])) s++;
    const removed = items.slice(p, items.length - s);
    const added = values.slice(p, values.length - s);
    if (removed.length === 0 && added.length === 0) return [];
    const multi = this.multiLine(node.span);
    const end = (n: ValueNode): number => n.span.offset + n.span.length;
    if (!multi && added.length > 3 && values.every(isScalar) && values.reduce<number>((n, v) => n + JSON.stringify(v).length + 2, 0) > 100) {
      // One line would grow long: one item per line.
      const outer = this.lineIndent(node.span.offset);
      const inner = outer + this.unit;
      const body = values.map((v) => inner + this.value(v, inner, true, q, snippet)).join(`,${this.eol}`);
      if (bracketed) return [this.edit(node.span.offset, node.span.length, `[${this.eol}${body}${this.eol}${outer}]`, snippet)];
      return [this.edit(node.span.offset, node.span.length, `${this.eol}${body}${this.eol}${outer}`, snippet)];
    }
    const indent = multi ? (this.ownLineIndent(items[0].span.offset) ?? this.lineIndent(node.span.offset) + this.unit) : this.lineIndent(node.span.offset);
    const sepRaw = multi ? `,${this.eol}${indent}` : ', ';
    const sep = snippet ? escSnippet(sepRaw) : sepRaw;
    const render = (vs: EditValue[]): string => vs.map((v) => this.value(v, indent, !multi, q, snippet)).join(sep);
    if (removed.length > 0 && added.length > 0) {
      const from = removed[0].span.offset;
      return [this.edit(from, end(removed[removed.length - 1]) - from, render(added), snippet)];
    }
    if (added.length > 0) {
      if (p > 0) return [this.edit(end(items[p - 1]), 0, sep + render(added), snippet)];
      if (items.length === 0) return [this.edit(node.span.offset + (bracketed ? 1 : 0), 0, render(added), snippet)];
      return [this.edit(items[0].span.offset, 0, render(added) + sep, snippet)];
    }
    if (p > 0) {
      const from = end(items[p - 1]);
      return [this.edit(from, end(removed[removed.length - 1]) - from, '', snippet)];
    }
    if (s > 0) {
      const from = removed[0].span.offset;
      return [this.edit(from, items[removed.length].span.offset - from, '', snippet)];
    }
    return bracketed ? [this.edit(node.span.offset, node.span.length, '[]', snippet)] : [this.edit(node.span.offset, node.span.length, '', snippet)];
  }

  /** The source name of a statement element in a props object (`NotAction` → notActions / not_actions). */
  private propName(key: string): string | undefined {
    const n = PROP_NAME[key];
    if (!n) return undefined;
    return this.py ? n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : n;
  }

  protected renameKey(property: PropertyNode, key: string): TextEdit[] | undefined {
    if (property.keySpan.length === 0) return undefined;
    const written = this.text.slice(property.keySpan.offset, property.keySpan.offset + property.keySpan.length);
    const inProps = PROP_NAME[property.key] !== undefined && this.propName(property.key) !== undefined && /^[a-z_]+$/i.test(written) && written !== property.key;
    if (inProps) {
      const n = this.propName(key);
      return n ? [{ offset: property.keySpan.offset, length: property.keySpan.length, newText: n }] : undefined;
    }
    if (/^(add|add_)/.test(written)) return undefined; // a builder method names the element
    const quoted = written[0] === '"' || written[0] === "'";
    const newText = quoted ? this.str(key, written[0], false) : this.key(key, this.quote, false);
    return [{ offset: property.keySpan.offset, length: property.keySpan.length, newText }];
  }

  protected insertProperty(object: ObjectNode, key: string, value: EditValue, position: 'first' | 'last' | { after: string } | undefined): TextEdit[] | undefined {
    const snippet = hasSnippet(value);
    const isProps = this.meta.props.has(object);
    if (!isProps && this.synthetic(object)) return undefined;
    const container = isProps ? propsObjects.get(object) : object.span;
    if (!container) return undefined;
    const kwargs = isProps && this.py;
    let name = key;
    let v = value;
    if (isProps) {
      const n = this.propName(key);
      if (!n) return undefined;
      name = n;
      if (LIST_ELEMENTS.has(key) && !Array.isArray(v)) v = [v];
      // Effect is written as `Effect.ALLOW` under the file's own import name: not rendered here.
      if (key === 'Effect') return undefined;
    }
    // Properties written in this object (synthetic ones have no text here).
    const props = object.properties.filter((p) => p.keySpan.length > 0 && p.span.offset >= container.offset && p.span.offset + p.span.length <= container.offset + container.length).sort((a, b) => a.span.offset - b.span.offset);
    const multi = this.multiLine(container);
    const indent = props[0] ? (this.ownLineIndent(props[0].span.offset) ?? this.lineIndent(container.offset) + this.unit) : this.lineIndent(container.offset) + this.unit;
    const q = this.quote;
    const rv = this.value(v, multi ? indent : this.lineIndent(container.offset), !multi, q, snippet);
    const rendered = kwargs ? `${name}=${rv}` : isProps ? `${name}: ${rv}` : `${this.key(name, q, snippet)}: ${rv}`;
    const sepRaw = multi ? `,${this.eol}${indent}` : ', ';
    const sep = snippet ? escSnippet(sepRaw) : sepRaw;
    if (props.length === 0) {
      const open = container.offset + 1;
      const close = container.offset + container.length - 1;
      if (kwargs) return [this.edit(open, close - open, rendered, snippet)];
      return [this.edit(open, close - open, multi ? `${this.eol}${indent}${rendered}${this.eol}${this.lineIndent(container.offset)}` : ` ${rendered} `, snippet)];
    }
    if (position === 'first') return [this.edit(props[0].span.offset, 0, rendered + sep, snippet)];
    let anchor = props[props.length - 1];
    if (position && typeof position === 'object') anchor = props.find((p) => p.key === position.after) ?? anchor;
    return [this.edit(anchor.span.offset + anchor.span.length, 0, sep + rendered, snippet)];
  }

  protected deleteProperty(object: ObjectNode, property: PropertyNode): TextEdit[] | undefined {
    if (property.keySpan.length === 0) return undefined;
    if (this.synthetic(object) && !this.meta.props.has(object)) return undefined;
    const written = object.properties.filter((p) => p.keySpan.length > 0).sort((a, b) => a.span.offset - b.span.offset);
    const i = written.indexOf(property);
    return i < 0 ? undefined : this.deleteFromList(written.map((p) => p.span), i);
  }

  protected deleteItem(array: ValueNode, item: ValueNode): TextEdit[] | undefined {
    if (array.kind !== 'array' || this.synthetic(array) || this.synthetic(item)) return undefined;
    const i = array.items.indexOf(item);
    if (i < 0) return undefined;
    if (array.items.length === 1) return [{ offset: item.span.offset, length: item.span.length, newText: '' }];
    return this.deleteFromList(array.items.map((n) => n.span), i);
  }

  private deleteFromList(spans: Span[], i: number): TextEdit[] {
    const end = (s: Span): number => s.offset + s.length;
    if (spans.length === 1) return [{ offset: spans[0].offset, length: spans[0].length, newText: '' }];
    if (i < spans.length - 1) return [{ offset: spans[i].offset, length: spans[i + 1].offset - spans[i].offset, newText: '' }];
    return [{ offset: end(spans[i - 1]), length: end(spans[i]) - end(spans[i - 1]), newText: '' }];
  }

  protected appendItem(array: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (array.kind !== 'array' || this.synthetic(array) || array.items.some((i) => this.synthetic(i))) return undefined;
    const snippet = hasSnippet(value);
    const items = array.items;
    const multi = this.multiLine(array.span);
    const indent = items[0] ? (this.ownLineIndent(items[0].span.offset) ?? this.lineIndent(array.span.offset) + this.unit) : this.lineIndent(array.span.offset) + this.unit;
    const rendered = this.value(value, multi ? indent : this.lineIndent(array.span.offset), !multi && isScalar(value), this.quote, snippet);
    if (items.length === 0) {
      const at = array.span.offset + (this.meta.args.has(array) ? 0 : 1);
      return [this.edit(at, 0, rendered, snippet)];
    }
    const last = items[items.length - 1];
    const sepRaw = multi ? `,${this.eol}${indent}` : ', ';
    return [this.edit(last.span.offset + last.span.length, 0, (snippet ? escSnippet(sepRaw) : sepRaw) + rendered, snippet)];
  }
}

export function createCdkRenderer(text: string, py: boolean, meta: RenderMeta): EditRenderer {
  return new CdkEditRenderer(text, py, meta);
}
