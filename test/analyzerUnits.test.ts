/** Access Analyzer engine pieces without the network: type mapping, placeholders, codes, errors, merge, cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost } from '../server/src/adapters';
import { POLICY_TYPES, type PolicyType, type ValueNode } from '../server/src/model';
import { serializeValue } from '../server/src/model/serialize';
import { accessCheckPolicyType, analyzerLocale, publicAccessResourceType, validatePolicyType, validateResourceType } from '../server/src/analyzer/policyTypes';
import { holePlaceholder, preparePolicy, SUBSTITUTION, unknownPlaceholder } from '../server/src/analyzer/prepare';
import { codeInfo, mapFinding, SentTextIndex } from '../server/src/analyzer/map';
import { classifyError } from '../server/src/analyzer/errors';
import { mergeDiagnostics } from '../server/src/analyzer/merge';
import { ResultCache } from '../server/src/analyzer/client';
import { AA_CHECKS } from '../server/src/analyzer/checksTable';
import { CHECKS } from '../server/src/checks/registry';

test('policy types → policyType; boundary and session are identity policies', () => {
  const expected: Record<PolicyType, string> = {
    identity: 'IDENTITY_POLICY',
    boundary: 'IDENTITY_POLICY',
    session: 'IDENTITY_POLICY',
    resource: 'RESOURCE_POLICY',
    trust: 'RESOURCE_POLICY',
    scp: 'SERVICE_CONTROL_POLICY',
    rcp: 'RESOURCE_CONTROL_POLICY',
  };
  for (const t of POLICY_TYPES) assert.equal(validatePolicyType(t), expected[t], t);
  assert.equal(accessCheckPolicyType('scp'), undefined);
  assert.equal(accessCheckPolicyType('trust'), 'RESOURCE_POLICY');
});

test('validatePolicyResourceType: only the six accepted values, trust always AssumeRolePolicyDocument', () => {
  assert.equal(validateResourceType({ type: 'trust' }), 'AWS::IAM::AssumeRolePolicyDocument');
  assert.equal(validateResourceType({ type: 'resource', resourceType: 'AWS::S3::Bucket' }), 'AWS::S3::Bucket');
  assert.equal(validateResourceType({ type: 'resource', resourceType: 'AWS::DynamoDB::Table' }), 'AWS::DynamoDB::Table');
  assert.equal(validateResourceType({ type: 'resource', resourceType: 'AWS::DynamoDB::Stream' }), undefined, 'access checks only');
  assert.equal(validateResourceType({ type: 'resource' }), undefined);
  assert.equal(validateResourceType({ type: 'identity', resourceType: 'AWS::S3::Bucket' }), undefined);
  assert.equal(publicAccessResourceType({ type: 'resource', resourceType: 'AWS::DynamoDB::Stream' }), 'AWS::DynamoDB::Stream');
  assert.equal(publicAccessResourceType({ type: 'resource', resourceType: 'AWS::SQS::QueuePolicy' }), undefined);
});

test('locales', () => {
  assert.equal(analyzerLocale(undefined), 'EN');
  assert.equal(analyzerLocale('de'), 'DE');
  assert.equal(analyzerLocale('ja-JP'), 'JA');
  assert.equal(analyzerLocale('pt-br'), 'PT_BR');
  assert.equal(analyzerLocale('pt'), 'EN');
  assert.equal(analyzerLocale('zh-tw'), 'ZH_TW');
  assert.equal(analyzerLocale('zh-cn'), 'ZH_CN');
  assert.equal(analyzerLocale('sv'), 'EN');
});

test('hole placeholders follow the ARN segment they stand in', () => {
  const res = ['Statement', 0, 'Resource'];
  assert.equal(holePlaceholder(res, 'arn:'), 'aws');
  assert.equal(holePlaceholder(res, 'arn:aws:'), 'placeholder');
  assert.equal(holePlaceholder(res, 'arn:aws:sqs:'), 'us-east-1');
  assert.equal(holePlaceholder(res, 'arn:aws:sqs:us-east-1:'), '123456789012');
  assert.equal(holePlaceholder(res, 'arn:aws:sqs:us-east-1:123456789012:'), 'placeholder');
  assert.equal(holePlaceholder(res, ''), 'arn:aws:placeholder:::placeholder');
  assert.equal(holePlaceholder(['Statement', 0, 'Principal', 'AWS'], ''), 'arn:aws:iam::123456789012:root');
  assert.equal(holePlaceholder(['Statement', 0, 'Action', 0], 's3:'), 'placeholder');
  assert.equal(unknownPlaceholder(['Version']), '"2012-10-17"');
  assert.equal(unknownPlaceholder(['Statement']), '[]');
  assert.equal(unknownPlaceholder(['Statement', 2]), '{}');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Effect']), '"Allow"');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Action']), '"placeholder:placeholder"');
  assert.equal(unknownPlaceholder(['Statement', 'NotResource', 1]), '"arn:aws:placeholder:::placeholder"');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Principal']), '{"AWS":"arn:aws:iam::123456789012:root"}');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Principal', 'Service']), '"placeholder.amazonaws.com"');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Condition']), '{}');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Condition', 'StringEquals']), '{}');
  assert.equal(unknownPlaceholder(['Statement', 0, 'Condition', 'StringEquals', 'aws:SourceVpc']), '"placeholder"');
  // never a wildcard
  for (const p of [['Statement', 0, 'Resource'], ['Statement', 0, 'Action'], ['Statement', 0, 'Principal'], ['Statement', 0, 'Principal', 'AWS']]) assert.doesNotMatch(unknownPlaceholder(p), /\*/);
});

