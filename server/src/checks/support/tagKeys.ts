/**
 * The shared body of Access Analyzer's "… with unsupported tag condition key for service" checks
 * (four rules in rules/security/). Reads statements through the facts layer.
 */
import { hasWildcard } from '../../data/wildcard';
import { factsOf, someActionSupportsKey, serviceSupportsKey, splitAction, valueActions, type ConditionEntry, type Effect, type StatementFacts } from '../../facts';
import type { ActionRef, IamData } from '../../data/iamData';
import { accessAnalyzerCheck, type Check, type CheckContext, type FindingType } from '../types';
import { valueSpan } from './anchors';

/** Wildcard actions matching more than this many actions are not judged action by action. */
const MAX_MATCHED = 600;

/**
 * aws:ResourceTag/…, aws:RequestTag/… and aws:TagKeys entries. Null tests presence on purpose and
 * …IfExists says "only if the key exists" explicitly: both are left out (where only the data could
 * tell, silence). Negated operators are kept: for a request without the key they are always true,
 * so the tag is not checked at all (Access Analyzer reports them too).
 */
function tagConditionEntries(facts: StatementFacts): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  const entries = facts.conditionEntries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const k = e.keyLower;
    if (!(k.startsWith('aws:resourcetag/') || k.startsWith('aws:requesttag/') || k === 'aws:tagkeys')) continue;
    const op = e.operator;
    if (op && op.base.name !== 'Null' && !op.ifExists) out.push(e);
  }
  return out;
}

/** What happens to an action that lacks the key: a positive test is false, a negated one true. */
function outcome(entries: readonly ConditionEntry[], effect: Effect, plural: boolean): string {
  const negated = entries.some((e) => e.operator?.base.negated);
  const positive = entries.some((e) => !e.operator?.base.negated);
  const verb = effect === 'Deny' ? 'denied' : 'allowed';
  const subject = plural ? 'they are' : 'it is';
  if (positive) return `${subject} never ${verb} by this statement`;
  return negated ? `${subject} ${verb} by this statement whatever the tag` : `${subject} never ${verb} by this statement`;
}

/**
 * The tag keys (lower case, of `keys`) that an Action value never carries: for an action named
 * exactly, those its reference data (own keys, resource types' keys) does not list; for a
 * wildcard, those none of the matched actions list. Undefined when the value cannot be judged
 * (unknown service or action, service wildcard, too many matches).
 */
function unsupportedFor(data: IamData, value: string, ref: ActionRef | undefined, keys: readonly string[]): string[] | undefined {
  const refs = valueActions(data, value, ref);
  if (!refs || refs.length === 0 || refs.length > MAX_MATCHED) return undefined;
  const missing: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!someActionSupportsKey(data, refs, k)) missing.push(k);
  }
  return missing;
}

/**
 * Access Analyzer's "… with unsupported tag condition key for service" family. `effect` selects
 * Allow or Deny statements; `notAction` selects statements using NotAction (which reach every
 * service, so any tag key is reported, on the key) instead of Action, where each action value that
 * does not support a tag key is reported on the action itself, as Access Analyzer does (e.g.
 * logs:DescribeLogGroups with aws:ResourceTag/…, although other logs actions support it).
 */
export function tagKeyCheck(spec: { code: string; title: string; findingType: FindingType; effect: Effect; notAction: boolean; description: string }): Check {
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: spec.findingType,
    policyTypes: 'all',
    // Findings come from the tag keys of a Condition block (and, for the NotAction variants, a NotAction).
    requires: spec.notAction ? ['Condition', 'NotAction'] : ['Condition'],
    description: spec.description,
    run(policy, ctx) {
      const all = factsOf(policy, ctx.data).statements;
      for (let j = 0; j < all.length; j++) {
        const facts = all[j];
        const st = facts.statement;
        // The element tests first: each statement's tag entries are read by the variant that can report them.
        if (facts.effect !== spec.effect || !st.condition || (spec.notAction ? !st.notAction || st.action : !st.action)) continue;
        const tagKeys = tagConditionEntries(facts);
        if (tagKeys.length === 0) continue;
        if (spec.notAction) {
          for (let m = 0; m < tagKeys.length; m++) {
            const e = tagKeys[m];
            ctx.report(
              e.keyProperty.keySpan,
              `This ${spec.effect} statement uses NotAction with the tag condition key "${e.key}", which many services do not support: ${outcome([e], spec.effect, true).replace('by this statement', 'by it').replace('they are', 'their actions are')}. ${spec.effect} an explicit list of actions that support "${e.key}" instead.`,
            );
          }
          continue;
        }
        reportActionValues(ctx, spec, facts, tagKeys);
      }
    },
  });
}

/**
 * The Action variants' findings on one statement with tag keys (`tagKeys`): each Action value
 * that lacks one of them. Apart from run so that its statement loop captures nothing (no block
 * context per statement).
 */
function reportActionValues(ctx: CheckContext, spec: { effect: Effect; findingType: FindingType }, facts: StatementFacts, tagKeys: readonly ConditionEntry[]): void {
  const byLower = new Map(tagKeys.map((e) => [e.keyLower, e.key]));
  const entriesOf = (k: string): ConditionEntry[] => tagKeys.filter((e) => e.keyLower === k);
  const keys = [...byLower.keys()];
  const values = facts.actions;
  const refs = facts.actionRefs;
  for (let i = 0; i < values.length; i++) {
    const { node, value } = values[i];
    const missing = value === '*' ? keys : unsupportedFor(ctx.data, value, refs[i], keys);
    if (!missing || missing.length === 0) continue;
    const names = missing.map((k) => `"${byLower.get(k)}"`).join(', ');
    const plural = value === '*' || hasWildcard(value);
    const what = value === '*' ? '"*" includes actions of every service, many of which do not support' : hasWildcard(value) ? `None of the actions "${value}" matches supports` : `"${value}" does not support`;
    // Rule: where the service supports the key on other actions, the action's own entry in the
    // reference data is the only evidence: never more than information (the Deny variants are
    // warnings otherwise). A service that supports the key nowhere, or "*", keeps the severity.
    const service = value === '*' ? undefined : splitAction(value)?.service;
    const perActionOnly = !!service && serviceSupportsEveryKey(ctx.data, service, missing);
    ctx.report(
      valueSpan(node),
      `${what} the tag condition key${missing.length > 1 ? 's' : ''} ${names}, so ${outcome(missing.flatMap(entriesOf), spec.effect, plural)}. Move ${plural ? 'them' : 'it'} to a separate statement without ${missing.length > 1 ? 'these keys' : 'this key'}.`,
      undefined,
      { demote: perActionOnly && spec.findingType !== 'SUGGESTION' },
    );
  }
}

/** Whether the service supports each of the keys (lower case) on some action. */
function serviceSupportsEveryKey(data: IamData, service: string, keysLower: readonly string[]): boolean {
  for (let i = 0; i < keysLower.length; i++) if (!serviceSupportsKey(data, service, keysLower[i])) return false;
  return true;
}
