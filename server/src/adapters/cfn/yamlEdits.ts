import type { EditIntent, EditRenderer, EditValue, ObjectNode, PropertyNode, Span, TextEdit, ValueNode } from '../../model';
import { childIndex, IntentRenderer } from '../../model';
import { escapeSnippet } from '../json/jsonEdits';

/**
 * Renders model-level edit intents (model/edits.ts) as YAML text edits that keep the template's
 * style: block collections stay block (one `- item` / `key: value` per line at the siblings'
 * indentation), flow collections (`[a, b]`, `{k: v}`) stay flow, scalars are written plain when
 * YAML reads them back as the same string, else single-quoted.
 *
 * Nodes the adapter computed (intrinsic results) are never edited; nodes of a policy embedded as a
 * JSON string are edited only where the characters map 1:1 and the new text needs no escaping.
 */

function isSnippet(v: EditValue): v is { $snippet: string } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $snippet?: unknown }).$snippet === 'string';
}

function hasSnippet(v: EditValue): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (isSnippet(v)) return true;
  return Array.isArray(v) ? v.some(hasSnippet) : Object.values(v as Record<string, EditValue>).some(hasSnippet);
}

function isScalarValue(v: EditValue): boolean {
  return v === null || typeof v !== 'object' || isSnippet(v);
}

/** A flow sequence written by an edit is broken one item per line past this column (issue #15). */
const FLOW_WRAP_COLUMN = 100;

const PLAIN_UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
/**
 * Plain scalars that a YAML 1.1 or 1.2 reader resolves to something other than a string, so they
 * must be quoted to stay strings. YAML 1.1 (PyYAML, cfn-lint, many linters) is the wider one:
 * - booleans y/n/yes/no/on/off/true/false in any letter case;
 * - null: `~`, `null` (any case), and `=` / `<<` (value and merge keys);
 * - integers: decimal, `0b…`, `0x…`, `0o…`/leading-zero octal, with `_` separators, and sexagesimal
 *   `190:20:30`; floats incl. exponents, `.5`, `1_000.5`, sexagesimal `1:20.5`, `.inf`/`.nan`;
 * - timestamps: `2012-10-17`, `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10 -5`.
 */
const YAML11_NON_STRINGS: RegExp[] = [
  /^(y|n|yes|no|on|off|true|false|null|~|=|<<)$/i,
  /^[-+]?(0b[01_]+|0x[0-9a-f_]+|0o[0-7_]+|[0-9][0-9_]*)$/i,
  /^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
  /^[-+]?\.(inf|nan)$/i,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$/,
];

/** True when YAML 1.1 or 1.2 would read the plain scalar `s` as a non-string (bool, null, number, date). */
export function yamlReadsAsNonString(s: string): boolean {
  return s.length > 0 && YAML11_NON_STRINGS.some((re) => re.test(s));
}

