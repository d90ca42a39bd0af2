import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit, type Document, type Node as YamlNode } from 'yaml';
import type { ParseProblem, Path, PropertyNode, Span, ValueNode } from '../../model';
import { TAG_FUNCTIONS } from './intrinsics';

/**
 * YAML → raw value tree (the policy model's node types over the whole host document).
 * CloudFormation short-form tags become the long form a JSON template would use, so the rest of
 * the template code is host-independent: `!Sub x` → `{ "Fn::Sub": x }` whose key span is the tag,
 * `!Ref X` → `{ "Ref": X }`, `!GetAtt A.B` → `{ "Fn::GetAtt": "A.B" }`.
 *
 * Spans point into the host text. A scalar gets a `valueSpan` only when its characters map 1:1
 * (plain single-line scalars, quoted scalars without escapes or folding).
 */

export interface YamlTree {
  /** One raw root per YAML document (multi-document files). */
  roots: { root: ValueNode | undefined }[];
  problems: ParseProblem[];
}

/** Upper bound on nodes produced through aliases in one file: an alias bomb stops here. */
export const ALIAS_NODE_BUDGET = 20000;
const MAX_DEPTH = 200;

export function parseYaml(text: string): YamlTree {
  const first = parseYamlText(text);
  if (!first.problems.some((p) => FLOW_INDENT_ERROR.test(p.message))) return first;
  // The yaml package rejects a line that closes two flow collections at the parent's indentation
  // (`}]` under `Key: [{`), which CloudFormation and other YAML readers accept (AWS's own SAM
  // examples do it). Such a line is joined to the line before it, newline for space, so every
  // offset stays the same, and the file is read again.
  const patched = joinFlowClosers(text);
  if (patched === text) return first;
  const second = parseYamlText(patched);
  return second.problems.length < first.problems.length ? second : first;
}

const FLOW_INDENT_ERROR = /^YAML syntax error: Flow (map|sequence) in block collection must be sufficiently indented/;

/**
 * Replaces the line break before each line that starts with two or more flow closers (`}]`, `]}`,
 * `]]`, `}}`) with spaces, when the line before has no `#` (a comment would swallow the closers).
 * Same length as the input: offsets are unchanged.
 */
