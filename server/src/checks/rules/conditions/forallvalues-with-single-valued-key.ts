import { accessAnalyzerCheck } from '../../types';
import { factsOf, effectOf, multivaluedIsDoubtful, withBase } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
  title: 'ForAllValues with single valued key',
  findingType: 'SECURITY_WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'ForAllValues: is used with a single-valued key; it then also matches requests without the key. Remove the qualifier. Reported at full severity for global aws: keys (documented single-valued); as information for service keys, whose typing in the reference data is the only evidence.',
  fixes: [{ kind: 'changeOperator', safe: true }],
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      const entries = facts.conditionEntries;
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j];
        const op = e.operator;
        if (op?.setOperator !== 'ForAllValues' || !e.keyInfo || e.keyInfo.multivalued || multivaluedIsDoubtful(e)) continue;
        const replacement = withBase({ ...op, setOperator: undefined }, op.base.name);
        ctx.report(
          e.keyProperty.keySpan,
          `"${e.key}" is single-valued, and ForAllValues: also matches when the key is missing from the request. Use "${replacement}" without the qualifier.`,
          // Dropping the qualifier narrows an Allow; in a Deny (or an unknown effect) it narrows the deny: widens access.
          changeOperatorTo([replacement], { unsafe: effectOf(st) !== 'Allow' }),
          // Rule: full severity for global aws: keys (single-valued per AWS's global condition key
          // page, our globalKeysDocs); one level lower (info) for service keys, whose typing in the
          // Service Authorization Reference is the only evidence and is sometimes wrong.
          { demote: !e.keyInfo.global },
        );
      }
    }
  },
});
