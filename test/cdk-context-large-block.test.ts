/**
 * Java / C# / Go CDK: a statement held in a variable gets its policy type from the call its variable
 * is passed to, also in a large block where that call comes long after the declaration (many
 * statements declared first, used afterwards in reverse order). Guards the per-scope use index of
 * extractCommon.ts (one walk per scope instead of one per statement) against changing results.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';

const service = new PolicyService();
const N = 60;
/** Statement i goes to the bucket's resource policy when i % 3 === 0, to the role's identity policy otherwise. */
const toBucket = (i: number): boolean => i % 3 === 0;

interface Lang {
  ext: string;
  marker: string;
  source: () => string;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const LANGS: Lang[] = [
  {
    ext: 'java',
    marker: 'import software.amazon.awscdk.services.iam.*;\n',
    source: () => [
      'import software.amazon.awscdk.services.iam.*;',
      'import software.amazon.awscdk.services.s3.Bucket;',
      'import java.util.List;',
      'public class AppStack extends Stack {',
      '  public AppStack(final Construct scope, final String id) {',
      '    super(scope, id);',
      '    Role role = Role.Builder.create(this, "Worker").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();',
      '    Bucket bucket = new Bucket(this, "Data");',
      ...range(N).map((i) => `    PolicyStatement s${i} = PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::b${i}/*")).build();`),
      '    System.out.println(s0);',
      ...range(N).reverse().map((i) => (toBucket(i) ? `    bucket.addToResourcePolicy(s${i});` : `    role.addToPolicy(s${i});`)),
      '  }',
      '}',
    ].join('\n'),
  },
  {
    ext: 'cs',
    marker: 'using Amazon.CDK.AWS.IAM;\n',
    source: () => [
      'using Amazon.CDK;',
      'using Amazon.CDK.AWS.IAM;',
      'using Amazon.CDK.AWS.S3;',
      'namespace App {',
      '  public class AppStack : Stack {',
      '    internal AppStack(Construct scope, string id) : base(scope, id) {',
      '      var role = new Role(this, "Worker", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });',
      '      var bucket = new Bucket(this, "Data");',
      ...range(N).map((i) => `      var s${i} = new PolicyStatement(new PolicyStatementProps { Actions = new [] { "s3:GetObject" }, Resources = new [] { "arn:aws:s3:::b${i}/*" } });`),
      '      System.Console.WriteLine(s0);',
      ...range(N).reverse().map((i) => (toBucket(i) ? `      bucket.AddToResourcePolicy(s${i});` : `      role.AddToPolicy(s${i});`)),
      '    }',
      '  }',
      '}',
    ].join('\n'),
  },
  {
    ext: 'go',
    marker: 'import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n',
    source: () => [
      'package main',
      'import (',
      '\t"fmt"',
      '\t"github.com/aws/aws-cdk-go/awscdk/v2"',
      '\t"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"',
      '\t"github.com/aws/aws-cdk-go/awscdk/v2/awss3"',
      '\t"github.com/aws/jsii-runtime-go"',
      ')',
      'func NewAppStack(stack awscdk.Stack) {',
      '\trole := awsiam.NewRole(stack, jsii.String("Worker"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})',
      '\tbucket := awss3.NewBucket(stack, jsii.String("Data"), nil)',
      ...range(N).map((i) => `\ts${i} := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("arn:aws:s3:::b${i}/*")})`),
      '\tfmt.Println(s0)',
      ...range(N).reverse().map((i) => (toBucket(i) ? `\tbucket.AddToResourcePolicy(s${i})` : `\trole.AddToPolicy(s${i})`)),
      '}',
    ].join('\n'),
  },
];

before(async () => {
  for (const l of LANGS) assert.equal(await initCdkFor({ uri: `file:///a.${l.ext}`, text: l.marker }), true, `grammar for ${l.ext} loads`);
});

for (const lang of LANGS) {
  test(`cdk ${lang.ext}: statements used through variables in a large block get their context`, () => {
    const text = lang.source();
    const { parse: p } = service.validate({ uri: `file:///large/AppStack.${lang.ext}`, text });
    assert.equal(p.format, `cdk-${lang.ext === 'cs' ? 'csharp' : lang.ext}`);
    // One policy per statement plus the role's trust policy; each statement's policy by its resource.
    const byResource = new Map<number, string>();
    for (const x of p.policies) {
      const m = /arn:aws:s3:::b(\d+)\/\*/.exec(text.slice(x.root.span.offset, x.root.span.offset + x.root.span.length));
      if (m) byResource.set(Number(m[1]), `${x.type}${x.resourceType ? ` ${x.resourceType}` : ''}`);
    }
    assert.equal(p.policies.length, N + 1);
    assert.deepEqual(
      range(N).map((i) => `${i} ${byResource.get(i)}`),
      range(N).map((i) => `${i} ${toBucket(i) ? 'resource AWS::S3::Bucket' : 'identity'}`),
    );
  });
}
