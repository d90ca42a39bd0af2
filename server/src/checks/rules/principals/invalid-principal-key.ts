import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

const KEYS = ['AWS', 'CanonicalUser', 'Federated', 'Service'];

export default accessAnalyzerCheck({
  code: 'INVALID_PRINCIPAL_KEY',
  title: 'Invalid principal key',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Principal'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A key inside Principal or NotPrincipal is not one of AWS, CanonicalUser, Federated or Service.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.principal, st.notPrincipal]) {
        if (!prop || prop.value.kind !== 'object') continue;
        for (const entry of prop.value.properties) {
          if (KEYS.includes(entry.key)) continue;
          const sameCase = KEYS.find((k) => k.toLowerCase() === entry.key.toLowerCase());
          ctx.report(
            entry.keySpan,
            `"${entry.key}" is not a principal type${sameCase ? `; principal keys are case-sensitive: use "${sameCase}"` : `. Use one of ${KEYS.map((k) => `"${k}"`).join(', ')}`}.`,
            sameCase ? replaceWith([sameCase]) : undefined,
          );
        }
      }
    }
  },
});
