import { createScanner, type JSONScanner } from 'jsonc-parser';
import { blankRead, readWellFormedJson } from './jsonFast';
import { scanTopLevelKeys } from './jsonTopKeys';
import { LIMITS, formatCount, limitProblem, type ParseProblem, type Path, type PropertyNode, type Span, type ValueNode } from '../../model';

/**
 * Strict JSON (no comments, no trailing commas, as IAM requires) read straight into the policy
 * model, without recursion: jsonc-parser's scanner gives the tokens and an explicit stack of open
 * containers replaces the call stack, so no nesting depth can overflow it (jsonc-parser's own
 * `parseTree`/`visit` recurse and overflow near 8,000 levels). Error recovery, error codes and the
 * spans of nodes are those of jsonc-parser's `parseTree` (tested against it).
 *
 * Bounded work (see model/limits.ts): values deeper than `maxDepth` become one `unknown` node (the
 * text below is still scanned for syntax errors), reading stops at `maxChars`; each limit reached
 * adds one information problem (`LIMIT_EXCEEDED`).
 *
 * `parseJson` first tries jsonFast.ts's one-pass reader, which reads only well-formed JSON within
 * the limits and builds the same model; for any other text `parseJsonTokens` below reads it.
 */

export interface JsonParse {
  root: ValueNode | undefined;
  problems: ParseProblem[];
  /**
   * When the one-pass reader (jsonFast.ts) read the text, so that it is strict JSON without a
   * problem: its spaces, tabs and line breaks outside strings. Undefined otherwise.
   */
  blank?: number;
}

export interface JsonParseOptions {
  /** Stop reading at this offset (default LIMITS.maxDocumentChars). */
  maxChars?: number;
  /** Deepest value built (root = 0; default LIMITS.maxDepth). */
  maxDepth?: number;
}

const ERROR_TEXT: Record<number, string> = {
  1: 'Invalid symbol',
  2: 'Invalid number format',
  3: 'Property name expected',
  4: 'Value expected',
  5: 'Colon expected',
  6: 'Comma expected',
  7: 'Closing brace expected',
  8: 'Closing bracket expected',
  9: 'End of file expected',
  10: 'Comments are not allowed in IAM policies',
  11: 'Unexpected end of comment',
  12: 'Unexpected end of string',
  13: 'Unexpected end of number',
  14: 'Invalid unicode escape',
  15: 'Invalid escape character',
  16: 'Invalid character',
};

// jsonc-parser's SyntaxKind (a const enum, spelled out for isolated compilation).
const T_OPEN_BRACE = 1;
const T_CLOSE_BRACE = 2;
const T_OPEN_BRACKET = 3;
const T_CLOSE_BRACKET = 4;
const T_COMMA = 5;
const T_COLON = 6;
const T_NULL = 7;
const T_TRUE = 8;
const T_FALSE = 9;
const T_STRING = 10;
const T_NUMBER = 11;
const T_LINE_COMMENT = 12;
const T_BLOCK_COMMENT = 13;
const T_LINE_BREAK = 14;
const T_TRIVIA = 15;
const T_UNKNOWN = 16;
const T_EOF = 17;

// jsonc-parser's ParseErrorCode, by the scanner's ScanError (1 … 6).
const SCAN_ERROR: Record<number, number> = { 1: 11, 2: 12, 3: 13, 4: 14, 5: 15, 6: 16 };
const E_INVALID_SYMBOL = 1;
const E_INVALID_NUMBER = 2;
const E_PROPERTY_NAME_EXPECTED = 3;
const E_VALUE_EXPECTED = 4;
const E_COLON_EXPECTED = 5;
const E_COMMA_EXPECTED = 6;
const E_CLOSE_BRACE_EXPECTED = 7;
const E_CLOSE_BRACKET_EXPECTED = 8;
const E_EOF_EXPECTED = 9;
const E_COMMENT = 10;

/** A property whose key was read; its value is pending. */
interface PendingProperty {
  key: string;
  keySpan: Span;
  path: Path;
  value?: ValueNode;
  /** Where the property ends once complete (its value's end, or where jsonc-parser closes it). */
  end?: number;
}

interface Frame {
  kind: 'object' | 'array';
  offset: number;
  path: Path;
  depth: number;
  /** False beyond the depth limit: the grammar is followed, nothing is built. */
  build: boolean;
  needsComma: boolean;
  /** A nested container value just finished: resume the loop after a value. */
  afterValue: boolean;
  properties: PropertyNode[];
  items: ValueNode[];
  pending?: PendingProperty;
}

