import { ownCheck, type CheckContext } from '../../types';
import type { ValueNode } from '../../../model';
import { conditionOperators } from '../../../facts';

/**
 * Reports each repeat of a key in one JSON object of the policy: the policy object, a statement, a
 * Principal / NotPrincipal, a Condition and its operator blocks (the objects IAM gives a meaning).
 * `where` names the object in the message; `merge`: the advice is to merge the repeats (their values add up) rather than keep one.
 */
function reportRepeats(node: ValueNode | undefined, where: string, merge: boolean, ctx: CheckContext): void {
  if (!node || node.kind !== 'object') return;
  const props = node.properties;
  const n = props.length;
  if (n < 2) return;
  // Objects here have a handful of keys: pairwise comparison, no set built per object.
  for (let i = 1; i < n; i++) {
    const key = props[i].key;
    let first = -1;
    for (let j = 0; j < i; j++) {
      if (props[j].key === key) {
        first = j;
        break;
      }
    }
    if (first < 0) continue;
    ctx.report(
      props[i].keySpan,
      `"${key}" appears more than once ${where}. Only one of the values counts (most JSON and YAML parsers, CloudFormation's included, keep the last; this linter reads the first), so the other is silently ignored. ${merge ? `Merge them into one "${key}"` : `Keep one "${key}"`}.`,
      { fix: 'remove', target: 'property' },
    );
  }
}

export default ownCheck({
  code: 'DUPLICATE_KEY',
  title: 'Duplicate key',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'remove', safe: false }],
  description: 'A key appears twice in one object of the policy (for example "Effect" twice in a statement); only one of the values counts. Keep one.',
  details: [
    'JSON leaves repeated keys undefined (RFC 8259: names "SHOULD be unique"). YAML 1.2 forbids them; PyYAML, which CloudFormation uses, accepts them. Parsers differ: most keep the last value (JavaScript, Python, Go, CloudFormation), some the first, some reject the document, so the same text can mean different policies in different tools. A statement with `"Effect": "Allow"` and later `"Effect": "Deny"`, or a Condition with `StringEquals` twice, silently loses one of them.',
    '',
    'Reported on each repeat of a key in the policy object, a statement, a `Principal` / `NotPrincipal`, a `Condition` and its operator blocks. The other checks of this linter read the first value. The quick fix removes the repeat (not applied by "fix all": which value was meant is for you to decide; for condition operators, merge the keys into one block). Keys that differ only in case inside a condition block are DUPLICATE_KEYS_WITH_DIFFERENT_CASE.',
  ].join('\n'),
  run(policy, ctx) {
    reportRepeats(policy.root, 'in the policy', false, ctx);
    for (const st of policy.statements) {
      reportRepeats(st.node, 'in this statement', false, ctx);
      if (st.principal) reportRepeats(st.principal.value, 'in Principal', true, ctx);
      if (st.notPrincipal) reportRepeats(st.notPrincipal.value, 'in NotPrincipal', true, ctx);
      if (st.condition) {
        reportRepeats(st.condition.value, 'in Condition', true, ctx);
        for (const op of conditionOperators(st, ctx.data)) reportRepeats(op.block, `in the Condition's "${op.property.key}" block`, true, ctx);
      }
    }
  },
});
