import type { ValueNode } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { statementAnchor } from '../../support/anchors';

/**
 * Canonical text of a value: object keys sorted, arrays of strings sorted and de-duplicated
 * (order and repeats do not change a policy's meaning). Undefined when anything is not fully known.
 */
function canonical(node: ValueNode, depth: number, skipKey?: string): string | undefined {
  if (depth > 32) return undefined;
  switch (node.kind) {
    case 'string':
      return node.parts ? undefined : JSON.stringify(node.value);
    case 'number':
      return String(node.value);
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'unknown':
      return undefined;
    case 'array': {
      const items: string[] = [];
      for (const i of node.items) {
        const c = canonical(i, depth + 1);
        if (c === undefined) return undefined;
        items.push(c);
      }
      return `[${[...new Set(items)].sort().join(',')}]`;
    }
    case 'object': {
      const props: string[] = [];
      for (const p of node.properties) {
        if (p.key === skipKey) continue;
        const c = canonical(p.value, depth + 1);
        if (c === undefined) return undefined;
        props.push(`${JSON.stringify(p.key)}:${c}`);
      }
      return `{${props.sort().join(',')}}`;
    }
  }
}

/** How a structural hash numbers a text (a string value or a property name), given a seed. */
type TextHash = (s: string, seed: number) => number;

/**
 * A cheap number every two statements with the same canonical text share (and most others do
 * not): a string and a property name by `text`, arrays by the smallest and largest item hash
 * (order and repeats do not change them), objects by the sum of their properties' hashes.
 * Undefined where canonical() would be. Texts by the number the run gave each (`textId`, a Map:
 * the text hashed natively, not character by character in script), for the statements that
 * `lengthHash` does not tell apart. Only statements whose numbers collide in both are given a
 * canonical text.
 */
function structHash(node: ValueNode, depth: number, text: TextHash, skipKey?: string): number | undefined {
  if (depth > 32) return undefined;
  switch (node.kind) {
    case 'string':
      return node.parts ? undefined : text(node.value, 0x811c9dc5);
    case 'number':
      return textHash(String(node.value), 0x1000193);
    case 'boolean':
      return node.value ? 0x3c6ef372 : 0x5be0cd19;
    case 'null':
      return 0x6a09e667;
    case 'unknown':
      return undefined;
    case 'array': {
      let min = 0xffffffff;
      let max = 0;
      for (const i of node.items) {
        const h = structHash(i, depth + 1, text);
        if (h === undefined) return undefined;
        if (h < min) min = h;
        if (h > max) max = h;
      }
      return (Math.imul(min ^ 0x9e3779b9, 0x85ebca6b) ^ max) >>> 0;
    }
    case 'object': {
      let sum = 0x27d4eb2f;
      for (const p of node.properties) {
        if (p.key === skipKey) continue;
        const h = structHash(p.value, depth + 1, text);
        if (h === undefined) return undefined;
        sum = (sum + (Math.imul(text(p.key, 0x2545f491), 0x01000193) ^ h)) >>> 0;
      }
      return sum;
    }
  }
}

/**
 * The first filter: a number two statements with the same canonical text share, from the lengths of
 * their texts only (strings and property names; a string value by its length, an array by the
 * smallest and largest number of its items, an object by the sum over its properties), the
 * statement's Sid left out. A function of canonical()'s text wherever that is defined, so equal
 * texts give equal numbers. In the managed policies it tells apart all but ≈ 1.5 % of the
 * statements of multi-statement policies, at a fraction of structHash's cost: one loop per array,
 * no call per string item (most of a statement is arrays of strings).
 */
function lengthHash(node: ValueNode, depth: number, skipKey?: string): number {
  switch (node.kind) {
    case 'string':
      return node.value.length;
    case 'array': {
      const items = node.items;
      let min = 0x7fffffff;
      let max = -1;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const h = item.kind === 'string' ? item.value.length : depth < 32 ? lengthHash(item, depth + 1) : 0;
        if (h < min) min = h;
        if (h > max) max = h;
      }
      return (Math.imul(min, 0x9e3779b1) ^ max) >>> 0;
    }
    case 'object': {
      const props = node.properties;
      let sum = 0x27d4eb2f;
      for (let i = 0; i < props.length; i++) {
        const p = props[i];
        if (p.key === skipKey) continue;
        const v = p.value;
        sum = (sum + mix(p.key.length, v.kind === 'string' ? v.value.length : depth < 32 ? lengthHash(v, depth + 1) : 0)) >>> 0;
      }
      return sum;
    }
    case 'number':
      return 0x1000193;
    case 'boolean':
      return node.value ? 0x3c6ef372 : 0x5be0cd19;
    default:
      return 0x6a09e667;
  }
}

/** A text's number in this run (equal texts, equal numbers), mixed (murmur3's finalizer) so that close numbers spread. */
function textId(ids: Map<string, number>, s: string, seed: number): number {
  let id = ids.get(s);
  if (id === undefined) ids.set(s, (id = ids.size + 1));
  return mix(id, seed);
}

/** murmur3's finalizer over a number and a seed, unsigned 32-bit. */
function mix(n: number, seed: number): number {
  let h = Math.imul(n ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units, unsigned 32-bit. */
function textHash(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export default accessAnalyzerCheck({
  code: 'REDUNDANT_STATEMENT',
  title: 'Redundant statement',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'The same statement (apart from its Sid) appears more than once in the policy.',
  run(policy, ctx) {
    const n = policy.statements.length;
    if (n < 2) return;
    // Two filters, each a necessary condition of equal canonical texts: statements whose length
    // hash is unique cannot repeat another, nor can those whose shape hash then is; only the rest
    // are canonicalised.
    const hashes: (number | undefined)[] = new Array(n);
    const lengthCount = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const st = policy.statements[i];
      const h = st.node.kind === 'object' ? lengthHash(st.node, 0, 'Sid') : undefined;
      hashes[i] = h;
      if (h !== undefined) lengthCount.set(h, (lengthCount.get(h) ?? 0) + 1);
    }
    let hashCount: Map<number, number> | undefined;
    let byId: TextHash | undefined;
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      if (h === undefined) continue;
      if (lengthCount.get(h)! < 2) {
        hashes[i] = undefined;
        continue;
      }
      if (byId === undefined) {
        const ids = new Map<string, number>();
        byId = (t, seed) => textId(ids, t, seed);
      }
      const s = structHash(policy.statements[i].node, 0, byId, 'Sid');
      hashes[i] = s;
      if (s !== undefined) (hashCount ??= new Map()).set(s, (hashCount.get(s) ?? 0) + 1);
    }
    if (hashCount === undefined) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const st = policy.statements[i];
      const h = hashes[i];
      if (h === undefined || hashCount.get(h)! < 2 || st.node.kind !== 'object') continue;
      const key = canonical(st.node, 0, 'Sid');
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, st.index);
        continue;
      }
      ctx.report(statementAnchor(st), `This statement repeats statement ${first + 1}. Remove it.`, { fix: 'remove', target: 'statement' });
    }
  },
});
