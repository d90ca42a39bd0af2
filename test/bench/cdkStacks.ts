/**
 * Generated CDK stacks for the CDK bench in Python, Java, C# and Go: the equivalents of
 * `generateCdkStack` (TypeScript, cdk-bench.ts), as far as each language's extractor reads the
 * constructs (docs/cdk.md): a role with an inline statement and a trust principal, a statement in a
 * variable following a shared action list, a bucket resource policy, a managed policy / second
 * statement, a comment and an unrelated construct. About `lines` lines each.
 */
import { BENCH_ACTIONS as ACTIONS } from './stats';

export type BenchLanguage = 'python' | 'java' | 'csharp' | 'go';

interface Template {
  head: string[];
  tail: string[];
  cases: ((i: number, a: string, b: string) => string[])[];
}

const PY: Template = {
  head: [
    'from aws_cdk import Stack, CfnOutput',
    'from aws_cdk import aws_iam as iam',
    'from aws_cdk import aws_s3 as s3',
    'from constructs import Construct',
    '',
    "SHARED_ACTIONS = ['s3:GetObject', 's3:ListBucket']",
    '',
    '',
    'class BenchStack(Stack):',
    '    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:',
    '        super().__init__(scope, construct_id, **kwargs)',
  ],
  tail: [''],
  cases: [
    (i, a, b) => [
      `        bucket${i} = s3.Bucket(self, 'Bucket${i}', versioned=True)`,
      `        role${i} = iam.Role(self, 'Role${i}',`,
      "            assumed_by=iam.ServicePrincipal('lambda.amazonaws.com'),",
      `            description='role ${i}',`,
      '        )',
      `        role${i}.add_to_policy(iam.PolicyStatement(`,
      `            sid='S${i}',`,
      '            effect=iam.Effect.ALLOW,',
      `            actions=['${a}', '${b}'],`,
      `            resources=[bucket${i}.bucket_arn, f'{bucket${i}.bucket_arn}/*'],`,
      '        ))',
    ],
    (i, a) => [
      `        st${i} = iam.PolicyStatement(actions=SHARED_ACTIONS)`,
      `        st${i}.add_resources('arn:aws:s3:::bucket-${i}', 'arn:aws:s3:::bucket-${i}/*')`,
      `        st${i}.add_actions('${a}')`,
      `        st${i}.add_condition('StringEquals', {'aws:RequestedRegion': 'us-east-1'})`,
      `        role${i - 1}.add_to_principal_policy(st${i})`,
    ],
    (i) => [
      `        bucket${i - 2}.add_to_resource_policy(iam.PolicyStatement(`,
      '            effect=iam.Effect.DENY,',
      '            principals=[iam.AnyPrincipal()],',
      "            actions=['s3:*'],",
      `            resources=[bucket${i - 2}.bucket_arn, bucket${i - 2}.arn_for_objects('*')],`,
      "            conditions={'Bool': {'aws:SecureTransport': 'false'}},",
      '        ))',
    ],
    (i, a, b) => [
      `        iam.ManagedPolicy(self, 'Managed${i}',`,
      '            statements=[',
      `                iam.PolicyStatement(actions=['${a}'], resources=['arn:aws:ssm:us-east-1:123456789012:parameter/app/${i}']),`,
      `                iam.PolicyStatement(actions=['${b}'], resources=['*']),`,
      '            ],',
      '        )',
      '        # A comment line between constructs, as real stacks have.',
      `        CfnOutput(self, 'Out${i}', value='x${i}')`,
    ],
  ],
};

