import type { ArrayNode, ObjectNode, Path, PropertyNode, ValueNode } from '../../model';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DOT, LF, LOWER_E, MINUS, NINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SLASH, SPACE, TAB, UPPER_E, ZERO } from './jsonChars';

/**
 * The fast path of `parseJson` (jsonTree.ts): one pass over the text with `charCodeAt`, for
 * well-formed strict JSON only, building exactly the nodes, spans and paths the scanner-based
 * reader builds (test/jsonFastP1.test.ts compares them over every fixture, the AWS managed-policy
 * corpus and random mutations). No tokens, no per-token objects: a string without escapes is one
 * slice of the text. Iterative (one frame per open container, reused by depth).
 *
 * The moment anything is irregular — a syntax error, a comment, a trailing comma, whitespace other
 * than space/tab/CR/LF (a BOM, U+00A0 …), a control character or an invalid escape in a string, a
 * number not in JSON's grammar, nesting to the depth limit — it gives up (returns undefined) and
 * the scanner-based reader reads the text from the start, so error recovery, problems and the
 * limit handling are exactly what they were.
 */

/** One open container; its properties or items so far are `pending[base…]`. */
interface Frame {
  isObject: boolean;
  offset: number;
  path: Path;
  base: number;
  /** The pending property of an object: key, where its key token starts and ends, its path. */
  key: string;
  keyOffset: number;
  keyEnd: number;
  keyPath: Path;
}


/** The string read by `readString`, and where it ended (after the closing quote); -1 end: irregular. */
let strValue = '';
let strEnd = -1;
/** Whether the last string read had no escapes (its content is the text between the quotes). */
let strExact = false;

/**
 * For the text being read (reset by readWellFormedJson): the first `\\`, line feed, carriage
 * return and tab at or after a position the reader has passed (-1: not looked for yet; the text's
 * length: none), and whether the text holds any other control character. With them, a string
 * without escapes or control characters is found by two native searches instead of a loop.
 */
let nextBackslash = -1;
let nextLf = -1;
let nextCr = -1;
let nextTab = -1;
let otherControls = false;
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const OTHER_CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;

function resetScan(text: string): void {
  nextBackslash = nextLf = nextCr = nextTab = -1;
  otherControls = OTHER_CONTROLS.test(text);
}

/** The first `c` at or after `from` (the text's length when none). */
function nextOf(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from);
  return i < 0 ? text.length : i;
}

/**
 * The string whose opening quote is at `start`, JSON's escapes decoded as jsonc-parser's scanner
 * decodes them; sets strEnd to -1 for anything the scanner would report (a control character, a
 * line break, an invalid escape, no closing quote).
 */
function readString(text: string, start: number): void {
  if (!otherControls) {
    // The common case: the next quote closes the string, with no `\\` or control character before it.
    const close = text.indexOf('"', start + 1);
    if (close > start) {
      if (nextBackslash <= start) nextBackslash = nextOf(text, '\\', start);
      if (nextLf <= start) nextLf = nextOf(text, '\n', start);
      if (nextCr <= start) nextCr = nextOf(text, '\r', start);
      if (nextTab <= start) nextTab = nextOf(text, '\t', start);
      if (close < nextBackslash && close < nextLf && close < nextCr && close < nextTab) {
        strValue = text.slice(start + 1, close);
        strEnd = close + 1;
        strExact = true;
        return;
      }
    }
  }
  const len = text.length;
  let i = start + 1;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      strValue = text.slice(start + 1, i);
      strEnd = i + 1;
      strExact = true;
      return;
    }
    if (c === BACKSLASH || c < SPACE) break;
  }
  if (i >= len || text.charCodeAt(i) !== BACKSLASH) {
    strEnd = -1;
    return;
  }
  // Escapes: decoded piece by piece.
  let out = text.slice(start + 1, i);
  let from = i;
  for (;;) {
    if (i >= len) {
      strEnd = -1;
      return;
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      strValue = out + text.slice(from, i);
      strEnd = i + 1;
      strExact = false;
      return;
    }
    if (c < SPACE) {
      strEnd = -1;
      return;
    }
    if (c !== BACKSLASH) {
      i++;
      continue;
    }
    out += text.slice(from, i);
    const e = text.charCodeAt(i + 1);
    switch (e) {
      case QUOTE: out += '"'; break;
      case BACKSLASH: out += '\\'; break;
      case SLASH: out += '/'; break;
      case 98: out += '\b'; break;
      case 102: out += '\f'; break;
      case 110: out += '\n'; break;
      case 114: out += '\r'; break;
      case 116: out += '\t'; break;
      case 117: {
        let code = 0;
        for (let k = i + 2; k < i + 6; k++) {
          const h = k < len ? text.charCodeAt(k) : -1;
          if (h >= ZERO && h <= NINE) code = code * 16 + h - ZERO;
          else if (h >= 65 && h <= 70) code = code * 16 + h - 55;
          else if (h >= 97 && h <= 102) code = code * 16 + h - 87;
          else {
            strEnd = -1;
            return;
          }
        }
        out += String.fromCharCode(code);
        i += 4;
        break;
      }
      default:
        strEnd = -1;
        return;
    }
    i += 2;
    from = i;
  }
}

