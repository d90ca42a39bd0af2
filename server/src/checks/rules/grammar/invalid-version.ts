import { accessAnalyzerCheck } from '../../types';
import { replaceWith } from '../../../model/fixPayload';

const VALID_VERSIONS = ['2012-10-17', '2008-10-17'];

export default accessAnalyzerCheck({
  code: 'INVALID_VERSION',
  title: 'Invalid version',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'Version must be "2012-10-17" (or the legacy "2008-10-17"); it is a language version, not today\'s date.',
  run(policy, ctx) {
    const v = policy.version?.value;
    if (!v || v.kind !== 'string' || v.parts) return;
    if (VALID_VERSIONS.includes(v.value)) return;
    ctx.report(v.span, `The version "${v.value}" is not a policy language version. Use "2012-10-17" (it is not the date of your policy).`, replaceWith(['2012-10-17']));
  },
});
