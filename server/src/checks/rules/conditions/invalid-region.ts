import { elementStrings, type Statement, type StringNode } from '../../../model';
import { isKnownRegion, isPlausibleNewRegion } from '../../../data/arn';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';

/**
 * Fully known string values of condition keys (lower-cased names in `keys`) under string operators
 * (StringEquals, StringLike, …, with set qualifiers or IfExists).
 */
export function conditionStringValues(st: Statement, keys: ReadonlySet<string>): { key: string; operator: string; node: StringNode }[] {
  const out: { key: string; operator: string; node: StringNode }[] = [];
  const cond = st.condition?.value;
  if (!cond || cond.kind !== 'object') return out;
  for (const op of cond.properties) {
    const base = op.key.slice(op.key.indexOf(':') + 1).toLowerCase();
    if (!base.startsWith('string') || op.value.kind !== 'object') continue;
    for (const k of op.value.properties) {
      if (!keys.has(k.key.toLowerCase())) continue;
      for (const node of elementStrings(k.value)) if (!node.parts) out.push({ key: k.key, operator: op.key, node });
    }
  }
  return out;
}

const REGION_KEYS = new Set(['aws:requestedregion']);

export default accessAnalyzerCheck({
  code: 'INVALID_REGION',
  title: 'Invalid Region',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'A condition value that should be a Region (aws:RequestedRegion) is not an AWS Region code.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const { key, node } of conditionStringValues(st, REGION_KEYS)) {
        const v = node.value;
        if (v.includes('*') || v.includes('?') || v.includes('${') || isKnownRegion(v) || isPlausibleNewRegion(v)) continue;
        const lower = v.toLowerCase().trim();
        const fix = isKnownRegion(lower) ? { replacements: [lower] } : undefined;
        ctx.report(valueSpan(node), `"${v}" is not an AWS Region code, so "${key}" never equals it. Use a Region code such as "us-east-1"${fix ? ` ("${lower}")` : ''}.`, fix);
      }
    }
  },
});
