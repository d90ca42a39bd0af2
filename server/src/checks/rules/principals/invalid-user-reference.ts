import { elementStrings, getProperty } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';

/** 'role' for an AROA… unique ID, 'user' for an AIDA… one (upper-case letters and digits). */
export function uniqueIdKind(v: string): 'role' | 'user' | undefined {
  if (v.length < 16 || v.length > 128) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return undefined;
  }
  if (v.startsWith('AROA')) return 'role';
  if (v.startsWith('AIDA')) return 'user';
  return undefined;
}

export default accessAnalyzerCheck({
  code: 'INVALID_USER_REFERENCE',
  title: 'Invalid user reference',
  findingType: 'WARNING',
  policyTypes: 'all',
  description: 'A principal is an IAM user\'s unique ID (AIDA…) instead of its ARN: AWS shows this when the user was deleted.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.principal, st.notPrincipal]) {
        if (!prop || prop.value.kind !== 'object') continue;
        for (const node of elementStrings(getProperty(prop.value, 'AWS')?.value)) {
          if (node.parts || uniqueIdKind(node.value) !== 'user') continue;
          ctx.report(
            valueSpan(node),
            `"${node.value}" is the unique ID of an IAM user, not its ARN. AWS replaces a user ARN with its ID when the user is deleted, so this principal no longer matches any user; use the ARN of an existing user (arn:aws:iam::ACCOUNT:user/NAME) or remove it.`,
          );
        }
      }
    }
  },
});