/** A YAML scalar that reads back as exactly `s` (a string). */
export function yamlString(s: string): string {
  const plainOk = s.length > 0 && !PLAIN_UNSAFE_START.test(s) && !/\s$/.test(s) && !/: |:$| #|[\n\r\t]|[,[\]{}]/.test(s) && !yamlReadsAsNonString(s);
  if (plainOk) return s;
  if (/[\n\r\t\\]/.test(s) || [...s].some((c) => c.charCodeAt(0) < 0x20)) return JSON.stringify(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function yamlScalar(v: EditValue, snippet: boolean): string {
  if (isSnippet(v)) return v.$snippet;
  if (v === null) return 'null';
  if (typeof v === 'string') return snippet ? escapeSnippet(yamlString(v)) : yamlString(v);
  return String(v);
}

function yamlKey(k: string, snippet: boolean): string {
  const s = yamlString(k);
  return snippet ? escapeSnippet(s) : s;
}

export class YamlEditRenderer extends IntentRenderer {
  constructor(
    private readonly text: string,
  ) {
    super();
  }

  private isDerived(n: ValueNode): boolean {
    return n.origin === 'derived';
  }

  /** A flow collection (`[…]`, `{…}`) keeps its closing bracket's line visible; a block one folds through its last line. */
  foldKeepsLastLine(span: Span): boolean {
    const closer = this.text[span.offset + span.length - 1];
    return closer === ']' || closer === '}';
  }

  private isEmbedded(n: ValueNode): boolean {
    return n.origin === 'embedded';
  }

  // ---- layout helpers ----------------------------------------------------------------------

  private get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  private lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** Offset of the end of the line holding `offset` (before its line break). */
  private lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  /** Offset just after the line break of the line holding `offset` (or the end of the text). */
  private nextLineStart(offset: number): number {
    let i = this.lineEnd(offset);
    if (this.text[i] === '\r') i++;
    if (this.text[i] === '\n') i++;
    return i;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private isFlow(span: Span): boolean {
    const c = this.text[span.offset];
    return c === '[' || c === '{';
  }

  private end(s: Span): number {
    return s.offset + s.length;
  }

  /**
   * The end of a node's own text. The YAML parser's range of a block collection runs on to the
   * line break after its last entry (and a comment on that line); edits must stop before it, or
   * the replacement swallows the break and the next key lands on the same line.
   */
  private contentEnd(s: Span): number {
    let e = this.end(s);
    while (e > s.offset && /\s/.test(this.text[e - 1])) e--;
    return e;
  }

  /** Whether a scalar at `offset` is the value of a block mapping entry (`Key: value` with nothing else before it on the line but indentation, dashes or other keys). */
  private blockKeyValue(offset: number): number | undefined {
    const ls = this.lineStart(offset);
    const before = this.text.slice(ls, offset);
    const m = /^([ \t]*(?:-[ \t]+)*)(?:[^\s#[\]{},][^\n]*?|"[^"\n]*"|'[^'\n]*'):[ \t]+$/.exec(before);
    if (!m || this.insideFlow(offset)) return undefined;
    return m[1].length;
  }

  /**
   * How far this document indents a block sequence under its key (`Key:` then `  - item`: 2;
   * `Key:` then `- item` at the key's column: 0). Read from the first such pair; 2 by default.
   */
  private sequenceIndent(): number {
    const re = /^([ \t]*(?:-[ \t]+)*)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]*)-[ \t]/m;
    const m = re.exec(this.text);
    if (!m) return 2;
    const d = m[2].length - m[1].length;
    return d >= 0 && d <= 8 ? d : 2;
  }

  /** A block-style rendering of a value whose first line continues at column `indent`. */
  private block(v: EditValue, indent: number, snippet: boolean): string {
    if (isScalarValue(v)) return yamlScalar(v, snippet);
    const pad = this.eol + ' '.repeat(indent);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return v.map((item) => `- ${this.block(item, indent + 2, snippet)}`).join(pad);
    }
    const entries = Object.entries(v as Record<string, EditValue>);
    if (entries.length === 0) return snippet ? '{\\}' : '{}';
    return entries.map(([k, val]) => `${yamlKey(k, snippet)}:${this.afterColon(val, indent + 2, snippet)}`).join(pad);
  }

  /** What follows `key:` — ` scalar`, or a nested block collection on the next lines. */
  private afterColon(v: EditValue, childIndent: number, snippet: boolean): string {
    if (isScalarValue(v) || (Array.isArray(v) && v.length === 0) || (!Array.isArray(v) && Object.keys(v as object).length === 0)) return ` ${this.block(v, childIndent, snippet)}`;
    return `${this.eol}${' '.repeat(childIndent)}${this.block(v, childIndent, snippet)}`;
  }

  /** A flow-style rendering (`[a, b]`, `{k: v}`). */
  private flow(v: EditValue, snippet: boolean): string {
    if (isScalarValue(v)) {
      const s = yamlScalar(v, snippet);
      // Plain scalars in flow context must not hold flow indicators; yamlString already quotes those.
      return s;
    }
    if (Array.isArray(v)) return `[${v.map((i) => this.flow(i, snippet)).join(', ')}]`;
    // In snippet text a literal `}` must be escaped (it would close a placeholder).
    return `{${Object.entries(v as Record<string, EditValue>).map(([k, val]) => `${yamlKey(k, snippet)}: ${this.flow(val, snippet)}`).join(', ')}${snippet ? '\\}' : '}'}`;
  }

  /**
   * A flow sequence of scalars replacing `from…to` on its line, broken one item per line when the
   * line would pass FLOW_WRAP_COLUMN (`Action: [` / items one indentation step in / `]` at the
   * line's key column); otherwise on one line. Both forms parse alike (yaml, PyYAML).
   */
  private flowWrapped(v: EditValue, from: number, to: number, snippet: boolean): string {
    const one = this.flow(v, snippet);
    if (!Array.isArray(v) || v.length < 2 || !v.every(isScalarValue)) return one;
    const lineLength = this.column(from) + one.length + (this.lineEnd(to) - to);
    if (lineLength <= FLOW_WRAP_COLUMN) return one;
    const ls = this.lineStart(from);
    const lead = /^[ \t]*(?:-[ \t]+)*/.exec(this.text.slice(ls, from))![0].length;
    const step = this.sequenceIndent() || 2;
    const pad = ' '.repeat(lead + step);
    return `[${this.eol}${v.map((i) => pad + this.flow(i, snippet)).join(`,${this.eol}`)}${this.eol}${' '.repeat(lead)}]`;
  }

  private edit(offset: number, length: number, newText: string, snippet: boolean): TextEdit {
    return snippet ? { offset, length, newText, snippet: true } : { offset, length, newText };
  }

  // ---- intents -----------------------------------------------------------------------------

  protected replaceValue(node: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (this.isDerived(node)) return undefined;
    const snippet = hasSnippet(value);
    if (this.isEmbedded(node)) return this.replaceEmbedded(node, value, snippet);
    const inFlow = this.insideFlow(node.span.offset);
    const flowHost = inFlow || this.isFlow(node.span);
    if (isScalarValue(value)) return [this.edit(node.span.offset, node.span.length, yamlScalar(value, snippet), snippet)];
    if (!flowHost && node.kind === 'array' && Array.isArray(value)) {
      const diff = this.replaceBlockItems(node.items, value, snippet);
      if (diff) return diff;
    }
    const end = this.contentEnd(node.span);
    if (flowHost) return [this.edit(node.span.offset, end - node.span.offset, this.flowWrapped(value, node.span.offset, end, snippet), snippet)];
    if (node.kind === 'array' || node.kind === 'object') {
      return [this.edit(node.span.offset, end - node.span.offset, this.block(value, this.column(node.span.offset), snippet), snippet)];
    }
    // A scalar that becomes a collection: as a block under its key at the document's sequence
    // indentation (`Action:` / `  - a` / `  - b`); elsewhere (a sequence item) on one line in flow style.
    const keyCol = this.blockKeyValue(node.span.offset);
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0;
    if (keyCol === undefined || empty) return [this.edit(node.span.offset, end - node.span.offset, this.flow(value, snippet), snippet)];
    const indent = keyCol + (Array.isArray(value) ? this.sequenceIndent() : 2);
    let from = node.span.offset;
    while (from > 0 && (this.text[from - 1] === ' ' || this.text[from - 1] === '\t')) from--;
    return [this.edit(from, end - from, `${this.eol}${' '.repeat(indent)}${this.block(value, indent, snippet)}`, snippet)];
  }

  /**
   * A block sequence whose new value shares leading and trailing items with the old one: only
   * the changed run of items is rewritten, so comments and the layout of the others stay.
   */
  private replaceBlockItems(items: ValueNode[], value: EditValue[], snippet: boolean): TextEdit[] | undefined {
    if (items.length === 0) return undefined;
    const same = (n: ValueNode, v: EditValue): boolean =>
      (n.kind === 'string' && !n.parts && v === n.value) || (n.kind === 'number' && v === n.value) || (n.kind === 'boolean' && v === n.value);
    let p = 0;
    while (p < items.length && p < value.length && same(items[p], value[p])) p++;
    let s = 0;
    while (s < items.length - p && s < value.length - p && same(items[items.length - 1 - s], value[value.length - 1 - s])) s++;
    const oldRun = items.slice(p, items.length - s);
    const newRun = value.slice(p, value.length - s);
    const dashes = items.map((i) => this.dashBefore(i.span.offset));
    if (dashes.some((d) => d === undefined || !/^[ \t]*$/.test(this.text.slice(this.lineStart(d), d)))) return undefined;
    const indent = this.column(dashes[0]!);
    if (dashes.some((d) => this.column(d!) !== indent)) return undefined;
    const pad = `${this.eol}${' '.repeat(indent)}`;
    const render = (vs: EditValue[]): string => vs.map((v) => this.block(v, indent + 2, snippet)).join(`${pad}- `);
    if (oldRun.length === 0 && newRun.length === 0) return [];
    if (newRun.length === 0) {
      // Remove whole lines: from the first removed item's line to the line after the last one.
      const first = dashes[p]!;
      const lastItem = oldRun[oldRun.length - 1];
      const from = this.lineStart(first);
      const to = this.nextLineStart(this.contentEnd(lastItem.span));
      if (s === 0 && p === 0) return undefined; // every item goes: not a block sequence any more
      return [{ offset: from, length: to - from, newText: '' }];
    }
    if (oldRun.length === 0) {
      if (p > 0) {
        const at = this.lineEnd(this.contentEnd(items[p - 1].span));
        return [this.edit(at, 0, `${pad}- ${render(newRun)}`, snippet)];
      }
      return [this.edit(items[0].span.offset, 0, `${render(newRun)}${pad}- `, snippet)];
    }
    const from = oldRun[0].span.offset;
    const to = this.contentEnd(oldRun[oldRun.length - 1].span);
    return [this.edit(from, to - from, render(newRun), snippet)];
  }

  /** Inside a JSON string policy: only a 1:1 string whose new text needs no escaping. */
  private replaceEmbedded(node: ValueNode, value: EditValue, snippet: boolean): TextEdit[] | undefined {
    if (node.kind !== 'string' || !node.valueSpan || typeof value !== 'string' || snippet) return undefined;
    if (!/^[\w:*?\-./${}@+=,<>()[\] ]*$/.test(value)) return undefined;
    return [{ offset: node.valueSpan.offset, length: node.valueSpan.length, newText: value }];
  }

  protected renameKey(property: PropertyNode, key: string): TextEdit[] | undefined {
    if (this.isEmbedded(property.value) || this.isDerived(property.value)) {
      const old = this.text.slice(property.keySpan.offset, this.end(property.keySpan));
      if (old !== JSON.stringify(property.key) || !/^[\w:*?\-./@+=,]+$/.test(key)) return undefined;
      return [{ offset: property.keySpan.offset + 1, length: property.keySpan.length - 2, newText: key }];
    }
    return [{ offset: property.keySpan.offset, length: property.keySpan.length, newText: yamlString(key) }];
  }

  /** True when `offset` is inside a flow collection (an unclosed `[`/`{` before it on the way up). */
  private insideFlow(offset: number): boolean {
    // Scan back over the current line and previous lines that belong to the same flow collection.
    let depth = 0;
    let quote: string | undefined;
    const start = Math.max(0, offset - 2000);
    for (let i = offset - 1; i >= start; i--) {
      const c = this.text[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (c === ']' || c === '}') depth++;
      else if (c === '[' || c === '{') {
        if (depth === 0) return true;
        depth--;
      } else if ((c === '\n' || c === '\r') && depth === 0) {
        // A block line starts here unless the next non-space character continues a flow collection.
        const ls = i + 1;
        const firstChar = /^[ \t]*(.?)/.exec(this.text.slice(ls, ls + 200))![1];
        if (firstChar !== ',' && firstChar !== ']' && firstChar !== '}' && !this.prevLineOpensFlow(i)) return false;
      }
    }
    return false;
  }

  private prevLineOpensFlow(lineBreak: number): boolean {
    const ls = this.lineStart(lineBreak);
    const line = this.text.slice(ls, lineBreak).replace(/\s+#.*$/, '').trimEnd();
    return /[[{,]$/.test(line);
  }

  protected insertProperty(object: ObjectNode, key: string, value: EditValue, position: 'first' | 'last' | { after: string } | undefined): TextEdit[] | undefined {
    if (this.isDerived(object) || this.isEmbedded(object)) return undefined;
    const snippet = hasSnippet(value);
    const props = object.properties;
    if (this.isFlow(object.span) || this.insideFlow(object.span.offset)) {
      const entry = `${yamlKey(key, snippet)}: ${this.flow(value, snippet)}`;
      if (props.length === 0) return [this.edit(object.span.offset, object.span.length, `{${entry}${snippet ? '\\}' : '}'}`, snippet)];
      if (position === 'first') return [this.edit(props[0].span.offset, 0, `${entry}, `, snippet)];
      const anchor = (position && typeof position === 'object' && props.find((p) => p.key === position.after)) || props[props.length - 1];
      return [this.edit(this.end(anchor.span), 0, `, ${entry}`, snippet)];
    }
    if (props.length === 0) return undefined;
    const indent = this.column(props[0].keySpan.offset);
    const entry = `${yamlKey(key, snippet)}:${this.afterColon(value, indent + 2, snippet)}`;
    if (position === 'first') return [this.edit(props[0].keySpan.offset, 0, `${entry}${this.eol}${' '.repeat(indent)}`, snippet)];
    const anchor = (position && typeof position === 'object' && props.find((p) => p.key === position.after)) || props[props.length - 1];
    const at = this.lineEnd(this.contentEnd(anchor.span));
    return [this.edit(at, 0, `${this.eol}${' '.repeat(indent)}${entry}`, snippet)];
  }

  protected deleteProperty(object: ObjectNode, property: PropertyNode): TextEdit[] | undefined {
    if (this.isDerived(object) || this.isEmbedded(object)) return undefined;
    const props = object.properties;
    const i = props.indexOf(property);
    if (i < 0) return undefined;
    if (this.isFlow(object.span) || this.insideFlow(object.span.offset)) return this.deleteFromFlow(props.map((p) => p.span), i, object.span);
    const keyStart = property.keySpan.offset;
    const ls = this.lineStart(keyStart);
    const ownLine = /^[ \t]*$/.test(this.text.slice(ls, keyStart));
    const last = this.contentEnd(property.span);
    if (ownLine) {
      const to = this.nextLineStart(this.contentEnd(property.span));
      return [{ offset: ls, length: to - ls, newText: '' }];
    }
    // The first key of a `- key: value` item: the next key moves up behind the dash.
    if (props.length === 1) return [{ offset: keyStart, length: last - keyStart, newText: '{}' }];
    const next = props[i + 1];
    if (!next) return [{ offset: keyStart, length: last - keyStart, newText: '{}' }];
    return [{ offset: keyStart, length: next.keySpan.offset - keyStart, newText: '' }];
  }

  protected deleteItem(array: ValueNode, item: ValueNode): TextEdit[] | undefined {
    if (array.kind !== 'array' || this.isDerived(array) || this.isEmbedded(array)) return undefined;
    const i = childIndex(array.items, item);
    if (i < 0) return undefined;
    if (this.isFlow(array.span) || this.insideFlow(array.span.offset)) {
      const from = Math.max(0, i - 1); // only the neighbours matter
      return this.deleteFromFlow(array.items.slice(from, i + 2).map((n) => n.span), i - from, array.span);
    }
    if (array.items.length === 1) return [{ offset: array.span.offset, length: array.span.length, newText: '[]' }];
    const dash = this.dashBefore(item.span.offset);
    if (dash === undefined) return undefined;
    const ls = this.lineStart(dash);
    if (!/^[ \t]*$/.test(this.text.slice(ls, dash))) {
      // `Key: - x` cannot happen; a nested `- - x`: remove just this item's text up to the next item.
      return undefined;
    }
    const to = this.nextLineStart(this.contentEnd(item.span));
    return [{ offset: ls, length: to - ls, newText: '' }];
  }

  /** The offset of the `-` that introduces a block sequence item starting at `offset`. */
  private dashBefore(offset: number): number | undefined {
    let i = offset - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    return this.text[i] === '-' ? i : undefined;
  }

  private deleteFromFlow(spans: Span[], i: number, container: Span): TextEdit[] {
    if (spans.length === 1) return [{ offset: container.offset + 1, length: Math.max(0, container.length - 2), newText: '' }];
    if (i < spans.length - 1) return [{ offset: spans[i].offset, length: spans[i + 1].offset - spans[i].offset, newText: '' }];
    return [{ offset: this.end(spans[i - 1]), length: this.end(spans[i]) - this.end(spans[i - 1]), newText: '' }];
  }

  protected appendItem(array: ValueNode, value: EditValue): TextEdit[] | undefined {
    if (this.isDerived(array) || this.isEmbedded(array)) return undefined;
    const snippet = hasSnippet(value);
    if (array.kind === 'array') {
      const items = array.items;
      if (this.isFlow(array.span) || this.insideFlow(array.span.offset)) {
        const rendered = this.flow(value, snippet);
        if (items.length === 0) return [this.edit(array.span.offset, array.span.length, `[${rendered}]`, snippet)];
        return [this.edit(this.end(items[items.length - 1].span), 0, `, ${rendered}`, snippet)];
      }
      const first = items[0];
      const dash = first ? this.dashBefore(first.span.offset) : undefined;
      if (!first || dash === undefined) return undefined;
      const indent = this.column(dash);
      const last = items[items.length - 1];
      const at = this.lineEnd(this.contentEnd(last.span));
      return [this.edit(at, 0, `${this.eol}${' '.repeat(indent)}- ${this.block(value, indent + 2, snippet)}`, snippet)];
    }
    if (array.kind === 'string' && !array.parts) {
      // A single value becomes a list of the old value and the new one.
      return this.replaceValue(array, [array.value, value]);
    }
    if (array.kind === 'object' && !this.isFlow(array.span) && !this.insideFlow(array.span.offset)) {
      // A single statement mapping becomes a list: the old mapping as the first item, the new one after it.
      const col = this.column(array.span.offset);
      const oldText = this.text.slice(array.span.offset, this.contentEnd(array.span));
      const shifted = oldText.replace(/(\r?\n)([ \t]*)/g, (_m, nl: string, ws: string) => `${nl}${ws}  `);
      const pad = ' '.repeat(col);
      return [this.edit(array.span.offset, oldText.length, `- ${shifted}${this.eol}${pad}- ${this.block(value, col + 2, snippet)}`, snippet)];
    }
    return undefined;
  }
}

export function yamlRenderer(text: string): EditRenderer {
  return new YamlEditRenderer(text);
}

/** Wraps another host's renderer (the JSON one) so computed and embedded nodes are not edited blindly. */
export function guardedRenderer(inner: EditRenderer): EditRenderer {
  const blocked = (n: ValueNode | undefined): boolean => !!n && n.origin !== undefined;
  return {
    spellString: inner.spellString?.bind(inner),
    spellProperty: inner.spellProperty?.bind(inner),
    foldKeepsLastLine: inner.foldKeepsLastLine?.bind(inner),
    render(intent: EditIntent): TextEdit[] | undefined {
      switch (intent.kind) {
        case 'replaceValue':
          return blocked(intent.node) ? undefined : inner.render(intent);
        case 'renameKey':
          return blocked(intent.property.value) ? undefined : inner.render(intent);
        case 'insertProperty':
        case 'deleteProperty':
          return blocked(intent.object) ? undefined : inner.render(intent);
        case 'deleteItem':
        case 'appendItem':
          return blocked(intent.array) ? undefined : inner.render(intent);
      }
      return undefined;
    },
  };
}