test('serialize with a substitution: valid JSON, placeholder ranges, first alternative; default output unchanged', () => {
  const span = { offset: 0, length: 0 };
  const partial: ValueNode = { kind: 'string', value: 'arn:${?}:s3:::${?}/*', parts: [{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':s3:::' }, { hole: 'Bucket' }, { text: '/"*' }], span, path: ['Statement', 0, 'Resource'] };
  const r = serializeValue(partial, { substitute: SUBSTITUTION });
  assert.equal(JSON.parse(r.text), 'arn:aws:s3:::placeholder/"*');
  assert.deepEqual(r.placeholders!.map((p) => r.text.slice(p.start, p.end)), ['aws', 'placeholder']);
  const alt: ValueNode = { kind: 'unknown', label: '!If', span, path: ['Statement', 0, 'Effect'], alternatives: [{ kind: 'string', value: 'Deny', span, path: [] }, { kind: 'string', value: 'Allow', span, path: [] }] };
  const a = serializeValue(alt, { substitute: SUBSTITUTION });
  assert.equal(a.text, '"Deny"');
  assert.deepEqual(a.placeholders, []);
  assert.equal(serializeValue(alt).text, '"Allow"', 'without substitution: the longest alternative, as before');
  assert.equal(serializeValue(partial).text, '"arn::s3:::/\\"*"');
  assert.equal(serializeValue(partial).placeholders, undefined);
});

