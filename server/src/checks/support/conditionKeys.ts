/** Condition-key helpers shared by the condition checks (rules/conditions/, rules/principals/): key format, unsupported global keys, tag keys without a name, spelling candidates, string values of given keys. */
import type { IamData } from '../../data/iamData';
import { conditionEntries, isRestricting, lookupConditionKey, scalarText, statementFacts, type ConditionEntry } from '../../facts';
import { elementStrings, type Statement, type StringNode } from '../../model';

/** Global keys IAM no longer evaluates, with what to use instead. */
export const UNSUPPORTED_GLOBAL_KEYS: ReadonlyMap<string, string[]> = new Map([['aws:arn', ['aws:PrincipalArn', 'aws:SourceArn']]]);

/** True when a condition key is written as prefix:name with both parts present. */
export function hasKeyFormat(key: string): boolean {
  const colon = key.indexOf(':');
  return colon > 0 && colon < key.length - 1 && !/\s/.test(key.slice(0, colon));
}

const TAG_KEY = /^([^:]+):(ResourceTag|RequestTag|PrincipalTag)\/?$/i;

/** True when a tag condition key (aws:ResourceTag, ec2:RequestTag, …) is written without its /tag-key part. */
export function isTagKeyWithoutName(key: string, data: IamData): boolean {
  const m = TAG_KEY.exec(key);
  if (!m) return false;
  return lookupConditionKey(`${m[1]}:${m[2]}/tag`, data).kind !== 'unknown';
}

/** Candidate spellings for did-you-mean: plain keys, and tag templates filled with the key's own suffix. */
export function keyCandidates(key: string, keys: { key: string }[]): string[] {
  const slash = key.indexOf('/');
  const suffix = slash >= 0 ? key.slice(slash + 1) : '';
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const hole = k.key.indexOf('${');
    if (hole < 0) out.push(k.key);
    else if (suffix) out.push(k.key.slice(0, hole) + suffix);
  }
  return out;
}

/**
 * Fully known string values of condition keys (lower-cased names in `keys`) under string operators
 * (StringEquals, StringLike, …, with set qualifiers or IfExists), read from the statement's facts.
 */
export function conditionStringValues(st: Statement, data: IamData, keys: ReadonlySet<string>): { key: string; operator: string; node: StringNode }[] {
  const out: { key: string; operator: string; node: StringNode }[] = [];
  const conditionKeyEntries = statementFacts(st, data).conditionKeyEntries;
  for (let i = 0; i < conditionKeyEntries.length; i++) {
    const e = conditionKeyEntries[i];
    if (!keys.has(e.keyLower)) continue;
    const base = e.operator.slice(e.operator.indexOf(':') + 1).toLowerCase();
    if (!base.startsWith('string')) continue;
    const strings = elementStrings(e.values);
    for (let j = 0; j < strings.length; j++) {
      const node = strings[j];
      if (!node.parts) out.push({ key: e.key, operator: e.operator, node });
    }
  }
  return out;
}

/**
 * True when the statement's Condition block restricts one of the keys (lower-case; a key ending in
 * "/" matches by prefix, e.g. "aws:principaltag/"): an entry with a positive operator, without
 * `…IfExists`, without `ForAllValues:`, not Null (facts isRestricting). A key tested only with
 * StringNotEquals…, …IfExists or Null leaves the request unrestricted when the key is absent or
 * different, so it does not resolve a "without condition" finding. `accept` may narrow further.
 */
export function hasRestrictingKey(st: Statement, data: IamData, keysLower: readonly string[], accept?: (e: ConditionEntry) => boolean): boolean {
  return conditionEntries(st, data).some((e) => {
    const k = e.keyLower;
    if (!keysLower.some((want) => (want.endsWith('/') ? k.startsWith(want) : k === want))) return false;
    return isRestricting(e) && (!accept || accept(e));
  });
}

/**
 * True when the statement requires MFA: `Bool aws:MultiFactorAuthPresent "true"` (not BoolIfExists,
 * which lets long-term access keys without MFA through), a restricting numeric test of
 * aws:MultiFactorAuthAge, or `Null aws:MultiFactorAuthAge "false"` (the key exists only with MFA).
 */
export function requiresMfa(st: Statement, data: IamData): boolean {
  return conditionEntries(st, data).some((e) => {
    const k = e.keyLower;
    if (k === 'aws:multifactorauthage' && e.operator?.base.name === 'Null') return e.values.length > 0 && e.values.every((v) => scalarText(v)?.toLowerCase() === 'false');
    if (!isRestricting(e)) return false;
    if (k === 'aws:multifactorauthage') return true;
    return k === 'aws:multifactorauthpresent' && e.values.length > 0 && e.values.every((v) => scalarText(v)?.toLowerCase() === 'true');
  });
}
