import { ownCheck } from '../../types';
import { factsOf, effectOf, isUnresolved, scalarText } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

export default ownCheck({
  code: 'MFA_CONDITION_ANTI_PATTERN',
  title: 'aws:MultiFactorAuthPresent tested with Bool where the key may be absent',
  findingType: 'SECURITY_WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  fixes: [{ kind: 'changeOperator', safe: false }],
  description: 'aws:MultiFactorAuthPresent is absent from requests signed with long-term access keys, and `Bool` is false for an absent key. `"Bool": {"aws:MultiFactorAuthPresent": "false"}` in a Deny therefore never denies access-key requests (AWS documents `BoolIfExists` for that deny); "false" in an Allow or "true" in a Deny only ever matches temporary credentials, which is rarely what was meant.',
  details:
    'Reported for the `Bool` operator without `IfExists` (BoolIfExists and Null are not reported). A Deny with "false" is the documented anti-pattern: a security warning, with a quick fix to `BoolIfExists`. An Allow with "false" (grants only temporary sessions without MFA, never long-term keys) and a Deny with "true" (denies only MFA-authenticated sessions) are reported one level lower (information).',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      const effect = effectOf(st);
      if (!effect) continue;
      const entries = facts.conditionEntries;
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j];
        const op = e.operator;
        if (!op || op.base.name !== 'Bool' || op.ifExists || op.setOperator || e.keyLower !== 'aws:multifactorauthpresent') continue;
        const texts = e.values.filter((v) => !isUnresolved(v)).map((v) => scalarText(v)?.toLowerCase());
        if (texts.length !== e.values.length || texts.length !== 1) continue;
        const value = texts[0];
        if (effect === 'Deny' && value === 'false') {
          ctx.report(
            e.keyProperty.keySpan,
            'Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent, and "Bool" is false for an absent key, so this Deny never applies to them: access keys bypass the MFA requirement. Use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}.',
            changeOperatorTo(['BoolIfExists']),
          );
        } else if (effect === 'Allow' && value === 'false') {
          ctx.report(
            e.keyProperty.keySpan,
            '"Bool": {"aws:MultiFactorAuthPresent": "false"} in an Allow matches only temporary credentials obtained without MFA, never requests signed with long-term access keys (the key is absent there). To require MFA, allow with "true"; to not require it, drop the condition.',
            undefined,
            { demote: true },
          );
        } else if (effect === 'Deny' && value === 'true') {
          ctx.report(
            e.keyProperty.keySpan,
            '"Bool": {"aws:MultiFactorAuthPresent": "true"} in a Deny denies only MFA-authenticated sessions, and never requests without MFA. To deny requests without MFA, use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}.',
            undefined,
            { demote: true },
          );
        }
      }
    }
  },
});
