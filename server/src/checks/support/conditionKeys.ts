/** Condition-key helpers shared by the condition checks (rules/conditions/, rules/principals/): key format, unsupported global keys, tag keys without a name, spelling candidates, string values of given keys. */
import type { IamData } from '../../data/iamData';
import { lookupConditionKey, statementFacts } from '../../facts';
import { elementStrings, type Statement, type StringNode } from '../../model';

/** Global keys IAM no longer evaluates, with what to use instead. */
export const UNSUPPORTED_GLOBAL_KEYS: Record<string, string[]> = {
  'aws:arn': ['aws:PrincipalArn', 'aws:SourceArn'],
};

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
  for (const k of keys) {
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
  for (const e of statementFacts(st, data).conditionKeyEntries) {
    if (!keys.has(e.keyLower)) continue;
    const base = e.operator.slice(e.operator.indexOf(':') + 1).toLowerCase();
    if (!base.startsWith('string')) continue;
    for (const node of elementStrings(e.values)) if (!node.parts) out.push({ key: e.key, operator: e.operator, node });
  }
  return out;
}