/** Where a JSON number starting at `start` ends, or -1 when it is not in JSON's grammar. */
function numberEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  if (c === MINUS) c = text.charCodeAt(++i);
  if (c === ZERO) {
    c = text.charCodeAt(++i);
  } else if (c > ZERO && c <= NINE) {
    do c = text.charCodeAt(++i);
    while (c >= ZERO && c <= NINE);
  } else {
    return -1;
  }
  if (c === DOT) {
    c = text.charCodeAt(++i);
    if (!(c >= ZERO && c <= NINE)) return -1;
    do c = text.charCodeAt(++i);
    while (c >= ZERO && c <= NINE);
  }
  if (c === UPPER_E || c === LOWER_E) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === MINUS) c = text.charCodeAt(++i);
    if (!(c >= ZERO && c <= NINE)) return -1;
    do c = text.charCodeAt(++i);
    while (c >= ZERO && c <= NINE);
  }
  return i;
}

/** Where the value `scalarNode` last read ended (reading it back from the node's span instead: +1 % instructions over the corpus). */
let scalarEnd = -1;

/**
 * A number, `true`, `false` or `null` starting at `i` (its first character `c`), or undefined when
 * none starts there or its token does not end where it should; sets `scalarEnd`. Apart from `read`
 * (policies hold strings, few of these): the reader's loop keeps its optimised code when the first
 * `false` or number of a run comes after the optimising compiler compiled it (a branch never taken
 * before has no type feedback, and reaching it threw the optimised code away: ~300 files in the
 * slower tier), and the smaller loop is optimised sooner.
 */
function scalarNode(text: string, i: number, c: number, path: Path): ValueNode | undefined {
  let end: number;
  let value: ValueNode;
  if (c === MINUS || (c >= ZERO && c <= NINE)) {
    end = numberEnd(text, i);
    if (end < 0) return undefined;
    const raw = text.slice(i, end);
    value = { kind: 'number', value: Number(raw), raw, span: { offset: i, length: end - i }, path };
  } else if (c === 116 && text.startsWith('true', i)) {
    end = i + 4;
    value = { kind: 'boolean', value: true, span: { offset: i, length: 4 }, path };
  } else if (c === 102 && text.startsWith('false', i)) {
    end = i + 5;
    value = { kind: 'boolean', value: false, span: { offset: i, length: 5 }, path };
  } else if (c === 110 && text.startsWith('null', i)) {
    end = i + 4;
    value = { kind: 'null', span: { offset: i, length: 4 }, path };
  } else {
    return undefined;
  }
  if (!endsToken(text.charCodeAt(end))) return undefined;
  scalarEnd = end;
  return value;
}

/** After a literal or number: the next character must end the token as the scanner sees it. */
function endsToken(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === LF || c === CR || c === TAB || Number.isNaN(c);
}

/**
 * Spaces, tabs and line breaks skipped outside strings since the text's reading began: a text the
 * reader read whole minifies to its length minus these (see `readWellFormedJson`).
 */
