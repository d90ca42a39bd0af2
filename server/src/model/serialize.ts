import type { EditValue } from './edits';
import type { Path, PolicyDocument, Span, StringNode, UnknownNode, ValueNode } from './types';

/**
 * Serializes a policy's value tree to minified JSON, the way AWS measures policy size (IAM does
 * not count whitespace). Keys and values keep their source order and duplicates.
 *
 * Values the model does not know exactly are approximated and the result is flagged
 * `approximate`:
 * - a partially known string (`parts`) is rendered with its known text only (holes count 0);
 * - an unknown node with alternatives (`Fn::If`) is rendered as its longest alternative;
 * - an unknown node without alternatives is rendered as `""`.
 * Approximations therefore give a lower bound of the real size, so "exceeds the quota" findings
 * built on them are never caused by a guess.
 *
 * Pass `{ sourceMap: true }` to also record, for every key and value written, its path, its
 * offsets in the output and its span in the host text (the Access Analyzer mapping uses this to
 * turn a finding's location in the sent JSON back into a host range).
 *
 * Pass `{ substitute }` to replace the approximations above by placeholder values of the caller's
 * choosing (the Access Analyzer request needs a *valid* policy, not a lower bound); the output
 * offsets of every substituted text are then listed in `placeholders`.
 */

export interface SerializeOptions {
  /** Record a source map entry for every key and value written. */
  sourceMap?: boolean;
  /** Placeholders for unknown values instead of the size approximations (see Substitution). */
  substitute?: Substitution;
}

/**
 * How unknown values are written when a valid policy must be produced. Each callback returns text
 * that is written verbatim, so it must keep the JSON valid.
 */
export interface Substitution {
  /** JSON text for an unknown node (`"…"`, `{…}`, …); only called when `alternative` gives none. */
  unknown(node: UnknownNode): string;
  /** Raw string content (already JSON-escaped, no quotes) for the hole `parts[index]` of a partial string. */
  hole(node: StringNode, index: number, textBefore: string): string;
  /** The alternative of an unknown node to write instead of a placeholder (default: the first). */
  alternative?(node: UnknownNode): ValueNode | undefined;
}

/** Output range [start, end) of a substituted text and the path of the node it stands in. */
export interface PlaceholderRange {
  start: number;
  end: number;
  path: Path;
}

export interface SourceMapEntry {
  /** Path of the node from the policy root (`['Statement', 0, 'Action', 1]`). */
  path: Path;
  /** 'value' for a value, 'key' for a property key (its path is the property's path). */
  kind: 'value' | 'key';
  /** Offset range [start, end) in the serialized text (strings include their quotes). */
  start: number;
  end: number;
  /** The node's span in the host text (keySpan for keys). */
  span: Span;
}

export interface SerializedPolicy {
  text: string;
  /** True when a partial or unknown value was approximated (see module doc). */
  approximate: boolean;
  /** Present when requested; entries in output order. */
  sourceMap?: SourceMapEntry[];
  /** Present with `substitute`: where placeholders were written, in output order. */
  placeholders?: PlaceholderRange[];
}

const MAX_DEPTH = 64;
/** A number written as its source text when that is JSON; else as JavaScript prints its value. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Characters of `JSON.stringify(s)` (quotes included), counted without building it: `"` and `\\`
 * and the short control escapes take 2, other control characters and lone surrogates 6 (`\\u…`,
 * as Node's well-formed JSON.stringify writes them), everything else 1.
 */
export function jsonStringLength(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) n++;
    else if (c === 0x22 || c === 0x5c || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) n += 2;
    else if (c < 0x20) n += 6;
    else if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: two characters, written as they are
      i++;
    } else n += 6; // a lone surrogate
  }
  return n;
}

