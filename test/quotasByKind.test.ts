/** Issue #15 / #12: the size quota of a policy's real kind, in the checks and in the fix titles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { QUOTAS, quotaOfPolicy } from '../server/src/facts/quotas';

const service = new PolicyService();

const template = (type: string, inline: boolean) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Thing:
    Type: ${type}
    Properties:
${inline ? '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: sqs:Get*\n                Resource: "*"' : '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: sqs:Get*\n            Resource: "*"'}
`;

const CASES: [string, boolean, typeof QUOTAS[keyof typeof QUOTAS]][] = [
  ['AWS::IAM::ManagedPolicy', false, QUOTAS.iamManaged],
  ['AWS::IAM::Role', true, QUOTAS.iamInlineRole],
  ['AWS::IAM::User', true, QUOTAS.iamInlineUser],
  ['AWS::IAM::Group', true, QUOTAS.iamInlineGroup],
  ['AWS::IAM::RolePolicy', false, QUOTAS.iamInlineRole],
  ['AWS::IAM::UserPolicy', false, QUOTAS.iamInlineUser],
  ['AWS::IAM::GroupPolicy', false, QUOTAS.iamInlineGroup],
];

test('the host tells the kind: each CloudFormation IAM resource gets its own quota, named in the fix title', () => {
  for (const [type, inline, quota] of CASES) {
    const text = template(type, inline);
    const doc = { uri: `file:///${type.replace(/:/g, '')}.yaml`, text };
    const { parse } = service.validate(doc);
    assert.equal(parse.policies.length, 1, type);
    assert.deepEqual(quotaOfPolicy(parse.policies[0]), { quota, kindKnown: true }, type);
    const at = text.indexOf('sqs:Get*') + 2;
    const titles = service.codeActions(doc, { span: { offset: at, length: 0 }, diagnostics: [] }).map((a) => a.title);
    const note = ` of the ${quota.short} ${quota.max.toLocaleString('en-US')})`;
    assert.ok(titles.some((t) => t.startsWith('Expand "sqs:Get*"') && t.endsWith(note)), `${type}: ${titles.join('\n')}`);
  }
  assert.equal(QUOTAS.iamInlineRole.short, 'role inline policy quota');
});

test('unknown kind: Access Analyzer\'s identity threshold; a boundary is a managed policy; trust keeps its adjustable default', () => {
  assert.deepEqual(quotaOfPolicy({ type: 'identity' }), { quota: QUOTAS.iamIdentity, kindKnown: false });
  assert.equal(QUOTAS.iamIdentity.max, 10240);
  assert.deepEqual(quotaOfPolicy({ type: 'boundary' }), { quota: QUOTAS.iamManaged, kindKnown: true });
  assert.equal(quotaOfPolicy({ type: 'trust' })?.quota.adjustableTo, 4096);
  assert.equal(quotaOfPolicy({ type: 'resource', resourceType: 'AWS::S3::Bucket' })?.quota, QUOTAS.s3Bucket);
  assert.equal(quotaOfPolicy({ type: 'resource' }), undefined);
  assert.equal(quotaOfPolicy({ type: 'session' }), undefined);
});
