import { elementStrings, type PropertyNode } from '../model';
import { patternCovers } from '../data/arn';
import { accessAnalyzerCheck } from './types';
import { valueSpan } from './util';

/**
 * Entries of one element fully covered by another entry of the same element. Equal entries:
 * the later one is the redundant one. Partially known values neither cover nor are covered.
 */
export function redundantEntries(prop: PropertyNode | undefined, caseInsensitive: boolean) {
  const entries = elementStrings(prop?.value).filter((n) => !n.parts);
  const out: { node: (typeof entries)[number]; by: string }[] = [];
  entries.forEach((b, bi) => {
    const bv = caseInsensitive ? b.value.toLowerCase() : b.value;
    const coveredBy = entries.find((a, ai) => {
      if (ai === bi) return false;
      const av = caseInsensitive ? a.value.toLowerCase() : a.value;
      if (av === bv) return ai < bi;
      return patternCovers(a.value, b.value, caseInsensitive);
    });
    if (coveredBy) out.push({ node: b, by: coveredBy.value });
  });
  return out;
}

export default accessAnalyzerCheck({
  code: 'REDUNDANT_ACTION',
  title: 'Redundant action',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  hasFix: true,
  description: 'An action entry is already covered by another entry of the same element (e.g. iam:GetUser next to iam:Get*).',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.action, st.notAction]) {
        for (const { node, by } of redundantEntries(prop, true)) {
          ctx.report(
            valueSpan(node),
            node.value.toLowerCase() === by.toLowerCase()
              ? `"${node.value}" is listed more than once in "${prop!.key}". Remove the duplicate.`
              : `"${node.value}" is already covered by "${by}" in "${prop!.key}". Remove "${node.value}".`,
            { remove: true, coveredBy: by },
          );
        }
      }
    }
  },
});
