import type { ValueNode } from '../../server/src/model';

/** A model value as plain JSON (unknown values as "?"), for assertions on extracted policies. */
export function policyJson(n: ValueNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.properties.map((p) => [p.key, policyJson(p.value)]));
    case 'array':
      return n.items.map(policyJson);
    case 'unknown':
      return '?';
    case 'null':
      return null;
    default:
      return n.value;
  }
}
