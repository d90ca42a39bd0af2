/**
 * cdk-iam-floyd statements in TypeScript, JavaScript and Python (extractFloyd.ts): each `to…()`
 * names an action of the class's service (through the reference data), allow/deny, on/onAllResources
 * (or floyd's implicit "*"), for… principals, if… conditions, access-level sets, chains inside
 * documents and policies. Expected diagnostics: test/fixtures/cdk/diagnostics/floyd.{ts,js,py}.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { floydNames, floydServicePrefix } from '../server/src/adapters/cdk/extractFloyd';
import { codeActions, applyTextEdits } from '../server/src/features/codeActions';
import { policyJson } from './helpers/policyJson';
import { FIXTURES } from './helpers/fixtures';

const service = new PolicyService();
const DIR = path.join(FIXTURES, 'cdk', 'diagnostics');

const json = policyJson;

before(async () => {
  for (const f of ['floyd.ts', 'floyd.py', 'floyd.js']) assert.ok(await initCdkFor({ uri: `file:///${f}`, text: fs.readFileSync(path.join(DIR, f), 'utf8') }));
});

const read = (f: string): { text: string; r: ReturnType<PolicyService['validate']> } => {
  const text = fs.readFileSync(path.join(DIR, f), 'utf8');
  return { text, r: service.validate({ uri: `file://${path.join(DIR, f)}`, text }) };
};

test('floyd: class names map to service prefixes through the reference data', () => {
  const cases: [string, string][] = [['S3', 's3'], ['Ec2', 'ec2'], ['Dynamodb', 'dynamodb'], ['ExecuteApi', 'execute-api'], ['ApigatewayV2', 'apigateway'], ['SesV2', 'ses'], ['AwsMarketplaceCatalog', 'aws-marketplace'], ['SmsVoiceV2', 'sms-voice'], ['Iam', 'iam']];
  for (const [cls, prefix] of cases) assert.equal(floydServicePrefix(service.data, cls), prefix, cls);
});

test('floyd: a class matched only by the start of its name never makes an action an error', () => {
  // Iot1click is no service of the reference data; its start, iot, is: its actions stay unknown.
  const text = "import * as statement from 'cdk-iam-floyd';\nimport * as iam from 'aws-cdk-lib/aws-iam';\ndeclare const role: iam.Role;\nrole.addToPolicy(new statement.Iot1click().toClaimDevicesByClaimCode().on('*'));\nrole.addToPolicy(new statement.Iot().toClaimDevicesByClaimCod().on('*'));\n";
  const r = service.validate({ uri: 'file:///x/iot1click.ts', text });
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'INVALID_ACTION').map((d) => text.slice(d.span.offset, d.span.offset + d.span.length)), ['toClaimDevicesByClaimCod']);
});

test('floyd: imports recognised (namespace, named, require, Python module and from-import)', () => {
  assert.deepEqual([...floydNames("import * as statement from 'cdk-iam-floyd';")!.namespaces], ['statement']);
  assert.deepEqual([...floydNames("const { S3, Kms: Keys } = require('cdk-iam-floyd');")!.classes], [['S3', 'S3'], ['Keys', 'Kms']]);
  assert.deepEqual([...floydNames("import { S3 as Bucket } from 'iam-floyd';")!.classes], [['Bucket', 'S3']]);
  assert.deepEqual([...floydNames('import cdk_iam_floyd as statement\n')!.namespaces], ['statement']);
  assert.deepEqual([...floydNames('from cdk_iam_floyd import S3, Ec2\n')!.classes.keys()], ['S3', 'Ec2']);
  assert.equal(floydNames("import * as iam from 'aws-cdk-lib/aws-iam';"), undefined);
});

test('floyd (TypeScript): statements, contexts, implicit "*", conditions, access-level sets, documents', () => {
  const { r } = read('floyd.ts');
  const ps = r.parse.policies.map((p) => ({ label: `${p.label} ${p.type}`, st: (json(p.root) as { Statement: Record<string, unknown>[] }).Statement }));
  assert.deepEqual(ps.map((p) => p.label), ['assumedBy Worker trust', 'role.addToPolicy identity', 'role.addToPolicy #2 identity', 'role.addToPolicy #3 identity', 'role.addToPolicy #4 identity', 'bucket.addToResourcePolicy resource', 'new ManagedPolicy Ops identity']);
  assert.deepEqual(ps[1].st, [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjekt'], Resource: ['arn:aws:s3:::data/*'] }]);
  assert.deepEqual(ps[2].st, [{ Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' }]);
  assert.deepEqual(ps[3].st, [{ Effect: 'Deny', Action: ['dynamodb:DeleteTable'], Resource: ['*'], Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:MultiFactorAuthPresent': false } } }]);
  const sqs = ps[4].st[0].Action as string[];
  assert.ok(sqs.includes('sqs:ReceiveMessage') && sqs.includes('sqs:GetQueueUrl') && !sqs.includes('sqs:SendMessage'), sqs.join());
  assert.equal(sqs[sqs.length - 1], 'sqs:Delete*');
  assert.deepEqual(ps[5].st, [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['s3:ListBucket'], Resource: ['?'] }]);
  assert.deepEqual(ps[6].st.map((s) => s.Action), [['ec2:DescribeInstances'], ['execute-api:Invoke']]);
});

test('floyd (Python, JavaScript): snake_case methods, named and aliased classes', () => {
  const py = read('floyd.py').r.parse.policies.map((p) => json(p.root) as { Statement: Record<string, unknown>[] });
  assert.deepEqual(py[1].Statement[0].Action, ['s3:GetObject', 's3:GetObjekt']);
  assert.deepEqual(py[3].Statement[0].Condition, { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
  const js = read('floyd.js').r.parse.policies.map((p) => json(p.root) as { Statement: Record<string, unknown>[] });
  assert.deepEqual(js[2].Statement[0].Action, ['kms:Decrypt', 'kms:Decrpyt']);
});

test('floyd: a diagnostic points at the method name; no fix rewrites the method as a string', () => {
  const { text, r } = read('floyd.ts');
  const d = r.diagnostics.find((x) => x.code === 'INVALID_ACTION')!;
  assert.equal(text.slice(d.span.offset, d.span.offset + d.span.length), 'toGetObjekt');
  const actions = codeActions(text, r.parse, service.data, { span: d.span, diagnostics: [{ code: d.code, span: d.span, data: d.data, message: d.message }] });
  for (const a of actions) {
    const out = applyTextEdits(text, a.edits ?? []);
    assert.ok(!/\.("|')s3:GetObject\1/.test(out) && !/\.s3:GetObject/.test(out), `a fix writes a string where the method was: ${a.title}`);
  }
});

test('floyd: without a floyd import, look-alike calls are not statements', () => {
  const text = "import * as iam from 'aws-cdk-lib/aws-iam';\nconst statement = { S3: class {} };\nnew iam.Role(this, 'R', { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new (statement.S3 as any)().toGetObjekt());\n";
  const r = service.validate({ uri: 'file:///x/lookalike.ts', text });
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'INVALID_ACTION'), []);
});

test('floyd: an edit inside a chain re-validates incrementally like a fresh parse', () => {
  const { text } = read('floyd.ts');
  const uri = 'file:///inc/floyd.ts';
  service.validate({ uri, text, version: 1 });
  const edited = text.replace('toPassRole()', 'toPassRole().toGetRol()');
  const inc = service.validate({ uri, text: edited, version: 2 });
  const fresh = service.validate({ uri: 'file:///fresh/floyd.ts', text: edited });
  const shape = (x: typeof inc): string => JSON.stringify(x.diagnostics.map((d) => [d.code, d.span.offset, d.span.length]));
  assert.equal(shape(inc), shape(fresh));
  assert.ok(inc.diagnostics.some((d) => d.code === 'INVALID_ACTION' && edited.slice(d.span.offset, d.span.offset + d.span.length) === 'toGetRol'));
  service.close(uri);
});
