import { ownCheck } from '../../types';
import { factsOf, operatorName } from '../../../facts';

export default ownCheck({
  code: 'OIDC_TRUST_CLAIM_IF_EXISTS',
  title: 'OIDC trust restriction with …IfExists',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['trust'],
  description: 'A web identity trust statement tests the token subject, audience or another workload claim with an `…IfExists` operator (or `ForAllValues:`). A token without that claim passes the condition, so it does not restrict who can assume the role. Use the operator without IfExists.',
  run(policy, ctx) {
    const oidcTrusts = factsOf(policy, ctx.data).oidcTrusts;
    for (let i = 0; i < oidcTrusts.length; i++) {
      const t = oidcTrusts[i];
      for (const [claim, entries] of t.claims) {
        for (let j = 0; j < entries.length; j++) {
          const e = entries[j];
          const op = e.operator;
          if (!op || op.base.negated || op.base.name === 'Null' || e.oidc?.unknownClaim) continue;
          if (!op.ifExists && op.setOperator !== 'ForAllValues') continue;
          // Unknown providers: only sub and aud are known to be claims every token carries.
          if (!t.known && claim !== 'sub' && claim !== 'aud') continue;
          const how = op.ifExists ? `"${operatorName(op)}" is also true when the token has no "${claim}" claim` : `"${operatorName(op)}" is also true when the "${claim}" claim is absent or empty`;
          ctx.report(e.operatorProperty.keySpan, `${how}, so this condition does not restrict which ${t.provider} tokens can assume the role. Use ${op.ifExists ? `"${operatorName({ ...op, ifExists: false, setOperator: op.setOperator === 'ForAllValues' ? undefined : op.setOperator })}"` : `"${op.base.name}"`} instead.`);
        }
      }
    }
  },
});
