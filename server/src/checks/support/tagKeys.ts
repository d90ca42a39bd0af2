/**
 * The shared body of Access Analyzer's "… with unsupported tag condition key for service" checks
 * (four rules in rules/security/). Reads statements through the facts layer.
 */
import { hasWildcard } from '../../data/wildcard';
import { serviceSupportsKey, splitAction, statementFacts, type ConditionKeyEntry, type Effect } from '../../facts';
import type { IamData } from '../../data/iamData';
import type { Statement } from '../../model';
import { accessAnalyzerCheck, type Check, type FindingType } from '../types';



/** aws:ResourceTag/…, aws:RequestTag/… and aws:TagKeys entries (the Null operator is left out: it tests presence on purpose). */
function tagConditionEntries(st: Statement, data: IamData): ConditionKeyEntry[] {
  return statementFacts(st, data).conditionKeyEntries.filter(
    (e) => e.operator.toLowerCase() !== 'null' && (e.keyLower.startsWith('aws:resourcetag/') || e.keyLower.startsWith('aws:requesttag/') || e.keyLower === 'aws:tagkeys'),
  );
}

/**
 * Access Analyzer's "… with unsupported tag condition key for service" family. `effect` selects
 * Allow or Deny statements; `notAction` selects statements using NotAction (which reach every
 * service, so any tag key is reported) instead of Action (where the services of the listed
 * actions that support the key nowhere are named).
 */
export function tagKeyCheck(spec: { code: string; title: string; findingType: FindingType; effect: Effect; notAction: boolean; description: string }): Check {
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: spec.findingType,
    policyTypes: 'all',
    description: spec.description,
    run(policy, ctx) {
      const verb = spec.effect === 'Deny' ? 'denied' : 'allowed';
      for (const st of policy.statements) {
        if (statementFacts(st, ctx.data).effect !== spec.effect) continue;
        const tagKeys = tagConditionEntries(st, ctx.data);
        if (tagKeys.length === 0) continue;
        if (spec.notAction) {
          if (!st.notAction || st.action) continue;
          for (const e of tagKeys) {
            ctx.report(
              e.keySpan,
              `This ${spec.effect} statement uses NotAction with the tag condition key "${e.key}", which many services do not support: their actions are never ${verb} by it. ${spec.effect} an explicit list of actions that support "${e.key}" instead.`,
            );
          }
          continue;
        }
        if (!st.action) continue;
        for (const e of tagKeys) {
          const unsupported = new Set<string>();
          for (const { value } of statementFacts(st, ctx.data).actions) {
            if (value === '*') {
              unsupported.add('*');
              continue;
            }
            const a = splitAction(value);
            if (!a || hasWildcard(a.service) || !ctx.data.hasService(a.service)) continue;
            if (!serviceSupportsKey(ctx.data, a.service, e.keyLower)) unsupported.add(a.service);
          }
          if (unsupported.size === 0) continue;
          const names = [...unsupported].map((s) => (s === '*' ? 'every service that lacks it ("*")' : `${ctx.data.getService(s)?.name ?? s} (${s})`));
          ctx.report(
            e.keySpan,
            `The tag condition key "${e.key}" is not supported by ${names.join(', ')}, so ${names.length === 1 && !unsupported.has('*') ? 'its' : 'those'} actions are never ${verb} by this statement. Move them to a separate statement without this key.`,
          );
        }
      }
    },
  });
}
