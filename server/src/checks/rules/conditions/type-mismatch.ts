import type { OperatorCategory } from '../../../data/operatorsTable';
import type { ConditionKeyType } from '../../../data/iamData';
import type { ParsedOperator } from '../../../data/operators';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { factsOf, withBase, type ConditionEntry } from '../../../facts';
import { changeOperatorTo } from '../../../model/fixPayload';

/** Operator families that fit each key type (Null fits every key and is not listed). */
const FITS: Partial<Record<ConditionKeyType, OperatorCategory[]>> = {
  // Arn operators compare strings too: Access Analyzer does not report ArnLike/ArnEquals on
  // String-typed keys (kms:EncryptionContext:…, aws:RequestTag/…), so neither do we.
  String: ['String', 'Arn'],
  ArrayOfString: ['String', 'Arn'],
  ARN: ['Arn', 'String'],
  ArrayOfARN: ['Arn', 'String'],
  Bool: ['Bool'],
  ArrayOfBool: ['Bool'],
  Numeric: ['Numeric'],
  ArrayOfNumeric: ['Numeric'],
  Date: ['Date'],
  ArrayOfDate: ['Date'],
  IPAddress: ['IpAddress'],
  ArrayOfIPAddress: ['IpAddress'],
  Binary: ['Binary'],
};

/**
 * The operator of family `c` that asks what `op` asks: the same negation (StringNotEquals →
 * DateNotEquals, never DateEquals, which would invert the condition), the same ordering between
 * Numeric and Date (NumericLessThan → DateLessThan), Like kept for String/Arn. Undefined when the
 * family cannot express it (a negated Bool/Binary). Qualifiers (IfExists, ForAllValues/ForAnyValue)
 * are added by withBase.
 */
function counterpart(op: ParsedOperator, c: OperatorCategory): string | undefined {
  const name = op.base.name;
  const negated = op.base.negated;
  const like = /Like$/.test(name);
  const order = op.base.category === 'Numeric' || op.base.category === 'Date' ? /(LessThan|GreaterThan)(Equals)?$/.exec(name)?.[0] : undefined;
  switch (c) {
    case 'String':
      return like ? (negated ? 'StringNotLike' : 'StringLike') : negated ? 'StringNotEquals' : 'StringEquals';
    case 'Arn':
      return negated ? 'ArnNotLike' : 'ArnLike';
    case 'Numeric':
    case 'Date':
      return order ? `${c}${order}` : `${c}${negated ? 'NotEquals' : 'Equals'}`;
    case 'IpAddress':
      return negated ? 'NotIpAddress' : 'IpAddress';
    case 'Bool':
      return negated ? undefined : 'Bool';
    case 'Binary':
      return negated ? undefined : 'BinaryEquals';
    default:
      return undefined;
  }
}

function allowed(e: ConditionEntry): OperatorCategory[] | undefined {
  const info = e.keyInfo;
  if (!info || e.keyKind === 'federated') return undefined;
  const fits = FITS[info.type];
  if (!fits) return undefined;
  // aws:EpochTime is documented for date and numeric operators.
  if (info.key.toLowerCase() === 'aws:epochtime') return ['Date', 'Numeric'];
  return fits;
}

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH',
  title: 'Type mismatch',
  findingType: 'WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'The operator family does not match the condition key type (for example StringEquals on the Boolean key aws:MultiFactorAuthPresent); use an operator of the key type. Arn operators are accepted on String-typed keys, as Access Analyzer does.',
  fixes: [{ kind: 'changeOperator', safe: false }],
  run(policy, ctx) {
    const entries = factsOf(policy, ctx.data).conditionEntries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const op = e.operator;
      if (!op || op.base.category === 'Null') continue;
      const fits = allowed(e);
      if (!fits || fits.includes(op.base.category)) continue;
      reportMismatch(ctx, e, op, fits);
    }
  },
});

/**
 * Reports an operator (`op`, the entry's) whose category is not one of those that compare the
 * key's type (`fits`). Apart from run so that its loop body captures nothing (no block context per entry).
 */
function reportMismatch(ctx: CheckContext, e: ConditionEntry, op: ParsedOperator, fits: readonly OperatorCategory[]): void {
  const replacements = fits.map((c) => counterpart(op, c)).filter((b): b is string => !!b).map((b) => withBase(op, b));
  const example = replacements.length ? ` such as "${replacements[0]}"` : fits.includes('Bool') ? ' (it has no negated form: compare with the opposite value)' : '';
  ctx.report(
    e.keyProperty.keySpan,
    `"${e.key}" is of type ${e.keyInfo!.type}, which "${e.operatorProperty.key}" (${/^[AEIOU]/.test(op.base.category) ? 'an' : 'a'} ${op.base.category} operator) does not compare correctly. Use ${/^[AEIOU]/.test(fits[0]) ? 'an' : 'a'} ${fits.join(' or ')} operator${example}.`,
    changeOperatorTo(replacements),
  );
}
