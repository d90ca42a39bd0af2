/**
 * False errors found by the real-code sweep (scripts/cdk-sweep.mjs over aws-cdk-lib's own
 * documentation examples in TypeScript, Python, Java, C# and Go), each pinned here.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';

const service = new PolicyService();
/** One Cedar statement per language: [uri, text]. */
const CEDAR = new Map<string, string>([
  ['file:///s/cedar.ts', "import * as iam from 'aws-cdk-lib/aws-iam';\nnew agentcore.Policy(this, 'P', {\n  statement: new agentcore.PolicyStatement({\n    effect: agentcore.PolicyEffect.PERMIT,\n    // broad permission to all principals\n    principal: agentcore.PolicyPrincipal.any(),\n    action: agentcore.PolicyAction.any(),\n  }),\n});\n"],
  ['file:///s/cedar.py', 'import aws_cdk.aws_iam as iam\nagentcore.Policy(self, "P", statement=agentcore.PolicyStatement(effect=agentcore.PolicyEffect.PERMIT, principal=agentcore.PolicyPrincipal.any()))\n'],
  ['file:///s/Cedar.java', 'import software.amazon.awscdk.services.iam.*;\nclass A { void f() { Policy.Builder.create(this, "P").statement(PolicyStatement.Builder.create().effect(PolicyEffect.PERMIT).principal(PolicyPrincipal.any()).build()).build(); } }\n'],
  ['file:///s/Cedar.cs', 'using Amazon.CDK.AWS.IAM;\nclass A { void F() { new Policy(this, "P", new PolicyProps { Statement = new PolicyStatement(new PolicyStatementProps { Effect = PolicyEffect.PERMIT, Principal = PolicyPrincipal.Any() }) }); } }\n'],
  ['file:///s/cedar.go', 'package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\nfunc f() { awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Effect: agentcore.PolicyEffect_PERMIT, Principal: agentcore.PolicyPrincipal_Any()}) }\n'],
]);

before(async () => {
  for (const [uri, text] of CEDAR) assert.ok(await initCdkFor({ uri, text }), uri);
});

test('sweep: Bedrock AgentCore (Cedar) PolicyStatements are not IAM statements, in every language', () => {
  for (const [uri, text] of CEDAR) {
    const r = service.validate({ uri, text });
    assert.deepEqual(r.parse.policies.map((p) => p.label), [], uri);
    assert.deepEqual(r.diagnostics.map((d) => d.code), [], uri);
  }
});

test('sweep: an IAM statement whose comment says "principal:" is still read', () => {
  const text = "import * as iam from 'aws-cdk-lib/aws-iam';\ndeclare const role: iam.Role;\nrole.addToPolicy(new iam.PolicyStatement({\n  // principal: none here\n  actions: ['s3:GetObjekt'],\n  resources: ['*'],\n}));\n";
  assert.deepEqual(service.validate({ uri: 'file:///s/iam.ts', text }).diagnostics.map((d) => d.code), ['INVALID_ACTION']);
});

test('sweep: a policy document given to a kinesis.ResourcePolicy (Python keyword) is a resource policy', async () => {
  const text = 'import aws_cdk.aws_iam as iam\nimport aws_cdk.aws_kinesis as kinesis\ndoc = iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["kinesis:GetRecords"], resources=[stream.stream_arn], principals=[iam.AnyPrincipal()])])\nkinesis.ResourcePolicy(self, "RP", stream=stream, policy_document=doc)\n';
  await initCdkFor({ uri: 'file:///s/kinesis.py', text });
  const r = service.validate({ uri: 'file:///s/kinesis.py', text });
  assert.deepEqual(r.parse.policies.map((p) => `${p.label} ${p.type}`), ['ResourcePolicy.policyDocument resource']);
  assert.ok(!r.diagnostics.some((d) => d.code === 'UNSUPPORTED_PRINCIPAL'), r.diagnostics.map((d) => d.code).join());
});