class Writer {
  readonly chunks: string[] = [];
  length = 0;
  approximate = false;
  readonly map?: SourceMapEntry[];
  readonly placeholders?: PlaceholderRange[];
  constructor(
    sourceMap: boolean,
    readonly substitute?: Substitution,
  ) {
    if (sourceMap) this.map = [];
    if (substitute) this.placeholders = [];
  }
  write(s: string): void {
    this.chunks.push(s);
    this.length += s.length;
  }
  /** A JSON string literal of `s`. */
  writeString(s: string): void {
    this.write(JSON.stringify(s));
  }
}

function writeValue(w: Writer, node: ValueNode, depth: number): void {
  const start = w.length;
  if (depth > MAX_DEPTH) {
    w.approximate = true;
    w.write('null');
  } else {
    switch (node.kind) {
      case 'string':
        if (node.parts && w.substitute) {
          writePartial(w, node, w.substitute);
        } else if (node.parts) {
          w.approximate = true;
          let known = '';
          for (const p of node.parts) if ('text' in p) known += p.text;
          w.writeString(known);
        } else {
          w.writeString(node.value);
        }
        break;
      case 'number':
        w.write(NUMBER_TEXT.test(node.raw) ? node.raw : String(node.value));
        break;
      case 'boolean':
        w.write(node.value ? 'true' : 'false');
        break;
      case 'null':
        w.write('null');
        break;
      case 'array':
        w.write('[');
        for (let i = 0; i < node.items.length; i++) {
          if (i > 0) w.write(',');
          writeValue(w, node.items[i], depth + 1);
        }
        w.write(']');
        break;
      case 'object':
        w.write('{');
        for (let i = 0; i < node.properties.length; i++) {
          const p = node.properties[i];
          if (i > 0) w.write(',');
          const ks = w.length;
          w.writeString(p.key);
          w.map?.push({ path: p.path, kind: 'key', start: ks, end: w.length, span: p.keySpan });
          w.write(':');
          writeValue(w, p.value, depth + 1);
        }
        w.write('}');
        break;
      case 'unknown': {
        w.approximate = true;
        const alts = node.alternatives ?? [];
        if (w.substitute) {
          const alt = w.substitute.alternative ? w.substitute.alternative(node) : alts[0];
          if (alt) {
            writeValue(w, alt, depth + 1);
          } else {
            const ps = w.length;
            w.write(w.substitute.unknown(node));
            w.placeholders!.push({ start: ps, end: w.length, path: node.path });
          }
        } else if (alts.length === 0) {
          w.write('""');
        } else {
          // The longest alternative: measure each without a source map, then write the longest.
          let best = alts[0];
          let bestLen = -1;
          for (const alt of alts) {
            const len = sizeOf(alt, depth + 1, { approximate: false });
            if (len > bestLen) {
              bestLen = len;
              best = alt;
            }
          }
          writeValue(w, best, depth + 1);
        }
        break;
      }
    }
  }
  w.map?.push({ path: node.path, kind: 'value', start, end: w.length, span: node.span });
}

/** A partial string with each hole replaced by the substitution's text (placeholder ranges recorded). */
function writePartial(w: Writer, node: StringNode, sub: Substitution): void {
  w.approximate = true;
  w.write('"');
  let before = '';
  node.parts!.forEach((p, i) => {
    if ('text' in p) {
      const escaped = JSON.stringify(p.text).slice(1, -1);
      before += p.text;
      w.write(escaped);
    } else {
      const ps = w.length;
      const text = sub.hole(node, i, before);
      before += text;
      w.write(text);
      w.placeholders!.push({ start: ps, end: w.length, path: node.path });
    }
  });
  w.write('"');
}

/** The approximation flag of one size measurement (one object per policySize call). */
interface SizeState {
  approximate: boolean;
}

/**
 * Characters `writeValue` writes for `node` without a substitution, counted without writing them
 * (policySize, the size checks on every policy): no writer, no chunk, no escaped string. Must stay
 * in step with writeValue (test/cliSpeedH4.test.ts compares the two on every fixture policy).
 */