const JAVA: Template = {
  head: [
    'package com.bench;',
    '',
    'import java.util.List;',
    'import java.util.Map;',
    '',
    'import software.amazon.awscdk.CfnOutput;',
    'import software.amazon.awscdk.Stack;',
    'import software.amazon.awscdk.services.iam.*;',
    'import software.amazon.awscdk.services.s3.Bucket;',
    'import software.constructs.Construct;',
    '',
    'public class BenchStack extends Stack {',
    '    private static final List<String> SHARED_ACTIONS = List.of("s3:GetObject", "s3:ListBucket");',
    '',
    '    public BenchStack(final Construct scope, final String id) {',
    '        super(scope, id);',
  ],
  tail: ['    }', '}', ''],
  cases: [
    (i, a, b) => [
      `        Bucket bucket${i} = Bucket.Builder.create(this, "Bucket${i}").versioned(true).build();`,
      `        Role role${i} = Role.Builder.create(this, "Role${i}")`,
      '                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))',
      `                .description("role ${i}")`,
      '                .build();',
      `        role${i}.addToPolicy(PolicyStatement.Builder.create()`,
      `                .sid("S${i}")`,
      '                .effect(Effect.ALLOW)',
      `                .actions(List.of("${a}", "${b}"))`,
      `                .resources(List.of(bucket${i}.getBucketArn(), bucket${i}.arnForObjects("*")))`,
      '                .build());',
    ],
    (i, a) => [
      `        PolicyStatement st${i} = new PolicyStatement(PolicyStatementProps.builder()`,
      '                .actions(SHARED_ACTIONS)',
      `                .resources(List.of("arn:aws:s3:::bucket-${i}", "arn:aws:s3:::bucket-${i}/*"))`,
      `                .conditions(Map.of("StringEquals", Map.of("aws:RequestedRegion", "us-east-1")))`,
      '                .build());',
      `        role${i - 1}.addToPrincipalPolicy(st${i});`,
      `        role${i - 1}.addToPolicy(PolicyStatement.Builder.create().actions(List.of("${a}")).resources(List.of("*")).build());`,
    ],
    (i) => [
      `        bucket${i - 2}.addToResourcePolicy(PolicyStatement.Builder.create()`,
      '                .effect(Effect.DENY)',
      '                .principals(List.of(new AnyPrincipal()))',
      '                .actions(List.of("s3:*"))',
      `                .resources(List.of(bucket${i - 2}.getBucketArn(), bucket${i - 2}.arnForObjects("*")))`,
      '                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))',
      '                .build());',
    ],
    (i, a, b) => [
      `        Role other${i} = Role.Builder.create(this, "Other${i}").assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com")).build();`,
      `        other${i}.addToPolicy(PolicyStatement.Builder.create()`,
      `                .actions(List.of("${a}"))`,
      `                .resources(List.of("arn:aws:ssm:us-east-1:123456789012:parameter/app/${i}"))`,
      '                .build());',
      `        other${i}.addToPolicy(PolicyStatement.Builder.create().actions(List.of("${b}")).resources(List.of("*")).build());`,
      '        // A comment line between constructs, as real stacks have.',
      `        CfnOutput.Builder.create(this, "Out${i}").value("x${i}").build();`,
    ],
  ],
};

const CS: Template = {
  head: [
    'using System.Collections.Generic;',
    'using Amazon.CDK;',
    'using Amazon.CDK.AWS.IAM;',
    'using Amazon.CDK.AWS.S3;',
    'using Constructs;',
    '',
    'namespace Bench',
    '{',
    '    public class BenchStack : Stack',
    '    {',
    '        private static readonly string[] SharedActions = { "s3:GetObject", "s3:ListBucket" };',
    '',
    '        internal BenchStack(Construct scope, string id, IStackProps props = null) : base(scope, id, props)',
    '        {',
  ],
  tail: ['        }', '    }', '}', ''],
  cases: [
    (i, a, b) => [
      `            var bucket${i} = new Bucket(this, "Bucket${i}", new BucketProps { Versioned = true });`,
      `            var role${i} = new Role(this, "Role${i}", new RoleProps`,
      '            {',
      '                AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),',
      `                Description = "role ${i}"`,
      '            });',
      `            role${i}.AddToPolicy(new PolicyStatement(new PolicyStatementProps`,
      '            {',
      `                Sid = "S${i}", Effect = Effect.ALLOW,`,
      `                Actions = new [] { "${a}", "${b}" },`,
      `                Resources = new [] { bucket${i}.BucketArn, bucket${i}.ArnForObjects("*") }`,
      '            }));',
    ],
    (i, a) => [
      `            var st${i} = new PolicyStatement(new PolicyStatementProps`,
      '            {',
      '                Actions = SharedActions,',
      `                Resources = new [] { "arn:aws:s3:::bucket-${i}", "arn:aws:s3:::bucket-${i}/*" }`,
      '            });',
      `            role${i - 1}.AddToPrincipalPolicy(st${i});`,
      `            role${i - 1}.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new [] { "${a}" }, Resources = new [] { "*" } }));`,
    ],
    (i) => [
      `            bucket${i - 2}.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps`,
      '            {',
      '                Effect = Effect.DENY,',
      '                Principals = new [] { new AnyPrincipal() },',
      '                Actions = new [] { "s3:*" },',
      `                Resources = new [] { bucket${i - 2}.BucketArn, bucket${i - 2}.ArnForObjects("*") },`,
      '                Conditions = new Dictionary<string, object> { { "Bool", new Dictionary<string, object> { { "aws:SecureTransport", "false" } } } }',
      '            }));',
    ],
    (i, a, b) => [
      `            var other${i} = new Role(this, "Other${i}", new RoleProps { AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com") });`,
      `            other${i}.AddToPolicy(new PolicyStatement(new PolicyStatementProps`,
      '            {',
      `                Actions = new [] { "${a}" },`,
      `                Resources = new [] { "arn:aws:ssm:us-east-1:123456789012:parameter/app/${i}" }`,
      '            }));',
      `            other${i}.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new [] { "${b}" }, Resources = new [] { "*" } }));`,
      '            // A comment line between constructs, as real stacks have.',
      `            new CfnOutput(this, "Out${i}", new CfnOutputProps { Value = "x${i}" });`,
    ],
  ],
};

