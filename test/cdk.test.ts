/**
 * AWS CDK source files (TypeScript, JavaScript, Python). Data-driven: every file under
 * test/fixtures/cdk/diagnostics/ has a `.expected` file with all its diagnostics
 * (line:col-line:col severity CODE message); files under partial/ must produce no diagnostics
 * (computed values are never wrong); files under not-cdk/ stay silent.
 * Regenerate with UPDATE_FIXTURES=1 node scripts/test.mjs cdk, then review the diff line by line.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import { parseHost } from '../server/src/adapters';
import { cdkLanguageOf, importsCdk, initCdkFor, parseCdk } from '../server/src/adapters/cdk';
import { treeEdit } from '../server/src/adapters/cdk/runtime';
import { elementStrings, knownString, type ParseResult, type PolicyDocument, type StringNode, type ValueNode } from '../server/src/model';
import { FIXTURES, expectedFor, formatDiagnostics, listFiles } from './helpers/fixtures';

const service = new PolicyService();
const DIR = path.join(FIXTURES, 'cdk');
const isSource = (n: string): boolean => /\.(ts|js|py)$/.test(n);

before(async () => {
  for (const uri of ['file:///a.ts', 'file:///a.js', 'file:///a.py']) {
    const text = uri.endsWith('.py') ? 'import aws_cdk\n' : "import 'aws-cdk-lib';\n";
    assert.equal(await initCdkFor({ uri, text }), true, `grammar for ${uri} loads`);
  }
});

function validate(file: string, text = fs.readFileSync(file, 'utf8')) {
  return { text, ...service.validate({ uri: `file://${file}`, text }) };
}

function parse(text: string, uri: string): ParseResult {
  return parseHost({ uri, text });
}

describe('cdk fixtures: expected diagnostics', () => {
  for (const file of listFiles(path.join(DIR, 'diagnostics'), isSource)) {
    test(path.basename(file), () => {
      const { text, diagnostics, parse: p } = validate(file);
      assert.ok(p.format.startsWith('cdk-'), `${file} is a CDK file (got ${p.format})`);
      const actual = formatDiagnostics(text, diagnostics);
      assert.equal(actual, expectedFor(file, actual));
      for (const d of diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, 'range inside the document');
    });
  }
});

describe('cdk: computed values are partially known, never wrong', () => {
  for (const file of listFiles(path.join(DIR, 'partial'), isSource)) {
    test(path.basename(file), () => {
      const { diagnostics, parse: p } = validate(file);
      assert.ok(p.policies.length >= 2);
      assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
    });
  }
});

describe('cdk: other source files stay silent', () => {
  for (const file of listFiles(path.join(DIR, 'not-cdk'), isSource)) {
    test(path.basename(file), () => {
      const { diagnostics, parse: p } = validate(file);
      assert.equal(p.policies.length, 0);
      assert.deepEqual(diagnostics, []);
    });
  }
  test('recognition: CDK imports only, by a string test', () => {
    assert.equal(importsCdk("import * as iam from 'aws-cdk-lib/aws-iam';", 'typescript'), true);
    assert.equal(importsCdk("const iam = require('@aws-cdk/aws-iam');", 'javascript'), true);
    assert.equal(importsCdk("import { App } from 'aws-cdk-lib';", 'typescript'), true);
    assert.equal(importsCdk("import 'aws-cdk';", 'typescript'), false);
    assert.equal(importsCdk('from aws_cdk import aws_iam as iam', 'python'), true);
    assert.equal(importsCdk('import aws_cdk.aws_iam as iam', 'python'), true);
    assert.equal(importsCdk('# from aws_cdk_x import y\nimport aws_cdkx', 'python'), false);
    assert.equal(cdkLanguageOf({ uri: 'file:///x/types.d.ts', text: '' }), undefined);
    assert.equal(cdkLanguageOf({ uri: 'file:///x/stack.ts', text: '' }), 'typescript');
    assert.equal(cdkLanguageOf({ uri: 'file:///x/app.py', text: '' }), 'python');
    assert.equal(cdkLanguageOf({ uri: 'untitled:1', text: '', languageId: 'javascript' }), 'javascript');
    assert.equal(cdkLanguageOf({ uri: 'file:///x/p.json', text: '' }), undefined);
  });
});

function policiesOf(name: string): PolicyDocument[] {
  const file = path.join(DIR, 'diagnostics', name);
  return parse(fs.readFileSync(file, 'utf8'), `file://${file}`).policies;
}

const summary = (ps: PolicyDocument[]): string[] => ps.map((p) => `${p.label} ${p.type}/${p.typeSource} ${p.resourceType ?? '-'} ${p.statements.length}`);

describe('cdk: policy type from context', () => {
  test('TypeScript', () => {
    assert.deepEqual(summary(policiesOf('stack.ts')), [
      'assumedBy AppRole trust/context AWS::IAM::AssumeRolePolicyDocument 1',
      'role.addToPolicy identity/context - 1',
      'role.addToPrincipalPolicy identity/context - 1',
      'bucket.addToResourcePolicy resource/context AWS::S3::Bucket 1',
      'PolicyStatement identity/inferred - 1',
    ]);
  });
  test('Python', () => {
    assert.deepEqual(summary(policiesOf('stack.py')), [
      'assumedBy AppRole trust/context AWS::IAM::AssumeRolePolicyDocument 1',
      'inlinePolicies.Inline identity/context - 2',
      'role.add_to_policy identity/context - 1',
      'bucket.add_to_resource_policy resource/context AWS::S3::Bucket 1',
      'PolicyStatement identity/inferred - 1',
    ]);
  });
  test('JavaScript', () => {
    assert.deepEqual(summary(policiesOf('stack.js')), ['queue.addToResourcePolicy resource/context - 1', 'new Policy P identity/context - 1', 'PermissionsBoundary boundary/context - 1']);
  });
  test('principals become Principal JSON; a statement with principals and no context is inferred', () => {
    const text = `import * as iam from 'aws-cdk-lib/aws-iam';
const s = new iam.PolicyStatement({
  principals: [new iam.ServicePrincipal('sns.amazonaws.com'), new iam.AccountRootPrincipal(), new iam.OrganizationPrincipal('o-abc123'), new iam.FederatedPrincipal('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'x' } }, 'sts:AssumeRoleWithWebIdentity')],
  actions: ['sqs:SendMessage'],
  resources: ['*'],
});
s.addAnyPrincipal();
`;
    const [p] = parse(text, 'file:///p.ts').policies;
    assert.equal(p.type, 'resource');
    const pr = p.statements[0].principal!.value;
    assert.equal(pr.kind, 'object');
    if (pr.kind !== 'object') return;
    assert.deepEqual(pr.properties.map((x) => x.key), ['Service', 'AWS', 'Federated']);
    const aws = elementStrings(pr.properties[1].value).map((s) => s.value);
    assert.deepEqual(aws, ['arn:${?}:iam::${?}:root', '*', '*']);
    const cond = p.statements[0].condition!.value;
    assert.equal(cond.kind === 'object' && cond.properties.map((c) => c.key).join(','), 'StringEquals');
    const se = cond.kind === 'object' ? cond.properties[0].value : undefined;
    assert.deepEqual(se?.kind === 'object' && se.properties.map((c) => c.key), ['aws:PrincipalOrgID', 'cognito-identity.amazonaws.com:aud']);
  });
  test('trust: assumedBy with a web identity principal uses sts:AssumeRoleWithWebIdentity', () => {
    const text = `from aws_cdk import aws_iam as iam\nrole = iam.Role(self, "R", assumed_by=iam.WebIdentityPrincipal("cognito-identity.amazonaws.com", {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:x"}}))\n`;
    const [p] = parse(text, 'file:///t.py').policies;
    assert.equal(p.type, 'trust');
    assert.deepEqual(elementStrings(p.statements[0].action!.value).map((s) => s.value), ['sts:AssumeRoleWithWebIdentity']);
    assert.ok(p.statements[0].condition);
  });
});

function strings(p: PolicyDocument, el: 'action' | 'resource'): StringNode[] {
  return p.statements.flatMap((s) => elementStrings(s[el]?.value));
}

describe('cdk: values', () => {
  test('TypeScript: literals known with content spans, computed values partial', () => {
    const file = path.join(DIR, 'partial', 'values.ts');
    const text = fs.readFileSync(file, 'utf8');
    const [p] = parse(text, `file://${file}`).policies;
    const actions = elementStrings(p.statements[0].action!.value);
    assert.equal(knownString(actions[0]), 's3:GetObject');
    const vs = actions[0].valueSpan!;
    assert.equal(text.slice(vs.offset, vs.offset + vs.length), 's3:GetObject');
    const items = p.statements[0].action!.value.kind === 'array' ? p.statements[0].action!.value.items : [];
    assert.equal(items[1].kind, 'unknown', 'a spread of an unknown array is unknown');
    const res = strings(p, 'resource');
    assert.deepEqual(res.map((r) => r.parts ? r.parts.map((x) => ('text' in x ? x.text : '?')).join('') : `=${r.value}`), ['?/*', 'arn:aws:s3:::?/*', 'arn:?:dynamodb:?:?:table/T']);
  });
  test('a local const array is followed one level, ranges at the literal', () => {
    const file = path.join(DIR, 'diagnostics', 'stack.ts');
    const text = fs.readFileSync(file, 'utf8');
    const p = parse(text, `file://${file}`).policies[1];
    const a = elementStrings(p.statements[0].action!.value);
    assert.deepEqual(a.map((s) => s.value), ['s3:GetObjekt', 's3:ListBucket']);
    assert.equal(text.slice(a[0].span.offset, a[0].span.offset + a[0].span.length), "'s3:GetObjekt'");
    assert.ok(text.slice(0, a[0].span.offset).includes('const READ_ACTIONS'));
  });
  test('Python strings: prefixes, quotes, concatenation, f-strings', () => {
    const file = path.join(DIR, 'partial', 'values.py');
    const text = fs.readFileSync(file, 'utf8');
    const ps = parse(text, `file://${file}`).policies;
    const second = strings(ps[1], 'action');
    assert.deepEqual(second.map((s) => knownString(s)), ['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    for (const s of second) assert.equal(text.slice(s.valueSpan!.offset, s.valueSpan!.offset + s.valueSpan!.length), s.value);
    const res = strings(ps[0], 'resource');
    const concat = res.find((r) => r.value.startsWith('arn:aws:s3:::my'));
    assert.equal(knownString(concat as ValueNode), 'arn:aws:s3:::my-bucket/*');
    assert.equal(concat!.valueSpan, undefined, 'no 1:1 span for concatenated literals');
    const f = strings(ps[1], 'resource')[0];
    assert.deepEqual(f.parts, [{ text: 'arn:aws:s3:::' }, { hole: 'bucket.bucket_name' }, { text: '/*' }]);
  });
  test('escapes decode and drop the 1:1 span', () => {
    const text = `import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.PolicyStatement({ actions: ['s3:Get\\u004fbject'], resources: ["*"] });\n`;
    const [p] = parse(text, 'file:///e.ts').policies;
    const [a] = elementStrings(p.statements[0].action!.value);
    assert.equal(knownString(a), 's3:GetObject');
    assert.equal(a.valueSpan, undefined);
  });
  test('builder calls merge into the statement; a lone builder call is its own list', () => {
    const file = path.join(DIR, 'diagnostics', 'stack.ts');
    const p = parse(fs.readFileSync(file, 'utf8'), `file://${file}`).policies[2];
    assert.deepEqual(elementStrings(p.statements[0].action!.value).map((s) => s.value), ['sqs:SendMesage', 'sqs:GetQueueUrl']);
    assert.deepEqual(elementStrings(p.statements[0].resource!.value).map((s) => s.value), ['arn:aws:sqs:us-east-1:123456789012:queue']);
  });
});

describe('cdk: incremental re-parse', () => {
  test('parseCdk with the previous tree and an edit gives the same policies as a full parse', () => {
    const file = path.join(DIR, 'diagnostics', 'stack.ts');
    const text = fs.readFileSync(file, 'utf8');
    const first = parseCdk({ uri: 'file:///i.ts', text });
    const at = text.indexOf('s3:GetObjekt') + 's3:GetObje'.length;
    const next = text.slice(0, at) + 'c' + text.slice(at + 1);
    const inc = parseCdk({ uri: 'file:///i.ts', text: next }, { tree: first.tree!, text }, treeEdit(text, next, at, at + 1, at + 1));
    const full = parseCdk({ uri: 'file:///i.ts', text: next });
    const strip = (r: ParseResult): string => JSON.stringify(r.policies.map((p) => [p.label, p.statements.map((s) => elementStrings(s.action?.value).map((x) => [x.value, x.span]))]));
    assert.equal(strip(inc), strip(full));
    assert.ok(strip(inc).includes('s3:GetObject'));
    first.tree!.delete();
    inc.tree!.delete();
    full.tree!.delete();
  });
  test('the adapter re-parses a document incrementally from its last text', () => {
    const text = "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.PolicyStatement({ actions: ['s3:GetObjekt'], resources: ['*'] });\n";
    const uri = 'file:///inc.ts';
    const codes = (t: string): string[] => service.validate({ uri, text: t }).diagnostics.map((d) => d.code);
    assert.ok(codes(text).includes('INVALID_ACTION'));
    assert.ok(!codes(text.replace('Objekt', 'Object')).includes('INVALID_ACTION'));
    assert.ok(codes(text.replace('Objekt', 'Objekx')).includes('INVALID_ACTION'));
  });
});

describe('cdk: hostile input never throws', () => {
  for (const [name, text] of [
    ['deep nesting', `import 'aws-cdk-lib';\nnew PolicyStatement({ actions: ${'['.repeat(3000)}'a'${']'.repeat(3000)} });\n`],
    ['unclosed', "import 'aws-cdk-lib';\nnew iam.PolicyStatement({ actions: ['s3:Get"],
    ['NULs', "import 'aws-cdk-lib';\n\u0000new iam.PolicyStatement({\u0000actions: ['\u0000'] });"],
    ['self reference', "import 'aws-cdk-lib';\nconst A = [...A];\nnew iam.PolicyStatement({ actions: A, resources: [...A] });"],
    ['python garbage', 'import aws_cdk\niam.PolicyStatement(actions=[, resources=(((\n'],
  ] as const) {
    test(name, () => {
      const uri = name.startsWith('python') ? 'file:///h.py' : 'file:///h.ts';
      const r = service.validate({ uri, text });
      for (const d of r.diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length);
      assert.ok(!r.diagnostics.some((d) => d.code === 'INTERNAL_ERROR'), JSON.stringify(r.diagnostics));
    });
  }
});

describe('cdk: CDK_BROAD_MANAGED_POLICY', () => {
  const text = "import * as iam from 'aws-cdk-lib/aws-iam';\niam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess');\niam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess');\niam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2FullAccess');\n";
  test('a warning on broad names only, at the name', () => {
    const r = service.validate({ uri: 'file:///m.ts', text });
    assert.deepEqual(r.diagnostics.map((d) => `${d.severity} ${d.code} ${text.slice(d.span.offset, d.span.offset + d.span.length)}`), [
      'warning CDK_BROAD_MANAGED_POLICY PowerUserAccess',
      'warning CDK_BROAD_MANAGED_POLICY service-role/AmazonEC2FullAccess',
    ]);
  });
  test('turned off by code', () => {
    assert.deepEqual(service.validate({ uri: 'file:///m.ts', text }, { rules: { CDK_BROAD_MANAGED_POLICY: 'off' } }).diagnostics, []);
  });
});