export function joinFlowClosers(text: string): string {
  return text.replace(/(^|\n)([^\n#]*)(\r?\n)([ \t]*[}\]][ \t]*[}\]])/g, (_m, lead: string, prev: string, nl: string, closers: string) => lead + prev + ' '.repeat(nl.length) + closers);
}

function parseYamlText(text: string): YamlTree {
  const problems: ParseProblem[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (err) {
    problems.push({ code: 'YAML_SYNTAX_ERROR', message: `YAML syntax error: ${String((err as Error)?.message ?? err)}`, span: { offset: 0, length: 0 }, severity: 'error' });
    return { roots: [], problems };
  }
  const roots: YamlTree['roots'] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const [start, end] = e.pos ?? [0, 0];
      const offset = Math.max(0, Math.min(start, text.length));
      problems.push({
        code: 'YAML_SYNTAX_ERROR',
        message: `YAML syntax error: ${firstLine(e.message)}`,
        span: { offset, length: Math.max(0, Math.min(end, text.length) - offset) },
        severity: 'error',
      });
    }
    const conv = new Converter(text, doc, problems);
    const root = doc.contents ? conv.convert(doc.contents as YamlNode, [], 0) : undefined;
    roots.push({ root });
  }
  return { roots, problems };
}

function firstLine(s: string): string {
  const line = s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

class Converter {
  private aliasBudget = ALIAS_NODE_BUDGET;
  private aliasDepth = 0;
  private reportedBomb = false;

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly problems: ParseProblem[],
  ) {}

  /** The span of a node from its range, widened to include a preceding `!Tag`. */
  private spanOf(node: YamlNode): { span: Span; tagSpan?: Span } {
    const r = node.range ?? [0, 0, 0];
    let start = r[0];
    const end = Math.max(start, r[1]);
    let tagSpan: Span | undefined;
    const tag = node.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      let i = start;
      while (i > 0 && (this.text[i - 1] === ' ' || this.text[i - 1] === '\t' || this.text[i - 1] === '\n' || this.text[i - 1] === '\r')) i--;
      if (i >= tag.length && this.text.slice(i - tag.length, i) === tag) {
        tagSpan = { offset: i - tag.length, length: tag.length };
        start = tagSpan.offset;
      }
    }
    return { span: { offset: start, length: end - start }, tagSpan };
  }

  convert(node: YamlNode, path: Path, depth: number): ValueNode {
    const { span, tagSpan } = this.spanOf(node);
    if (depth > MAX_DEPTH) return { kind: 'unknown', label: 'too deeply nested', span, path };
    const fn = node.tag ? TAG_FUNCTIONS[node.tag] : undefined;
    if (fn) {
      // `!Sub x` → { "Fn::Sub": x }: the plain conversion of the untagged node under the long-form key.
      const innerPath = [...path, fn];
      const inner = this.convertUntagged(node, innerPath, depth + 1);
      const keySpan = tagSpan ?? { offset: span.offset, length: 0 };
      // The tag's span ends where its (possibly trimmed block) value ends.
      const innerEnd = inner.span.offset + inner.span.length;
      const tagged: Span = innerEnd > span.offset && innerEnd <= span.offset + span.length ? { offset: span.offset, length: innerEnd - span.offset } : span;
      const prop: PropertyNode = { key: fn, keySpan, value: inner, span: tagged, path: innerPath };
      return { kind: 'object', properties: [prop], span: tagged, path };
    }
    return this.convertUntagged(node, path, depth);
  }

  private convertUntagged(node: YamlNode, path: Path, depth: number): ValueNode {
    const r = node.range ?? [0, 0, 0];
    const span: Span = { offset: r[0], length: Math.max(0, r[1] - r[0]) };
    if (isAlias(node)) return this.alias(node, span, path, depth);
    if (isScalar(node)) return this.scalar(node, span, path);
    if (isMap(node)) {
      const properties: PropertyNode[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value ?? '') : keyNode ? String(keyNode) : '';
        const keyRange = (keyNode as YamlNode | null)?.range;
        const keySpan: Span = keyRange ? { offset: keyRange[0], length: Math.max(0, keyRange[1] - keyRange[0]) } : { offset: span.offset, length: 0 };
        const ppath = [...path, key];
        const valueNode = pair.value as YamlNode | null;
        let value: ValueNode;
        if (valueNode && (valueNode.range || isAlias(valueNode))) {
          value = this.convert(valueNode, ppath, depth + 1);
        } else {
          // `Key:` with nothing after it: an empty null right after the key (and its colon).
          let at = keySpan.offset + keySpan.length;
          while (at < this.text.length && (this.text[at] === ' ' || this.text[at] === '\t')) at++;
          if (this.text[at] === ':') at++;
          value = { kind: 'null', span: { offset: at, length: 0 }, path: ppath };
        }
        const pspan: Span = { offset: keySpan.offset, length: Math.max(keySpan.length, value.span.offset + value.span.length - keySpan.offset) };
        properties.push({ key, keySpan, value, span: pspan, path: ppath });
      }
      return { kind: 'object', properties, span: this.blockSpan(node, span, properties), path };
    }
    if (isSeq(node)) {
      const items: ValueNode[] = [];
      node.items.forEach((item, i) => {
        const n = item as YamlNode | null;
        items.push(n && (n.range || isAlias(n)) ? this.convert(n, [...path, i], depth + 1) : { kind: 'null', span: { offset: span.offset, length: 0 }, path: [...path, i] });
      });
      return { kind: 'array', items, span: this.blockSpan(node, span, items), path };
    }
    return { kind: 'unknown', label: 'YAML node', span, path };
  }

  /**
   * The yaml package's range of a block collection runs on through a trailing comment and the line
   * break after its last entry; end the span where the last entry ends, so diagnostics, hovers and
   * edits on a collection stay on its own lines. Flow collections end at their bracket already.
   */
  private blockSpan(node: YamlNode, span: Span, children: readonly { span: Span }[]): Span {
    if ((node as { flow?: boolean }).flow || children.length === 0) return span;
    let end = span.offset;
    for (const c of children) end = Math.max(end, c.span.offset + c.span.length);
    return end > span.offset && end <= span.offset + span.length ? { offset: span.offset, length: end - span.offset } : span;
  }

  private alias(node: YamlNode & { source: string; resolve(doc: Document): YamlNode | undefined }, span: Span, path: Path, depth: number): ValueNode {
    // Once the expansion budget is spent, every further alias stays unexpanded (without a lookup).
    if (this.reportedBomb) return { kind: 'unknown', label: `*${node.source}`, span, path };
    let target: YamlNode | undefined;
    try {
      target = this.anchorBefore(node);
    } catch {
      target = undefined;
    }
    if (!target) return { kind: 'unknown', label: `*${node.source}`, span, path };
    const cost = countNodes(target, this.aliasBudget + 1);
    if (this.aliasDepth > 16 || cost > this.aliasBudget) {
      if (!this.reportedBomb) {
        this.reportedBomb = true;
        this.problems.push({ code: 'YAML_SYNTAX_ERROR', message: 'YAML aliases expand to too many nodes; the rest of the expansion is ignored.', span, severity: 'warning' });
      }
      return { kind: 'unknown', label: `*${node.source}`, span, path };
    }
    this.aliasBudget -= cost;
    this.aliasDepth++;
    try {
      // The expansion keeps the anchor's spans (the text it came from), under the alias's path.
      return this.convert(target, path, depth + 1);
    } finally {
      this.aliasDepth--;
    }
  }

  private anchors: Map<string, YamlNode[]> | undefined;

  /**
   * The node an alias refers to: the last node with that anchor starting before the alias (what
   * the yaml package's `Alias.resolve` finds, from one index of the document's anchors instead of
   * a walk of the whole document per alias, which made many aliases quadratic).
   */
  private anchorBefore(node: YamlNode & { source: string; resolve(doc: Document): YamlNode | undefined }): YamlNode | undefined {
    const at = node.range?.[0];
    if (at === undefined) return node.resolve(this.doc);
    if (!this.anchors) {
      const anchors = new Map<string, YamlNode[]>();
      visit(this.doc, (_key, n) => {
        if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor && n.range) {
          const list = anchors.get(n.anchor) ?? [];
          list.push(n);
          anchors.set(n.anchor, list);
        }
      });
      for (const list of anchors.values()) list.sort((a, b) => a.range![0] - b.range![0]);
      this.anchors = anchors;
    }
    const list = this.anchors.get(node.source);
    if (!list) return undefined;
    let found: YamlNode | undefined;
    for (const n of list) {
      if (n.range![0] >= at) break;
      found = n;
    }
    return found;
  }

  private scalar(node: Scalar, span: Span, path: Path): ValueNode {
    const v = node.value;
    const raw = this.text.slice(span.offset, span.offset + span.length);
    if (typeof v === 'number' || typeof v === 'bigint') return { kind: 'number', value: Number(v), raw, span, path };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, span, path };
    if (v === null || v === undefined) {
      // An explicit `null`/`~`, or an empty value.
      if (node.type === 'PLAIN' || node.type === undefined) return { kind: 'null', span, path };
      return { kind: 'string', value: '', span, path };
    }
    const value = String(v);
    let valueSpan: Span | undefined;
    if (node.type === 'PLAIN') {
      if (raw === value) valueSpan = { offset: span.offset, length: value.length };
    } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      if (raw.length >= 2 && raw.slice(1, -1) === value) valueSpan = { offset: span.offset + 1, length: value.length };
    }
    return { kind: 'string', value, span, path, ...(valueSpan ? { valueSpan } : {}) };
  }
}

function countNodes(node: YamlNode, limit: number): number {
  let n = 0;
  const stack: unknown[] = [node];
  while (stack.length && n <= limit) {
    const cur = stack.pop();
    n++;
    if (isMap(cur)) for (const p of cur.items) stack.push(p.key, p.value);
    else if (isSeq(cur)) for (const i of cur.items) stack.push(i);
    else if (isAlias(cur)) n += 8; // an alias inside the anchor multiplies; count it as more than one node
  }
  return n;
}

export { Scalar };
