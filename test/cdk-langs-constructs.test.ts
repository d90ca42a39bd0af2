/**
 * CDK in Java, C# and Go: the constructs the shared walker (extractCommon.extractWith) reads beyond
 * plain statements — PolicyDocument (props, builder, fromJson), Policy/ManagedPolicy statements and
 * documents, inlinePolicies, builder calls on a statement variable (addActions, addResources,
 * addCondition, addPrincipals, addAnyPrincipal, addAllResources, addStatements), fromJson, and
 * principal classes with the conditions they carry. One fixture per language, the same policies.
 * Diagnostics of these files are in test/fixtures/cdk/<lang>/diagnostics/Constructs.* (cdk-langs.test.ts).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { policyJson } from './helpers/policyJson';
import { FIXTURES } from './helpers/fixtures';

const service = new PolicyService();
const FILES: [string, string, 'camel' | 'pascal'][] = [
  ['java', 'Constructs.java', 'camel'],
  ['csharp', 'Constructs.cs', 'pascal'],
  ['go', 'constructs.go', 'pascal'],
];

const json = policyJson;

before(async () => {
  for (const [dir, file] of FILES) assert.ok(await initCdkFor({ uri: `file:///${file}`, text: fs.readFileSync(path.join(FIXTURES, 'cdk', dir, 'diagnostics', file), 'utf8') }));
});

for (const [dir, file, style] of FILES) {
  const m = (s: string): string => (style === 'camel' ? s : s.charAt(0).toUpperCase() + s.slice(1));
  test(`cdk ${dir}: documents, policies, inline policies, builder calls, fromJson and principals`, () => {
    const f = path.join(FIXTURES, 'cdk', dir, 'diagnostics', file);
    const { parse } = service.validate({ uri: `file://${f}`, text: fs.readFileSync(f, 'utf8') });
    const policies = parse.policies.map((p) => ({ label: p.label, type: p.type, doc: json(p.root) as { Statement: Record<string, unknown>[] } }));
    assert.deepEqual(
      policies.map((p) => `${p.label} ${p.type}`),
      [`role.${m('addToPolicy')} identity`, 'assumedBy Worker trust', 'inlinePolicies.Logs identity', 'new Policy Attached identity', 'new ManagedPolicy Readers identity', `role.${m('addToPolicy')} #2 identity`, 'PolicyDocument identity', `bucket.${m('addToResourcePolicy')} resource`, `bucket.${m('addToResourcePolicy')} #2 resource`, 'assumedBy Gh trust', ...(dir === 'java' ? ['assumedBy Saml trust'] : [])],
    );
    const [builder, trust, , attached, , fromJson, , org, anyone, gh] = policies.map((p) => p.doc.Statement);
    // addActions / addResources / addCondition on a variable
    assert.deepEqual(builder[0], { Effect: 'Allow', Action: ['s3:GetObjekt', 's3:ListBucket'], Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } });
    // CompositePrincipal
    assert.deepEqual(trust[0].Principal, { Service: 'lambda.amazonaws.com', AWS: '123456789012' });
    // a document: a statement variable, an inline statement, addStatements with addAllResources
    assert.deepEqual(attached.map((s) => [s.Effect, s.Action ?? s.NotAction, s.Resource]), [
      ['Deny', ['iam:*'], ['*']],
      ['Allow', ['sqs:SendMesage'], ['arn:aws:sqs:us-east-1:123456789012:jobs']],
      ['Allow', ['dynamodb:GetItems'], '*'],
    ]);
    assert.deepEqual(fromJson[0], { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
    // OrganizationPrincipal → "*" with aws:PrincipalOrgID; addAnyPrincipal → "*"
    assert.deepEqual([org[0].Principal, org[0].Condition], [{ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }]);
    assert.deepEqual(anyone[0].Principal, { AWS: '*' });
    // WebIdentityPrincipal: the web identity action and its conditions
    assert.deepEqual([gh[0].Action, gh[0].Condition], [['sts:AssumeRoleWithWebIdentity'], { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/repo:*' } }]);
  });
}

test('cdk java: FederatedPrincipal with its assume action', () => {
  const f = path.join(FIXTURES, 'cdk', 'java', 'diagnostics', 'Constructs.java');
  const { parse } = service.validate({ uri: `file://${f}`, text: fs.readFileSync(f, 'utf8') });
  const saml = parse.policies.find((p) => p.label === 'assumedBy Saml');
  assert.deepEqual((json(saml?.root) as { Statement: unknown[] }).Statement[0], { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:saml-provider/idp' }, Action: ['sts:AssumeRoleWithSAML'] });
});

test('cdk java/c#/go: a statement variable never used keeps its builder calls; a props object we cannot read is left alone', () => {
  const cases: [string, string][] = [
    ['file:///x/A.java', 'import software.amazon.awscdk.services.iam.*;\nclass A { void f(PolicyStatementProps p) { PolicyStatement s = new PolicyStatement(p); PolicyStatement t = new PolicyStatement(); t.addActions("s3:GetObjekt"); } }\n'],
    ['file:///x/A.cs', 'using Amazon.CDK.AWS.IAM;\nclass A { void F(PolicyStatementProps p) { var s = new PolicyStatement(p); var t = new PolicyStatement(); t.AddActions("s3:GetObjekt"); } }\n'],
    ['file:///x/a.go', 'package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\nfunc f(p *awsiam.PolicyStatementProps) { s := awsiam.NewPolicyStatement(p); t := awsiam.NewPolicyStatement(nil); t.AddActions(jsii.String("s3:GetObjekt")) }\n'],
  ];
  for (const [uri, text] of cases) {
    const r = service.validate({ uri, text });
    assert.deepEqual(r.parse.policies.map((p) => json(p.root)), [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt'] }] }], uri);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'INVALID_ACTION').map((d) => text.slice(d.span.offset, d.span.offset + d.span.length)), ['s3:GetObjekt'], uri);
  }
});
