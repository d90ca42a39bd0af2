import type { ParseProblem, Span, StringNode, ValueNode } from '../../model';
import { parseJson } from '../json/jsonTree';

/**
 * A policy written as a JSON *string* inside a template (`AWS::Logs::ResourcePolicy.PolicyDocument`,
 * a YAML block scalar, a JSON-escaped string in a JSON template). The decoded string is parsed as
 * JSON and every span is mapped back into the host text, so diagnostics land on the exact characters
 * of the template even through quotes, escapes, indentation and line folding.
 */

/** Marks a `Fn::Join` item computed at deploy time inside the joined text (private-use characters, valid in JSON strings). */
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/', "'": "'", ' ': ' ', '0': '\0' };

/**
 * Host offset of every character of a decoded string (plus one past the end), aligning the decoded
 * text with its source: escapes, doubled quotes, indentation and folded line breaks are skipped.
 */
export function alignOffsets(hostText: string, span: Span, value: string): number[] {
  const base = span.offset;
  const source = hostText.slice(span.offset, span.offset + span.length);
  const map = new Array<number>(value.length + 1);
  let p = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let q = p;
    let width = 1;
    let found = false;
    const limit = Math.min(source.length, p + 256);
    while (q < limit) {
      const s = source[q];
      if (s === '\\' && q + 1 < source.length) {
        const e = source[q + 1];
        if (ESCAPES[e] === c) {
          width = 2;
          found = true;
          break;
        }
        if (e === 'u' && String.fromCharCode(parseInt(source.slice(q + 2, q + 6), 16)) === c) {
          width = 6;
          found = true;
          break;
        }
      }
      if (s === c) {
        found = true;
        break;
      }
      // A decoded space or newline may stand for a folded line break: skip layout freely, but do not
      // jump over other text looking for a separator.
      if ((c === ' ' || c === '\n') && s !== ' ' && s !== '\t' && s !== '\n' && s !== '\r') break;
      q++;
    }
    if (found) {
      map[i] = base + q;
      p = q + width;
    } else {
      map[i] = base + Math.min(p, source.length);
    }
  }
  map[value.length] = value.length ? Math.max(map[value.length - 1] + 1, base + Math.min(p, source.length)) : base + Math.min(p, source.length);
  return map;
}

export interface EmbeddedPolicy {
  root: ValueNode | undefined;
  problems: ParseProblem[];
  /** Every node of the embedded tree (for the edit renderer to treat them with care). */
  nodes: ValueNode[];
}

/**
 * Parses the JSON text of a string node and maps the result into host offsets. `sub` converts
 * string values containing `${…}` into partial strings (for a `Fn::Sub` template).
 */
export function parseEmbeddedJson(hostText: string, source: StringNode, decoded: string, sub?: (value: string) => StringNode['parts'], offsets?: number[]): EmbeddedPolicy {
  const map =
    offsets ??
    (source.valueSpan ? Array.from({ length: decoded.length + 1 }, (_, i) => source.valueSpan!.offset + i) : alignOffsets(hostText, source.span, decoded));
  const toHost = (s: Span): Span => {
    const start = map[Math.max(0, Math.min(s.offset, decoded.length))];
    const endIdx = Math.max(0, Math.min(s.offset + s.length, decoded.length));
    const end = s.length > 0 ? map[endIdx - 1] + (map[endIdx] > map[endIdx - 1] ? map[endIdx] - map[endIdx - 1] : 1) : start;
    return { offset: start, length: Math.max(0, end - start) };
  };
  const { root: tree, problems } = parseJson(decoded);
  const mapped: ParseProblem[] = problems.map((p) => ({ ...p, message: p.message.replace(/^JSON syntax error:/, 'JSON syntax error in the embedded policy:'), span: toHost(p.span) }));
  if (!tree) return { root: undefined, problems: mapped, nodes: [] };
  const nodes: ValueNode[] = [];
  const fix = (n: ValueNode): void => {
    nodes.push(n);
    n.span = toHost(n.span);
    if (n.kind === 'string') {
      if (n.valueSpan) {
        const vs = toHost(n.valueSpan);
        n.valueSpan = vs.length === n.value.length && hostText.slice(vs.offset, vs.offset + vs.length) === n.value ? vs : undefined;
        if (!n.valueSpan) delete n.valueSpan;
      }
      if (sub && (n.value.includes('${') || n.value.includes(HOLE_OPEN))) {
        const parts = sub(n.value);
        if (parts && parts.some((x) => 'hole' in x)) {
          n.parts = parts;
          n.value = parts.map((x) => ('text' in x ? x.text : '${?}')).join('');
          delete n.valueSpan;
        } else if (parts) {
          const v = parts.map((x) => ('text' in x ? x.text : '')).join('');
          if (v !== n.value) delete n.valueSpan;
          n.value = v;
        }
      }
    } else if (n.kind === 'object') {
      for (const p of n.properties) {
        p.keySpan = toHost(p.keySpan);
        p.span = toHost(p.span);
        fix(p.value);
      }
    } else if (n.kind === 'array') {
      n.items.forEach(fix);
    }
  };
  fix(tree);
  return { root: tree, problems: mapped, nodes };
}

export interface JoinedText {
  /** The joined text with a marker for each computed item. */
  text: string;
  /** Host offset of every character of `text` (plus one past the end). */
  offsets: number[];
  /** Splits a decoded JSON string value into known text and holes (labels of the computed items). */
  parts: (value: string) => StringNode['parts'];
}

/**
 * The text of a `Fn::Join` whose items are literal strings and computed values (`!Ref`, `!GetAtt`, …),
 * as one string with an offset map into the host: literal items map character by character (through
 * quotes and escapes), a computed item maps to its own span. Undefined when an item is neither.
 */
export function joinedText(hostText: string, delimiter: string, delimiterNode: ValueNode, items: ValueNode[], holeLabel: (item: ValueNode) => string | undefined): JoinedText | undefined {
  let text = '';
  const offsets: number[] = [];
  const labels: string[] = [];
  const literal = (node: ValueNode, value: string): void => {
    const map = node.kind === 'string' && node.valueSpan ? Array.from({ length: value.length }, (_, i) => node.valueSpan!.offset + i) : alignOffsets(hostText, node.span, value).slice(0, value.length);
    text += value;
    offsets.push(...map);
  };
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && delimiter) literal(delimiterNode, delimiter);
    const item = items[i];
    if (item.kind === 'string') {
      literal(item, item.value);
      continue;
    }
    const label = holeLabel(item);
    if (label === undefined) return undefined;
    const marker = HOLE_OPEN + labels.length + HOLE_CLOSE;
    labels.push(label);
    text += marker;
    for (let k = 0; k < marker.length; k++) offsets.push(item.span.offset + (k === marker.length - 1 ? Math.max(0, item.span.length - 1) : 0));
  }
  offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : delimiterNode.span.offset);
  const marker = new RegExp(`${HOLE_OPEN}(\\d+)${HOLE_CLOSE}`, 'g');
  const parts = (value: string): StringNode['parts'] => {
    if (!value.includes(HOLE_OPEN)) return undefined;
    const out: NonNullable<StringNode['parts']> = [];
    let last = 0;
    for (const m of value.matchAll(marker)) {
      if (m.index > last) out.push({ text: value.slice(last, m.index) });
      out.push({ hole: labels[Number(m[1])] ?? '?' });
      last = m.index + m[0].length;
    }
    if (last < value.length) out.push({ text: value.slice(last) });
    return out;
  };
  return { text, offsets, parts };
}
