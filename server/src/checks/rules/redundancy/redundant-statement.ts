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

export default accessAnalyzerCheck({
  code: 'REDUNDANT_STATEMENT',
  title: 'Redundant statement',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: true }],
  description: 'The same statement (apart from its Sid) appears more than once in the policy.',
  run(policy, ctx) {
    const seen = new Map<string, number>();
    for (const st of policy.statements) {
      if (st.node.kind !== 'object') continue;
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