class StopReading extends Error {}

/**
 * Strict JSON parsed into the policy model; never throws. Well-formed JSON within the limits is
 * read by the one-pass reader of jsonFast.ts; anything else by `parseJsonTokens` (the same model).
 */
export function parseJson(text: string, options: JsonParseOptions = {}): JsonParse {
  const maxChars = options.maxChars ?? LIMITS.maxDocumentChars;
  if (text.length <= maxChars) {
    const root = readWellFormedJson(text, options.maxDepth ?? LIMITS.maxDepth);
    if (root !== undefined) return { root: root ?? undefined, problems: [], blank: blankRead() };
  }
  return parseJsonTokens(text, options);
}

/**
 * The reader for any text: jsonc-parser's scanner, its error recovery and problems, the limits.
 * `parseJson` uses it when the fast reader gives up; tests use it as the fast reader's oracle.
 */
export function parseJsonTokens(text: string, options: JsonParseOptions = {}): JsonParse {
  const maxChars = options.maxChars ?? LIMITS.maxDocumentChars;
  const maxDepth = options.maxDepth ?? LIMITS.maxDepth;
  const scanner: JSONScanner = createScanner(text, false);
  const errors: { error: number; offset: number; length: number }[] = [];
  const limits: ParseProblem[] = [];
  const stack: Frame[] = [];
  let result: ValueNode | undefined;
  let deepReported = false;
  let stoppedAt = -1;

  const error = (code: number): void => {
    errors.push({ error: code, offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
  };

  const scanNext = (): number => {
    for (;;) {
      const token = scanner.scan();
      if (scanner.getTokenOffset() >= maxChars && token !== T_EOF) {
        stoppedAt = scanner.getTokenOffset();
        throw new StopReading();
      }
      const scanError = SCAN_ERROR[scanner.getTokenError()];
      // An unterminated block comment is reported as a comment below (comments are not allowed).
      if (scanError && scanError !== 11) error(scanError);
      switch (token) {
        case T_LINE_COMMENT:
        case T_BLOCK_COMMENT:
          error(E_COMMENT);
          break;
        case T_UNKNOWN:
          error(E_INVALID_SYMBOL);
          break;
        case T_TRIVIA:
        case T_LINE_BREAK:
          break;
        default:
          return token;
      }
    }
  };

  /** jsonc-parser's handleError: report, then skip to one of the given tokens (or past one). */
  const handleError = (code: number, skipUntilAfter: number[], skipUntil: number[]): void => {
    error(code);
    if (skipUntilAfter.length + skipUntil.length === 0) return;
    let token = scanner.getToken();
    while (token !== T_EOF) {
      if (skipUntilAfter.includes(token)) {
        scanNext();
        break;
      }
      if (skipUntil.includes(token)) break;
      token = scanNext();
    }
  };

  const tooDeep = (offset: number, length: number, path: Path): ValueNode => {
    if (!deepReported) {
      deepReported = true;
      limits.push(
        limitProblem(`This value is nested more than ${maxDepth} levels deep; what is inside it is not checked (the rest of the document is).`, {
          offset,
          length: Math.min(1, length),
        }),
      );
    }
    return { kind: 'unknown', label: 'too deeply nested', span: { offset, length }, path };
  };

  /** Hands a finished value to the open container (or makes it the result). */
  const deliver = (value: ValueNode | undefined, end: number): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      result ??= value;
      return;
    }
    if (!parent.build) return;
    if (parent.kind === 'array') {
      if (value) parent.items.push(value);
    } else if (parent.pending) {
      parent.pending.value = value;
      parent.pending.end = end;
    }
  };

  const childPath = (): { path: Path; depth: number; build: boolean } => {
    const parent = stack[stack.length - 1];
    if (!parent) return { path: [], depth: 0, build: true };
    const depth = parent.depth + 1;
    if (!parent.build) return { path: parent.path, depth, build: false };
    // A property's value has its property's path (paths are never mutated): one array, not two.
    if (parent.kind === 'object' && parent.pending) return { path: parent.pending.path, depth, build: depth <= maxDepth };
    const seg = parent.kind === 'array' ? parent.items.length : (parent.pending?.key ?? '');
    return { path: [...parent.path, seg], depth, build: depth <= maxDepth };
  };

  /** Closes the pending property of an object frame at `end` (jsonc-parser's ensurePropertyComplete). */
  const completeProperty = (f: Frame, end: number): void => {
    const p = f.pending;
    if (!p) return;
    f.pending = undefined;
    if (!f.build) return;
    // jsonc-parser's scanner can end an unterminated string past the text (CRLF): spans stay inside it.
    const close = Math.min(p.end ?? end, text.length);
    // A property missing its value (while typing) gets an empty null value right after the key.
    const value: ValueNode = p.value ?? { kind: 'null', span: { offset: p.keySpan.offset + p.keySpan.length, length: 0 }, path: p.path };
    f.properties.push({ key: p.key, keySpan: p.keySpan, value, span: { offset: p.keySpan.offset, length: close - p.keySpan.offset }, path: p.path });
  };

  const finishContainer = (f: Frame, end: number): ValueNode => {
    const span = { offset: f.offset, length: Math.min(end, text.length) - f.offset };
    if (f.kind === 'object') return { kind: 'object', properties: f.properties, span, path: f.path };
    return { kind: 'array', items: f.items, span, path: f.path };
  };

  /** parseValue: a literal is delivered at once; a container pushes a frame. False when no value starts here. */
  const startValue = (): 'pushed' | boolean => {
    const token = scanner.getToken();
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (token === T_OPEN_BRACE || token === T_OPEN_BRACKET) {
      const { path, depth, build } = childPath();
      // Beyond the depth limit the grammar is still followed; the first such container becomes one unknown node when it ends.
      stack.push({ kind: token === T_OPEN_BRACE ? 'object' : 'array', offset, path, depth, build, needsComma: false, afterValue: false, properties: [], items: [] });
      scanNext();
      return 'pushed';
    }
    let value: ValueNode | undefined;
    const { path, build } = childPath();
    switch (token) {
      case T_STRING: {
        if (build) {
          const v = scanner.getTokenValue();
          // The value is the text between the quotes exactly (no escapes): compared in place, no slice.
          const exact = v.length === Math.max(0, length - 2) && text.startsWith(v, offset + 1) && text[offset] === '"' && text[offset + length - 1] === '"';
          value = { kind: 'string', value: v, span: { offset, length }, path, valueSpan: exact ? { offset: offset + 1, length: v.length } : undefined };
        }
        break;
      }
      case T_NUMBER: {
        let n = Number(scanner.getTokenValue());
        if (isNaN(n)) {
          handleError(E_INVALID_NUMBER, [], []);
          n = 0;
        }
        if (build) value = { kind: 'number', value: n, raw: text.slice(offset, offset + length), span: { offset, length }, path };
        break;
      }
      case T_NULL:
        if (build) value = { kind: 'null', span: { offset, length }, path };
        break;
      case T_TRUE:
      case T_FALSE:
        if (build) value = { kind: 'boolean', value: token === T_TRUE, span: { offset, length }, path };
        break;
      default:
        return false;
    }
    const parent = stack[stack.length - 1];
    if (!build && (!parent || parent.build)) value = tooDeep(offset, length, path);
    deliver(value, offset + length);
    scanNext();
    return true;
  };

  /** Ends the innermost container at the current token (its closing bracket, or end of file). */
  const endContainer = (f: Frame, closing: number, missing: number): void => {
    const end = scanner.getTokenOffset() + scanner.getTokenLength();
    if (f.kind === 'object') completeProperty(f, end);
    stack.pop();
    const parent = stack[stack.length - 1];
    let value: ValueNode | undefined;
    if (f.build) value = finishContainer(f, end);
    else if (!parent || parent.build) value = tooDeep(f.offset, end - f.offset, f.path);
    deliver(value, end);
    if (parent) parent.afterValue = true;
    if (scanner.getToken() !== closing) handleError(missing, [closing], []);
    else scanNext();
  };

  /** One run of parseObject's loop, until a nested container starts or the object ends. */
  const stepObject = (f: Frame): void => {
    for (;;) {
      if (f.afterValue) {
        f.afterValue = false;
        completeProperty(f, scanner.getTokenOffset());
        f.needsComma = true;
      }
      let token = scanner.getToken();
      if (token === T_CLOSE_BRACE || token === T_EOF) return endContainer(f, T_CLOSE_BRACE, E_CLOSE_BRACE_EXPECTED);
      if (token === T_COMMA) {
        if (!f.needsComma) handleError(E_VALUE_EXPECTED, [], []);
        completeProperty(f, scanner.getTokenOffset());
        scanNext();
      } else if (f.needsComma) {
        handleError(E_COMMA_EXPECTED, [], []);
      }
      token = scanner.getToken();
      if (token !== T_STRING) {
        handleError(E_PROPERTY_NAME_EXPECTED, [], [T_CLOSE_BRACE, T_COMMA]);
        handleError(E_VALUE_EXPECTED, [], [T_CLOSE_BRACE, T_COMMA]);
        f.needsComma = true;
        continue;
      }
      const keyOffset = scanner.getTokenOffset();
      const keyLength = scanner.getTokenLength();
      const key = scanner.getTokenValue();
      f.pending = { key, keySpan: { offset: keyOffset, length: keyLength }, path: f.build ? [...f.path, key] : f.path };
      scanNext();
      if (scanner.getToken() === T_COLON) {
        scanNext();
        const r = startValue();
        if (r === 'pushed') return; // resumes with afterValue once the nested container ends
        if (!r) handleError(E_VALUE_EXPECTED, [], [T_CLOSE_BRACE, T_COMMA]);
      } else {
        handleError(E_COLON_EXPECTED, [], [T_CLOSE_BRACE, T_COMMA]);
      }
      // A literal value completed the property; a missing one leaves it open until ',' or '}'.
      if (f.pending?.value) completeProperty(f, f.pending.end!);
      f.needsComma = true;
    }
  };

  /** One run of parseArray's loop. */
  const stepArray = (f: Frame): void => {
    for (;;) {
      if (f.afterValue) {
        f.afterValue = false;
        f.needsComma = true;
      }
      const token = scanner.getToken();
      if (token === T_CLOSE_BRACKET || token === T_EOF) return endContainer(f, T_CLOSE_BRACKET, E_CLOSE_BRACKET_EXPECTED);
      if (token === T_COMMA) {
        if (!f.needsComma) handleError(E_VALUE_EXPECTED, [], []);
        scanNext();
      } else if (f.needsComma) {
        handleError(E_COMMA_EXPECTED, [], []);
      }
      const r = startValue();
      if (r === 'pushed') return;
      if (!r) handleError(E_VALUE_EXPECTED, [], [T_CLOSE_BRACKET, T_COMMA]);
      f.needsComma = true;
    }
  };

  try {
    scanNext();
    if (scanner.getToken() !== T_EOF) {
      const r = startValue();
      if (!r) {
        handleError(E_VALUE_EXPECTED, [], []);
      } else {
        while (stack.length) {
          const f = stack[stack.length - 1];
          if (f.kind === 'object') stepObject(f);
          else stepArray(f);
        }
        if (scanner.getToken() !== T_EOF) handleError(E_EOF_EXPECTED, [], []);
      }
    }
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    result = closeAtLimit(stack, stoppedAt, result);
    limits.push(
      limitProblem(`This document has ${formatCount(text.length)} characters; only the first ${formatCount(maxChars)} were read and checked.`, {
        offset: stoppedAt,
        length: 0,
      }),
    );
  }

  // jsonc-parser may report several errors at one offset; the first one is the useful one.
  const seen = new Set<number>();
  const problems: ParseProblem[] = [];
  let more = 0;
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (seen.has(e.offset)) continue;
    seen.add(e.offset);
    // A mangled file can have an error every few characters: the first ones are reported (LIMITS.maxSyntaxErrors).
    if (problems.length >= LIMITS.maxSyntaxErrors) {
      more++;
      continue;
    }
    problems.push({
      code: 'JSON_SYNTAX_ERROR',
      message: `JSON syntax error: ${ERROR_TEXT[e.error] ?? 'Invalid symbol'}.`,
      span: { offset: Math.min(e.offset, text.length), length: Math.max(0, Math.min(e.length, text.length - e.offset)) },
      severity: 'error',
    });
  }
  if (more > 0) {
    const last = problems[problems.length - 1].span;
    limits.unshift(limitProblem(`${formatCount(more)} more JSON syntax errors after these ${formatCount(LIMITS.maxSyntaxErrors)} are not reported.`, { offset: last.offset + last.length, length: 0 }));
  }
  problems.push(...limits);
  return { root: result, problems };
}

