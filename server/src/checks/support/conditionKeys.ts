import type { IamData } from '../../data/iamData';
import { lookupConditionKey } from '../../facts';
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
 * (StringEquals, StringLike, …, with set qualifiers or IfExists).
 */
export function conditionStringValues(st: Statement, keys: ReadonlySet<string>): { key: string; operator: string; node: StringNode }[] {
  const out: { key: string; operator: string; node: StringNode }[] = [];
  const cond = st.condition?.value;
  if (!cond || cond.kind !== 'object') return out;
  for (const op of cond.properties) {
    const base = op.key.slice(op.key.indexOf(':') + 1).toLowerCase();
    if (!base.startsWith('string') || op.value.kind !== 'object') continue;
    for (const k of op.value.properties) {
      if (!keys.has(k.key.toLowerCase())) continue;
      for (const node of elementStrings(k.value)) if (!node.parts) out.push({ key: k.key, operator: op.key, node });
    }
  }
  return out;
}
