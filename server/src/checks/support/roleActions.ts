/**
 * The shared body of Access Analyzer's iam:PassRole / iam:CreateServiceLinkedRole checks (twelve
 * rules in rules/security/ differ only in their spec). Reads statements through the facts layer.
 */
import { hasWildcard } from '../../data/wildcard';
import { factsOf, conditionEntries, fullyKnown, isRestricting, isUnresolved, lowerPatternCovers, opaqueCondition, scalarText } from '../../facts';
import type { Statement } from '../../model';
import type { IamData } from '../../data/iamData';
import { accessAnalyzerCheck, type Check, type FindingType } from '../types';
import { valueSpan } from './anchors';

/** Service-linked and pass-role style checks: target action, how the statement reaches it, which resource form. */
export interface RoleActionSpec {
  code: string;
  title: string;
  findingType: FindingType;
  /** e.g. `iam:PassRole`. */
  target: string;
  /** 'explicit': the action is named; 'star': a wildcard action covers it; 'notAction': an Allow NotAction does not exclude it. */
  via: 'explicit' | 'star' | 'notAction';
  /** 'star': `Resource: "*"`; 'notResource': the statement uses NotResource. */
  resource: 'star' | 'notResource';
  description: string;
  /**
   * Condition keys (lower-case) that resolve the finding (e.g. iam:passedtoservice) when a
   * restricting entry tests them (facts isRestricting: no …IfExists, no negated operator, no Null,
   * no ForAllValues:) — Access Analyzer still reports PassRole with StringEqualsIfExists.
   */
  resolvedBy?: readonly string[];
  /** The resolving entry must name exact values (no * or ?), e.g. iam:AWSServiceName for CreateServiceLinkedRole. */
  resolvedByExactValues?: boolean;
  /** Fix hint in messages. */
  advice: string;
  /** The condition key the "add condition" quick fix adds (e.g. iam:PassedToService). */
  addCondition?: string;
}

/**
 * One of Access Analyzer's iam:PassRole / iam:CreateServiceLinkedRole checks. Applies to Allow
 * statements of identity policies, where these actions are granted.
 */
export function roleActionCheck(spec: RoleActionSpec): Check {
  const targetLower = spec.target.toLowerCase();
  const targetService = targetLower.slice(0, targetLower.indexOf(':'));
  const targetName = spec.target.slice(spec.target.indexOf(':') + 1);
  const viaActions = spec.via !== 'notAction';
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: spec.findingType,
    policyTypes: ['identity'],
    // The NotResource and NotAction variants find nothing in a policy without that element.
    requires: [...(spec.resource === 'notResource' ? (['NotResource'] as const) : []), ...(spec.via === 'notAction' ? (['NotAction'] as const) : [])],
    description: spec.description,
    // The "add condition" quick fix; where a wildcard action grants the target, expanding it (a
    // refactoring linked to the finding) lets the author drop the target action.
    fixes: [...(spec.addCondition ? [{ kind: 'addCondition', safe: false } as const] : []), ...(spec.via === 'star' ? [{ kind: 'expandWildcard', safe: false } as const] : [])],
    run(policy, ctx) {
      const fix = spec.addCondition ? ({ fix: 'addCondition', key: spec.addCondition } as const) : undefined;
      const all = factsOf(policy, ctx.data).statements;
      for (let j = 0; j < all.length; j++) {
        const facts = all[j];
        const st = facts.statement;
        if (facts.effect !== 'Allow') continue;
        // The Action variants: most statements name no iam action and no service wildcard, so no value can cover the target.
        if (viaActions && !facts.actionsMayReach(targetService)) continue;
        if (spec.resource === 'star' ? !facts.starResource : !st.notResource) continue;
        if (spec.resolvedBy && resolved(st, ctx.data, spec.resolvedBy, spec.resolvedByExactValues === true)) continue;
        if (opaqueCondition(st) && spec.resolvedBy) continue;
        if (spec.via === 'notAction') {
          if (!st.notAction || !fullyKnown(st.notAction)) continue;
          if (facts.notActions.some((v) => lowerPatternCovers(v.lower, targetLower))) continue;
          ctx.report(st.notAction.keySpan, `This Allow statement's NotAction does not exclude ${spec.target}, so it allows ${spec.target} ${spec.resource === 'star' ? 'on every resource ("Resource": "*")' : 'on everything outside NotResource'}. ${spec.advice}`, fix);
          continue;
        }
        // A value that names an action (resolved in the facts) is the target exactly when it names
        // the target's shared ActionRef; only the other values are lower-cased and matched.
        const values = facts.actions;
        const refs = facts.actionRefs;
        const targetRef = ctx.data.findAction(targetService, targetName);
        for (let i = 0; i < values.length; i++) {
          const { node, value } = values[i];
          const r = refs[i];
          if (spec.via === 'explicit') {
            if (r !== undefined ? r !== targetRef : hasWildcard(value) || values[i].lower !== targetLower) continue;
          } else if (r !== undefined || !hasWildcard(value) || !lowerPatternCovers(values[i].lower, targetLower)) continue;
          const what = spec.via === 'explicit' ? `${spec.target}` : `"${value}" (which includes ${spec.target})`;
          const where = spec.resource === 'star' ? 'on every resource ("Resource": "*")' : 'with NotResource, i.e. on every resource not listed';
          ctx.report(valueSpan(node), `This statement allows ${what} ${where}. ${spec.advice}`, fix);
        }
      }
    },
  });
}


/** True when a restricting condition entry tests one of the keys (and, if asked, names only exact values). */
function resolved(st: Statement, data: IamData, keysLower: readonly string[], exactValues: boolean): boolean {
  return conditionEntries(st, data).some((e) => {
    if (!keysLower.includes(e.keyLower) || !isRestricting(e)) return false;
    if (!exactValues) return true;
    if (e.values.length === 0) return false;
    return e.values.every((v) => {
      if (isUnresolved(v)) return true; // a host value we cannot read: do not report on it
      const text = scalarText(v);
      return text !== undefined && !/[*?]/.test(text);
    });
  });
}
