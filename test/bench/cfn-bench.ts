/**
 * CloudFormation benchmark: a generated ~5,000-line YAML template with 150 policies (roles with
 * trust and inline policies, managed policies, bucket/queue policies, SAM functions, intrinsics
 * everywhere) is re-validated after one-character edits. Reports the parse and the full
 * validation (parse + every check) times, which is the server's work per edit.
 * Run: `npm run bench` (when called from bench.ts) or `node out/test/bench/cfn-bench.js`.
 */
import { performance } from 'perf_hooks';
import { median, p95, BENCH_ACTIONS as ACTIONS } from './stats';
import { PolicyService } from '../../server/src/service';

/** A template of about `lines` lines holding `policies` policies. */
export function generateTemplate(policies = 150, lines = 5000): string {
  const out: string[] = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: Generated benchmark template',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    AllowedValues: [dev, prod]',
    'Conditions:',
    '  IsProd: !Equals [!Ref Stage, prod]',
    'Resources:',
  ];
  let count = 0;
  let i = 0;
  const statements = (indent: string, n: number, seed: number): string[] => {
    const s: string[] = [];
    for (let k = 0; k < n; k++) {
      const a1 = ACTIONS[(seed + k) % ACTIONS.length];
      const a2 = ACTIONS[(seed + k + 5) % ACTIONS.length];
      s.push(
        `${indent}- Sid: S${seed}x${k}`,
        `${indent}  Effect: Allow`,
        `${indent}  Action:`,
        `${indent}    - ${a1}`,
        `${indent}    - !If [IsProd, ${a2}, !Ref AWS::NoValue]`,
        `${indent}  Resource:`,
        `${indent}    - !Sub 'arn:\${AWS::Partition}:s3:::bucket-${seed}-\${Stage}/*'`,
        `${indent}    - !GetAtt Bucket${seed}.Arn`,
        `${indent}  Condition:`,
        `${indent}    StringEquals:`,
        `${indent}      aws:ResourceAccount: !Ref AWS::AccountId`,
      );
    }
    return s;
  };
  while (count < policies) {
    const kind = i % 4;
    if (kind === 0 && count + 2 <= policies) {
      out.push(
        `  Role${i}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: {Service: lambda.amazonaws.com}',
        '            Action: sts:AssumeRole',
        '      Policies:',
        `        - PolicyName: inline${i}`,
        '          PolicyDocument:',
        "            Version: '2012-10-17'",
        '            Statement:',
        ...statements('              ', 2, i),
      );
      count += 2;
    } else if (kind === 1) {
      out.push(`  Managed${i}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', ...statements('          ', 3, i));
      count += 1;
    } else if (kind === 2) {
      out.push(
        `  Bucket${i}:`,
        '    Type: AWS::S3::Bucket',
        `  BucketPolicy${i}:`,
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        `      Bucket: !Ref Bucket${i}`,
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Deny',
        "            Principal: '*'",
        '            Action: s3:*',
        `            Resource: [!GetAtt Bucket${i}.Arn, !Sub '\${Bucket${i}.Arn}/*']`,
        '            Condition:',
        "              Bool: {aws:SecureTransport: 'false'}",
      );
      count += 1;
    } else {
      out.push(
        `  Function${i}:`,
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: index.handler',
        '      Runtime: nodejs20.x',
        '      Policies:',
        '        - AWSLambdaBasicExecutionRole',
        '        - DynamoDBReadPolicy: {TableName: !Ref Table}',
        "        - Version: '2012-10-17'",
        '          Statement:',
        ...statements('            ', 2, i),
      );
      count += 1;
    }
    i++;
  }
  // Pad with non-policy resources up to the requested size (templates are mostly not policies).
  let q = 0;
  while (out.length < lines) {
    out.push(`  Queue${q}:`, '    Type: AWS::SQS::Queue', '    Properties:', `      QueueName: !Sub '\${AWS::StackName}-queue-${q}'`, '      VisibilityTimeout: 30', '      Tags:', '        - Key: team', '          Value: platform');
    q++;
  }
  return out.join('\n') + '\n';
}

export function benchCfn(runs = 30): { lines: number; policies: number; parseMs: number; validateMs: number; validateP95Ms: number } {
  const service = new PolicyService(undefined, { cacheFindings: true }); // as the server runs it
  const base = generateTemplate();
  const uri = 'file:///bench/template.yaml';
  // Warm up: IAM data for the services used, JIT.
  for (let w = 0; w < 3; w++) service.validate({ uri, text: base });
  const parseTimes: number[] = [];
  const validateTimes: number[] = [];
  let policies = 0;
  for (let r = 0; r < runs; r++) {
    // A one-character edit inside a policy, as a user typing would make: a new version of the text.
    const at = base.indexOf('Sid: S', (r * 997) % (base.length - 100));
    const text = at > 0 ? base.slice(0, at + 6) + 'Z' + base.slice(at + 6) : base + '#';
    let t = performance.now();
    const parsed = service.parse({ uri, text });
    parseTimes.push(performance.now() - t);
    policies = parsed.policies.length;
    t = performance.now();
    service.validate({ uri, text });
    validateTimes.push(performance.now() - t);
  }
  return { lines: base.split('\n').length - 1, policies, parseMs: median(parseTimes), validateMs: median(validateTimes), validateP95Ms: p95(validateTimes) };
}

export function printCfnBench(): void {
  const r = benchCfn();
  console.log('\nCloudFormation template re-validation after an edit (median of 30 edits)');
  console.table({
    'template lines': r.lines,
    'policies in template': r.policies,
    'parse (YAML → model) (ms)': r.parseMs.toFixed(1),
    'validate: parse + all checks (ms)': r.validateMs.toFixed(1),
    'validate p95 (ms)': r.validateP95Ms.toFixed(1),
    'budget (ms)': 50,
  });
}

if (require.main === module) printCfnBench();
