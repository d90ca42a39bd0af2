import { elementValues, type PolicyDocument, type Statement } from '../../../model';
import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { effectOf, statementFacts } from '../../../facts';

/** An account root as a principal: `arn:aws:iam::111122223333:root` or `111122223333`, partition and account possibly computed (`${?}`). */
const ACCOUNT_ROOT = /^(?:arn:(?:aws[a-z-]*|\$\{\?\}):iam::(?:\d{12}|\$\{\?\}):root|\d{12})$/;

/**
 * The statement of AWS KMS's default key policy: `kms:*` on `*` for account roots only. In a key
 * policy this does not grant the key to anyone by itself; it lets the account's IAM policies grant
 * it (KMS honours IAM policies only when the key policy delegates to the account this way).
 */
function delegatesKeyToAccounts(policy: PolicyDocument, st: Statement): boolean {
  if (policy.type !== 'resource' || st.notPrincipal) return false;
  const p = st.principal?.value;
  if (p?.kind !== 'object' || p.properties.length === 0) return false;
  return p.properties.every((prop) => {
    if (prop.key !== 'AWS') return false;
    const values = elementValues(prop.value);
    return values.length > 0 && values.every((v) => v.kind === 'string' && ACCOUNT_ROOT.test(v.value));
  });
}

export default ownCheck({
  code: 'SERVICE_WILDCARD_ACTION',
  title: 'Service-wide wildcard action',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity', 'resource'],
  fixes: [{ kind: 'expandWildcard', safe: false }],
  description: 'An Allow of every action of a service ("s3:*"), or of "*" on specific resources, grants far more than most tasks need; list the actions used.',
  details:
    'A service-wide wildcard such as `s3:*` also grants the service\'s permissions-management and delete actions (for S3: `s3:PutBucketPolicy`, `s3:DeleteBucket`) and every action the service adds later. Replace it with the actions the workload calls, or with narrower wildcards such as `s3:Get*`. `"*"` on `"Resource": "*"` is reported as FULL_ADMIN_ACCESS instead.\n\nNot reported: `kms:*` in a resource (key) policy statement whose principals are only account roots (`arn:aws:iam::111122223333:root` or an account ID). That is AWS KMS\'s default key policy: it grants nothing by itself and lets the account\'s IAM policies grant use of the key.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      if (effectOf(st) !== 'Allow') continue;
      const onStar = !!statementFacts(st, ctx.data).starResource;
      for (const { node, value } of statementFacts(st, ctx.data).actions) {
        if (value === '*' || value === '*:*') {
          if (!onStar) ctx.report(valueSpan(node), `"${value}" allows every action of every service on these resources. List the actions that are needed instead.`);
          continue;
        }
        const colon = value.indexOf(':');
        if (colon <= 0 || value.slice(colon + 1) !== '*' || /[*?]/.test(value.slice(0, colon))) continue;
        const service = value.slice(0, colon);
        if (!ctx.data.hasService(service)) continue;
        if (service.toLowerCase() === 'kms' && delegatesKeyToAccounts(policy, st)) continue;
        ctx.report(valueSpan(node), `"${value}" allows every ${ctx.data.getService(service)?.name ?? service} action, including permissions-management and delete actions. List the actions that are needed, or narrow the wildcard (for example "${service}:Get*").`);
      }
    }
  },
});
