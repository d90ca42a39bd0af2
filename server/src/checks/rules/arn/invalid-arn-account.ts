import { candidateResourceTypes, isAccountId } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';
import { accessAnalyzerCheck } from '../../types';

export default accessAnalyzerCheck({
  code: 'INVALID_ARN_ACCOUNT',
  title: 'Invalid ARN account',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  description: 'The account field of a resource ARN is not a 12-digit account ID.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const arn = v.parse.arn;
      const f = arn.account;
      // "aws" is the account of AWS-owned resources (managed policies and the like).
      if (f.wild || f.uncertain || f.text === '' || f.text === 'aws' || isAccountId(f.text)) continue;
      const candidates = candidateResourceTypes(ctx.data, arn, 'account');
      // Only when every matching format has an account placeholder (not a literal or empty field).
      if (candidates.length === 0 || !candidates.every((c) => c.format.account.startsWith('${'))) continue;
      const digits = [...f.text].filter((c) => c >= '0' && c <= '9').length;
      ctx.report(
        arnFieldSpan(v.node, f),
        `"${f.text}" is not an AWS account ID${digits === f.text.length ? ` (it has ${digits} digits)` : ''}. Use the 12-digit account ID, or "*" for any account.`,
      );
    }
  },
});
