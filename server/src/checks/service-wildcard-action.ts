import { ownCheck } from './types';
import { valueSpan } from './util';
import { actionValues, effectOf, starResource } from './securityUtil';

export default ownCheck({
  code: 'SERVICE_WILDCARD_ACTION',
  title: 'Service-wide wildcard action',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity', 'resource'],
  description: 'An Allow of every action of a service ("s3:*"), or of "*" on specific resources, grants far more than most tasks need; list the actions used.',
  details:
    'A service-wide wildcard such as `s3:*` also grants the service\'s permissions-management and delete actions (for S3: `s3:PutBucketPolicy`, `s3:DeleteBucket`) and every action the service adds later. Replace it with the actions the workload calls, or with narrower wildcards such as `s3:Get*`. `"*"` on `"Resource": "*"` is reported as FULL_ADMIN_ACCESS instead.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      if (effectOf(st) !== 'Allow') continue;
      const onStar = !!starResource(st);
      for (const { node, value } of actionValues(st)) {
        if (value === '*' || value === '*:*') {
          if (!onStar) ctx.report(valueSpan(node), `"${value}" allows every action of every service on these resources. List the actions that are needed instead.`);
          continue;
        }
        const colon = value.indexOf(':');
        if (colon <= 0 || value.slice(colon + 1) !== '*' || /[*?]/.test(value.slice(0, colon))) continue;
        const service = value.slice(0, colon);
        if (!ctx.data.hasService(service)) continue;
        ctx.report(valueSpan(node), `"${value}" allows every ${ctx.data.getService(service)?.name ?? service} action, including permissions-management and delete actions. List the actions that are needed, or narrow the wildcard (for example "${service}:Get*").`);
      }
    }
  },
});
