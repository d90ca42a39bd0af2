/** Shared by UNIQUE_SIDS_REQUIRED and UNIQUE_SIDS_RECOMMENDED (rules/grammar/). */
import type { PolicyDocument, StringNode } from '../../model';
import type { CheckContext } from '../types';
import { valueSpan } from './anchors';
import { replaceWith } from '../../model/fixPayload';

/** Later statements whose Sid repeats an earlier one (exact, fully known, non-empty Sids). */
function duplicateSids(policy: PolicyDocument): { node: StringNode; firstIndex: number; index: number }[] {
  if (policy.statements.length < 2) return [];
  const seen = new Map<string, number>();
  const out: { node: StringNode; firstIndex: number; index: number }[] = [];
  const statements = policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    const v = st.sid?.value;
    if (!v || v.kind !== 'string' || v.parts || v.value === '') continue;
    const first = seen.get(v.value);
    if (first === undefined) seen.set(v.value, st.index);
    else out.push({ node: v, firstIndex: first, index: st.index });
  }
  return out;
}

export function reportDuplicateSids(policy: PolicyDocument, ctx: CheckContext, required: boolean): void {
  const duplicates = duplicateSids(policy);
  for (let i = 0; i < duplicates.length; i++) {
    const d = duplicates[i];
    ctx.report(
      valueSpan(d.node),
      `The Sid "${d.node.value}" is already used by statement ${d.firstIndex + 1}. ${required ? 'This policy type requires unique Sids: rename' : 'Give each statement a unique Sid: rename'} this one (for example "${d.node.value}${d.index + 1}").`,
      replaceWith([`${d.node.value}${d.index + 1}`]),
    );
  }
}
