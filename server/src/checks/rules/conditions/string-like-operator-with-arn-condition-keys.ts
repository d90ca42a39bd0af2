import { accessAnalyzerCheck } from '../../types';
import { factsOf, withBase } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

const ARN_OF: Record<string, string> = { StringLike: 'ArnLike', StringNotLike: 'ArnNotLike' };

export default accessAnalyzerCheck({
  code: 'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
  title: 'String like operator with ARN condition keys',
  // A SECURITY_WARNING in Access Analyzer's responses (learn-more anchor: the security-warning section).
  findingType: 'SECURITY_WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'StringLike/StringNotLike is used on an ARN-typed condition key; ArnLike/ArnNotLike compares ARNs field by field and is the operator meant for them.',
  fixes: [{ kind: 'changeOperator', safe: false }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const op = e.operator;
      const arnOp = op && ARN_OF[op.base.name];
      if (!op || !arnOp || (e.keyInfo?.type !== 'ARN' && e.keyInfo?.type !== 'ArrayOfARN')) continue;
      const replacement = withBase(op, arnOp);
      ctx.report(e.keyProperty.keySpan, `"${e.key}" holds an ARN: use "${replacement}" instead of "${e.operatorProperty.key}" so the ARN is compared field by field.`, changeOperatorTo([replacement]));
    }
  },
});
