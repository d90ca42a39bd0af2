import { elementStrings, getProperty } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { uniqueIdKind } from '../../support/uniqueIds';

export default accessAnalyzerCheck({
  code: 'INVALID_ROLE_REFERENCE',
  title: 'Invalid role reference',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal is an IAM role\'s unique ID (AROA…) instead of its ARN: AWS shows this when the role was deleted.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const prop of [st.principal, st.notPrincipal]) {
        if (!prop || prop.value.kind !== 'object') continue;
        for (const node of elementStrings(getProperty(prop.value, 'AWS')?.value)) {
          if (node.parts || uniqueIdKind(node.value) !== 'role') continue;
          ctx.report(
            valueSpan(node),
            `"${node.value}" is the unique ID of an IAM role, not its ARN. AWS replaces a role ARN with its ID when the role is deleted, so this principal no longer matches any role; use the ARN of an existing role (arn:aws:iam::ACCOUNT:role/NAME) or remove it.`,
          );
        }
      }
    }
  },
});
