import { knownString } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf, type ConditionEntry } from '../../../facts';

/**
 * Keys that are weak on their own, with the keys that make them meaningful. Only pairs stated in
 * AWS documentation are listed: aws:VpcSourceIp is a private address, which is unique only
 * within a VPC, so it should be combined with the VPC or VPC endpoint it comes through.
 */
const PAIRS = new Map<string, readonly string[]>([['aws:vpcsourceip', ['aws:SourceVpc', 'aws:SourceVpce']]]);

export default accessAnalyzerCheck({
  code: 'MISSING_PAIRED_CONDITION_KEYS',
  title: 'Missing paired condition keys',
  findingType: 'SECURITY_WARNING',
  policyTypes: 'all',
  requires: ['Condition'],
  description: 'A condition key that is weak on its own (aws:VpcSourceIp) is used in an Allow statement without a paired key (aws:SourceVpc or aws:SourceVpce).',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let i = 0; i < all.length; i++) {
      const facts = all[i];
      const st = facts.statement;
      if (knownString(st.effect?.value) !== 'Allow') continue;
      const entries = facts.conditionEntries;
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j];
        const pairs = PAIRS.get(e.keyLower);
        if (!pairs || e.operator?.base.negated || e.operator?.base.name === 'Null') continue;
        if (hasSomeKey(entries, pairs)) continue;
        ctx.report(
          e.keyProperty.keySpan,
          `"${e.key}" is a private address that other VPCs can reuse; on its own it can be overly permissive. Also require ${pairs.map((p) => `"${p}"`).join(' or ')} in this statement.`,
        );
      }
    }
  },
});

/** Whether some entry's key is one of `keys` (case-insensitively). */
function hasSomeKey(entries: readonly ConditionEntry[], keys: readonly string[]): boolean {
  for (let i = 0; i < entries.length; i++) {
    const key = entries[i].keyLower;
    for (let j = 0; j < keys.length; j++) if (keys[j].toLowerCase() === key) return true;
  }
  return false;
}