const GO: Template = {
  head: [
    'package main',
    '',
    'import (',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2"',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2/awss3"',
    '\t"github.com/aws/constructs-go/constructs/v10"',
    '\t"github.com/aws/jsii-runtime-go"',
    ')',
    '',
    'var sharedActions = jsii.Strings("s3:GetObject", "s3:ListBucket")',
    '',
    'func NewBenchStack(scope constructs.Construct, id string) awscdk.Stack {',
    '\tstack := awscdk.NewStack(scope, &id, nil)',
  ],
  tail: ['\treturn stack', '}', ''],
  cases: [
    (i, a, b) => [
      `\tbucket${i} := awss3.NewBucket(stack, jsii.String("Bucket${i}"), &awss3.BucketProps{Versioned: jsii.Bool(true)})`,
      `\trole${i} := awsiam.NewRole(stack, jsii.String("Role${i}"), &awsiam.RoleProps{`,
      '\t\tAssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),',
      `\t\tDescription: jsii.String("role ${i}"),`,
      '\t})',
      `\trole${i}.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
      `\t\tSid:       jsii.String("S${i}"),`,
      '\t\tEffect:    awsiam.Effect_ALLOW,',
      `\t\tActions:   jsii.Strings("${a}", "${b}"),`,
      `\t\tResources: &[]*string{bucket${i}.BucketArn(), bucket${i}.ArnForObjects(jsii.String("*"))},`,
      '\t}))',
    ],
    (i, a) => [
      `\tst${i} := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
      '\t\tActions:   sharedActions,',
      `\t\tResources: jsii.Strings("arn:aws:s3:::bucket-${i}", "arn:aws:s3:::bucket-${i}/*"),`,
      '\t})',
      `\trole${i - 1}.AddToPrincipalPolicy(st${i})`,
      `\trole${i - 1}.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("${a}"), Resources: jsii.Strings("*")}))`,
    ],
    (i) => [
      `\tbucket${i - 2}.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
      '\t\tEffect:     awsiam.Effect_DENY,',
      '\t\tPrincipals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},',
      '\t\tActions:    jsii.Strings("s3:*"),',
      `\t\tResources:  &[]*string{bucket${i - 2}.BucketArn(), bucket${i - 2}.ArnForObjects(jsii.String("*"))},`,
      '\t\tConditions: &map[string]interface{}{"Bool": map[string]*string{"aws:SecureTransport": jsii.String("false")}},',
      '\t}))',
    ],
    (i, a, b) => [
      `\tother${i} := awsiam.NewRole(stack, jsii.String("Other${i}"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("ecs-tasks.amazonaws.com"), nil)})`,
      `\tother${i}.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
      `\t\tActions:   jsii.Strings("${a}"),`,
      `\t\tResources: jsii.Strings("arn:aws:ssm:us-east-1:123456789012:parameter/app/${i}"),`,
      '\t}))',
      `\tother${i}.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("${b}"), Resources: jsii.Strings("*")}))`,
      '\t// A comment line between constructs, as real stacks have.',
      `\tawscdk.NewCfnOutput(stack, jsii.String("Out${i}"), &awscdk.CfnOutputProps{Value: jsii.String("x${i}")})`,
    ],
  ],
};

const TEMPLATES: Record<BenchLanguage, Template> = { python: PY, java: JAVA, csharp: CS, go: GO };

/** A CDK stack of about `lines` lines in `lang`. */
export function generateCdkStackIn(lang: BenchLanguage, lines = 3000): string {
  const t = TEMPLATES[lang];
  const out = [...t.head];
  let i = 0;
  while (out.length < lines - t.tail.length) {
    out.push(...t.cases[i % 4](i, ACTIONS[i % ACTIONS.length], ACTIONS[(i + 5) % ACTIONS.length]));
    i++;
  }
  out.push(...t.tail);
  return out.join('\n');
}

/** Where typing goes in each language: the opening of an action list, and how far into it the first action's text starts. */
export const ACTION_LIST: Record<BenchLanguage | 'typescript', { open: string; skip: number }> = {
  typescript: { open: "actions: ['", skip: 12 },
  python: { open: "actions=['", skip: 11 },
  java: { open: '.actions(List.of("', skip: 19 },
  csharp: { open: 'Actions = new [] { "', skip: 21 },
  go: { open: 'Actions:   jsii.Strings("', skip: 26 },
};
