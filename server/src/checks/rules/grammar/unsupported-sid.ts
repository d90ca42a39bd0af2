import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { replaceWith } from '../../../model/fixPayload';

/** A Sid of ASCII letters and digits only: the usual case, answered without splitting it into characters. */
const ALNUM = /^[A-Za-z0-9]*$/;

function isAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

export default accessAnalyzerCheck({
  code: 'UNSUPPORTED_SID',
  title: 'Unsupported Sid',
  findingType: 'ERROR',
  // IAM documents Sids of its policies as ASCII letters and digits. Resource-based policies,
  // trust policies and Organizations policies are not reported: services accept wider Sids there.
  policyTypes: ['identity', 'boundary'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A Sid of an IAM identity-based policy contains characters other than ASCII letters and digits.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const v = st.sid?.value;
      if (!v || v.kind !== 'string' || v.parts || ALNUM.test(v.value)) continue;
      const bad = [...new Set([...v.value].filter((c) => !isAlnum(c)))];
      if (bad.length === 0) continue;
      const cleaned = [...v.value].filter(isAlnum).join('');
      ctx.report(
        valueSpan(v),
        `The Sid "${v.value}" contains ${bad.map((c) => (c === ' ' ? 'spaces' : `"${c}"`)).join(', ')}; IAM policy Sids may contain only letters A-Z, a-z and digits 0-9.${cleaned ? ` Use "${cleaned}".` : ''}`,
        cleaned ? replaceWith([cleaned]) : undefined,
      );
    }
  },
});
