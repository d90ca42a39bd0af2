import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node as YamlNode } from 'yaml';
import { LIMITS, formatCount, limitProblem, type ParseProblem, type Path, type PropertyNode, type Span, type ValueNode } from '../../model';
import { TAG_FUNCTIONS } from './intrinsics';
import { parsePyYaml, type PyYamlError } from './pyyaml';

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
  /**
   * Text left out to read past syntax errors (see recover()): what stood there is unknown, so a
   * policy running into such a region is not checked (its findings would be follow-ons).
   */
  skipped?: Span[];
}

/** Upper bound on nodes produced through aliases in one file: an alias bomb stops here. */
export const ALIAS_NODE_BUDGET = 20000;
const MAX_DEPTH = 200;

/**
 * Reads a template's YAML as CloudFormation's tooling (PyYAML) does. The `yaml` package reads it
 * first (error recovery, and the fast path for the common case); when it reports syntax errors, the
 * text is read again with PyYAML's grammar (pyyaml.ts), which accepts the indentation shapes PyYAML
 * accepts and YAML 1.2 does not (quoted scalars and flow collections continued at or left of their
 * key's indentation). Only when PyYAML's grammar rejects the text too is it an error: reported once,
 * where PyYAML finds it, and the lines of the broken entry are blanked (same offsets) so that the
 * rest of the template is still read and its policies checked (see recover()).
 */
export function parseYaml(text: string, options: { recover?: boolean; pyyamlFirst?: boolean; recoveryChars?: number } = {}): YamlTree {
  // Both readers recurse per flow level: deep enough, V8 aborts the process (a regular expression
  // compiled near the stack's end fails as "out of memory"), so such a text is not read at all.
  const deep = flowTooDeep(text);
  if (deep >= 0) return { roots: [], problems: [limitProblem(`This YAML text nests flow collections ([ ] and { }) more than ${LIMITS.maxYamlFlowDepth} levels deep; it is not read (a template needs a handful).`, { offset: deep, length: 1 })] };
  let py: ReturnType<typeof parsePyYaml> | undefined;
  if (options.pyyamlFirst) {
    // Text known to need PyYAML's grammar (a template piece joined with the next): that reading first.
    py = readPyYaml(text);
    if (!py.error) return convertDocs(text, py.docs, []);
    if (options.recover === false) return { roots: [], problems: [syntaxProblem(text, py.error, errorAnchor(text, py.error))] };
  }
  const first = parseYamlText(text);
  if (first.syntaxErrors === 0) return first.tree;
  // PyYAML's reading of the same text (not read twice when it came first).
  py ??= readPyYaml(text);
  if (!py.error) return convertDocs(text, py.docs, []);
  // Without recovery (a piece of a template, to be read again joined with the next): the error only.
  if (options.recover === false) return { roots: [], problems: [syntaxProblem(text, py.error, errorAnchor(text, py.error))] };
  return recover(text, py.error, options.recoveryChars ?? LIMITS.yamlRecoveryChars);
}

/**
 * The offset of the first `[` or `{` nested deeper than `max` (brackets counted as written, in
 * quotes and comments too: a real template is nowhere near), or -1. One pass, no allocation.
 */
export function flowTooDeep(text: string, max: number = LIMITS.maxYamlFlowDepth): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return -1;
}

/**
 * Characters read by each YAML reader since the process started (or a test reset them): the work a
 * parse cost, counted so that tests can assert it stays proportional to what changed.
 */
export const yamlReads = { yaml: 0, pyyaml: 0 };

function readPyYaml(text: string): ReturnType<typeof parsePyYaml> {
  yamlReads.pyyaml += text.length;
  return parsePyYaml(text);
}

/** The re-reads `recover` may make of a text of this length within a budget of `chars` characters (each step reads the whole text again). */
export function recoverySteps(length: number, chars: number): number {
  return Math.min(MAX_RECOVERY_STEPS, Math.max(1, Math.floor(chars / Math.max(1, length))));
}

/** At most this many syntax errors are reported in one file (each with its lines left out). */
export const MAX_SYNTAX_ERRORS = 5;
/** Attempts to step over errors (one read of the text each) before the `yaml` package's recovery takes over. */
const MAX_RECOVERY_STEPS = 16;

/**
 * A file PyYAML rejects. Its first error is reported at PyYAML's place. Then the entry around the
 * error is blanked out (every character but line breaks turned into a space, so offsets are kept):
 * the error's line and the lines below it that are indented deeper; when that does not move the
 * error on, the enclosing entry (the nearest line above that is indented less), and so on. The text
 * is read again; a new error right after a blanked region is a follow-on of the first and is not
 * reported. Undefined when recovery does not reach a readable text.
 */
