import { knownString } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_PRINCIPAL',
  title: 'Unsupported principal',
  findingType: 'ERROR',
  // SCPs have their own code (SCP_SYNTAX_ERROR_PRINCIPAL).
  policyTypes: ['identity', 'boundary', 'session', 'rcp'],
  requires: ['Principal'],
  fixes: [{ kind: 'remove', safe: false }, { kind: 'replace', safe: 'caseOnly' }],
  description: 'Identity-based, boundary and session policies cannot have Principal or NotPrincipal; RCPs accept only "Principal": "*".',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (policy.type === 'rcp') {
        if (st.notPrincipal) {
          ctx.report(st.notPrincipal.keySpan, 'RCPs do not support "NotPrincipal". Use "Principal": "*" and exclude principals with a Condition (for example on aws:PrincipalArn).', { fix: 'remove', target: 'property' });
        }
        const p = st.principal;
        if (p && p.value.kind !== 'unknown' && knownString(p.value) !== '*' && !(p.value.kind === 'string' && p.value.parts)) {
          ctx.report(p.value.span, 'In an RCP the "Principal" must be "*". Narrow who the statement applies to with a Condition (for example on aws:PrincipalArn or aws:PrincipalOrgID).', replaceWith(['*']));
        }
        continue;
      }
      const pair = [st.principal, st.notPrincipal];
      for (let j = 0; j < pair.length; j++) {
        const prop = pair[j];
        if (!prop) continue;
        ctx.report(
          prop.keySpan,
          `${policy.type === 'identity' ? 'Identity-based' : policy.type === 'boundary' ? 'Permissions boundary' : 'Session'} policies cannot have "${prop.key}": they apply to the identity they are attached to. Remove "${prop.key}".`,
          { fix: 'remove', target: 'property' },
        );
      }
    }
  },
});