test('a template with intrinsics everywhere still sends valid JSON', () => {
  const host = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: !Ref V
        Statement:
          - !Ref Whole
          - Effect: !If [C, Allow, Deny]
            Action: !Ref Actions
            Resource: [!GetAtt Q.Arn, !Sub 'arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:q']
            Condition: !Ref Cond
`;
  const [policy] = parseHost({ uri: 'file:///t.yaml', text: host }).policies;
  const p = preparePolicy(policy);
  const sent = JSON.parse(p.text);
  assert.equal(sent.Statement[1].Resource[1], 'arn:aws:sqs:us-east-1:123456789012:q');
  assert.equal(sent.Statement[1].Effect, 'Allow');
  assert.ok(p.placeholders.length >= 4);
  assert.equal(p.policyType, 'IDENTITY_POLICY');
});

test('codes: every Access Analyzer code of our checks is in the table with the same link; unknown codes still get a link', () => {
  for (const c of CHECKS) {
    if (c.origin !== 'access-analyzer' || !AA_CHECKS[c.code]) continue;
    assert.equal(codeInfo(c.code).href, c.docs, c.code);
  }
  assert.match(codeInfo('INVALID_ACTION').href, /#access-analyzer-reference-policy-checks-error-invalid-action$/);
  assert.equal(codeInfo('INVALID_ACTION', 'https://docs.aws.amazon.com/x#y').href, 'https://docs.aws.amazon.com/x#y');
  assert.match(codeInfo('BRAND_NEW_CHECK').href, /^https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/access-analyzer-reference-policy-checks\.html$/);
});

test('a finding without link or type takes both from the table; spans are clamped into the host', () => {
  const host = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
  const [policy] = parseHost({ uri: 'file:///p.json', text: host }).policies;
  const index = new SentTextIndex(preparePolicy(policy));
  const [d] = mapFinding(index, { issueCode: 'MISSING_VERSION', locations: [{ span: { start: { offset: 0 }, end: { offset: 1 } } }] }, host);
  assert.equal(d.severity, 'warning');
  assert.match(d.href, /general-warning-missing-version$/);
  assert.equal(d.message, 'Missing version');
  const [u] = mapFinding(index, { locations: [{ span: { start: { offset: 5 }, end: { offset: 99999 } } }] }, host.slice(0, 10));
  assert.equal(u.code, 'ACCESS_ANALYZER_FINDING');
  assert.ok(u.span.offset + u.span.length <= 10);
});

test('error classification', () => {
  const c = (e: unknown) => classifyError(e, 'ValidatePolicy');
  assert.equal(c({ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }).kind, 'no-credentials');
  assert.equal(c({ name: 'TokenProviderError', message: 'The SSO session associated with this profile has expired or is otherwise invalid.' }).kind, 'expired-credentials');
  assert.equal(c({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } }).kind, 'expired-credentials');
  assert.equal(c({ name: 'UnrecognizedClientException' }).kind, 'no-credentials');
  assert.equal(c({ name: 'AccessDeniedException' }).permission, 'access-analyzer:ValidatePolicy');
  assert.equal(c({ name: 'ThrottlingException' }).kind, 'throttled');
  assert.equal(c(Object.assign(new Error('getaddrinfo ENOTFOUND access-analyzer.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' })).kind, 'offline');
  assert.equal(c({ name: 'TimeoutError' }).kind, 'timeout');
  assert.equal(c(new Error('Region is missing')).kind, 'config');
  assert.equal(c({ name: 'ValidationException' }).kind, 'invalid-request');
  assert.equal(c({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } }).kind, 'service');
  assert.equal(c({ name: 'AbortError' }).kind, 'cancelled');
  assert.equal(c('weird').kind, 'unknown');
  const secret = c({ name: 'ValidationException', message: 'policy {"Statement":[...]} AKIASECRET' });
  assert.doesNotMatch(secret.message + (secret.detail ?? ''), /Statement|AKIA/);
});

test('merge: same code at the same range keeps ours (confirmed), everything else kept once', () => {
  const ours = [
    { code: 'INVALID_ACTION', span: { offset: 10, length: 14 }, source: 'iam-policy-author', data: { replacements: ['s3:GetObject'] } },
    { code: 'MISSING_VERSION', span: { offset: 0, length: 1 }, source: 'iam-policy-author' },
  ];
  const aa = (code: string, offset: number, length: number) => ({ code, span: { offset, length }, message: code, severity: 'error' as const, href: 'h', source: 'Access Analyzer' as const, policyLabel: 'p', findingType: 'ERROR' });
  const merged = mergeDiagnostics(ours, [aa('INVALID_ACTION', 11, 12), aa('INVALID_ACTION', 40, 5), aa('REDUNDANT_ACTION', 10, 14)]);
  assert.equal(merged.length, 4);
  assert.deepEqual(merged[0], { ...ours[0], confirmedBy: 'Access Analyzer' });
  assert.deepEqual(merged[1], ours[1]);
  assert.deepEqual(merged.slice(2).map((d) => `${d.code}@${d.span.offset}`), ['INVALID_ACTION@40', 'REDUNDANT_ACTION@10']);
});

test('the result cache is bounded by entries and by characters (LRU)', () => {
  const c = new ResultCache<number>(3, 100);
  for (const k of ['a', 'b', 'c']) c.set(k, 1);
  c.get('a');
  c.set('d', 1);
  assert.equal(c.size, 3);
  assert.equal(c.get('b'), undefined, 'least recently used evicted');
  assert.equal(c.get('a'), 1);
  c.set('x'.repeat(90), 2);
  assert.equal(c.size, 3);
  c.set('z'.repeat(50), 2);
  assert.equal(c.get('x'.repeat(90)), undefined, 'evicted to stay within 100 characters');
  assert.equal(c.get('z'.repeat(50)), 2);
  c.set('y'.repeat(101), 3);
  assert.equal(c.get('y'.repeat(101)), undefined, 'larger than the whole cache: not kept');
});
