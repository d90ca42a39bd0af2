import { accessAnalyzerCheck } from '../../types';
import { reportDuplicateSids } from '../../support/sids';

export default accessAnalyzerCheck({
  code: 'UNIQUE_SIDS_RECOMMENDED',
  title: 'Unique Sids recommended',
  findingType: 'WARNING',
  policyTypes: ['resource', 'scp', 'rcp', 'session'],
  fixes: [{ kind: 'replace', safe: true }],
  description: 'Two statements share a Sid in a policy type that tolerates it; unique Sids keep statements identifiable.',
  run(policy, ctx) {
    reportDuplicateSids(policy, ctx, false);
  },
});
