import { elementStrings, getProperty } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';
import { valueSpan } from '../../support/anchors';
import { uniqueIdKind } from '../../support/uniqueIds';

export default accessAnalyzerCheck({
  code: 'INVALID_USER_REFERENCE',
  title: 'Invalid user reference',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'A principal is an IAM user\'s unique ID (AIDA…) instead of its ARN: AWS shows this when the user was deleted.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      if (prop.value.kind !== 'object') continue;
      const strings = elementStrings(getProperty(prop.value, 'AWS')?.value);
      for (let k = 0; k < strings.length; k++) {
        const node = strings[k];
        if (node.parts || uniqueIdKind(node.value) !== 'user') continue;
        ctx.report(
          valueSpan(node),
          `"${node.value}" is the unique ID of an IAM user, not its ARN. AWS replaces a user ARN with its ID when the user is deleted, so this principal no longer matches any user; use the ARN of an existing user (arn:aws:iam::ACCOUNT:user/NAME) or remove it.`,
        );
      }
    }
  },
});
