/** Shared by the PRIVATE_(NOT_)IP_ADDRESS(_SUBSET) checks (rules/conditions/). */
import type { ValueNode } from '../../model';
import type { CheckContext } from '../types';
import { conditionEntries, isUnresolved, scalarText, valueNodeSpan, type ConditionEntry } from '../../facts';
import { isPrivateRange, parseCidr } from './conditionValues';

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
  const statements = ctx.policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    const entries = conditionEntries(st, ctx.data);
    for (let j = 0; j < entries.length; j++) {
      const entry = entries[j];
      if (entry.keyLower !== 'aws:sourceip' || entry.operator?.base.category !== 'IpAddress' || entry.operator.base.negated !== negated) continue;
      const r: SourceIpRanges = { entry, privates: [], publics: [], incomplete: false };
      const values = entry.values;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
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

/**
 * Reports every private range of an aws:SourceIp condition under IpAddress (negated=false) or
 * NotIpAddress (negated=true) that also has public ranges (PRIVATE_(NOT_)IP_ADDRESS_SUBSET).
 */
export function reportPrivatesAmongPublics(ctx: CheckContext, negated: boolean, message: string): void {
  const ipConditions = sourceIpConditions(ctx, negated);
  for (let i = 0; i < ipConditions.length; i++) {
    const r = ipConditions[i];
    if (r.publics.length === 0) continue;
    for (let j = 0; j < r.privates.length; j++) ctx.report(valueNodeSpan(r.privates[j]), message);
  }
}