/**
 * Reading stopped inside open containers: keep what was read completely. The root and arrays that
 * already hold items are kept (with those items); an unfinished object below the root (a statement
 * cut in half) becomes an `unknown` node, so no check reports elements it simply did not read.
 */
function closeAtLimit(stack: Frame[], end: number, result: ValueNode | undefined): ValueNode | undefined {
  let carried: ValueNode | undefined;
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i];
    if (!f.build) {
      carried = undefined;
      const parent = stack[i - 1];
      if (!parent || parent.build) carried = { kind: 'unknown', label: 'too deeply nested', span: { offset: f.offset, length: end - f.offset }, path: f.path };
      continue;
    }
    if (carried) {
      if (f.kind === 'array') f.items.push(carried);
      else if (f.pending) f.pending.value = carried;
    }
    // A map of entries (every finished value an object: a template's Resources, Parameters …) keeps
    // its finished entries; another unfinished object (a statement read in part) is not read at all.
    const entries = f.kind === 'object' && f.properties.length > 0 && f.properties.every((p) => p.value.kind === 'object');
    if (f.kind === 'object' && f.pending) {
      const p = f.pending;
      f.pending = undefined;
      if (p.value) f.properties.push({ key: p.key, keySpan: p.keySpan, value: p.value, span: { offset: p.keySpan.offset, length: end - p.keySpan.offset }, path: p.path });
    }
    const span = { offset: f.offset, length: end - f.offset };
    if (i === 0 || (f.kind === 'array' && f.items.length > 0) || entries) {
      carried = f.kind === 'object' ? { kind: 'object', properties: f.properties, span, path: f.path } : { kind: 'array', items: f.items, span, path: f.path };
    } else {
      carried = { kind: 'unknown', label: 'not read (beyond the size limit)', span, path: f.path };
    }
  }
  return stack.length ? carried : result;
}