let blank = 0;

/** Runs of spaces by length, and the run that followed the last line feed skipped (a guess at the next line's indentation). */
const INDENTS: string[] = [];
for (let n = 0; n <= 64; n++) INDENTS.push(' '.repeat(n));
let indent = '';

/**
 * The first position at or after `i` that is not a space, tab or line break. A line feed followed
 * by the last line's indentation is passed by one native comparison instead of a character loop.
 */
function skipSpace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  // Nothing to skip (the common case): one comparison (each is a builtin call in baseline code).
  if (c > SPACE) return i;
  const from = i;
  let lf = -1;
  if (c === LF && text.startsWith(indent, i + 1)) {
    lf = i;
    i += indent.length + 1;
    c = text.charCodeAt(i);
  }
  while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
    if (c === LF) lf = i;
    c = text.charCodeAt(++i);
  }
  if (lf >= 0) indent = INDENTS[i - lf - 1] ?? '';
  blank += i - from;
  return i;
}

/**
 * A path one segment longer: a packed array made by spread, as the scanner-based reader makes it.
 * Two ways that build faster here made the whole warm corpus pass slower (measured; the cause, in
 * the later readers or in V8's allocation-site tracking, not pinned down): holey arrays
 * (`new Array(n)`, +90 ms) and array literals per length (`[path[0], path[1], seg]`, +100 ms).
 * So did `path.concat([seg])` (+120 ms, live heap +1.5 MB), although its arrays have their exact
 * length: a spread path keeps room for about 16 more segments, which made the corpus's trees, kept
 * in memory, 54 MB instead of 38 MB. Worth finding out where the later work depends on it.
 */
function extend(path: Path, seg: string | number): Path {
  return [...path, seg];
}

/**
 * The value tree of well-formed strict JSON, or undefined when the text is anything else (the
 * caller then reads it with the scanner-based reader). Null for a text with no value at all (only
 * spaces and line breaks). A container at depth `maxDepth` or deeper is left to that reader too.
 * After a tree, `blankRead()` tells the whitespace outside its strings.
 */
export function readWellFormedJson(text: string, maxDepth: number): ValueNode | null | undefined {
  count = 0;
  blank = 0;
  resetScan(text);
  const root = read(text, maxDepth);
  // No node of this text stays reachable from the shared list.
  pending.length = 0;
  return root;
}

/** The spaces, tabs and line breaks outside strings of the text `readWellFormedJson` last read whole. */
export function blankRead(): number {
  return blank;
}

