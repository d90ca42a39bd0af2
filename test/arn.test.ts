/** ARN parsing, matching against reference ARN formats, and pattern coverage: table-driven. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import {
  arnMatchesFormat,
  arnMayDenote,
  isAccountId,
  isKnownArnService,
  parseArn,
  patternCovers,
  resourceTypesForArn,
  servicesForArnSegment,
  templateMayMatch,
  type ParsedArn,
} from '../server/src/data/arn';
import type { StringPart } from '../server/src/model';

const data = getIamData();

function arnOf(v: string | StringPart[]): ParsedArn {
  const r = parseArn(v);
  assert.equal(r.kind, 'arn', `expected an ARN: ${JSON.stringify(v)}`);
  return (r as { kind: 'arn'; arn: ParsedArn }).arn;
}

test('parseArn: kinds', () => {
  const cases: [string | StringPart[], string][] = [
    ['*', 'star'],
    ['arn:aws:s3:::bucket', 'arn'],
    ['ARN:aws:s3:::bucket', 'arn'],
    ['arn:aws:s3:::', 'arn'],
    ['s3:::bucket', 'no-prefix'],
    ['bucket/*', 'no-prefix'],
    ['', 'no-prefix'],
    ['arn:aws:s3', 'missing-fields'],
    ['arn:aws:iam::123456789012', 'missing-fields'],
    // a hole may supply the prefix or hide colons: never "no prefix" or "missing fields"
    [[{ hole: 'BucketArn' }, { text: '/*' }], 'arn'],
    [[{ text: 'arn:aws:s3:::' }, { hole: 'Bucket' }], 'arn'],
    [[{ text: 'arn:' }, { hole: 'Rest' }], 'arn'],
    // only colon-free pseudo parameters keep the split certain, so too few fields is still known
    [[{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':s3' }], 'missing-fields'],
  ];
  for (const [v, kind] of cases) assert.equal(parseArn(v).kind, kind, JSON.stringify(v));
});

test('parseArn: fields, variables with colons, holes', () => {
  const a = arnOf('arn:aws:s3:::bucket/${aws:username}/*');
  assert.deepEqual([a.partition.text, a.service.text, a.region.text, a.account.text, a.resource.text], ['aws', 's3', '', '', 'bucket/${aws:username}/*']);
  assert.equal(a.resource.wild, true);
  assert.equal(a.service.wild, false);
  assert.equal(a.resource.offset, 'arn:aws:s3:::'.length);

  const logs = arnOf('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*');
  assert.equal(logs.resource.text, 'log-group:/aws/lambda/x:*', 'the resource keeps its colons');

  const pseudo = arnOf([{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':s3:::' }, { hole: 'Bucket' }, { text: '/*' }]);
  assert.equal(pseudo.partition.hole, true);
  assert.equal(pseudo.partition.uncertain, false);
  assert.equal(pseudo.service.text, 's3');
  assert.equal(pseudo.service.uncertain, false, 'a pseudo parameter cannot shift the fields');
  assert.equal(pseudo.resource.uncertain, true, 'fields after an arbitrary hole are uncertain');

  const unknown = arnOf([{ hole: 'TableArn' }, { text: '/index/*' }]);
  for (const f of [unknown.partition, unknown.service, unknown.region, unknown.account, unknown.resource]) assert.equal(f.uncertain, true);
});

test('templateMayMatch (user glob vs reference template)', () => {
  const cases: [string, string, boolean][] = [
    ['bucket/key', '${BucketName}/${ObjectName}', true],
    ['bucket', '${BucketName}/${ObjectName}', false],
    ['bucket*', '${BucketName}/${ObjectName}', true],
    ['*', '${BucketName}/${ObjectName}', true],
    ['', '${Region}', true],
    ['', '', true],
    ['us-east-1', '', false],
    ['*', '', true],
    ['role/admin', 'role/${RoleNameWithPath}', true],
    ['Role/admin', 'role/${RoleNameWithPath}', true], // case-insensitive: conservative
    ['user/admin', 'role/${RoleNameWithPath}', false],
    ['r?le/admin', 'role/${RoleNameWithPath}', true],
    ['table/${aws:username}', 'table/${TableName}', true],
    ['instance/i-1', 'instance/${InstanceId}', true],
    ['volume/*', 'instance/${InstanceId}', false],
    ['aws', 'aws', true],
  ];
  for (const [u, t, expected] of cases) assert.equal(templateMayMatch(u, t), expected, `${u} ~ ${t}`);
  // long inputs stay fast and are not judged
  assert.equal(templateMayMatch('a*'.repeat(1500), 'b'), true);
});

test('arnMatchesFormat and resourceTypesForArn', () => {
  const obj = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  assert.equal(arnMatchesFormat(arnOf('arn:aws:s3:::b/k'), obj), true);
  assert.equal(arnMatchesFormat(arnOf('arn:aws:s3:::b'), obj), false);
  assert.equal(arnMatchesFormat(arnOf('arn:aws:s3:us-east-1::b/k'), obj), false);
  assert.equal(arnMatchesFormat(arnOf([{ text: 'arn:aws:s3:::' }, { hole: 'Bucket' }]), obj), true, 'a hole matches anything');

  const names = (s: string) => resourceTypesForArn(data, arnOf(s)).map((r) => `${r.service}:${r.name}`).sort();
  assert.deepEqual(names('arn:aws:s3:::my-bucket'), ['s3:bucket']);
  assert.ok(names('arn:aws:s3:::my-bucket/*').includes('s3:object'));
  assert.ok(names('arn:aws:iam::123456789012:role/x').includes('iam:role'));
  assert.deepEqual(names('arn:aws:iam::123456789012:nothing/x'), []);
  assert.ok(names('arn:aws:dynamodb:us-east-1:123456789012:table/t').includes('dynamodb:table'));
});

test('template placeholders: no "/" unless the last one names a path or free-form id', () => {
  const cases: [string, string, boolean][] = [
    // The issue: an object ARN is not a bucket ARN.
    ['my-bucket/key', '${BucketName}', false],
    ['my-bucket/*', '${BucketName}', false],
    ['my-bucket*', '${BucketName}', true], // the user's `*` still matches anything, "/" included
    ['*/key', '${BucketName}', false], // whatever `*` stands for, the "/" is literal
    ['my-bucket/a/b.txt', '${BucketName}/${ObjectName}', true],
    ['role/team/app/admin', 'role/${RoleNameWithPath}', true],
    ['parameter/prod/db/url', 'parameter/${ParameterNameWithoutLeadingSlash}', true],
    ['secret:prod/db-AbCdEf', 'secret:${SecretId}', true],
    ['repository/team/app', 'repository/${RepositoryName}', true],
    ['alias/aws/s3', 'alias/${Alias}', true],
    ['topic/sensors/temp', 'topic/${TopicName}', true],
    ['abc123/prod/GET/pets/1', '${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}', true],
    ['container/c/folder/file', 'container/${ContainerName}/${ObjectPath}', true],
    ['widget/a/b', 'widget/${ResourceId}', true],
    ['widget/a/b', 'widget/${Id}', true],
    // A placeholder that is not the last one never spans a "/" …
    ['table/a/b/index/i', 'table/${TableName}/index/${IndexName}', false],
    ['table/t/index/i', 'table/${TableName}/index/${IndexName}', true],
    ['instance/i-1/x', 'instance/${InstanceId}', false],
    // … except a log group name, which holds slashes wherever it stands.
    ['log-group:/aws/lambda/f:log-stream:2024/01/01/x', 'log-group:${LogGroupName}:log-stream:${LogStreamName}', true],
    ['log-group:/aws/lambda/f', 'log-group:${LogGroupName}', true],
    // policy variables and `?` are the user's: they match "/" too
    ['${aws:username}', '${BucketName}', true],
    ['b?k', '${BucketName}', true],
  ];
  for (const [u, t, expected] of cases) assert.equal(templateMayMatch(u, t), expected, `${u} ~ ${t}`);
  const names = (s: string) => resourceTypesForArn(data, arnOf(s)).map((r) => `${r.service}:${r.name}`).sort();
  assert.ok(!names('arn:aws:s3:::my-bucket/key').includes('s3:bucket'), 'an object ARN is not a bucket');
  assert.ok(names('arn:aws:s3:::my-bucket/key').includes('s3:object'));
  assert.ok(names('arn:aws:s3:::my-bucket*').includes('s3:bucket'));
  assert.ok(names('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:x').includes('logs:log-stream'));
});

