import type { OperatorCategory } from '../data/operatorsTable';
import type { ConditionKeyType } from '../data/iamData';
import { accessAnalyzerCheck } from './types';
import { conditionEntries, withBase, type ConditionEntry } from './conditionModel';

/** Operator families that fit each key type (Null fits every key and is not listed). */
const FITS: Partial<Record<ConditionKeyType, OperatorCategory[]>> = {
  String: ['String'],
  ArrayOfString: ['String'],
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

const EQUALS_OF: Record<OperatorCategory, string> = {
  String: 'StringEquals',
  Arn: 'ArnLike',
  Bool: 'Bool',
  Numeric: 'NumericEquals',
  Date: 'DateEquals',
  IpAddress: 'IpAddress',
  Binary: 'BinaryEquals',
  Null: 'Null',
};

function allowed(e: ConditionEntry): OperatorCategory[] | undefined {
  const info = e.keyInfo;
  if (!info || e.keyKind === 'federated') return undefined;
  const fits = FITS[info.type];
  if (!fits) return undefined;
  // aws:EpochTime is documented for date and numeric operators; keys named …Arn hold ARNs even when typed String.
  if (info.key.toLowerCase() === 'aws:epochtime') return ['Date', 'Numeric'];
  if (info.type === 'String' && /arn$/i.test(info.key)) return ['String', 'Arn'];
  return fits;
}

export default accessAnalyzerCheck({
  code: 'TYPE_MISMATCH',
  title: 'Type mismatch',
  findingType: 'WARNING',
  policyTypes: 'all',
  description: 'The operator family does not match the condition key type (for example StringEquals on the Boolean key aws:MultiFactorAuthPresent); use an operator of the key type.',
  hasFix: true,
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, ctx.data)) {
        const op = e.operator;
        if (!op || op.base.category === 'Null') continue;
        const fits = allowed(e);
        if (!fits || fits.includes(op.base.category)) continue;
        const replacements = fits.map((c) => withBase(op, EQUALS_OF[c]));
        ctx.report(
          e.keyProperty.keySpan,
          `"${e.key}" is of type ${e.keyInfo!.type}, which "${e.operatorProperty.key}" (${/^[AEIOU]/.test(op.base.category) ? 'an' : 'a'} ${op.base.category} operator) does not compare correctly. Use ${/^[AEIOU]/.test(fits[0]) ? 'an' : 'a'} ${fits.join(' or ')} operator such as "${replacements[0]}".`,
          { replacements },
        );
      }
    }
  },
});
