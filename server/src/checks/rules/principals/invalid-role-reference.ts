import { elementStrings, getProperty } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
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
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      if (prop.value.kind !== 'object') continue;
      const strings = elementStrings(getProperty(prop.value, 'AWS')?.value);
      for (let k = 0; k < strings.length; k++) {
        const node = strings[k];
        if (node.parts || uniqueIdKind(node.value) !== 'role') continue;
        ctx.report(
          valueSpan(node),
          `"${node.value}" is the unique ID of an IAM role, not its ARN. AWS replaces a role ARN with its ID when the role is deleted, so this principal no longer matches any role; use the ARN of an existing role (arn:aws:iam::ACCOUNT:role/NAME) or remove it.`,
        );
      }
    }
  },
});
