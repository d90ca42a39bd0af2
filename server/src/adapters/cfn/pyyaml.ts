import { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';

/**
 * A YAML reader with PyYAML's grammar: a port of PyYAML's pure-Python scanner, parser and composer
 * (the reader CloudFormation's tooling, SAM and cfn-lint use). It exists because the `yaml` package
 * applies YAML 1.2's indentation rules strictly, while PyYAML accepts (and CloudFormation deploys):
 * - quoted scalars whose continuation or closing lines are indented no deeper than their key
 *   (PyYAML does not check indentation inside a quoted scalar at all);
 * - flow collections (`{`, `[`) continued or closed on lines at any indentation (no indentation is
 *   checked inside a flow collection).
 *
 * It builds the `yaml` package's node classes (Scalar, YAMLMap, YAMLSeq, Pair, Alias) with the same
 * `range`, `type`, `tag`, `anchor` and `flow` conventions, so yamlTree.ts converts either parser's
 * output the same way. Plain scalars are typed by the YAML 1.2 core schema, as the `yaml` package
 * does, so a file reads to the same values whichever parser read it.
 *
 * The parser stops at the first error, as PyYAML does; the error carries PyYAML's context and
 * problem (message and offset). No recursion: deep nesting cannot overflow the stack.
 */

export interface PyYamlError {
  context?: string;
  contextOffset?: number;
  problem: string;
  offset: number;
  /** The last quoted scalar read that spans several lines (a quote left open ends at a later quote). */
  multilineQuote?: { start: number; end: number };
}

export interface PyYamlResult {
  docs: Document.Parsed[];
  error?: PyYamlError;
}

/** Thrown to unwind to parsePyYaml; not an Error subclass, so no stack trace is captured (pieces of a template may fail often). */
class YamlError {
  constructor(readonly info: PyYamlError) {}
}

const enum T {
  StreamStart,
  StreamEnd,
  Directive,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowMappingStart,
  FlowSequenceEnd,
  FlowMappingEnd,
  Key,
  Value,
  BlockEntry,
  FlowEntry,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

/** PyYAML's token ids, quoted as its messages print them. */
const TOKEN_NAMES = [
  '<stream start>', '<stream end>', '<directive>', '<document start>', '<document end>', '<block sequence start>', '<block mapping start>', '<block end>',
  '[', '{', ']', '}', '?', ':', '-', ',', '<alias>', '<anchor>', '<tag>', '<scalar>',
].map((id) => `'${id}'`);

interface Token {
  t: T;
  start: number;
  end: number;
  value?: string;
  /** Tag tokens: [handle, suffix]. */
  tag?: [string | undefined, string];
  plain?: boolean;
  style?: string;
  /** Directive tokens. */
  name?: string;
  args?: string[];
}

interface SimpleKey {
  tokenNumber: number;
  required: boolean;
  index: number;
  line: number;
  column: number;
}

const BREAKS = '\r\n\x85\u2028\u2029';
const WS_OR_END = '\0 \t\r\n\x85\u2028\u2029';
const ESCAPE_REPLACEMENTS: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\x08', t: '\x09', '\t': '\x09', n: '\x0A', v: '\x0B', f: '\x0C', r: '\x0D', e: '\x1B',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xA0', L: '\u2028', P: '\u2029',
};
const ESCAPE_CODES: Record<string, number> = { x: 2, u: 4, U: 8 };

function isIn(ch: string, set: string): boolean {
  return ch.length === 1 && set.includes(ch);
}

function isAlnum(ch: string): boolean {
  return /^[0-9A-Za-z_-]$/.test(ch);
}

class Scanner {
  private index = 0;
  private line = 0;
  private column = 0;
  private done = false;
  private flowLevel = 0;
  private tokens: Token[] = [];
  private tokensTaken = 0;
  private indent = -1;
  private indents: number[] = [];
  private allowSimpleKey = true;
  private possibleSimpleKeys = new Map<number, SimpleKey>();
  multilineQuote: { start: number; end: number } | undefined;

  constructor(private readonly text: string) {
    this.tokens.push({ t: T.StreamStart, start: 0, end: 0 });
  }

  private peek(k = 0): string {
    return this.index + k < this.text.length ? this.text[this.index + k] : '\0';
  }

  private prefix(n: number): string {
    return this.text.slice(this.index, this.index + n);
  }

  private forward(n = 1): void {
    for (let i = 0; i < n && this.index < this.text.length; i++) {
      const ch = this.text[this.index++];
      if (ch === '\n' || ch === '\x85' || ch === '\u2028' || ch === '\u2029' || (ch === '\r' && this.text[this.index] !== '\n')) {
        this.line++;
        this.column = 0;
      } else if (ch !== '\uFEFF') this.column++;
    }
  }

  private error(context: string | undefined, contextOffset: number | undefined, problem: string, offset = this.index): never {
    throw new YamlError({ context, contextOffset, problem, offset });
  }

  checkToken(...choices: T[]): boolean {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    if (this.tokens.length === 0) return false;
    return choices.length === 0 || choices.includes(this.tokens[0].t);
  }

  peekToken(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    return this.tokens[0];
  }

  getToken(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    this.tokensTaken++;
    return this.tokens.shift()!;
  }

  private needMoreTokens(): boolean {
    if (this.done) return false;
    if (this.tokens.length === 0) return true;
    this.staleSimpleKeys();
    return this.nextPossibleSimpleKey() === this.tokensTaken;
  }

  private fetchMoreTokens(): void {
    this.scanToNextToken();
    this.staleSimpleKeys();
    this.unwindIndent(this.column);
    const ch = this.peek();
    if (ch === '\0') return this.fetchStreamEnd();
    if (ch === '%' && this.column === 0) return this.fetchDirective();
    if (ch === '-' && this.checkDocumentIndicator('---')) return this.fetchDocumentIndicator(T.DocumentStart);
    if (ch === '.' && this.checkDocumentIndicator('...')) return this.fetchDocumentIndicator(T.DocumentEnd);
    if (ch === '[') return this.fetchFlowCollectionStart(T.FlowSequenceStart);
    if (ch === '{') return this.fetchFlowCollectionStart(T.FlowMappingStart);
    if (ch === ']') return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
    if (ch === '}') return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
    if (ch === ',') return this.fetchFlowEntry();
    if (ch === '-' && isIn(this.peek(1), WS_OR_END)) return this.fetchBlockEntry();
    if (ch === '?' && (this.flowLevel > 0 || isIn(this.peek(1), WS_OR_END))) return this.fetchKey();
    if (ch === ':' && (this.flowLevel > 0 || isIn(this.peek(1), WS_OR_END))) return this.fetchValue();
    if (ch === '*') return this.fetchAnchor(T.Alias);
    if (ch === '&') return this.fetchAnchor(T.Anchor);
    if (ch === '!') return this.fetchTag();
    if (ch === '|' && this.flowLevel === 0) return this.fetchBlockScalar('|');
    if (ch === '>' && this.flowLevel === 0) return this.fetchBlockScalar('>');
    if (ch === "'") return this.fetchFlowScalar("'");
    if (ch === '"') return this.fetchFlowScalar('"');
    if (this.checkPlain()) return this.fetchPlain();
    this.error('while scanning for the next token', undefined, `found character ${JSON.stringify(ch)} that cannot start any token`);
  }

  private nextPossibleSimpleKey(): number | undefined {
    let min: number | undefined;
    for (const k of this.possibleSimpleKeys.values()) if (min === undefined || k.tokenNumber < min) min = k.tokenNumber;
    return min;
  }

  private staleSimpleKeys(): void {
    if (this.possibleSimpleKeys.size === 0) return;
    for (const [level, key] of this.possibleSimpleKeys) {
      if (key.line !== this.line || this.index - key.index > 1024) {
        if (key.required) this.error('while scanning a simple key', key.index, "could not find expected ':'");
        this.possibleSimpleKeys.delete(level);
      }
    }
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (this.allowSimpleKey) {
      this.removeSimpleKey();
      this.possibleSimpleKeys.set(this.flowLevel, { tokenNumber: this.tokensTaken + this.tokens.length, required, index: this.index, line: this.line, column: this.column });
    }
  }

  private removeSimpleKey(): void {
    const key = this.possibleSimpleKeys.get(this.flowLevel);
    if (key) {
      if (key.required) this.error('while scanning a simple key', key.index, "could not find expected ':'");
      this.possibleSimpleKeys.delete(this.flowLevel);
    }
  }

  private unwindIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.indent = this.indents.pop()!;
      this.tokens.push({ t: T.BlockEnd, start: this.index, end: this.index });
    }
  }

  private addIndent(column: number): boolean {
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      return true;
    }
    return false;
  }

  private simple(t: T, n: number): void {
    const start = this.index;
    this.forward(n);
    this.tokens.push({ t, start, end: this.index });
  }

  private fetchStreamEnd(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.possibleSimpleKeys.clear();
    this.tokens.push({ t: T.StreamEnd, start: this.index, end: this.index });
    this.done = true;
  }

  private fetchDirective(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanDirective());
  }

  private checkDocumentIndicator(s: string): boolean {
    return this.column === 0 && this.prefix(3) === s && isIn(this.peek(3), WS_OR_END);
  }

  private fetchDocumentIndicator(t: T): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.simple(t, 3);
  }

  private fetchFlowCollectionStart(t: T): void {
    this.saveSimpleKey();
    this.flowLevel++;
    this.allowSimpleKey = true;
    this.simple(t, 1);
  }

  private fetchFlowCollectionEnd(t: T): void {
    this.removeSimpleKey();
    this.flowLevel = Math.max(0, this.flowLevel - 1);
    this.allowSimpleKey = false;
    this.simple(t, 1);
  }

  private fetchFlowEntry(): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.simple(T.FlowEntry, 1);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) this.error(undefined, undefined, 'sequence entries are not allowed here');
      if (this.addIndent(this.column)) this.tokens.push({ t: T.BlockSequenceStart, start: this.index, end: this.index });
    }
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.simple(T.BlockEntry, 1);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) this.error(undefined, undefined, 'mapping keys are not allowed here');
      if (this.addIndent(this.column)) this.tokens.push({ t: T.BlockMappingStart, start: this.index, end: this.index });
    }
    this.allowSimpleKey = this.flowLevel === 0;
    this.removeSimpleKey();
    this.simple(T.Key, 1);
  }

  private fetchValue(): void {
    const key = this.possibleSimpleKeys.get(this.flowLevel);
    if (key) {
      this.possibleSimpleKeys.delete(this.flowLevel);
      this.tokens.splice(key.tokenNumber - this.tokensTaken, 0, { t: T.Key, start: key.index, end: key.index });
      if (this.flowLevel === 0 && this.addIndent(key.column)) {
        this.tokens.splice(key.tokenNumber - this.tokensTaken, 0, { t: T.BlockMappingStart, start: key.index, end: key.index });
      }
      this.allowSimpleKey = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.allowSimpleKey) this.error(undefined, undefined, 'mapping values are not allowed here');
        if (this.addIndent(this.column)) this.tokens.push({ t: T.BlockMappingStart, start: this.index, end: this.index });
      }
      this.allowSimpleKey = this.flowLevel === 0;
      this.removeSimpleKey();
    }
    this.simple(T.Value, 1);
  }

  private fetchAnchor(t: T): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const start = this.index;
    const name = t === T.Alias ? 'alias' : 'anchor';
    this.forward();
    let length = 0;
    while (isAlnum(this.peek(length))) length++;
    if (length === 0) this.error(`while scanning an ${name}`, start, `expected alphabetic or numeric character, but found ${JSON.stringify(this.peek())}`);
    const value = this.prefix(length);
    this.forward(length);
    if (!isIn(this.peek(), '\0 \t\r\n\x85\u2028\u2029?:,]}%@`')) this.error(`while scanning an ${name}`, start, `expected alphabetic or numeric character, but found ${JSON.stringify(this.peek())}`);
    this.tokens.push({ t, start, end: this.index, value });
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const start = this.index;
    let ch = this.peek(1);
    let handle: string | undefined;
    let suffix: string;
    if (ch === '<') {
      this.forward(2);
      suffix = this.scanTagUri(start);
      if (this.peek() !== '>') this.error('while parsing a tag', start, `expected '>', but found ${JSON.stringify(this.peek())}`);
      this.forward();
    } else if (isIn(ch, WS_OR_END)) {
      suffix = '!';
      this.forward();
    } else {
      let length = 1;
      let useHandle = false;
      while (!isIn(ch, '\0 \r\n\x85\u2028\u2029')) {
        if (ch === '!') {
          useHandle = true;
          break;
        }
        length++;
        ch = this.peek(length);
      }
      if (useHandle) handle = this.scanTagHandle(start);
      else {
        handle = '!';
        this.forward();
      }
      suffix = this.scanTagUri(start);
    }
    if (!isIn(this.peek(), '\0 \r\n\x85\u2028\u2029')) this.error('while scanning a tag', start, `expected ' ', but found ${JSON.stringify(this.peek())}`);
    this.tokens.push({ t: T.Tag, start, end: this.index, tag: [handle, suffix] });
  }

  private scanTagHandle(start: number): string {
    if (this.peek() !== '!') this.error('while scanning a tag', start, `expected '!', but found ${JSON.stringify(this.peek())}`);
    let length = 1;
    if (this.peek(1) !== ' ') {
      while (isAlnum(this.peek(length))) length++;
      if (this.peek(length) !== '!') {
        this.forward(length);
        this.error('while scanning a tag', start, `expected '!', but found ${JSON.stringify(this.peek())}`);
      }
      length++;
    }
    const value = this.prefix(length);
    this.forward(length);
    return value;
  }

  private scanTagUri(start: number): string {
    let out = '';
    let length = 0;
    let ch = this.peek(length);
    while (/^[0-9A-Za-z\-;/?:@&=+$,_.!~*'()[\]%]$/.test(ch)) {
      if (ch === '%') {
        out += this.prefix(length);
        this.forward(length);
        length = 0;
        out += this.scanUriEscapes(start);
      } else length++;
      ch = this.peek(length);
    }
    if (length) {
      out += this.prefix(length);
      this.forward(length);
    }
    if (!out) this.error('while parsing a tag', start, `expected URI, but found ${JSON.stringify(this.peek())}`);
    return out;
  }

  private scanUriEscapes(start: number): string {
    const bytes: number[] = [];
    while (this.peek() === '%') {
      this.forward();
      const hex = this.prefix(2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.error('while scanning a tag', start, `expected URI escape sequence of 2 hexadecimal numbers, but found ${JSON.stringify(this.peek())}`);
      bytes.push(parseInt(hex, 16));
      this.forward(2);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      this.error('while scanning a tag', start, 'invalid UTF-8 in a URI escape');
    }
  }

  private scanDirective(): Token {
    const start = this.index;
    this.forward();
    let length = 0;
    while (isAlnum(this.peek(length))) length++;
    if (length === 0) this.error('while scanning a directive', start, `expected alphabetic or numeric character, but found ${JSON.stringify(this.peek())}`);
    const name = this.prefix(length);
    this.forward(length);
    const args: string[] = [];
    if (name === 'YAML' || name === 'TAG') {
      for (;;) {
        while (this.peek() === ' ') this.forward();
        if (this.peek() === '#' || isIn(this.peek(), '\0' + BREAKS)) break;
        let n = 0;
        while (!isIn(this.peek(n), WS_OR_END)) n++;
        args.push(this.prefix(n));
        this.forward(n);
      }
      if (name === 'YAML' && (args.length !== 1 || !/^\d+\.\d+$/.test(args[0]))) this.error('while scanning a directive', start, 'expected a version number');
      if (name === 'TAG' && args.length !== 2) this.error('while scanning a directive', start, 'expected a tag handle and a prefix');
    } else {
      while (!isIn(this.peek(), '\0' + BREAKS)) this.forward();
    }
    const end = this.index;
    while (this.peek() === ' ') this.forward();
    if (this.peek() === '#') while (!isIn(this.peek(), '\0' + BREAKS)) this.forward();
    if (!isIn(this.peek(), '\0' + BREAKS)) this.error('while scanning a directive', start, `expected a comment or a line break, but found ${JSON.stringify(this.peek())}`);
    this.scanLineBreak();
    return { t: T.Directive, start, end, name, args };
  }

  private scanToNextToken(): void {
    if (this.index === 0 && this.peek() === '\uFEFF') this.forward();
    for (;;) {
      while (this.peek() === ' ') this.forward();
      if (this.peek() === '#') while (!isIn(this.peek(), '\0' + BREAKS)) this.forward();
      if (this.scanLineBreak()) {
        if (this.flowLevel === 0) this.allowSimpleKey = true;
      } else return;
    }
  }

  private scanLineBreak(): string {
    const ch = this.peek();
    if (ch === '\r' || ch === '\n' || ch === '\x85') {
      if (this.prefix(2) === '\r\n') this.forward(2);
      else this.forward();
      return '\n';
    }
    if (ch === '\u2028' || ch === '\u2029') {
      this.forward();
      return ch;
    }
    return '';
  }

  private fetchBlockScalar(style: string): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.tokens.push(this.scanBlockScalar(style));
  }

  private scanBlockScalar(style: string): Token {
    const folded = style === '>';
    const chunks: string[] = [];
    const start = this.index;
    this.forward();
    // Indicators: chomping (+/-) and an explicit indentation digit, in either order.
    let chomping: boolean | undefined;
    let increment: number | undefined;
    for (let i = 0; i < 2; i++) {
      const ch = this.peek();
      if ((ch === '+' || ch === '-') && chomping === undefined) {
        chomping = ch === '+';
        this.forward();
      } else if (/^[0-9]$/.test(ch) && increment === undefined) {
        increment = Number(ch);
        if (increment === 0) this.error('while scanning a block scalar', start, 'expected indentation indicator in the range 1-9, but found 0');
        this.forward();
      }
    }
    if (!isIn(this.peek(), '\0 ' + BREAKS)) this.error('while scanning a block scalar', start, `expected chomping or indentation indicators, but found ${JSON.stringify(this.peek())}`);
    while (this.peek() === ' ') this.forward();
    if (this.peek() === '#') while (!isIn(this.peek(), '\0' + BREAKS)) this.forward();
    if (!isIn(this.peek(), '\0' + BREAKS)) this.error('while scanning a block scalar', start, `expected a comment or a line break, but found ${JSON.stringify(this.peek())}`);
    this.scanLineBreak();
    const minIndent = Math.max(1, this.indent + 1);
    let indent: number;
    let breaks: string[];
    let end: number;
    /** Where the last content line's line break ends (the `yaml` package's end of a block scalar). */
    let contentEnd = this.index;
    if (increment === undefined) {
      breaks = [];
      let maxIndent = 0;
      end = this.index;
      while (isIn(this.peek(), ' ' + BREAKS)) {
        if (this.peek() !== ' ') {
          breaks.push(this.scanLineBreak());
          end = this.index;
        } else {
          this.forward();
          if (this.column > maxIndent) maxIndent = this.column;
        }
      }
      indent = Math.max(minIndent, maxIndent);
    } else {
      indent = minIndent + increment - 1;
      [breaks, end] = this.blockScalarBreaks(indent);
    }
    let lineBreak = '';
    while (this.column === indent && this.index < this.text.length) {
      chunks.push(...breaks);
      const leadingNonSpace = !isIn(this.peek(), ' \t');
      let length = 0;
      while (!isIn(this.peek(length), '\0' + BREAKS)) length++;
      chunks.push(this.prefix(length));
      this.forward(length);
      contentEnd = this.index;
      lineBreak = this.scanLineBreak();
      contentEnd = this.index;
      [breaks, end] = this.blockScalarBreaks(indent);
      if (this.column === indent && this.index < this.text.length) {
        if (folded && lineBreak === '\n' && leadingNonSpace && !isIn(this.peek(), ' \t')) {
          if (breaks.length === 0) chunks.push(' ');
        } else chunks.push(lineBreak);
      } else break;
    }
    if (chomping !== false) chunks.push(lineBreak);
    if (chomping === true) chunks.push(...breaks);
    void end;
    return { t: T.Scalar, start, end: contentEnd, value: chunks.join(''), plain: false, style };
  }

  private blockScalarBreaks(indent: number): [string[], number] {
    const chunks: string[] = [];
    let end = this.index;
    while (this.column < indent && this.peek() === ' ') this.forward();
    while (isIn(this.peek(), BREAKS)) {
      chunks.push(this.scanLineBreak());
      end = this.index;
      while (this.column < indent && this.peek() === ' ') this.forward();
    }
    return [chunks, end];
  }

  private fetchFlowScalar(style: string): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const line = this.line;
    const tok = this.scanFlowScalar(style);
    if (this.line !== line) this.multilineQuote = { start: tok.start, end: tok.end };
    this.tokens.push(tok);
  }

  private scanFlowScalar(style: string): Token {
    const double = style === '"';
    const chunks: string[] = [];
    const start = this.index;
    const quote = this.peek();
    this.forward();
    this.flowScalarNonSpaces(double, start, chunks);
    while (this.peek() !== quote || this.index >= this.text.length) {
      this.flowScalarSpaces(start, chunks);
      this.flowScalarNonSpaces(double, start, chunks);
    }
    this.forward();
    return { t: T.Scalar, start, end: this.index, value: chunks.join(''), plain: false, style };
  }

  private flowScalarNonSpaces(double: boolean, start: number, chunks: string[]): void {
    for (;;) {
      let length = 0;
      while (!isIn(this.peek(length), '\'"\\\0 \t' + BREAKS)) length++;
      if (length) {
        chunks.push(this.prefix(length));
        this.forward(length);
      }
      const ch = this.peek();
      if (!double && ch === "'" && this.peek(1) === "'") {
        chunks.push("'");
        this.forward(2);
      } else if ((double && ch === "'") || (!double && (ch === '"' || ch === '\\'))) {
        chunks.push(ch);
        this.forward();
      } else if (double && ch === '\\') {
        this.forward();
        const e = this.peek();
        if (e in ESCAPE_REPLACEMENTS && this.index < this.text.length) {
          chunks.push(ESCAPE_REPLACEMENTS[e]);
          this.forward();
        } else if (e in ESCAPE_CODES) {
          const n = ESCAPE_CODES[e];
          this.forward();
          const hex = this.prefix(n);
          if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) {
            this.error('while scanning a double-quoted scalar', start, `expected escape sequence of ${n} hexadecimal numbers, but found ${JSON.stringify(this.peek())}`);
          }
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) this.error('while scanning a double-quoted scalar', start, 'escape sequence out of range');
          chunks.push(String.fromCodePoint(code));
          this.forward(n);
        } else if (isIn(e, BREAKS)) {
          this.scanLineBreak();
          this.flowScalarBreaks(start, chunks);
        } else {
          this.error('while scanning a double-quoted scalar', start, `found unknown escape character ${JSON.stringify(e)}`);
        }
      } else return;
    }
  }

  private flowScalarSpaces(start: number, chunks: string[]): void {
    let length = 0;
    while (isIn(this.peek(length), ' \t')) length++;
    const whitespaces = this.prefix(length);
    this.forward(length);
    const ch = this.peek();
    if (this.index >= this.text.length) this.error('while scanning a quoted scalar', start, 'found unexpected end of stream');
    if (isIn(ch, BREAKS)) {
      const lineBreak = this.scanLineBreak();
      const breaks: string[] = [];
      this.flowScalarBreaks(start, breaks);
      if (lineBreak !== '\n') chunks.push(lineBreak);
      else if (breaks.length === 0) chunks.push(' ');
      chunks.push(...breaks);
    } else chunks.push(whitespaces);
  }

  private flowScalarBreaks(start: number, chunks: string[]): void {
    for (;;) {
      const p = this.prefix(3);
      if ((p === '---' || p === '...') && isIn(this.peek(3), WS_OR_END)) this.error('while scanning a quoted scalar', start, 'found unexpected document separator');
      while (isIn(this.peek(), ' \t')) this.forward();
      if (isIn(this.peek(), BREAKS)) chunks.push(this.scanLineBreak());
      else return;
    }
  }

  private checkPlain(): boolean {
    const ch = this.peek();
    return !isIn(ch, '\0 \t\r\n\x85\u2028\u2029-?:,[]{}#&*!|>\'"%@`') || (!isIn(this.peek(1), WS_OR_END) && (ch === '-' || (this.flowLevel === 0 && (ch === '?' || ch === ':'))));
  }

  private fetchPlain(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanPlain());
  }

  private plainStop(length: number): boolean {
    const ch = this.peek(length);
    if (isIn(ch, WS_OR_END)) return true;
    if (ch === ':' && isIn(this.peek(length + 1), WS_OR_END + (this.flowLevel ? ',[]{}' : ''))) return true;
    return this.flowLevel > 0 && isIn(ch, ',?[]{}');
  }

  private scanPlain(): Token {
    const chunks: string[] = [];
    const start = this.index;
    let end = start;
    const indent = this.indent + 1;
    let spaces: string[] = [];
    for (;;) {
      if (this.peek() === '#') break;
      let length = 0;
      while (!this.plainStop(length)) length++;
      if (length === 0) break;
      this.allowSimpleKey = false;
      chunks.push(...spaces, this.prefix(length));
      this.forward(length);
      end = this.index;
      spaces = this.plainSpaces();
      if (spaces.length === 0 || this.peek() === '#' || (this.flowLevel === 0 && this.column < indent)) break;
    }
    return { t: T.Scalar, start, end, value: chunks.join(''), plain: true };
  }

  private plainSpaces(): string[] {
    const chunks: string[] = [];
    let length = 0;
    while (this.peek(length) === ' ') length++;
    const whitespaces = this.prefix(length);
    this.forward(length);
    const ch = this.peek();
    const docSep = (): boolean => {
      const p = this.prefix(3);
      return (p === '---' || p === '...') && isIn(this.peek(3), WS_OR_END);
    };
    if (isIn(ch, BREAKS)) {
      const lineBreak = this.scanLineBreak();
      this.allowSimpleKey = true;
      if (docSep()) return [];
      const breaks: string[] = [];
      while (isIn(this.peek(), ' ' + BREAKS)) {
        if (this.peek() === ' ') this.forward();
        else {
          breaks.push(this.scanLineBreak());
          if (docSep()) return [];
        }
      }
      if (lineBreak !== '\n') chunks.push(lineBreak);
      else if (breaks.length === 0) chunks.push(' ');
      chunks.push(...breaks);
    } else if (whitespaces) chunks.push(whitespaces);
    return chunks;
  }
}