test('arnMayDenote: a Resource value (whole string) against a resource type ARN format', () => {
  const bucket = 'arn:${Partition}:s3:::${BucketName}';
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  const cases: [string, string, boolean][] = [
    ['arn:aws:s3:::my-bucket', bucket, true],
    ['arn:aws:s3:::my-bucket', object, false],
    ['arn:aws:s3:::my-bucket/*', object, true],
    ['arn:aws:s3:::my-bucket/*', bucket, false],
    ['arn:aws:s3:::my-bucket/a/b.txt', object, true],
    ['arn:aws:s3:::*', object, true],
    ['arn:aws:s3:::*', bucket, true],
    ['*', bucket, true],
    ['arn:aws:iam::123456789012:role/a/b', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', true],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/T', bucket, false],
    ['arn:aws:s3:us-east-1::my-bucket', bucket, false],
    ['arn:*', bucket, true],
    ['not-an-arn', bucket, false],
  ];
  for (const [u, t, expected] of cases) assert.equal(arnMayDenote(u, t), expected, `${u} ~ ${t}`);
});

test('ARN service segments', () => {
  assert.deepEqual(servicesForArnSegment(data, 's3'), ['s3']);
  assert.equal(isKnownArnService(data, 's3'), true);
  assert.equal(isKnownArnService(data, 'S3'), true);
  assert.equal(isKnownArnService(data, 'nosuchservice'), false);
});

