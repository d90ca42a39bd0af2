/** Shared by the four EMPTY_ARRAY_CONDITION* checks (rules/conditions/). */
import type { PolicyDocument } from '../../model';
import type { CheckContext } from '../types';
import { factsOf, type ConditionEntry } from '../../facts';

export type EmptyArrayKind = 'FORALLVALUES' | 'FORANYVALUE' | 'IFEXISTS' | 'PLAIN';

/** Which of the four empty-array codes applies to an entry whose value is []. */
function emptyArrayKind(e: ConditionEntry): EmptyArrayKind | undefined {
  if (e.value.kind !== 'array' || e.value.items.length > 0) return undefined;
  if (e.operator?.setOperator === 'ForAllValues') return 'FORALLVALUES';
  if (e.operator?.setOperator === 'ForAnyValue') return 'FORANYVALUE';
  if (e.operator?.ifExists) return 'IFEXISTS';
  return 'PLAIN';
}

export function reportEmptyArrays(kind: EmptyArrayKind, policy: PolicyDocument, ctx: CheckContext, message: (e: ConditionEntry) => string): void {
  const all = factsOf(policy, ctx.data).statements;
  for (let i = 0; i < all.length; i++) {
    const facts = all[i];
    const entries = facts.conditionEntries;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j];
      if (emptyArrayKind(e) === kind) ctx.report(e.value.span, message(e));
    }
  }
}
