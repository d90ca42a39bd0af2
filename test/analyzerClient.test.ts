/**
 * Access Analyzer client behaviour with the REAL SDK against the local mock: paging, throttling
 * (retried, then exhausted), access denied, malformed responses, no credentials, offline, the
 * result cache, the concurrency limit, cancellation, the endpoint env variable, and the
 * CheckNoNewAccess / CheckNoPublicAccess calls.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'net';
import { AccessAnalyzerServer, awsError, fakeAwsEnvironment, spanOf } from './helpers/accessAnalyzerServer';

fakeAwsEnvironment();

import { parseHost } from '../server/src/adapters';
import { AccessAnalyzer } from '../server/src/analyzer';
import type { PolicyDocument } from '../server/src/model';

let server: AccessAnalyzerServer;
before(async () => {
  server = await AccessAnalyzerServer.start();
});
after(async () => {
  await server.close();
});

function reset(): void {
  server.requests.length = 0;
  server.maxInFlight = 0;
}

const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*" }]\n}\n';
const policies = (text = POLICY, uri = 'file:///p.json'): PolicyDocument[] => parseHost({ uri, text }).policies;
const finding = (sent: string, code: string, needle: string) => ({ findingType: 'WARNING', issueCode: code, findingDetails: code, learnMoreLink: 'https://example.invalid/' + code, locations: [{ path: [], span: spanOf(sent, needle) }] });

test('paging: nextToken is followed and the query carries it', async () => {
  reset();
  server.handler = (req) => {
    const sent = req.body.policyDocument as string;
    const token = req.query.get('nextToken');
    if (!token) return { body: { findings: [finding(sent, 'PAGE_ONE', '"s3:GetObject"')], nextToken: 'token-2' } };
    if (token === 'token-2') return { body: { findings: [finding(sent, 'PAGE_TWO', '"s3:PutObject"')], nextToken: 'token-3' } };
    return { body: { findings: [finding(sent, 'PAGE_THREE', '"*"')] } };
  };
  const r = await new AccessAnalyzer({ endpoint: server.url }).validate(policies(), POLICY);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['PAGE_ONE', 'PAGE_TWO', 'PAGE_THREE']);
  assert.deepEqual(server.requests.map((q) => q.query.get('nextToken')), [null, 'token-2', 'token-3']);
  assert.equal(POLICY.slice(r.diagnostics[1].span.offset, r.diagnostics[1].span.offset + r.diagnostics[1].span.length), '"s3:PutObject"');
});

test('a server repeating its nextToken is a malformed response, not a loop', async () => {
  reset();
  server.handler = () => ({ body: { findings: [], nextToken: 'same' } });
  const r = await new AccessAnalyzer({ endpoint: server.url }).validate(policies(), POLICY);
  assert.equal(r.error?.kind, 'malformed-response');
  assert.equal(server.requests.length, 2);
});

test('throttling is retried by the SDK; when retries are exhausted the error says so', async () => {
  reset();
  let n = 0;
  server.handler = () => (n++ === 0 ? awsError(429, 'ThrottlingException', 'Rate exceeded') : { body: { findings: [] } });
  const ok = await new AccessAnalyzer({ endpoint: server.url }).validate(policies(), POLICY);
  assert.equal(ok.error, undefined);
  assert.equal(server.requests.length, 2, 'one retry');

  reset();
  server.handler = () => awsError(429, 'ThrottlingException', 'Rate exceeded');
  const r = await new AccessAnalyzer({ endpoint: server.url, maxAttempts: 2 }).validate(policies(), POLICY);
  assert.equal(server.requests.length, 2);
  assert.equal(r.error?.kind, 'throttled');
  assert.equal(r.error?.retryable, true);
  assert.deepEqual(r.failed, [policies()[0].label]);
});

test('AccessDenied names the missing permission; messages never contain policy text', async () => {
  reset();
  server.handler = (req) => awsError(403, 'AccessDeniedException', `User is not authorized: ${req.body.policyDocument}`);
  const r = await new AccessAnalyzer({ endpoint: server.url }).validate(policies(), POLICY);
  assert.equal(r.error?.kind, 'access-denied');
  assert.equal(r.error?.permission, 'access-analyzer:ValidatePolicy');
  assert.match(r.error!.message, /access-analyzer:ValidatePolicy/);
  assert.doesNotMatch(JSON.stringify(r.error), /GetObject|Statement/);
  assert.equal(r.diagnostics.length, 0);
});

test('a malformed body is a malformed-response error', async () => {
  reset();
  server.handler = () => ({ body: '{"findings": [ this is not json' });
  const r1 = await new AccessAnalyzer({ endpoint: server.url, maxAttempts: 1 }).validate(policies(), POLICY);
  assert.equal(r1.error?.kind, 'malformed-response', JSON.stringify(r1.error));
  server.handler = () => ({ body: { notFindings: true } });
  const r2 = await new AccessAnalyzer({ endpoint: server.url, maxAttempts: 1 }).validate(policies(), POLICY);
  assert.equal(r2.error?.kind, 'malformed-response', JSON.stringify(r2.error));
});

test('no credentials: classified before anything is sent', async () => {
  reset();
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  try {
    const r = await new AccessAnalyzer({ endpoint: server.url, profile: 'no-such-profile' }).validate(policies(), POLICY);
    assert.equal(r.error?.kind, 'no-credentials', JSON.stringify(r.error));
    assert.equal(server.requests.length, 0);
  } finally {
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  }
});

test('offline (connection refused) is classified', async () => {
  // a port that was free a moment ago: nothing listens there
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const r = await new AccessAnalyzer({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 }).validate(policies(), POLICY);
  assert.equal(r.error?.kind, 'offline', JSON.stringify(r.error));
});

test('results are cached by policy text, type, resource type and locale', async () => {
  reset();
  server.handler = (req) => ({ body: { findings: [finding(req.body.policyDocument as string, 'CACHED', '"s3:GetObject"')] } });
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const a = await aa.validate(policies(), POLICY);
  // same policy text written differently (whitespace) → same sent text → cache hit, spans re-mapped
  const other = POLICY.replace('{ "Effect"', '{\n    "Effect"');
  const b = await aa.validate(policies(other), other);
  assert.equal(server.requests.length, 1);
  assert.equal(b.cached, 1);
  assert.equal(other.slice(b.diagnostics[0].span.offset, b.diagnostics[0].span.offset + 14), '"s3:GetObject"');
  assert.notEqual(a.diagnostics[0].span.offset, b.diagnostics[0].span.offset);
  // another policy type or locale is another request
  await aa.validate(parseHost({ uri: 'file:///p.json', text: POLICY }, { policyType: 'scp' }).policies, POLICY);
  await new AccessAnalyzer({ endpoint: server.url, locale: 'ja' }).validate(policies(), POLICY);
  assert.equal(server.requests.length, 3);
  assert.equal(server.requests[2].body.locale, 'JA');
  // failures are not cached
  reset();
  server.handler = () => awsError(403, 'AccessDeniedException');
  const denied = new AccessAnalyzer({ endpoint: server.url });
  await denied.validate(policies(), POLICY);
  await denied.validate(policies(), POLICY);
  assert.equal(server.requests.length, 2);
});

test('at most maxConcurrency requests are in flight across policies', async () => {
  reset();
  const texts = [0, 1, 2, 3, 4, 5].map((i) => `{"Version":"2012-10-17","Statement":[{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`);
  // Each answer is held; one is released (the oldest) only when a second request is in flight,
  // all of them when the last one arrived. With the limit, in-flight never exceeds 2; without it,
  // the held requests pile up.
  const held: (() => void)[] = [];
  server.handler = () => {
    const gate = new Promise<void>((resolve) => held.push(resolve));
    if (server.requests.length === texts.length) held.splice(0).forEach((r) => r());
    else if (server.inFlight >= 2) held.shift()!();
    return { hold: gate, body: { findings: [] } };
  };
  const aa = new AccessAnalyzer({ endpoint: server.url, maxConcurrency: 2 });
  const all = texts.flatMap((t, i) => policies(t, `file:///p${i}.json`));
  const r = await aa.validate(all, '');
  assert.equal(r.error, undefined);
  assert.equal(r.checked, 6);
  assert.equal(server.requests.length, 6);
  assert.equal(server.maxInFlight, 2);
});

test('cancellation: an aborted signal sends nothing; aborting in flight returns cancelled', async () => {
  reset();
  const aa = new AccessAnalyzer({ endpoint: server.url, maxConcurrency: 1 });
  const pre = new AbortController();
  pre.abort();
  const r0 = await aa.validate(policies(), POLICY, pre.signal);
  assert.equal(r0.error?.kind, 'cancelled');
  assert.equal(server.requests.length, 0);

  const ctl = new AbortController();
  let arrived!: () => void;
  const seen = new Promise<void>((resolve) => (arrived = resolve));
  server.handler = () => {
    arrived();
    return { hold: new Promise(() => undefined), body: { findings: [] } };
  };
  const two = [...policies(), ...policies(POLICY.replace('s3:PutObject', 's3:ListBucket'), 'file:///q.json')];
  const pending = aa.validate(two, POLICY, ctl.signal);
  await seen;
  ctl.abort();
  const r = await pending;
  assert.equal(r.error?.kind, 'cancelled');
  assert.equal(r.diagnostics.length, 0);
  assert.equal(server.requests.length, 1, 'the queued second policy was never sent');
});

test('AWS_ENDPOINT_URL_ACCESSANALYZER is honoured when no endpoint option is given', async () => {
  reset();
  server.handler = () => ({ body: { findings: [] } });
  process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = server.url;
  try {
    const r = await new AccessAnalyzer({}).validate(policies(), POLICY);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, '/policy/validation');
    assert.match(String(server.requests[0].headers.authorization), /^AWS4-HMAC-SHA256 Credential=test-access-key\//);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_ACCESSANALYZER;
  }
});

const BUCKET_POLICY = `Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: Own
            Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: s3:GetObject
            Resource: arn:aws:s3:::b/*
          - Sid: Public
            Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: arn:aws:s3:::b/*
`;

test('CheckNoPublicAccess and CheckNoNewAccess: requests, reasons at statement ranges, errors', async () => {
  reset();
  server.handler = (req) => {
    if (req.path === '/policy/check-no-public-access') return { body: { result: 'FAIL', message: 'public', reasons: [{ description: 'public read', statementIndex: 1, statementId: 'Public' }] } };
    if (req.path === '/policy/check-no-new-access') return { body: { result: 'PASS', message: 'no new access', reasons: [] } };
    return awsError(404, 'ResourceNotFoundException');
  };
  const aa = new AccessAnalyzer({ endpoint: server.url });
  const [policy] = parseHost({ uri: 'file:///t.yaml', text: BUCKET_POLICY }).policies;
  const pub = await aa.checkNoPublicAccess(policy, BUCKET_POLICY);
  assert.equal(pub.error, undefined, JSON.stringify(pub.error));
  assert.equal(pub.result, 'FAIL');
  assert.equal(pub.placeholders, true);
  assert.equal(server.requests[0].body.resourceType, 'AWS::S3::Bucket');
  assert.equal(JSON.parse(server.requests[0].body.policyDocument as string).Statement[0].Principal.AWS, 'arn:aws:iam::123456789012:root');
  const reason = pub.reasons[0];
  assert.equal(reason.statementId, 'Public');
  assert.ok(BUCKET_POLICY.slice(reason.span.offset, reason.span.offset + reason.span.length).startsWith('Sid: Public'));

  const json = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
  const [identity] = policies(json);
  const nna = await aa.checkNoNewAccess(identity, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', json);
  assert.equal(nna.result, 'PASS');
  assert.equal(nna.placeholders, false);
  const req = server.to('/policy/check-no-new-access')[0];
  assert.equal(req.body.policyType, 'IDENTITY_POLICY');
  assert.equal(req.body.newPolicyDocument, json);

  // unsupported: nothing is sent
  const before = server.requests.length;
  const noType = await aa.checkNoPublicAccess(identity, json);
  assert.equal(noType.error?.kind, 'unsupported');
  const [scp] = parseHost({ uri: 'file:///s.json', text: json }, { policyType: 'scp' }).policies;
  assert.equal((await aa.checkNoNewAccess(scp, json, json)).error?.kind, 'unsupported');
  assert.equal(server.requests.length, before);

  // the same error handling as ValidatePolicy
  server.handler = () => awsError(403, 'AccessDeniedException');
  const denied = await new AccessAnalyzer({ endpoint: server.url }).checkNoPublicAccess(policy, BUCKET_POLICY);
  assert.equal(denied.error?.kind, 'access-denied');
  assert.equal(denied.error?.permission, 'access-analyzer:CheckNoPublicAccess');
});

/** A transport whose calls the test resolves by hand (deterministic concurrency and cancellation). */
function manualTransport() {
  const calls: { policy: string; resolve: () => void; signal?: AbortSignal }[] = [];
  let active = 0;
  let maxActive = 0;
  const transport = {
    validatePolicy: (input: { policyDocument: string }, signal?: AbortSignal) =>
      new Promise<never[]>((resolve, reject) => {
        active++;
        maxActive = Math.max(maxActive, active);
        const done = () => {
          active--;
          resolve([]);
        };
        calls.push({ policy: input.policyDocument, resolve: done, signal });
        signal?.addEventListener('abort', () => {
          active--;
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      }),
    checkNoNewAccess: () => Promise.reject(new Error('unused')),
    checkNoPublicAccess: () => Promise.reject(new Error('unused')),
  };
  return { transport, calls, stats: () => ({ active, maxActive }) };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

test('the concurrency limit holds across policies and across calls (manual transport)', async () => {
  const m = manualTransport();
  const aa = new AccessAnalyzer({ transport: m.transport, maxConcurrency: 2 });
  const texts = [0, 1, 2, 3, 4].map((i) => `{"Version":"2012-10-17","Statement":[{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`);
  const first = aa.validate(texts.slice(0, 3).flatMap((t) => policies(t)), '');
  const second = aa.validate(texts.slice(3).flatMap((t) => policies(t)), '');
  await flush();
  assert.equal(m.calls.length, 2);
  m.calls[0].resolve();
  await flush();
  assert.equal(m.calls.length, 3);
  assert.equal(m.stats().active, 2);
  for (let i = 1; i < 5; i++) {
    m.calls[i]?.resolve();
    await flush();
  }
  assert.equal((await first).checked, 3);
  assert.equal((await second).checked, 2);
  assert.equal(m.stats().maxActive, 2);
});

test('cancellation removes queued calls and aborts the running one (manual transport)', async () => {
  const m = manualTransport();
  const aa = new AccessAnalyzer({ transport: m.transport, maxConcurrency: 1 });
  const ctl = new AbortController();
  const texts = [0, 1, 2].map((i) => `{"Version":"2012-10-17","Statement":[{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`);
  const pending = aa.validate(texts.flatMap((t) => policies(t)), '', ctl.signal);
  await flush();
  assert.equal(m.calls.length, 1);
  assert.equal(m.calls[0].signal, ctl.signal, 'the signal reaches the transport');
  ctl.abort();
  const r = await pending;
  await flush();
  assert.equal(r.error?.kind, 'cancelled');
  assert.equal(m.calls.length, 1, 'queued policies were never started');
  // the limiter is free again
  const after = await new Promise<number>((resolve) => {
    void aa.validate(policies(texts[0]), '').then((x) => resolve(x.checked));
    void flush().then(() => m.calls[1]?.resolve());
  });
  assert.equal(after, 1);
});