test('isAccountId', () => {
  const cases: [string, boolean][] = [
    ['123456789012', true],
    ['12345678901', false],
    ['1234567890123', false],
    ['12345678901a', false],
    ['', false],
  ];
  for (const [s, expected] of cases) assert.equal(isAccountId(s), expected, s);
});

test('patternCovers', () => {
  const cases: [string, string, boolean, boolean][] = [
    // general, specific, case-insensitive, expected
    ['arn:aws:iam::1:role/jane*', 'arn:aws:iam::1:role/jane-admin', false, true],
    ['arn:aws:iam::1:role/jane*', 'arn:aws:iam::1:role/bob', false, false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', false, true],
    ['arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/*', false, false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false, false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/?', false, true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}', false, true],
    ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/${aws:username}', false, false],
    ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${aws:username}/x', false, true],
    ['arn:aws:s3:::B/*', 'arn:aws:s3:::b/x', false, false],
    ['iam:get*', 'iam:GetCredentialReport', true, true],
    ['iam:*credentialreport', 'iam:Get*', true, false],
    ['*', 'anything*', true, true],
  ];
  for (const [g, s, ci, expected] of cases) assert.equal(patternCovers(g, s, ci), expected, `${g} ⊇ ${s}`);
});

// ---- checks on partially known values (CloudFormation !Sub, CDK template literals) -----------

import { buildPolicyDocument, type PolicyType, type ValueNode } from '../server/src/model';
import { runChecks } from '../server/src/checks/registry';
import { GRAMMAR_CHECKS } from '../server/src/checks/rules/grammar';
import { ARN_CHECKS } from '../server/src/checks/rules/arn';
import { PRINCIPALS_CHECKS } from '../server/src/checks/rules/principals';
import { REDUNDANCY_CHECKS } from '../server/src/checks/rules/redundancy';
import { SIZE_CHECKS } from '../server/src/checks/rules/size';
import { CONDITIONS_CHECKS } from '../server/src/checks/rules/conditions';

const sp = { offset: 0, length: 0 };
const str = (value: string): ValueNode => ({ kind: 'string', value, span: sp, path: [] });
const partial = (...parts: StringPart[]): ValueNode => ({
  kind: 'string',
  value: parts.map((p) => ('text' in p ? p.text : '${?}')).join(''),
  parts,
  span: sp,
  path: [],
});
const obj = (props: Record<string, ValueNode>): ValueNode => ({
  kind: 'object',
  span: sp,
  path: [],
  properties: Object.entries(props).map(([key, value]) => ({ key, keySpan: sp, span: sp, path: [key], value })),
});
const arr = (...items: ValueNode[]): ValueNode => ({ kind: 'array', items, span: sp, path: [] });

function grammarFindings(statement: ValueNode, type: PolicyType): string[] {
  const doc = buildPolicyDocument(obj({ Version: str('2012-10-17'), Statement: arr(statement) }), { type, label: 't', hostPath: [] });
  const codes = new Set([...GRAMMAR_CHECKS, ...ARN_CHECKS, ...PRINCIPALS_CHECKS, ...REDUNDANCY_CHECKS, ...SIZE_CHECKS, ...CONDITIONS_CHECKS].map((c) => c.code));
  return runChecks(doc, data)
    .filter((f) => codes.has(f.code))
    .map((f) => `${f.code}`);
}

test('grammar checks report nothing caused only by unknown parts', () => {
  const holeArns: ValueNode[] = [
    partial({ hole: 'BucketArn' }, { text: '/*' }),
    partial({ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':s3:::' }, { hole: 'Bucket' }, { text: '/*' }),
    partial({ text: 'arn:aws:dynamodb:' }, { hole: 'AWS::Region' }, { text: ':' }, { hole: 'AWS::AccountId' }, { text: ':table/' }, { hole: 'Table' }),
    partial({ text: 'arn:aws:iam::' }, { hole: 'AWS::AccountId' }, { text: ':role/' }, { hole: 'RoleName' }),
    partial({ text: 'arn:aws:sqs:' }, { hole: 'AWS::Region' }, { text: ':' }, { hole: 'AWS::AccountId' }, { text: ':' }, { hole: 'QueueName' }),
    partial({ text: 'arn:' }, { hole: 'Rest' }),
    { kind: 'unknown', label: '!GetAtt Bucket.Arn', span: sp, path: [] },
  ];
  const st = obj({
    Effect: str('Allow'),
    Action: arr(str('s3:GetObject'), str('dynamodb:GetItem'), str('iam:GetRole'), str('sqs:SendMessage')),
    Resource: arr(...holeArns),
  });
  assert.deepEqual(grammarFindings(st, 'identity'), []);

  const principalHoles = obj({
    Effect: str('Allow'),
    Principal: obj({ AWS: partial({ text: 'arn:aws:iam::' }, { hole: 'AWS::AccountId' }, { text: ':root' }), Service: partial({ hole: 'ServiceName' }, { text: '.amazonaws.com' }) }),
    Action: str('sqs:SendMessage'),
    Resource: partial({ text: 'arn:aws:sqs:us-east-1:123456789012:' }, { hole: 'Queue' }),
    Sid: partial({ hole: 'SidName' }),
  });
  assert.deepEqual(grammarFindings(principalHoles, 'resource'), []);
});

test('grammar checks still judge the known parts of a partial value', () => {
  // The region field is fully known and wrong; the hole is elsewhere.
  const st = obj({
    Effect: str('Allow'),
    Action: str('iam:GetRole'),
    Resource: partial({ text: 'arn:aws:iam:us-east-1:' }, { hole: 'AWS::AccountId' }, { text: ':role/app' }),
  });
  assert.deepEqual(grammarFindings(st, 'identity'), ['ARN_REGION_NOT_ALLOWED']);
});