// ---------------------------------------------------------------------------------------------
// Parser + composer: PyYAML's parser state machine, building nodes as events are produced.

const DEFAULT_TAGS: Record<string, string> = { '!': '!', '!!': 'tag:yaml.org,2002:' };

type NodeProps = { anchor?: string; tag?: string; start: number; end: number };

interface Frame {
  node: YAMLMap | YAMLSeq;
  /** Mapping frames: the key waiting for its value. */
  pendingKey?: YamlNode | null;
  hasKey?: boolean;
  /** An implicit single-pair mapping inside a flow sequence (`[a: b]`). */
  pairInSeq?: boolean;
}

class Parser {
  readonly scanner: Scanner;
  private tagHandles: Record<string, string> = { ...DEFAULT_TAGS };
  readonly docs: Document.Parsed[] = [];
  private anchors = new Map<string, YamlNode>();
  private stack: Frame[] = [];
  private root: YamlNode | null = null;
  private rootSet = false;

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
  }

  private error(context: string | undefined, contextOffset: number | undefined, problem: string, offset: number): never {
    throw new YamlError({ context, contextOffset, problem, offset });
  }

  private check(...t: T[]): boolean {
    return this.scanner.checkToken(...t);
  }

  run(): void {
    const s = this.scanner;
    s.getToken(); // stream start
    let implicitAllowed = true;
    for (;;) {
      if (implicitAllowed && !this.check(T.Directive, T.DocumentStart, T.StreamEnd)) {
        this.tagHandles = { ...DEFAULT_TAGS };
        this.document(false);
      } else {
        while (this.check(T.DocumentEnd)) s.getToken();
        if (this.check(T.StreamEnd)) {
          s.getToken();
          return;
        }
        this.processDirectives();
        if (!this.check(T.DocumentStart)) {
          const tok = s.peekToken();
          this.error(undefined, undefined, `expected '<document start>', but found ${TOKEN_NAMES[tok.t]}`, tok.start);
        }
        s.getToken();
        this.document(true);
      }
      implicitAllowed = false;
    }
  }

  private processDirectives(): void {
    let version = false;
    this.tagHandles = {};
    while (this.check(T.Directive)) {
      const tok = this.scanner.getToken();
      if (tok.name === 'YAML') {
        if (version) this.error(undefined, undefined, 'found duplicate YAML directive', tok.start);
        version = true;
        if (!tok.args?.[0].startsWith('1.')) this.error(undefined, undefined, 'found incompatible YAML document (version 1.* is required)', tok.start);
      } else if (tok.name === 'TAG' && tok.args) {
        const [handle, prefix] = tok.args;
        if (handle in this.tagHandles) this.error(undefined, undefined, `duplicate tag handle ${JSON.stringify(handle)}`, tok.start);
        this.tagHandles[handle] = prefix;
      }
    }
    for (const [k, v] of Object.entries(DEFAULT_TAGS)) if (!(k in this.tagHandles)) this.tagHandles[k] = v;
  }

  /** One document: its content node (explicit documents may be empty) and an optional `...`. */
  private document(explicit: boolean): void {
    this.anchors = new Map();
    this.root = null;
    this.rootSet = false;
    if (explicit && this.check(T.Directive, T.DocumentStart, T.DocumentEnd, T.StreamEnd)) {
      // An empty document.
    } else {
      this.blockNode();
    }
    if (this.check(T.DocumentEnd)) this.scanner.getToken();
    else if (!this.check(T.DocumentStart, T.StreamEnd, T.Directive)) {
      const tok = this.scanner.peekToken();
      this.error(undefined, undefined, `expected '<document start>', but found ${TOKEN_NAMES[tok.t]}`, tok.start);
    }
    const doc = new Document() as unknown as Document.Parsed;
    (doc as unknown as { contents: YamlNode | null }).contents = this.root;
    this.docs.push(doc);
  }

  /** Attaches a finished node to its parent (or makes it the document's root). */
  private attach(node: YamlNode | null): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = node;
      this.rootSet = true;
      return;
    }
    if (top.node instanceof YAMLSeq) {
      top.node.items.push(node);
      return;
    }
    if (!top.hasKey) {
      top.pendingKey = node;
      top.hasKey = true;
    } else {
      top.node.items.push(new Pair(top.pendingKey, node));
      top.pendingKey = undefined;
      top.hasKey = false;
    }
  }

  private emptyScalar(at: number): Scalar {
    const s = new Scalar(null);
    s.type = 'PLAIN';
    s.range = [at, at, at];
    return s;
  }

  /**
   * The parse loop for one node, iteratively: `block` and `indentless` as in PyYAML's parse_node.
   * Collections push frames and run their own entry loops here; nothing recurses.
   */
  private blockNode(): void {
    type State = { kind: 'node'; block: boolean; indentless: boolean } | { kind: 'bseq' } | { kind: 'iseq' } | { kind: 'bmapKey' } | { kind: 'bmapValue' } | { kind: 'fseq'; first: boolean } | { kind: 'fseqPairValue' } | { kind: 'fseqPairEnd' } | { kind: 'fmapKey'; first: boolean } | { kind: 'fmapValue' } | { kind: 'fmapEmptyValue' };
    const s = this.scanner;
    const states: State[] = [];
    const marks: number[] = [];
    let state: State | undefined = { kind: 'node', block: true, indentless: false };
    const pop = (): State | undefined => states.pop();
    const endCollection = (end: number): void => {
      const frame = this.stack.pop()!;
      const r = frame.node.range ?? [end, end, end];
      frame.node.range = [r[0], end, end];
      this.attach(frame.node);
    };
    const lastEnd = (frame: Frame): number => {
      const items = frame.node.items as unknown[];
      let end = frame.node.range?.[0] ?? 0;
      const last = items[items.length - 1];
      const lastNode = (last instanceof Pair ? (last.value ?? last.key) : last) as YamlNode | null;
      if (lastNode?.range) end = Math.max(end, lastNode.range[1]);
      if (last instanceof Pair && (last.key as YamlNode | null)?.range) end = Math.max(end, (last.key as YamlNode).range![1]);
      return end;
    };
    while (state) {
      switch (state.kind) {
        case 'node': {
          const { block, indentless } = state;
          if (this.check(T.Alias)) {
            const tok = s.getToken();
            if (!this.anchors.has(tok.value!)) this.error(undefined, undefined, `found undefined alias ${JSON.stringify(tok.value)}`, tok.start);
            const a = new Alias(tok.value!);
            a.range = [tok.start, tok.end, tok.end];
            this.attach(a);
            state = pop();
            break;
          }
          const props = this.nodeProperties();
          const tag = props.tag;
          if (indentless && this.check(T.BlockEntry)) {
            const seq = new YAMLSeq();
            const tok = s.peekToken();
            seq.range = [tok.start, tok.start, tok.start];
            this.register(seq, props);
            this.stack.push({ node: seq });
            state = { kind: 'iseq' };
            break;
          }
          if (this.check(T.Scalar)) {
            const tok = s.getToken();
            const node = new Scalar(scalarValue(tok, tag));
            node.type = tok.plain ? 'PLAIN' : tok.style === "'" ? 'QUOTE_SINGLE' : tok.style === '"' ? 'QUOTE_DOUBLE' : tok.style === '|' ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED';
            node.range = [tok.start, tok.end, tok.end];
            if (tok.plain) (node as unknown as { source: string }).source = tok.value!;
            this.register(node, props);
            this.attach(node);
            state = pop();
            break;
          }
          if (this.check(T.FlowSequenceStart) || this.check(T.FlowMappingStart)) {
            const tok = s.getToken();
            const coll = tok.t === T.FlowSequenceStart ? new YAMLSeq() : new YAMLMap();
            coll.flow = true;
            coll.range = [tok.start, tok.end, tok.end];
            this.register(coll, props);
            this.stack.push({ node: coll });
            marks.push(tok.start);
            state = tok.t === T.FlowSequenceStart ? { kind: 'fseq', first: true } : { kind: 'fmapKey', first: true };
            break;
          }
          if (block && (this.check(T.BlockSequenceStart) || this.check(T.BlockMappingStart))) {
            const tok = s.getToken();
            const coll = tok.t === T.BlockSequenceStart ? new YAMLSeq() : new YAMLMap();
            coll.range = [tok.start, tok.start, tok.start];
            this.register(coll, props);
            this.stack.push({ node: coll });
            marks.push(tok.start);
            state = tok.t === T.BlockSequenceStart ? { kind: 'bseq' } : { kind: 'bmapKey' };
            break;
          }
          if (props.anchor !== undefined || tag !== undefined) {
            // A node with properties and no content: an empty scalar right after them.
            const node = new Scalar(tag === undefined ? null : '');
            node.type = 'PLAIN';
            node.range = [props.end, props.end, props.end];
            this.register(node, props);
            this.attach(node);
            state = pop();
            break;
          }
          const tok = s.peekToken();
          this.error(`while parsing a ${block ? 'block' : 'flow'} node`, props.start, `expected the node content, but found ${TOKEN_NAMES[tok.t]}`, tok.start);
          break;
        }
        case 'bseq': {
          if (this.check(T.BlockEntry)) {
            const tok = s.getToken();
            if (!this.check(T.BlockEntry, T.BlockEnd)) {
              states.push({ kind: 'bseq' });
              state = { kind: 'node', block: true, indentless: false };
            } else this.attach(this.emptyScalar(this.afterSpaces(tok.end)));
            break;
          }
          if (!this.check(T.BlockEnd)) {
            const tok = s.peekToken();
            this.error('while parsing a block collection', marks[marks.length - 1], `expected <block end>, but found ${TOKEN_NAMES[tok.t]}`, tok.start);
          }
          s.getToken();
          marks.pop();
          endCollection(lastEnd(this.stack[this.stack.length - 1]));
          state = pop();
          break;
        }
        case 'iseq': {
          if (this.check(T.BlockEntry)) {
            const tok = s.getToken();
            if (!this.check(T.BlockEntry, T.Key, T.Value, T.BlockEnd)) {
              states.push({ kind: 'iseq' });
              state = { kind: 'node', block: true, indentless: false };
            } else this.attach(this.emptyScalar(this.afterSpaces(tok.end)));
            break;
          }
          endCollection(lastEnd(this.stack[this.stack.length - 1]));
          state = pop();
          break;
        }
        case 'bmapKey': {
          if (this.check(T.Key)) {
            const tok = s.getToken();
            if (!this.check(T.Key, T.Value, T.BlockEnd)) {
              states.push({ kind: 'bmapValue' });
              state = { kind: 'node', block: true, indentless: true };
            } else {
              this.attach(this.emptyScalar(tok.end));
              state = { kind: 'bmapValue' };
            }
            break;
          }
          if (!this.check(T.BlockEnd)) {
            const tok = s.peekToken();
            this.error('while parsing a block mapping', marks[marks.length - 1], `expected <block end>, but found ${TOKEN_NAMES[tok.t]}`, tok.start);
          }
          s.getToken();
          marks.pop();
          endCollection(lastEnd(this.stack[this.stack.length - 1]));
          state = pop();
          break;
        }
        case 'bmapValue': {
          if (this.check(T.Value)) {
            const tok = s.getToken();
            if (!this.check(T.Key, T.Value, T.BlockEnd)) {
              states.push({ kind: 'bmapKey' });
              state = { kind: 'node', block: true, indentless: true };
            } else {
              this.attach(this.emptyScalar(tok.end));
              state = { kind: 'bmapKey' };
            }
          } else {
            this.attach(this.emptyScalar(s.peekToken().start));
            state = { kind: 'bmapKey' };
          }
          break;
        }
        case 'fseq': {
          if (!this.check(T.FlowSequenceEnd)) {
            if (!state.first) {
              if (this.check(T.FlowEntry)) s.getToken();
              else {
                const tok = s.peekToken();
                this.error('while parsing a flow sequence', marks[marks.length - 1], `expected ',' or ']', but got ${TOKEN_NAMES[tok.t]}`, tok.start);
              }
            }
            if (this.check(T.Key)) {
              const tok = s.getToken();
              const map = new YAMLMap();
              map.flow = true;
              map.range = [tok.start, tok.start, tok.start];
              this.stack.push({ node: map, pairInSeq: true });
              if (!this.check(T.Value, T.FlowEntry, T.FlowSequenceEnd)) {
                states.push({ kind: 'fseqPairValue' });
                state = { kind: 'node', block: false, indentless: false };
              } else {
                this.attach(this.emptyScalar(tok.end));
                state = { kind: 'fseqPairValue' };
              }
              break;
            }
            if (!this.check(T.FlowSequenceEnd)) {
              states.push({ kind: 'fseq', first: false });
              state = { kind: 'node', block: false, indentless: false };
              break;
            }
          }
          const tok = s.getToken();
          marks.pop();
          endCollection(tok.end);
          state = pop();
          break;
        }
        case 'fseqPairValue': {
          if (this.check(T.Value)) {
            const tok = s.getToken();
            if (!this.check(T.FlowEntry, T.FlowSequenceEnd)) {
              states.push({ kind: 'fseqPairEnd' });
              state = { kind: 'node', block: false, indentless: false };
            } else {
              this.attach(this.emptyScalar(tok.end));
              state = { kind: 'fseqPairEnd' };
            }
          } else {
            this.attach(this.emptyScalar(s.peekToken().start));
            state = { kind: 'fseqPairEnd' };
          }
          break;
        }
        case 'fseqPairEnd': {
          endCollection(lastEnd(this.stack[this.stack.length - 1]));
          state = { kind: 'fseq', first: false };
          break;
        }
        case 'fmapKey': {
          if (!this.check(T.FlowMappingEnd)) {
            if (!state.first) {
              if (this.check(T.FlowEntry)) s.getToken();
              else {
                const tok = s.peekToken();
                this.error('while parsing a flow mapping', marks[marks.length - 1], `expected ',' or '}', but got ${TOKEN_NAMES[tok.t]}`, tok.start);
              }
            }
            if (this.check(T.Key)) {
              const tok = s.getToken();
              if (!this.check(T.Value, T.FlowEntry, T.FlowMappingEnd)) {
                states.push({ kind: 'fmapValue' });
                state = { kind: 'node', block: false, indentless: false };
              } else {
                this.attach(this.emptyScalar(tok.end));
                state = { kind: 'fmapValue' };
              }
              break;
            }
            if (!this.check(T.FlowMappingEnd)) {
              states.push({ kind: 'fmapEmptyValue' });
              state = { kind: 'node', block: false, indentless: false };
              break;
            }
          }
          const tok = s.getToken();
          marks.pop();
          endCollection(tok.end);
          state = pop();
          break;
        }
        case 'fmapValue': {
          if (this.check(T.Value)) {
            const tok = s.getToken();
            if (!this.check(T.FlowEntry, T.FlowMappingEnd)) {
              states.push({ kind: 'fmapKey', first: false });
              state = { kind: 'node', block: false, indentless: false };
            } else {
              this.attach(this.emptyScalar(tok.end));
              state = { kind: 'fmapKey', first: false };
            }
          } else {
            this.attach(this.emptyScalar(s.peekToken().start));
            state = { kind: 'fmapKey', first: false };
          }
          break;
        }
        case 'fmapEmptyValue': {
          this.attach(this.emptyScalar(s.peekToken().start));
          state = { kind: 'fmapKey', first: false };
          break;
        }
      }
    }
    void this.rootSet;
  }

  /** The `yaml` package starts an empty sequence entry after the spaces that follow its `-`. */
  private afterSpaces(at: number): number {
    while (this.text[at] === ' ') at++;
    return at;
  }

  /** Anchor and tag before a node (either order); the tag resolved through the document's handles. */
  private nodeProperties(): NodeProps {
    const s = this.scanner;
    let anchor: string | undefined;
    let tagTok: Token | undefined;
    let start: number | undefined;
    let end: number | undefined;
    if (this.check(T.Anchor)) {
      const tok = s.getToken();
      start = tok.start;
      end = tok.end;
      anchor = tok.value;
      if (this.check(T.Tag)) {
        tagTok = s.getToken();
        end = tagTok.end;
      }
    } else if (this.check(T.Tag)) {
      tagTok = s.getToken();
      start = tagTok.start;
      end = tagTok.end;
      if (this.check(T.Anchor)) {
        const tok = s.getToken();
        anchor = tok.value;
        end = tok.end;
      }
    }
    let tag: string | undefined;
    if (tagTok?.tag) {
      const [handle, suffix] = tagTok.tag;
      if (handle !== undefined) {
        if (!(handle in this.tagHandles)) this.error('while parsing a node', start, `found undefined tag handle ${JSON.stringify(handle)}`, tagTok.start);
        tag = this.tagHandles[handle] + suffix;
      } else tag = suffix;
    }
    if (start === undefined) start = s.peekToken().start;
    return { anchor, tag, start, end: end ?? start };
  }

  private register(node: YamlNode, props: NodeProps): void {
    if (props.tag !== undefined) node.tag = props.tag;
    if (props.anchor !== undefined) {
      const first = this.anchors.get(props.anchor);
      if (first) this.error(`found duplicate anchor ${JSON.stringify(props.anchor)}; first occurrence`, first.range?.[0], 'second occurrence', props.start);
      node.anchor = props.anchor;
      this.anchors.set(props.anchor, node);
    }
  }
}

