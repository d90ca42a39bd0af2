import { accessAnalyzerCheck } from '../../types';
import { policyAnchor } from '../../support/anchors';

export default accessAnalyzerCheck({
  code: 'MISSING_VERSION',
  title: 'Missing version',
  findingType: 'WARNING',
  policyTypes: 'all',
  fixes: [{ kind: 'insert', safe: true }],
  description: 'The policy has no Version element, so policy variables are not supported; add "Version": "2012-10-17".',
  run(policy, ctx) {
    if (policy.root.kind !== 'object' || policy.version) return;
    ctx.report(policyAnchor(policy), 'The policy has no "Version" element. Add "Version": "2012-10-17" so that policy variables and newer features work.', { fix: 'insert', key: 'Version', value: '2012-10-17' });
  },
});
