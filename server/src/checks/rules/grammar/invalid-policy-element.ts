import { closest } from '../../../data/editDistance';
import { STATEMENT_ELEMENTS, TOP_LEVEL_ELEMENTS, type ObjectNode } from '../../../model';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

function checkKeys(obj: ObjectNode, allowed: string[], where: string, ctx: CheckContext): void {
  for (const prop of obj.properties) {
    if (allowed.includes(prop.key)) continue;
    const suggestion = closest(prop.key, allowed, 1)[0];
    ctx.report(
      prop.keySpan,
      suggestion
        ? `"${prop.key}" is not a valid ${where} element. Did you mean "${suggestion}"?`
        : `"${prop.key}" is not a valid ${where} element. Valid elements: ${allowed.join(', ')}.`,
      suggestion ? replaceWith([suggestion]) : undefined,
    );
  }
}

export default accessAnalyzerCheck({
  code: 'INVALID_POLICY_ELEMENT',
  title: 'Invalid policy element',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'An element name that IAM does not know (names are case-sensitive): fix the spelling or remove it.',
  run(policy, ctx) {
    if (policy.root.kind === 'object') checkKeys(policy.root, TOP_LEVEL_ELEMENTS, 'policy', ctx);
    for (const st of policy.statements) {
      if (st.node.kind === 'object') checkKeys(st.node, STATEMENT_ELEMENTS, 'statement', ctx);
    }
  },
});
