import type { ValueNode } from '../../../model';
import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { conditionEntries, isUnresolved, scalarText, type ConditionEntry } from '../../support/conditionModel';
import { isPrivateRange, parseCidr } from '../../support/conditionValues';

export interface SourceIpRanges {
  entry: ConditionEntry;
  privates: ValueNode[];
  publics: ValueNode[];
  /** True when some value is computed or unparsable (so "all private" cannot be concluded). */
  incomplete: boolean;
}

/** aws:SourceIp conditions under IpAddress (negated=false) or NotIpAddress (negated=true), split into private and public ranges. */
export function sourceIpConditions(ctx: CheckContext, negated: boolean): SourceIpRanges[] {
  const out: SourceIpRanges[] = [];
  for (const st of ctx.policy.statements) {
    for (const entry of conditionEntries(st, ctx.data)) {
      if (entry.key.toLowerCase() !== 'aws:sourceip' || entry.operator?.base.category !== 'IpAddress' || entry.operator.base.negated !== negated) continue;
      const r: SourceIpRanges = { entry, privates: [], publics: [], incomplete: false };
      for (const v of entry.values) {
        const text = isUnresolved(v) ? undefined : scalarText(v);
        const cidr = text === undefined ? undefined : parseCidr(text);
        if (!cidr) r.incomplete = true;
        else (isPrivateRange(cidr) ? r.privates : r.publics).push(v);
      }
      out.push(r);
    }
  }
  return out;
}

export default accessAnalyzerCheck({
  code: 'PRIVATE_IP_ADDRESS',
  title: 'Private IP address',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'IpAddress on aws:SourceIp lists only private ranges, which aws:SourceIp never holds, so the condition never matches; use public addresses, or aws:VpcSourceIp for private ones.',
  run(_policy, ctx) {
    for (const r of sourceIpConditions(ctx, false)) {
      if (r.incomplete || r.publics.length > 0 || r.privates.length === 0) continue;
      ctx.report(r.entry.keyProperty.keySpan, `aws:SourceIp holds the public address a request comes from, so "${r.entry.operatorProperty.key}" with only private ranges never matches. Use public addresses, or aws:VpcSourceIp for requests through a VPC endpoint.`, { replacementKey: 'aws:VpcSourceIp' });
    }
  },
});
