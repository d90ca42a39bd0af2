import { accessAnalyzerCheck } from '../../types';
import { reportDuplicateSids } from '../../support/sids';

export default accessAnalyzerCheck({
  code: 'UNIQUE_SIDS_REQUIRED',
  title: 'Unique Sids required',
  findingType: 'ERROR',
  // IAM: "the Sid value must be unique within a JSON policy" (IAM policies and role trust policies).
  policyTypes: ['identity', 'boundary', 'trust'],
  fixes: [{ kind: 'replace', safe: true }],
  description: 'Two statements share a Sid in an IAM policy, where Sids must be unique.',
  run(policy, ctx) {
    reportDuplicateSids(policy, ctx, true);
  },
});
