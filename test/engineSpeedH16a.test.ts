/**
 * Engine speed (#16 part A): the allocation-free data lookups and the memoised matchers answer
 * exactly as before. Shared results are frozen (a caller that mutated one would throw here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { patternCovers, templateMayMatch } from '../server/src/data/arn';
import { PolicyService } from '../server/src/service';

test('findAction/getAction/getResourceType return one shared, frozen object per entry, whatever the spelling', () => {
  const data = getIamData();
  const a = data.findAction('s3', 'GetObject');
  assert.ok(a && Object.isFrozen(a));
  assert.equal(data.findAction('S3', 'getobject'), a);
  assert.deepEqual({ ...a }, { service: 's3', name: 'GetObject', accessLevel: 'Read' });
  const info = data.getAction('s3', 'GetObject');
  assert.ok(info && Object.isFrozen(info) && Object.isFrozen(info.resourceTypes) && Object.isFrozen(info.resourceTypes[0]));
  assert.equal(data.getAction('S3', 'GETOBJECT'), info);
  assert.equal(info.service, 's3');
  assert.throws(() => (info.conditionKeys as string[]).push('x'));
  const rt = data.getResourceType('s3', 'object');
  assert.ok(rt && Object.isFrozen(rt));
  assert.equal(data.getResourceType('S3', 'OBJECT'), rt);
  assert.equal(data.getAction('s3', 'NoSuchAction'), undefined);
  assert.equal(data.findAction('nosuchservice', 'GetObject'), undefined);
  assert.equal(data.matchActions('s3:GetObject')[0], a, 'matchActions hands out the same refs');
  const key = data.getConditionKey('aws:SourceIp');
  assert.ok(key && Object.isFrozen(key));
  assert.equal(data.getConditionKey('aws:SourceIp'), key);
});

test('patternCovers: the prefix* fast path agrees with the general matcher', () => {
  const cases: [string, string, boolean, boolean][] = [
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y', false, true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*', false, true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', false, false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false, false],
    ['s3:get*', 'S3:GetObject', true, true],
    ['S3:Get*', 's3:g?tobject', true, false],
    ['*', 'anything*', false, true],
    // `$` in general: the general matcher decides (a variable of `specific` starting inside the prefix).
    ['arn:aws:s3:::$*', 'arn:aws:s3:::${aws:username}', false, false],
  ];
  for (const [g, s, ci, expected] of cases) assert.equal(patternCovers(g, s, ci), expected, `${g} ⊇ ${s}`);
});

test('templateMayMatch answers the same from its memo as when first computed', () => {
  const pairs: [string, string, boolean][] = [
    ['my-bucket/key', '${BucketName}/${ObjectName}', true],
    ['my-bucket/key', '${BucketName}', false],
    ['us-east-1', '${Region}', true],
    ['*', '${Region}', true],
  ];
  for (let round = 0; round < 3; round++) for (const [u, t, expected] of pairs) assert.equal(templateMayMatch(u, t), expected, `${u} ~ ${t} (round ${round})`);
});

test('action completion is the same on every request (drafts built once per service, never mutated)', () => {
  const service = new PolicyService();
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get"],"Resource":"*"}]}';
  const doc = { uri: 'file:///h16a-completion.json', text, version: 1 };
  const offset = text.indexOf('s3:Get') + 6;
  const first = service.complete(doc, offset);
  const second = service.complete(doc, offset);
  assert.deepEqual(second, first);
  assert.ok(first.items.some((i) => i.label === 's3:GetObject' && i.insertText === 's3:GetObject' && /Read/.test(i.detail ?? '')));
  assert.ok(first.items.some((i) => i.label === 's3:Get*'));
  const other = service.complete({ ...doc, uri: 'file:///h16a-2.json', text: text.replace('s3:Get', 's3:GetObj') }, offset + 3);
  assert.ok(other.items.some((i) => i.label === 's3:GetObj*'), 'the typed-prefix wildcard is per request');
  assert.equal(other.items.filter((i) => i.label === 's3:GetObj*').length, 1);
  assert.equal(service.complete(doc, offset).items.filter((i) => i.label === 's3:GetObj*').length, 0, 'a request does not leak into the shared drafts');
});
