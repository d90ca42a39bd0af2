/** The IAM reference data layer: table-driven cases for matching and lookups. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { globMatch, templateMatch } from '../server/src/data/wildcard';
import { closest, editDistance } from '../server/src/data/editDistance';
import { parseOperator, allOperatorNames } from '../server/src/data/operators';

const data = getIamData();

test('globMatch', () => {
  const cases: [string, string, boolean][] = [
    ['get*', 'getobject', true],
    ['get*', 'putobject', false],
    ['*object', 'getobject', true],
    ['get?bject', 'getobject', true],
    ['get?bject', 'getbject', false],
    ['*', '', true],
    ['', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*a*a*a*a*a*a*a*b', 'a'.repeat(200), false], // pathological for naive backtracking: still fast
  ];
  for (const [p, t, expected] of cases) assert.equal(globMatch(p, t), expected, `${p} ~ ${t}`);
  assert.equal(globMatch('a'.repeat(2000), 'a'.repeat(2000)), false, 'over-long patterns are refused');
});

test('templateMatch', () => {
  const cases: [string, string, boolean][] = [
    ['aws:requesttag/${tagkey}', 'aws:requesttag/owner', true],
    ['aws:requesttag/${tagkey}', 'aws:requesttag/', false],
    ['aws:tagkeys', 'aws:tagkeys', true],
    ['token.actions.${domain}.ghe.com', 'token.actions.acme.ghe.com', true],
    ['codebuild:secondarysources/${id}.auth.type', 'codebuild:secondarysources/src1.auth.type', true],
    ['codebuild:secondarysources/${id}.auth.type', 'codebuild:secondarysources/src1.auth.resource', false],
  ];
  for (const [tpl, t, expected] of cases) assert.equal(templateMatch(tpl, t), expected, `${tpl} ~ ${t}`);
});

test('services and actions', () => {
  assert.ok(data.listServices().length > 400);
  assert.equal(data.getService('S3')?.prefix, 's3');
  assert.equal(data.getService('cloudformation')?.name, 'AWS CloudFormation', 'not the Cloud Control API that shares its prefix');
  assert.equal(data.findAction('s3', 'getobject')?.name, 'GetObject');
  assert.equal(data.findAction('s3', 'GetObject')?.accessLevel, 'Read');
  assert.equal(data.findAction('s3', 'NoSuchAction'), undefined);
  const a = data.getAction('s3', 'GetObject');
  assert.ok(a && a.description.length > 0);
  assert.ok(a!.resourceTypes.some((r) => r.name === 'object'));
  assert.match(data.getResourceType('s3', 'object')!.arn, /^arn:\$\{Partition\}:s3:::/);
  assert.match(data.date, /^\d{4}-\d{2}-\d{2}$/);
});

test('matchActions', () => {
  const all = data.matchActions('*').length;
  assert.ok(all > 20000, `* matches ${all}`);
  const s3get = data.matchActions('s3:Get*');
  assert.ok(s3get.length > 30 && s3get.every((x) => x.service === 's3' && x.name.startsWith('Get')));
  assert.deepEqual(data.matchActions('S3:GETOBJECT').map((x) => x.name), ['GetObject']);
  assert.equal(data.matchActions('s3:*').length, data.actionNames('s3').length);
  assert.deepEqual(data.matchActions('nosuch:*'), []);
  assert.deepEqual(data.matchActions('GetObject'), [], 'a pattern without a service matches nothing');
  assert.ok(data.matchActions('ec2:Describe?pcs').some((x) => x.name === 'DescribeVpcs'));
});

test('condition keys', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['aws:SourceIp', 'IPAddress', 'aws:SourceIp'],
    ['AWS:sourceip', 'IPAddress', 'aws:SourceIp'],
    ['aws:RequestTag/Owner', 'String', 'aws:RequestTag/${TagKey}'],
    ['aws:PrincipalTag/team', 'String', 'aws:PrincipalTag/${TagKey}'],
    ['aws:TagKeys', 'ArrayOfString', 'aws:TagKeys'],
    ['s3:prefix', 'String', 's3:prefix'],
    ['token.actions.githubusercontent.com:actor', 'String', undefined],
    ['saml:aud', 'String', 'saml:aud'],
    ['s3:ExistingObjectTag/Project', 'String', 's3:ExistingObjectTag/${TagKey}'],
    ['ec2:RoleDelivery', 'Numeric', 'ec2:RoleDelivery'],
    ['aws:NoSuchKey', undefined, undefined],
    ['nosuchservice:key', undefined, undefined],
    ['nocolon', undefined, undefined],
  ];
  for (const [key, type, canonical] of cases) {
    const info = data.getConditionKey(key);
    assert.equal(info?.type, type, key);
    if (canonical) assert.equal(info?.key, canonical, key);
  }
  assert.ok(data.getConditionKey('aws:SourceIp')!.description.length > 10, 'global keys have descriptions');
  assert.equal(data.getConditionKey('aws:TagKeys')!.multivalued, true);
  assert.ok(data.listGlobalConditionKeys().length >= 50);
});

test('did-you-mean', () => {
  assert.equal(editDistance('getobjekt', 'getobject'), 1);
  assert.equal(editDistance('ab', 'ba'), 1, 'transposition counts once');
  assert.deepEqual(data.suggestActions('s3', 'GetObjekt').slice(0, 1), ['GetObject']);
  assert.equal(data.suggestActions('lambda', 'UpdateFunctionConfig')[0], 'UpdateFunctionConfiguration');
  assert.deepEqual(data.suggestServices('dynamodbb').slice(0, 1), ['dynamodb']);
  assert.deepEqual(closest('zzzzzzzz', ['GetObject']), []);
});

test('condition operators', () => {
  const cases: [string, string | undefined, boolean, string | undefined][] = [
    ['StringEquals', 'StringEquals', false, undefined],
    ['StringLikeIfExists', 'StringLike', true, undefined],
    ['ForAnyValue:StringLike', 'StringLike', false, 'ForAnyValue'],
    ['ForAllValues:ArnLikeIfExists', 'ArnLike', true, 'ForAllValues'],
    ['NullIfExists', 'Null', true, undefined],
    ['StringEqual', undefined, false, undefined],
    ['Sometimes:StringEquals', undefined, false, undefined],
  ];
  for (const [raw, base, ifExists, set] of cases) {
    const p = parseOperator(raw);
    assert.equal(p?.base.name, base, raw);
    if (p) {
      assert.equal(p.ifExists, ifExists, raw);
      assert.equal(p.setOperator, set, raw);
    }
  }
  assert.equal(parseOperator('stringequals')?.caseMismatch, true);
  assert.ok(allOperatorNames().includes('ForAnyValue:StringEqualsIgnoreCaseIfExists'));
  assert.ok(!allOperatorNames().includes('NullIfExists'));
});