function recover(text: string, firstError: PyYamlError, budgetChars: number): YamlTree {
  const problems: ParseProblem[] = [];
  const blanked: { from: number; to: number }[] = [];
  const contexts = new Set<number>();
  let current = text;
  let error: PyYamlError | undefined = firstError;
  let lastAnchor = -1;
  let widen = 0;
  // Each step reads the whole text again: a large file gets fewer steps (LIMITS.yamlRecoveryChars), so the work stays linear.
  const steps = recoverySteps(text.length, budgetChars);
  for (let step = 0; error && step < steps; step++) {
    const quote = openQuote(current, error);
    const anchor = quote ?? errorAnchor(current, error);
    // A follow-on: right after text already left out, or about the same collection or scalar as an error already reported.
    const followOn = blanked.some((b) => anchor >= b.from && anchor <= nextContent(current, b.to)) || (error.contextOffset !== undefined && contexts.has(error.contextOffset));
    if (error.contextOffset !== undefined) contexts.add(error.contextOffset);
    if (!followOn && problems.length < MAX_SYNTAX_ERRORS) problems.push(quote !== undefined ? openQuoteProblem(text, error, quote) : syntaxProblem(text, error, anchor));
    widen = anchor === lastAnchor ? widen + 1 : 0;
    lastAnchor = anchor;
    const region = entryRegion(current, anchor, widen);
    blanked.push(region);
    current = current.slice(0, region.from) + current.slice(region.from, region.to).replace(/[^\r\n]/g, ' ') + current.slice(region.to);
    const py = readPyYaml(current);
    error = py.error;
    if (!error) return { ...convertDocs(current, py.docs, problems), skipped: blanked.map((b) => ({ offset: b.from, length: b.to - b.from })) };
  }
  // Too many errors to step over one by one: the `yaml` package reads what is left (its own error
  // recovery), and only its first error is added to those already reported.
  const rest = parseYamlText(current);
  const more = rest.tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR' && p.severity === 'error');
  // Only one of the `yaml` package's errors is added: its count of unreported errors does not apply.
  const others = rest.tree.problems.filter((p) => !more.includes(p) && p !== rest.unreported);
  if (more.length && problems.length < MAX_SYNTAX_ERRORS) problems.push(more[0]);
  return { roots: rest.tree.roots, problems: [...problems, ...others], skipped: blanked.map((b) => ({ offset: b.from, length: b.to - b.from })) };
}

/** Where an error is: PyYAML's problem mark, or its context mark when the problem is only where the reader gave up (end of input, next line). */
function errorAnchor(text: string, e: PyYamlError): number {
  let useContext = e.offset >= text.length || /^found unexpected (end of stream|document separator)|^could not find expected ':'/.test(e.problem);
  if (!useContext && e.contextOffset !== undefined && /^expected ',' or/.test(e.problem)) {
    // An unclosed flow collection is noticed at the next entry of the block around it: a token
    // that starts a line no deeper than the line of the `[`/`{`. The error belongs to the bracket.
    const ctxLine = lineStart(text, e.contextOffset);
    const probLine = lineStart(text, e.offset);
    const ctxIndent = indentAt(text, ctxLine) ?? 0;
    useContext = probLine !== ctxLine && e.offset - probLine === (indentAt(text, probLine) ?? -1) && e.offset - probLine <= ctxIndent;
  }
  const at = useContext && e.contextOffset !== undefined ? e.contextOffset : e.offset;
  return Math.max(0, Math.min(at, text.length));
}

/**
 * A quote left open in block context runs on to the next quote character, lines later, and the
 * reader stumbles right after it. When the error is on the line where such a multi-line quoted
 * scalar ended, the error belongs to the opening quote: its offset.
 */
function openQuote(text: string, e: PyYamlError): number | undefined {
  const q = e.multilineQuote;
  if (!q || lineStart(text, q.end) !== lineStart(text, e.offset) || lineStart(text, q.start) === lineStart(text, q.end)) return undefined;
  return q.start;
}

function openQuoteProblem(text: string, e: PyYamlError, quote: number): ParseProblem {
  const lineOf = (at: number): number => text.slice(0, at).split('\n').length;
  const end = lineEnd(text, quote);
  const length = Math.max(1, (text[end - 1] === '\n' ? end - 1 : end) - quote - (text[end - 2] === '\r' ? 1 : 0));
  return {
    code: 'YAML_SYNTAX_ERROR',
    message: `YAML syntax error: this quoted string is not closed on its line; it runs on to the quote on line ${lineOf(e.multilineQuote!.end)}, where the reader then finds: ${e.problem}.`,
    span: { offset: quote, length },
    severity: 'error',
  };
}

