/**
 * actionSupportsKey / keyAttachedToActions / serviceSupportsKey (facts/actions.ts) now match a used
 * key against the declared keys read once (lower-cased, templates apart): the answers must be those
 * of the per-call `keys.some(keyMatches)` they replaced, over every action of a sample of services
 * and keys of every kind (exact, templates, tag keys filled in, other services' keys, odd case).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData, type IamData } from '../server/src/data/iamData';
import { templateMatch } from '../server/src/data/wildcard';
import { actionSupportsKey, keyAttachedToActions, serviceSupportsKey } from '../server/src/facts/actions';

function keyMatches(declared: string, usedLower: string): boolean {
  const d = declared.toLowerCase();
  return d === usedLower || (d.includes('${') && templateMatch(d, usedLower));
}

/** What the data says an action supports (its keys, its resource types' keys for it, the types' own keys). */
function declaredKeys(data: IamData, service: string, name: string): string[] {
  const a = data.getAction(service, name);
  if (!a) return [];
  const keys = [...a.conditionKeys];
  for (const r of a.resourceTypes) {
    keys.push(...r.conditionKeys);
    keys.push(...(data.getResourceType(service, r.name)?.conditionKeys ?? []));
  }
  return keys;
}

test('condition-key support answers as the per-call matching did', () => {
  const data = getIamData();
  const services = ['s3', 'ec2', 'iam', 'kms', 'dynamodb', 'sts', 'lambda', 'sqs', 'nosuchservice'];
  const used = new Set<string>(['aws:sourceip', 'aws:requesttag/owner', 'aws:resourcetag/team', 'aws:tagkeys', 's3:prefix', 's3:x-amz-acl', 'ec2:resourcetag/env', 'ec2:region', 'iam:passedtoservice', 'kms:viaservice', 'dynamodb:leadingkeys', 'sts:externalid', 'nosuch:key', 'aws:requesttag/', '']);
  for (const sp of ['s3', 'kms', 'iam']) {
    for (const k of data.listServiceConditionKeys(sp)) {
      used.add(k.key.toLowerCase());
      used.add(k.key.toLowerCase().replace(/\$\{[^}]*\}/g, 'filled'));
    }
  }
  let yes = 0;
  let asked = 0;
  for (const sp of services) {
    const attached = new Set<string>();
    for (const name of data.actionNames(sp)) {
      const keys = declaredKeys(data, sp, name);
      for (const k of keys) attached.add(k.toLowerCase());
      for (const u of used) {
        const want = keys.some((k) => keyMatches(k, u));
        assert.equal(actionSupportsKey(data, sp, name, u), want, `${sp}:${name} ${u}`);
        asked++;
        yes += want ? 1 : 0;
      }
    }
    const serviceKeys = new Set([...attached, ...data.listServiceConditionKeys(sp).map((k) => k.key.toLowerCase())]);
    for (const u of used) {
      assert.equal(keyAttachedToActions(data, sp.toUpperCase(), u), [...attached].some((k) => keyMatches(k, u)), `attached ${sp} ${u}`);
      assert.equal(serviceSupportsKey(data, sp, u), [...serviceKeys].some((k) => keyMatches(k, u)), `service ${sp} ${u}`);
    }
  }
  assert.equal(actionSupportsKey(data, 's3', 'NoSuchAction', 's3:prefix'), false);
  assert.ok(yes > 1000 && asked - yes > 1000, `${yes} of ${asked}`);
});
