/**
 * Access Analyzer engine against a local mock of the REST-JSON API with the REAL SDK client:
 * findings mapped to exact host ranges in a JSON policy file and a CloudFormation YAML template.
 * Every span in a response is computed from the policy text the server received.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AccessAnalyzerServer, fakeAwsEnvironment, spanOf, type ReceivedRequest } from './helpers/accessAnalyzerServer';

fakeAwsEnvironment();

import { parseHost } from '../server/src/adapters';
import { PolicyService } from '../server/src/service';
import { AccessAnalyzer, type AnalyzerDiagnostic } from '../server/src/analyzer';
import type { Span } from '../server/src/model';

let server: AccessAnalyzerServer;
before(async () => {
  server = await AccessAnalyzerServer.start();
});
after(async () => {
  await server.close();
});

const sdkLoaded = () => Object.keys(require.cache).some((k) => k.includes('client-accessanalyzer'));
const text = (host: string, s: Span) => host.slice(s.offset, s.offset + s.length);
const byCode = (ds: AnalyzerDiagnostic[], code: string) => {
  const d = ds.filter((x) => x.code === code);
  assert.equal(d.length, 1, `one ${code}: ${JSON.stringify(ds)}`);
  return d[0];
};
const doc = (req: ReceivedRequest) => req.body.policyDocument as string;
const link = (code: string) => `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${code.toLowerCase()}`;

const JSON_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:GetObjekt"
      ],
      "Resource": "arn:aws:s3:::bucket/home/\${aws:usrname}/*",
      "Condition": {
        "IpAddress": { "aws:SourceIp": "10.0.0.0/8" }
      }
    }
  ]
}
`;

test('nothing is sent and the SDK is not loaded until a method is called', () => {
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const r = new PolicyService().validate({ uri: 'file:///p.json', text: JSON_POLICY });
  assert.ok(r.parse.policies.length === 1);
  assert.ok(aa.locale === 'EN');
  assert.equal(server.requests.length, 0);
  assert.equal(sdkLoaded(), false, 'the SDK module is loaded lazily');
});

test('JSON policy file: findings land on the exact host ranges', async () => {
  server.handler = (req) => {
    const sent = doc(req);
    const st = [{ value: 'Statement' }, { index: 0 }];
    const sub = spanOf(sent, '${aws:usrname}');
    return {
      body: {
        findings: [
          // Statement[0].Action[1], with path and span
          { findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: 'The action s3:GetObjekt does not exist.', learnMoreLink: link('INVALID_ACTION'), locations: [{ path: [...st, { value: 'Action' }, { index: 1 }], span: spanOf(sent, '"s3:GetObjekt"') }] },
          // the condition key itself, then its value
          { findingType: 'WARNING', issueCode: 'KEY_FINDING', findingDetails: 'on the key', learnMoreLink: link('KEY'), locations: [{ path: [...st, { value: 'Condition' }, { value: 'IpAddress' }, { key: 'aws:SourceIp' }], span: spanOf(sent, '"aws:SourceIp"') }] },
          { findingType: 'SUGGESTION', issueCode: 'VALUE_FINDING', findingDetails: 'on the value', learnMoreLink: link('VALUE'), locations: [{ path: [...st, { value: 'Condition' }, { value: 'IpAddress' }, { value: 'aws:SourceIp' }], span: spanOf(sent, '"10.0.0.0/8"') }] },
          // a substring of a string value
          { findingType: 'ERROR', issueCode: 'INVALID_POLICY_VARIABLE', findingDetails: 'unknown variable', learnMoreLink: link('VAR'), locations: [{ path: [...st, { value: 'Resource' }, { substring: { start: sub.start.offset - sent.indexOf('arn:aws:s3'), length: 14 } }], span: sub }] },
          // no location: the policy's first line
          { findingType: 'SECURITY_WARNING', issueCode: 'NO_LOCATION', findingDetails: 'policy level', learnMoreLink: link('NOLOC'), locations: [] },
        ],
      },
    };
  };
  const host = JSON_POLICY;
  const parse = parseHost({ uri: 'file:///p.json', text: host });
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const r = await aa.validate(parse.policies, host);
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.equal(server.to('/policy/validation').length, 1);
  const sent = server.requests[0].body;
  assert.equal(sent.policyType, 'IDENTITY_POLICY');
  assert.equal(sent.locale, 'EN');
  assert.equal(sent.validatePolicyResourceType, undefined);
  assert.equal(sent.policyDocument, JSON.stringify(JSON.parse(host)), 'the minified policy is sent');

  const action = byCode(r.diagnostics, 'INVALID_ACTION');
  assert.deepEqual(action.span, { offset: host.indexOf('"s3:GetObjekt"'), length: '"s3:GetObjekt"'.length });
  assert.equal(action.severity, 'error');
  assert.equal(action.source, 'Access Analyzer');
  assert.equal(action.href, link('INVALID_ACTION'));
  assert.equal(action.policyLabel, parse.policies[0].label);
  assert.equal(action.message, 'The action s3:GetObjekt does not exist.');

  const key = byCode(r.diagnostics, 'KEY_FINDING');
  assert.deepEqual(key.span, { offset: host.indexOf('"aws:SourceIp"'), length: '"aws:SourceIp"'.length });
  assert.equal(key.severity, 'warning');
  const value = byCode(r.diagnostics, 'VALUE_FINDING');
  assert.deepEqual(value.span, { offset: host.indexOf('"10.0.0.0/8"'), length: '"10.0.0.0/8"'.length });
  assert.equal(value.severity, 'info');

  const variable = byCode(r.diagnostics, 'INVALID_POLICY_VARIABLE');
  assert.deepEqual(variable.span, { offset: host.indexOf('${aws:usrname}'), length: '${aws:usrname}'.length });

  const noLoc = byCode(r.diagnostics, 'NO_LOCATION');
  assert.deepEqual(noLoc.span, { offset: 0, length: 1 }, 'first line of the policy: "{"');
  assert.equal(noLoc.severity, 'warning');
});

test('locations given only as a path (no span) map the same way', async () => {
  server.handler = () => ({
    body: {
      findings: [
        { findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: 'x', learnMoreLink: link('A'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }] }] },
        { findingType: 'WARNING', issueCode: 'KEY_FINDING', findingDetails: 'x', learnMoreLink: link('K'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Condition' }, { value: 'ipaddress' }, { key: 'aws:sourceip' }] }] },
        { findingType: 'ERROR', issueCode: 'SUBSTRING', findingDetails: 'x', learnMoreLink: link('S'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }, { substring: { start: 'arn:aws:s3:::bucket/home/'.length, length: 14 } }] }] },
      ],
    },
  });
  const host = JSON_POLICY.replace('"Version": "2012-10-17"', '"Version": "2012-10-17", "Id": "path-only"');
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const r = await aa.validate(parseHost({ uri: 'file:///p.json', text: host }).policies, host);
  assert.equal(r.error, undefined);
  assert.equal(text(host, byCode(r.diagnostics, 'INVALID_ACTION').span), '"s3:GetObjekt"');
  assert.equal(byCode(r.diagnostics, 'INVALID_ACTION').span.offset, host.indexOf('"s3:GetObjekt"'));
  assert.equal(text(host, byCode(r.diagnostics, 'KEY_FINDING').span), '"aws:SourceIp"', 'key names match case-insensitively');
  assert.equal(byCode(r.diagnostics, 'SUBSTRING').span.offset, host.indexOf('${aws:usrname}'));
  assert.equal(text(host, byCode(r.diagnostics, 'SUBSTRING').span), '${aws:usrname}');
});

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action:
              - s3:GetObject
              - s3:GetObjekt
            Resource: !Sub '\${Bucket.Arn}/*'
            Condition:
              StringEquals:
                aws:PrincipalAccount: !Ref AWS::AccountId
`;

test('CloudFormation YAML: exact host ranges, placeholders sent, findings on placeholders are information', async () => {
  server.requests.length = 0;
  server.handler = (req) => {
    const sent = doc(req);
    return {
      body: {
        findings: [
          { findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: 'bad action', learnMoreLink: link('A'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }], span: spanOf(sent, '"s3:GetObjekt"') }] },
          { findingType: 'ERROR', issueCode: 'INVALID_ARN_RESOURCE', findingDetails: 'on the placeholder resource', learnMoreLink: link('R'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }], span: spanOf(sent, '"arn:aws:placeholder:::placeholder/*"') }] },
          { findingType: 'ERROR', issueCode: 'COND_VALUE', findingDetails: 'on a whole unknown value', learnMoreLink: link('C'), locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Condition' }, { value: 'StringEquals' }, { value: 'aws:PrincipalAccount' }], span: spanOf(sent, '"placeholder"') }] },
          { findingType: 'ERROR', issueCode: 'CONDITION_KEY', findingDetails: 'on the key (not a placeholder)', learnMoreLink: link('K'), locations: [{ path: [], span: spanOf(sent, '"aws:PrincipalAccount"') }] },
        ],
      },
    };
  };
  const host = TEMPLATE;
  const parse = parseHost({ uri: 'file:///template.yaml', text: host });
  assert.equal(parse.format, 'cfn-yaml');
  assert.equal(parse.policies.length, 1);
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const r = await aa.validate(parse.policies, host);
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  const body = server.requests[0].body;
  assert.equal(body.policyType, 'RESOURCE_POLICY');
  assert.equal(body.validatePolicyResourceType, 'AWS::S3::Bucket');
  const sent = JSON.parse(body.policyDocument as string);
  assert.deepEqual(sent.Statement[0].Principal, { AWS: 'arn:aws:iam::123456789012:root' }, 'partition and account holes keep the ARN valid');
  assert.equal(sent.Statement[0].Resource, 'arn:aws:placeholder:::placeholder/*');
  assert.equal(sent.Statement[0].Condition.StringEquals['aws:PrincipalAccount'], 'placeholder');

  const action = byCode(r.diagnostics, 'INVALID_ACTION');
  assert.deepEqual(action.span, { offset: host.indexOf('s3:GetObjekt'), length: 's3:GetObjekt'.length });
  assert.equal(action.severity, 'error');
  assert.equal(action.placeholder, undefined);

  const resource = byCode(r.diagnostics, 'INVALID_ARN_RESOURCE');
  assert.equal(resource.severity, 'info');
  assert.equal(resource.placeholder, true);
  assert.deepEqual(resource.span, { offset: host.indexOf("!Sub '${Bucket.Arn}/*'"), length: "!Sub '${Bucket.Arn}/*'".length });

  const cond = byCode(r.diagnostics, 'COND_VALUE');
  assert.equal(cond.severity, 'info');
  assert.deepEqual(cond.span, { offset: host.lastIndexOf('!Ref AWS::AccountId'), length: '!Ref AWS::AccountId'.length });

  const key = byCode(r.diagnostics, 'CONDITION_KEY');
  assert.equal(key.severity, 'error');
  assert.deepEqual(key.span, { offset: host.indexOf('aws:PrincipalAccount'), length: 'aws:PrincipalAccount'.length });
});

test('a trust policy is sent as a resource policy of AWS::IAM::AssumeRolePolicyDocument; SCPs as SERVICE_CONTROL_POLICY', async () => {
  server.requests.length = 0;
  server.handler = () => ({ body: { findings: [] } });
  const trust = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;
  const aa = new AccessAnalyzer({ endpoint: server.url, locale: 'pt-br' });
  await aa.validate(parseHost({ uri: 'file:///t.yaml', text: trust }).policies, trust);
  const scp = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';
  await aa.validate(parseHost({ uri: 'file:///scp.json', text: scp }, { policyType: 'scp' }).policies, scp);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[0].body.policyType, 'RESOURCE_POLICY');
  assert.equal(server.requests[0].body.validatePolicyResourceType, 'AWS::IAM::AssumeRolePolicyDocument');
  assert.equal(server.requests[0].body.locale, 'PT_BR');
  assert.equal(server.requests[1].body.policyType, 'SERVICE_CONTROL_POLICY');
  assert.equal(server.requests[1].body.validatePolicyResourceType, undefined);
});