function syntaxProblem(text: string, e: PyYamlError, anchor: number): ParseProblem {
  let end = anchor;
  while (end < text.length && !/[\s,[\]{}]/.test(text[end])) end++;
  if (end === anchor && anchor < text.length && !/[\r\n]/.test(text[anchor])) end++;
  const context = e.context ? `${e.context}: ` : '';
  return { code: 'YAML_SYNTAX_ERROR', message: `YAML syntax error: ${context}${e.problem}.`, span: { offset: anchor, length: end - anchor }, severity: 'error' };
}

function lineStart(text: string, at: number): number {
  const i = text.lastIndexOf('\n', at - 1);
  return i < 0 ? 0 : i + 1;
}

function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i + 1;
}

/** Indentation of the line starting at `start` (a tab counts 8), or undefined for a blank or comment line. */
function indentAt(text: string, start: number): number | undefined {
  let i = start;
  let n = 0;
  for (; text[i] === ' ' || text[i] === '\t'; i++) n += text[i] === '\t' ? 8 : 1;
  if (i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#') return undefined;
  return n;
}

/** The first offset at or after `at` that is not whitespace. */
function nextContent(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}

/**
 * The lines of the entry holding `anchor`: its line and the following lines indented deeper (or
 * blank). `widen` moves that many entries outwards (to lines above indented less).
 */
function entryRegion(text: string, anchor: number, widen: number): { from: number; to: number } {
  let from = lineStart(text, Math.min(anchor, text.length));
  let indent = indentAt(text, from) ?? 0;
  for (let w = 0; w < widen && from > 0; w++) {
    let p = from;
    for (;;) {
      if (p === 0) break;
      p = lineStart(text, p - 1);
      const ind = indentAt(text, p);
      if (ind !== undefined && ind < indent) break;
    }
    const ind = indentAt(text, p);
    if (ind === undefined || ind >= indent) break;
    from = p;
    indent = ind;
  }
  let to = lineEnd(text, from);
  while (to < text.length) {
    const ind = indentAt(text, to);
    if (ind !== undefined && ind <= indent) break;
    to = lineEnd(text, to);
  }
  return { from, to };
}

export interface TextParse {
  tree: YamlTree;
  /** Syntax errors the `yaml` package reported (not the converter's own problems). */
  syntaxErrors: number;
  /** The information that says how many syntax errors beyond LIMITS.maxSyntaxErrors were not reported. */
  unreported?: ParseProblem;
}

function convertDocs(text: string, docs: readonly Document.Parsed[], problems: ParseProblem[]): YamlTree {
  const roots: YamlTree['roots'] = [];
  for (const doc of docs) {
    const conv = new Converter(text, doc, problems);
    const root = doc.contents ? conv.convert(doc.contents as YamlNode, [], 0) : undefined;
    roots.push({ root });
  }
  return { roots, problems };
}

/** The `yaml` package's reading of the text (no PyYAML fallback): its tree and at most LIMITS.maxSyntaxErrors of its errors. */
export function parseYamlText(text: string): TextParse {
  yamlReads.yaml += text.length;
  const problems: ParseProblem[] = [];
  let docs: Document.Parsed[];
  // The `yaml` package reports each problem as an Error: a mangled file makes tens of thousands, and
  // capturing their stack traces was most of the time spent on it. Nobody reads those stacks.
  const stackTraceLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
    docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (err) {
    problems.push({ code: 'YAML_SYNTAX_ERROR', message: `YAML syntax error: ${String((err as Error)?.message ?? err)}`, span: { offset: 0, length: 0 }, severity: 'error' });
    return { tree: { roots: [], problems }, syntaxErrors: 1 };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  let syntaxErrors = 0;
  let lastEnd = 0;
  for (const doc of docs) {
    for (const e of doc.errors) {
      syntaxErrors++;
      if (syntaxErrors > LIMITS.maxSyntaxErrors) continue; // counted, not reported (one information below)
      const [start, end] = e.pos ?? [0, 0];
      lastEnd = Math.max(lastEnd, Math.min(end, text.length));
      const offset = Math.max(0, Math.min(start, text.length));
      problems.push({
        code: 'YAML_SYNTAX_ERROR',
        message: `YAML syntax error: ${firstLine(e.message)}`,
        span: { offset, length: Math.max(0, Math.min(end, text.length) - offset) },
        severity: 'error',
      });
    }
  }
  let unreported: ParseProblem | undefined;
  if (syntaxErrors > LIMITS.maxSyntaxErrors) {
    unreported = limitProblem(`${formatCount(syntaxErrors - LIMITS.maxSyntaxErrors)} more YAML syntax errors after these ${formatCount(LIMITS.maxSyntaxErrors)} are not reported.`, { offset: lastEnd, length: 0 });
    problems.push(unreported);
  }
  return { tree: convertDocs(text, docs, problems), syntaxErrors, unreported };
}

function firstLine(s: string): string {
  const line = s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

class Converter {
  private aliasBudget = ALIAS_NODE_BUDGET;
  private aliasDepth = 0;
  private reportedBomb = false;
  /** Alias → anchored node, built on the first alias of the document. */
  private aliasTargets: Map<YamlNode, YamlNode> | undefined;
  /** Anchored node → its size as counted against the alias budget. */
  private readonly aliasCost = new Map<YamlNode, number>();

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
      const innerPath = path.concat(fn);
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
        const keyRange = keyNode?.range;
        const keySpan: Span = keyRange ? { offset: keyRange[0], length: Math.max(0, keyRange[1] - keyRange[0]) } : { offset: span.offset, length: 0 };
        const key = this.keyText(keyNode, keySpan);
        // A mapping or sequence as a key has no string form a template can use (and building one
        // costs time exponential in its nesting): the pair is reported and left out.
        if (key === undefined) continue;
        const ppath = path.concat(key);
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
        items.push(n && (n.range || isAlias(n)) ? this.convert(n, path.concat(i), depth + 1) : { kind: 'null', span: { offset: span.offset, length: 0 }, path: path.concat(i) });
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

  /**
   * The string a mapping key stands for: a scalar's value, an alias's target scalar, '' for an
   * empty key. Undefined (and a problem at the key) for a collection key.
   */
  private keyText(keyNode: YamlNode | null, keySpan: Span): string | undefined {
    if (!keyNode) return '';
    const target = isAlias(keyNode) ? this.aliasTarget(keyNode) : keyNode;
    if (isAlias(keyNode) && !target) return `*${keyNode.source}`;
    if (target && isScalar(target)) return String(target.value ?? '');
    this.problems.push({
      code: 'YAML_SYNTAX_ERROR',
      message: 'A mapping key must be a scalar: a mapping or sequence cannot be used as a key. This entry is ignored.',
      span: keySpan,
      severity: 'error',
    });
    return undefined;
  }

  /**
   * The node an alias refers to: the last node with its anchor before it in document order (the
   * yaml package's rule). The whole document is walked once, on the first alias, into a table of
   * every alias's target; the package's own `Alias.resolve` walks the document on every call.
   */
  private aliasTarget(node: YamlNode): YamlNode | undefined {
    if (!this.aliasTargets) this.aliasTargets = aliasTargets(this.doc);
    return this.aliasTargets.get(node);
  }

  private alias(node: YamlNode & { source: string }, span: Span, path: Path, depth: number): ValueNode {
    // The budget first: once it is spent, an alias costs nothing more.
    if (this.aliasBudget <= 0 || this.aliasDepth > 16) return this.aliasBomb(node, span, path);
    const target = this.aliasTarget(node);
    if (!target) return { kind: 'unknown', label: `*${node.source}`, span, path };
    let cost = this.aliasCost.get(target);
    if (cost === undefined) {
      cost = countNodes(target, ALIAS_NODE_BUDGET + 1);
      this.aliasCost.set(target, cost);
    }
    if (cost > this.aliasBudget) {
      return this.aliasBomb(node, span, path);
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

  private aliasBomb(node: YamlNode & { source: string }, span: Span, path: Path): ValueNode {
    if (!this.reportedBomb) {
      this.reportedBomb = true;
      this.problems.push({ code: 'YAML_SYNTAX_ERROR', message: 'YAML aliases expand to too many nodes; the rest of the expansion is ignored.', span, severity: 'warning' });
    }
    return { kind: 'unknown', label: `*${node.source}`, span, path };
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

/**
 * Every alias of a document with the node it refers to: one pre-order walk (a pair's key before its
 * value, as the yaml package visits), keeping the latest node of each anchor name. Iterative, so
 * deep nesting cannot overflow the stack.
 */
function aliasTargets(doc: Document.Parsed): Map<YamlNode, YamlNode> {
  const targets = new Map<YamlNode, YamlNode>();
  const latest = new Map<string, YamlNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const cur = stack.pop();
    if (!cur || typeof cur !== 'object') continue;
    if (isAlias(cur)) {
      const t = latest.get(cur.source);
      if (t) targets.set(cur, t);
      continue;
    }
    if (isPair(cur)) {
      stack.push(cur.value, cur.key);
      continue;
    }
    const anchor = (cur as { anchor?: string }).anchor;
    if (anchor) latest.set(anchor, cur as YamlNode);
    if (isMap(cur) || isSeq(cur)) for (let i = cur.items.length - 1; i >= 0; i--) stack.push(cur.items[i]);
  }
  return targets;
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

/** The text read with PyYAML's grammar only (tests compare it with the `yaml` package's reading). */
export function parseYamlPyYamlOnly(text: string): YamlTree & { error?: PyYamlError } {
  const py = parsePyYaml(text);
  return { ...convertDocs(text, py.docs, []), ...(py.error ? { error: py.error } : {}) };
}