function sizeOf(node: ValueNode, depth: number, st: SizeState): number {
  if (depth > MAX_DEPTH) {
    st.approximate = true;
    return 4; // null
  }
  switch (node.kind) {
    case 'string': {
      if (!node.parts) return jsonStringLength(node.value);
      st.approximate = true;
      let known = '';
      for (const p of node.parts) if ('text' in p) known += p.text;
      return jsonStringLength(known);
    }
    case 'number':
      return NUMBER_TEXT.test(node.raw) ? node.raw.length : String(node.value).length;
    case 'boolean':
      return node.value ? 4 : 5;
    case 'null':
      return 4;
    case 'array': {
      const items = node.items;
      let n = items.length > 0 ? items.length + 1 : 2; // brackets and commas
      for (let i = 0; i < items.length; i++) n += sizeOf(items[i], depth + 1, st);
      return n;
    }
    case 'object': {
      const props = node.properties;
      let n = props.length > 0 ? 2 * props.length + 1 : 2; // braces, colons and commas
      for (let i = 0; i < props.length; i++) n += jsonStringLength(props[i].key) + sizeOf(props[i].value, depth + 1, st);
      return n;
    }
    case 'unknown': {
      st.approximate = true;
      const alts = node.alternatives;
      if (!alts || alts.length === 0) return 2; // ""
      // The longest alternative, as writeValue writes it.
      let best = -1;
      for (const alt of alts) {
        const len = sizeOf(alt, depth + 1, st);
        if (len > best) best = len;
      }
      return best;
    }
  }
}

/** Minified JSON of a value tree (a policy root or any node inside it). */
export function serializeValue(node: ValueNode, options: SerializeOptions = {}): SerializedPolicy {
  const w = new Writer(!!options.sourceMap, options.substitute);
  writeValue(w, node, 0);
  return {
    text: w.chunks.join(''),
    approximate: w.approximate,
    ...(w.map ? { sourceMap: w.map } : {}),
    ...(w.placeholders ? { placeholders: w.placeholders } : {}),
  };
}

/** Minified JSON of a policy document. */
export function serializePolicy(policy: PolicyDocument, options: SerializeOptions = {}): SerializedPolicy {
  return serializeValue(policy.root, options);
}

export interface PolicySize {
  /** Characters of the minified JSON (a lower bound when approximate). */
  size: number;
  approximate: boolean;
}

/** The size AWS counts for a policy: characters of its JSON without whitespace. */
export function policySize(policy: PolicyDocument | ValueNode): PolicySize {
  const root = 'root' in policy ? policy.root : policy;
  const st: SizeState = { approximate: false };
  const size = sizeOf(root, 0, st);
  return { size, approximate: st.approximate };
}

/** Characters a single node takes in the minified JSON (for "the fix changes the size by N"). */
export function nodeSize(node: ValueNode): PolicySize {
  return policySize(node);
}

/**
 * Characters an edit value (see edits.ts) takes in minified JSON. Snippets are measured with their
 * placeholders reduced to the default text (`${1:bucket}` → `bucket`).
 */
export function editValueSize(value: EditValue): number {
  return JSON.stringify(toPlain(value, 0)).length;
}

function toPlain(value: EditValue, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if ('$snippet' in value && typeof value.$snippet === 'string') return snippetText(value.$snippet);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v as EditValue, depth + 1);
  return out;
}

/** `${1:default}` → `default`, `$1`/`${1}` → '', `\\$` → `$`. Linear scan, no regex over user text. */
function snippetText(s: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
    } else if (c === '$' && s[i + 1] === '{') {
      let j = i + 2;
      while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
      if (j > i + 2 && (s[j] === ':' || s[j] === '}')) {
        if (s[j] === ':') open++;
        i = j;
        continue;
      }
      out += c;
    } else if (c === '$' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      while (i + 1 < s.length && s[i + 1] >= '0' && s[i + 1] <= '9') i++;
    } else if (c === '}' && open > 0) {
      open--;
    } else {
      out += c;
    }
  }
  return out;
}
