/**
 * Speed work of issue #16 (helper Q1): a statement's Action values resolved once
 * (StatementFacts.actionRefs), resource-level support read from the shared action record
 * (IamData.actionHasResourceTypes, wildcardAllResourceLevel). Each fast path must answer exactly
 * what the slow one did. Also REDUNDANT_STATEMENT's equalities, kept for any later prefilter (an
 * outline prefilter was measured and dropped: slower first pass).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData, IamData, type ActionRef } from '../server/src/data/iamData';
import { actionRefOf, hasResourceTypes, statementFacts, wildcardAllResourceLevel } from '../server/src/facts';
import { PolicyService } from '../server/src/service';

const policyOf = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

test('actionRefs: one entry per known Action value, the same answer as actionRefOf', () => {
  const data = getIamData();
  const values = ['s3:GetObject', 'S3:getobject', 's3:Get*', 'nope:GetObject', 's3:NoSuchAction', 'bad', '*', 's3:'];
  const text = policyOf([{ Effect: 'Allow', Action: values, Resource: '*' }]);
  const st = new PolicyService().parse({ uri: 'file:///p.json', text }).policies[0].statements[0];
  const facts = statementFacts(st, data);
  assert.equal(facts.actionRefs.length, facts.actions.length);
  assert.equal(facts.actionRefs.length, values.length);
  facts.actions.forEach((v, i) => assert.equal(facts.actionRefs[i], actionRefOf(data, v.value), v.value));
  assert.ok(facts.actionRefs[0]);
  assert.equal(facts.actionRefs[1], facts.actionRefs[0], 'one shared ref per action, whatever the spelling');
  assert.deepEqual(
    facts.actionRefs.map((r) => r !== undefined),
    [true, true, false, false, false, false, false, false],
  );
  assert.equal(statementFacts(st, data).actionRefs, facts.actionRefs, 'computed once per statement');
});

test('actionHasResourceTypes answers what getAction(...).resourceTypes says, for shared refs and plain objects', () => {
  const data = getIamData();
  let withTypes = 0;
  let without = 0;
  for (const service of ['s3', 'iam', 'ec2', 'sts', 'lambda', 'cloudwatch']) {
    for (const ref of data.matchActions(`${service}:*`)) {
      const slow = (data.getAction(ref.service, ref.name)?.resourceTypes.length ?? 0) > 0;
      assert.equal(data.actionHasResourceTypes(ref), slow, `${ref.service}:${ref.name}`);
      assert.equal(hasResourceTypes(data, ref.service, ref.name), slow);
      const plain: ActionRef = { service: ref.service, name: ref.name, accessLevel: ref.accessLevel };
      assert.equal(data.actionHasResourceTypes(plain), slow, 'a plain ref goes through getAction');
      if (slow) withTypes++;
      else without++;
    }
  }
  assert.ok(withTypes > 0 && without > 0, 'both answers are exercised');
  assert.equal(data.actionHasResourceTypes({ service: 'nope', name: 'X', accessLevel: 'Read' }), false);
});

test('actionHasResourceTypes of a ref from another data instance is answered by this instance', () => {
  const a = getIamData();
  const b = new IamData();
  const ref = a.findAction('s3', 'GetObject')!;
  assert.equal(b.actionHasResourceTypes(ref), (b.getAction('s3', 'GetObject')?.resourceTypes.length ?? 0) > 0);
  assert.equal(b.actionHasResourceTypes(ref), true);
});

test('wildcardAllResourceLevel: matched at least one action and all of them list resource types', () => {
  const data = getIamData();
  for (const pattern of ['s3:Get*', 's3:GetObject*', 's3:List*', 'iam:*Role', 'ec2:Describe*', 'sts:Get*', 'S3:GETOBJECT?', 'nope:*', 's3:Nothing*']) {
    const matched = data.matchActions(pattern);
    const slow = matched.length > 0 && matched.every((m) => hasResourceTypes(data, m.service, m.name));
    assert.equal(wildcardAllResourceLevel(data, pattern), slow, pattern);
    assert.equal(wildcardAllResourceLevel(data, pattern), slow, `${pattern} (memoised)`);
  }
  assert.equal(wildcardAllResourceLevel(data, 'nope:*'), false);
});

function codes(text: string, code: string): number {
  return new PolicyService().validate({ uri: 'file:///p.json', text }, { policyType: 'identity' }).diagnostics.filter((d) => d.code === code).length;
}

test('REDUNDANT_STATEMENT: statements equal up to key order, repeated items and Sid are repeats; same lengths, other text are not', () => {
  const a = { Sid: 'One', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' };
  // Same meaning: other key order, another Sid, a repeated and reordered array.
  const b = { Resource: 'arn:aws:s3:::b/*', Action: ['s3:PutObject', 's3:GetObject', 's3:PutObject'], Effect: 'Allow', Sid: 'TwoLonger' };
  const noSid = { Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: 'arn:aws:s3:::b/*' };
  assert.equal(codes(policyOf([a, b]), 'REDUNDANT_STATEMENT'), 1);
  assert.equal(codes(policyOf([a, noSid]), 'REDUNDANT_STATEMENT'), 1);
  assert.equal(codes(policyOf([a, b, noSid]), 'REDUNDANT_STATEMENT'), 2);
  // Same outline (lengths and kinds), different text: not a repeat.
  const c = { ...a, Resource: 'arn:aws:s3:::c/*' };
  assert.equal(codes(policyOf([a, c]), 'REDUNDANT_STATEMENT'), 0);
  // Different outlines: not a repeat.
  assert.equal(codes(policyOf([a, { ...a, Resource: ['arn:aws:s3:::b/*'] }]), 'REDUNDANT_STATEMENT'), 0);
  assert.equal(codes(policyOf([a, { ...a, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]), 'REDUNDANT_STATEMENT'), 0);
});