const TOP_KEYS_CACHE: { text?: string; keys?: Set<string> | undefined } = {};

/**
 * The keys of the top-level object, read with the scanner only (no tree, no recursion, constant
 * memory): undefined when the document is not an object. Cheap enough to decide, before any
 * parse, that a large JSON file holds no policy or template. The last answer is remembered, since
 * the adapters ask in turn about the same text.
 */
export function topLevelKeys(text: string): Set<string> | undefined {
  if (TOP_KEYS_CACHE.text === text) return TOP_KEYS_CACHE.keys;
  const keys = scanTopLevelKeys(text) ?? topLevelKeysTokens(text);
  TOP_KEYS_CACHE.text = text;
  TOP_KEYS_CACHE.keys = keys;
  return keys;
}

/** `topLevelKeys` by jsonc-parser's scanner, for any text (jsonFast.ts's scan declines some); tests use it as the oracle. */
export function topLevelKeysTokens(text: string): Set<string> | undefined {
  const scanner = createScanner(text, true);
  let token = scanner.scan();
  let keys: Set<string> | undefined;
  if (token === T_OPEN_BRACE) {
    keys = new Set();
    let depth = 1;
    let expectKey = true;
    while (depth > 0 && (token = scanner.scan()) !== T_EOF) {
      if (token === T_OPEN_BRACE || token === T_OPEN_BRACKET) depth++;
      else if (token === T_CLOSE_BRACE || token === T_CLOSE_BRACKET) depth--;
      else if (depth === 1 && token === T_COMMA) expectKey = true;
      else if (depth === 1 && expectKey && token === T_STRING) {
        keys.add(scanner.getTokenValue());
        expectKey = false;
      }
    }
  }
  return keys;
}

/**
 * Whether a document may be worth a full parse: true for a small one (parsed anyway, so completion
 * in a file still being written works); for a large one, whether its top-level object has one of
 * `keys`. Callers first test a regular expression for the key, which is cheaper still.
 */
export function mayHaveTopLevelKey(text: string, keys: readonly string[]): boolean {
  if (text.length <= LIMITS.precheckAboveChars) return true;
  // A policy's or template's key usually comes first: the scan stops there (the whole set is not needed).
  if (TOP_KEYS_CACHE.text !== text) {
    const some = scanTopLevelKeys(text, keys);
    if (some !== null) {
      if (keys.some((k) => some.has(k))) return true;
      // Not stopped: the whole scan, all the keys.
      TOP_KEYS_CACHE.text = text;
      TOP_KEYS_CACHE.keys = some;
      return false;
    }
  }
  const top = topLevelKeys(text);
  return !!top && keys.some((k) => top.has(k));
}