function read(text: string, maxDepth: number): ValueNode | null | undefined {
  const len = text.length;
  let i = skipSpace(text, 0);
  if (i >= len) return null;
  const frames: Frame[] = [];
  let depth = -1;
  let top: Frame | undefined;
  for (;;) {
    // A value starts at i (not a space).
    const path: Path = depth < 0 ? [] : top!.isObject ? top!.keyPath : extend(top!.path, count - top!.base);
    let c = text.charCodeAt(i);
    let value: ValueNode;
    let end: number;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth + 1 >= maxDepth) return undefined;
      depth++;
      let f = frames[depth];
      const isObject = c === OPEN_BRACE;
      if (f === undefined) {
        f = { isObject, offset: i, path, base: count, key: '', keyOffset: 0, keyEnd: 0, keyPath: path };
        frames.push(f);
      } else {
        f.isObject = isObject;
        f.offset = i;
        f.path = path;
        f.base = count;
      }
      top = f;
      i = skipSpace(text, i + 1);
      c = text.charCodeAt(i);
      if (isObject) {
        if (c !== CLOSE_BRACE) {
          if (!readKey(text, i, f)) return undefined;
          i = skipSpace(text, strEnd);
          if (text.charCodeAt(i) !== COLON) return undefined;
          i = skipSpace(text, i + 1);
          continue;
        }
      } else if (c !== CLOSE_BRACKET) {
        continue;
      }
      // An empty container: closed below.
      end = i + 1;
      value = closeFrame(f, end);
      depth--;
      top = depth >= 0 ? frames[depth] : undefined;
    } else if (c === QUOTE) {
      readString(text, i);
      end = strEnd;
      if (end < 0) return undefined;
      // Spans made apart from the node (here and below): a literal nesting another is copied by
      // the runtime, a flat one by a builtin.
      const span = { offset: i, length: end - i };
      const valueSpan = strExact ? { offset: i + 1, length: end - i - 2 } : undefined;
      value = { kind: 'string', value: strValue, span, path, valueSpan };
    } else {
      const scalar = scalarNode(text, i, c, path);
      if (scalar === undefined) return undefined;
      value = scalar;
      end = scalarEnd;
    }
    // Hand the finished value (ending at `end`) to the open containers, closing those that end here.
    for (;;) {
      if (top === undefined) {
        // A text that ends at its value is not given to skipSpace: reading past the end there
        // (charCodeAt out of bounds) threw skipSpace's optimised code away early in a run.
        return end === len || skipSpace(text, end) === len ? value : undefined;
      }
      const f: Frame = top;
      if (f.isObject) {
        const keySpan = { offset: f.keyOffset, length: f.keyEnd - f.keyOffset };
        const span = { offset: f.keyOffset, length: end - f.keyOffset };
        pending[count++] = { key: f.key, keySpan, value, span, path: f.keyPath };
      } else {
        pending[count++] = value;
      }
      i = skipSpace(text, end);
      c = text.charCodeAt(i);
      if (c === COMMA) {
        i = skipSpace(text, i + 1);
        if (f.isObject) {
          if (!readKey(text, i, f)) return undefined;
          i = skipSpace(text, strEnd);
          if (text.charCodeAt(i) !== COLON) return undefined;
          i = skipSpace(text, i + 1);
        }
        break;
      }
      if (c !== (f.isObject ? CLOSE_BRACE : CLOSE_BRACKET)) return undefined;
      end = i + 1;
      value = closeFrame(f, end);
      depth--;
      top = depth >= 0 ? frames[depth] : undefined;
    }
  }
}

/**
 * Keys that policies repeat: read as these constants (internalized strings), so no string is made
 * for them and later lookups by key (`statementFrom`'s switch, `getProperty`) compare pointers.
 */
const COMMON_KEYS = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'AWS', 'Service', 'Federated', 'CanonicalUser'];
const KEYS_BY_LENGTH: string[][] = [];
for (const k of COMMON_KEYS) (KEYS_BY_LENGTH[k.length] ??= []).push(k);

/** Reads the key at `i` into the frame's pending property; false when no regular string starts there. */
function readKey(text: string, i: number, f: Frame): boolean {
  if (text.charCodeAt(i) !== QUOTE) return false;
  let key: string | undefined;
  // A short key without escapes that is one of the common ones: no slice.
  const candidates = KEYS_BY_LENGTH[text.indexOf('"', i + 1) - i - 1];
  if (candidates !== undefined) {
    for (let k = 0; k < candidates.length; k++) {
      if (text.startsWith(candidates[k], i + 1)) {
        key = candidates[k];
        strEnd = i + key.length + 2;
        break;
      }
    }
  }
  if (key === undefined) {
    readString(text, i);
    if (strEnd < 0) return false;
    key = strValue;
  }
  f.key = key;
  f.keyOffset = i;
  f.keyEnd = strEnd;
  f.keyPath = extend(f.path, key);
  return true;
}

/**
 * The properties or items of every open container, innermost last, in one array reused from text
 * to text (`count` entries are current): a container's list is copied out of it when the container
 * ends, so each list is allocated once at its exact length (pushing onto a fresh `[]` gave every
 * list, even of one item, room for 17).
 */
const pending: (PropertyNode | ValueNode)[] = [];
let count = 0;

function closeFrame(f: Frame, end: number): ObjectNode | ArrayNode {
  const span = { offset: f.offset, length: end - f.offset };
  const list = pending.slice(f.base, count);
  count = f.base;
  return f.isObject ? { kind: 'object', properties: list as PropertyNode[], span, path: f.path } : { kind: 'array', items: list as ValueNode[], span, path: f.path };
}