const CORE_TAG = 'tag:yaml.org,2002:';

/** A scalar's value: plain untagged scalars by the YAML 1.2 core schema (as the `yaml` package types them), everything else a string. */
function scalarValue(tok: Token, tag: string | undefined): unknown {
  const s = tok.value ?? '';
  if (tag === undefined) return tok.plain ? resolvePlain(s) : s;
  if (tag === `${CORE_TAG}str`) return s;
  if (tag === `${CORE_TAG}null` || tag === `${CORE_TAG}bool` || tag === `${CORE_TAG}int` || tag === `${CORE_TAG}float`) return resolvePlain(s);
  return s;
}

export function resolvePlain(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}

/** Parses every document of `text` with PyYAML's grammar; stops at the first error. Never throws. */
export function parsePyYaml(text: string): PyYamlResult {
  // PyYAML's reader rejects NUL characters outright; here a NUL marks the end of the input for the
  // scanner, so it is read as another character of the same length (offsets stay the same).
  const parser = new Parser(text.includes('\0') ? text.replace(/\0/g, '\uFFFD') : text);
  try {
    parser.run();
    return { docs: parser.docs };
  } catch (err) {
    if (err instanceof YamlError) {
      const q = parser.scanner.multilineQuote;
      return { docs: parser.docs, error: { ...err.info, ...(q && q.end <= err.info.offset ? { multilineQuote: q } : {}) } };
    }
    return { docs: parser.docs, error: { problem: `internal error: ${String((err as Error)?.message ?? err)}`, offset: 0 } };
  }
}
