import { closest } from '../../../data/editDistance';
import { STATEMENT_ELEMENTS, TOP_LEVEL_ELEMENTS, type ObjectNode } from '../../../model';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

const TOP_LEVEL = new Set(TOP_LEVEL_ELEMENTS);
const IN_STATEMENT = new Set(STATEMENT_ELEMENTS);

/** `known`: the allowed names as a set (a key read from the text is hashed once, not compared with each name). */
function checkKeys(obj: ObjectNode, allowed: string[], known: ReadonlySet<string>, where: string, ctx: CheckContext): void {
  const properties = obj.properties;
  for (let i = 0; i < properties.length; i++) {
    const prop = properties[i];
    if (known.has(prop.key)) continue;
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
    if (policy.root.kind === 'object') checkKeys(policy.root, TOP_LEVEL_ELEMENTS, TOP_LEVEL, 'policy', ctx);
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind === 'object') checkKeys(st.node, STATEMENT_ELEMENTS, IN_STATEMENT, 'statement', ctx);
    }
  },
});
