import { LIMITS } from './limits';
import type { ObjectNode, Path, PropertyNode, Span, StringNode, ValueNode } from './types';

/** The exact string value, or undefined when the node is not a fully known string. */
export function knownString(node: ValueNode | undefined): string | undefined {
  return node && node.kind === 'string' && !node.parts ? node.value : undefined;
}

/**
 * The leaf values of an element that may be a single value or an array, with `Fn::If`-style
 * alternatives expanded. Arrays nested inside arrays are flattened one level (hosts produce them
 * from e.g. `Fn::Split`). At most LIMITS.maxItemsPerElement values (see limits.ts).
 */
export function elementValues(node: ValueNode | undefined): ValueNode[] {
  // The usual shapes (one value, a flat list) without the recursive walk and its closure.
  if (!node) return [];
  if (node.kind !== 'array' && !(node.kind === 'unknown' && node.alternatives)) return [node];
  if (node.kind === 'array' && isFlat(node.items)) return node.items.slice();
  const out: ValueNode[] = [];
  const visit = (n: ValueNode, depth: number): void => {
    if (depth > 16 || out.length >= LIMITS.maxItemsPerElement) return;
    if (n.kind === 'array') {
      const items = n.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (out.length >= LIMITS.maxItemsPerElement) break;
        visit(item, depth + 1);
      }
    } else if (n.kind === 'unknown' && n.alternatives) {
      const alternatives = n.alternatives;
      for (let j = 0; j < alternatives.length; j++) {
        const alt = alternatives[j];
        visit(alt, depth + 1);
      }
    } else {
      out.push(n);
    }
  };
  if (node) visit(node, 0);
  return out;
}

/** Items of a list that elementValues takes as they are: no nested list or alternatives, within the item limit. */
function isFlat(items: readonly ValueNode[]): boolean {
  if (items.length > LIMITS.maxItemsPerElement) return false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind === 'array' || (it.kind === 'unknown' && it.alternatives)) return false;
  }
  return true;
}

/** All string leaves of an element (see elementValues). */
export function elementStrings(node: ValueNode | undefined): StringNode[] {
  if (!node) return [];
  if (node.kind === 'string') return [node];
  if (node.kind === 'array' && isFlat(node.items)) {
    const out: StringNode[] = [];
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i];
      if (it.kind === 'string') out.push(it);
    }
    return out;
  }
  return elementValues(node).filter((n): n is StringNode => n.kind === 'string');
}

/** The object behind a value, looking through a single set of alternatives is not done: objects only. */
export function getProperty(obj: ObjectNode | undefined, key: string): PropertyNode | undefined {
  return obj?.properties.find((p) => p.key === key);
}

export function spanEnd(span: Span): number {
  return span.offset + span.length;
}

export function spanContains(span: Span, offset: number, inclusiveEnd = true): boolean {
  return offset >= span.offset && (inclusiveEnd ? offset <= spanEnd(span) : offset < spanEnd(span));
}

export function pathToString(path: Path): string {
  let s = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

export type NodeAtOffset =
  | { kind: 'key'; property: PropertyNode; parents: ValueNode[] }
  | { kind: 'value'; node: ValueNode; property?: PropertyNode; parents: ValueNode[] };

/**
 * The innermost key or value at an offset (end-inclusive, so a cursor just after a value still
 * finds it). `parents` lists the containers from the root down (excluding the found node).
 */
export function nodeAtOffset(root: ValueNode, offset: number): NodeAtOffset | undefined {
  if (!spanContains(root.span, offset)) return undefined;
  const parents: ValueNode[] = [];
  let current: ValueNode = root;
  let viaProperty: PropertyNode | undefined;
  for (let depth = 0; depth < 256; depth++) {
    let next: ValueNode | undefined;
    let nextProperty: PropertyNode | undefined;
    if (current.kind === 'object') {
      const props = current.properties;
      // Children in source order (the usual case) are searched from the first that can hold the
      // offset: a lookup in a 20,000-item list is not a scan of it. Same result as the full scan.
      const from = startIndex(props, offset, propStart, propEnd);
      for (let i = Math.max(0, from); i < props.length; i++) {
        const p = props[i];
        if (from >= 0 && propStart(p) > offset) break;
        if (spanContains(p.keySpan, offset)) {
          return { kind: 'key', property: p, parents: [...parents, current] };
        }
        if (spanContains(p.value.span, offset)) {
          next = p.value;
          nextProperty = p;
          break;
        }
      }
    } else if (current.kind === 'array') {
      const items = current.items;
      const from = startIndex(items, offset, nodeStart, nodeEnd);
      for (let i = Math.max(0, from); i < items.length; i++) {
        if (from >= 0 && items[i].span.offset > offset) break;
        if (spanContains(items[i].span, offset)) {
          next = items[i];
          break;
        }
      }
    } else if (current.kind === 'unknown' && current.alternatives) {
      next = current.alternatives.find((i) => spanContains(i.span, offset));
    }
    if (!next) return { kind: 'value', node: current, property: viaProperty, parents };
    parents.push(current);
    current = next;
    viaProperty = nextProperty;
  }
  return { kind: 'value', node: current, property: viaProperty, parents };
}

const nodeStart = (n: ValueNode): number => n.span.offset;
const nodeEnd = (n: ValueNode): number => n.span.offset + n.span.length;
const propStart = (p: PropertyNode): number => Math.min(p.keySpan.offset, p.value.span.offset);
const propEnd = (p: PropertyNode): number => Math.max(p.keySpan.offset + p.keySpan.length, p.value.span.offset + p.value.span.length);

/** Lists shorter than this are scanned. */
const SHORT_LIST = 16;
/** Whether a child list is in source order (starts and ends non-decreasing); model lists do not change once built. */
const inOrder = new WeakMap<readonly unknown[], boolean>();

function sortedBy<T>(list: readonly T[], start: (x: T) => number, end: (x: T) => number): boolean {
  let sorted = inOrder.get(list);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = start(list[i]) >= start(list[i - 1]) && end(list[i]) >= end(list[i - 1]);
    inOrder.set(list, sorted);
  }
  return sorted;
}

/**
 * For a list in source order: the first index whose end reaches `offset` (none before it can hold
 * the offset, and the scan may stop at the first child starting after it). -1 otherwise: scan all.
 */
function startIndex<T>(list: readonly T[], offset: number, start: (x: T) => number, end: (x: T) => number): number {
  if (list.length < SHORT_LIST || !sortedBy(list, start, end)) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end(list[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of `item` in a parent's child list (a search by offset in source order, else a scan); -1 when absent. */
export function childIndex(items: readonly ValueNode[], item: ValueNode): number {
  const from = startIndex(items, item.span.offset, nodeStart, nodeEnd);
  if (from >= 0) {
    for (let i = from; i < items.length && items[i].span.offset <= item.span.offset; i++) if (items[i] === item) return i;
  }
  return items.indexOf(item);
}

/** Depth-first walk over every value node (properties' values, array items, alternatives). */
export function walkValues(root: ValueNode, visit: (node: ValueNode) => void): void {
  const stack: ValueNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    if (n.kind === 'object') for (let i = n.properties.length - 1; i >= 0; i--) stack.push(n.properties[i].value);
    else if (n.kind === 'array') for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    else if (n.kind === 'unknown' && n.alternatives) for (const a of n.alternatives) stack.push(a);
  }
}

/** Short description of a node's JSON type for messages. */
export function describeKind(node: ValueNode): string {
  switch (node.kind) {
    case 'object': return 'an object';
    case 'array': return 'an array';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'null': return 'null';
    case 'unknown': return 'a computed value';
  }
}
