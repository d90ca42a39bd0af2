/**
 * Speed work of issue #16 (helper ha): StatementFacts.actionServices / actionsMayReach, the early
 * reject of the PassRole/CreateServiceLinkedRole family, PRIVILEGE_ESCALATION and
 * RESOURCE_POLICY_PRIVILEGE_ESCALATION, and notActionRefs (INVALID_ACTION, INVALID_SERVICE_IN_ACTION).
 * A statement the reject skips must be one where no value can cover an action of that service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { actionRefOf, lowerPatternCovers, statementFacts } from '../server/src/facts';
import { PolicyService } from '../server/src/service';

const statementOf = (st: Record<string, unknown>) => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [st] });
  return new PolicyService().parse({ uri: 'file:///p.json', text }).policies[0].statements[0];
};

test('actionServices: distinct lower-case services in first-seen order, or any for a wildcard service part or no colon', () => {
  const data = getIamData();
  const services = (action: unknown) => statementFacts(statementOf({ Effect: 'Allow', Action: action, Resource: '*' }), data).actionServices;
  assert.deepEqual(services(['s3:GetObject', 'S3:PutObject', 'IAM:PassRole', 's3:List*', 'ec2:Run*', 'iam:Get*']), { any: false, services: ['s3', 'iam', 'ec2'] });
  assert.deepEqual(services([]), { any: false, services: [] });
  for (const anyValue of ['*', '*:*', 'i?m:PassRole', 'iam*', 's*:GetObject', 'bad']) assert.equal(services(['s3:GetObject', anyValue]).any, true, anyValue);
  assert.deepEqual(services(['s3:GetObject', ':x']), { any: false, services: ['s3', ''] });
});

test('actionsMayReach is false only when no value covers any action of that service', () => {
  const data = getIamData();
  const values = ['s3:GetObject', 'S3:Put*', 'ec2:RunInstances', 'i?m:PassRole', 'IAM:PASSROLE', 'iam*', '*', 'lambda:*', 'bad', 'kms:'];
  const targets = ['iam:passrole', 'iam:createservicelinkedrole', 'ec2:runinstances', 'lambda:createfunction', 's3:putbucketpolicy', 'sts:assumerole', 'glue:createdevendpoint'];
  for (const v of values) {
    const facts = statementFacts(statementOf({ Effect: 'Allow', Action: [v], Resource: '*' }), data);
    for (const t of targets) {
      if (lowerPatternCovers(v.toLowerCase(), t)) assert.ok(facts.actionsMayReach(t.slice(0, t.indexOf(':'))), `${v} covers ${t}`);
    }
  }
});

test('notActionRefs: one entry per known NotAction value, the same answer as actionRefOf', () => {
  const data = getIamData();
  const values = ['s3:GetObject', 'S3:getobject', 's3:Get*', 'nope:GetObject', 'bad', '*'];
  const facts = statementFacts(statementOf({ Effect: 'Allow', NotAction: values, Resource: '*' }), data);
  assert.equal(facts.notActionRefs.length, values.length);
  facts.notActions.forEach((v, i) => assert.equal(facts.notActionRefs[i], actionRefOf(data, v.value), v.value));
  assert.equal(facts.actionRefs.length, 0);
});
