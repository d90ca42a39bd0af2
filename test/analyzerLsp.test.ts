/**
 * Access Analyzer through the language server (dist/server.js over stdio, with the SDK loaded from
 * dist/aws-sdk.js) against the local mock of the REST-JSON API: fake credentials, the endpoint from
 * AWS_ENDPOINT_URL_ACCESSANALYZER, no IMDS. Spans in responses are computed from what was sent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AccessAnalyzerServer, awsError, fakeAwsEnvironment, spanOf, type ReceivedRequest } from './helpers/accessAnalyzerServer';
import { TestLspClient, type PublishedDiagnostics } from './helpers/lspClient';
import { AccessAnalyzerNewAccessRequest, AccessAnalyzerStatusNotification, AccessAnalyzerValidateRequest, type AccessCheckResult } from '../server/src/protocol';

let server: AccessAnalyzerServer;
const clients: TestLspClient[] = [];
before(async () => {
  fakeAwsEnvironment();
  server = await AccessAnalyzerServer.start();
  process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = server.url; // inherited by the spawned servers
});
after(async () => {
  for (const c of clients) await c.shutdown();
  await server.close();
});

const ENABLED = { settings: { accessAnalyzer: { enabled: true } } };

async function start(init: unknown = ENABLED): Promise<TestLspClient> {
  const c = new TestLspClient();
  clients.push(c);
  await c.initialize({}, init);
  return c;
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:GetObjekt
                Resource: arn:aws:s3:::bucket/*
`;

const link = (code: string) => `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${code.toLowerCase()}`;
const sentDoc = (req: ReceivedRequest) => req.body.policyDocument as string;
type Diag = PublishedDiagnostics['diagnostics'][number];
/** The text a diagnostic's range covers (single-line ranges). */
function covered(text: string, d: Diag): string {
  assert.equal(d.range.start.line, d.range.end.line);
  return text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

/** ValidatePolicy answers: on the permissions policy, a suggestion on s3:GetObject and INVALID_ACTION (which our check reports too) on s3:GetObjekt. */
function templateFindings(req: ReceivedRequest) {
  const sent = sentDoc(req);
  if (!sent.includes('s3:GetObjekt')) return { body: { findings: [] } };
  const action = [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }];
  return {
    body: {
      findings: [
        { findingType: 'SUGGESTION', issueCode: 'AA_ONLY_SUGGESTION', findingDetails: 'A suggestion only Access Analyzer makes.', learnMoreLink: link('AA_ONLY_SUGGESTION'), locations: [{ path: [...action, { index: 0 }], span: spanOf(sent, '"s3:GetObject"') }] },
        { findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: 'The action s3:GetObjekt does not exist.', learnMoreLink: link('INVALID_ACTION'), locations: [{ path: [...action, { index: 1 }], span: spanOf(sent, '"s3:GetObjekt"') }] },
      ],
    },
  };
}

function validate(c: TestLspClient, uri: string, extra: Partial<AccessAnalyzerValidateRequest.Params> = {}): Promise<AccessAnalyzerValidateRequest.Result> {
  return c.connection.sendRequest(AccessAnalyzerValidateRequest.method, { uri, ...extra });
}

test('a finding lands on the exact YAML element; a duplicate of an offline finding shows once; results stay until the text changes', async () => {
  server.handler = templateFindings;
  const before = server.requests.length;
  const c = await start();
  const uri = 'file:///work/aa/template.yaml';
  await c.open(uri, TEMPLATE, 'yaml');
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
  const published = c.published.length;
  const r = await validate(c, uri);
  assert.deepEqual({ ...r }, { outcome: 'done', policies: 2, checked: 2, cached: 0, findings: 1 });
  assert.equal(server.requests.length - before, 2, 'one ValidatePolicy per policy');
  const trust = server.requests.slice(before).find((q) => sentDoc(q).includes('sts:AssumeRole'))!;
  assert.equal(trust.body.validatePolicyResourceType, 'AWS::IAM::AssumeRolePolicyDocument');

  const pub = await c.waitForDiagnostics((p) => p.uri === uri && c.published.indexOf(p) >= published && p.diagnostics.some((d) => d.source === 'Access Analyzer'));
  const aa = pub.diagnostics.filter((d) => d.source === 'Access Analyzer');
  assert.equal(aa.length, 1, JSON.stringify(aa));
  assert.equal(aa[0].code, 'AA_ONLY_SUGGESTION');
  assert.equal(aa[0].severity, 3, 'SUGGESTION → information');
  assert.equal(aa[0].codeDescription?.href, link('AA_ONLY_SUGGESTION'));
  assert.equal(covered(TEMPLATE, aa[0]), 's3:GetObject');
  assert.equal(aa[0].range.start.line, TEMPLATE.split('\n').findIndex((l) => l.endsWith('- s3:GetObject')));
  const invalid = pub.diagnostics.filter((d) => d.code === 'INVALID_ACTION');
  assert.equal(invalid.length, 1, 'the same code at the same range shows once');
  assert.equal(invalid[0].source, 'iam-policy-author', 'ours is kept (it carries the fix data)');
  assert.equal(covered(TEMPLATE, invalid[0]), 's3:GetObjekt');

  // Another offline validation of the same text (a settings change) publishes them again …
  const n = c.published.length;
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { iamPolicy: ENABLED.settings } });
  const again = await c.waitForDiagnostics((p) => p.uri === uri && c.published.indexOf(p) >= n);
  assert.ok(again.diagnostics.some((d) => d.code === 'AA_ONLY_SUGGESTION'));
  // … an edit drops them.
  await c.change(uri, TEMPLATE.replace('bucket/*', 'other/*'), 2);
  const edited = await c.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
  assert.ok(!edited.diagnostics.some((d) => d.source === 'Access Analyzer'), JSON.stringify(edited.diagnostics));
  assert.ok(edited.diagnostics.some((d) => d.code === 'INVALID_ACTION'));
  // The output channel got a line, without policy text or credentials.
  const logs = c.logs.join('\n');
  assert.match(logs, /Access Analyzer ValidatePolicy: 2\/2 policies/);
  assert.doesNotMatch(logs, /s3:GetObjekt|test-secret-key|test-access-key/);
});

test('nothing is sent when Access Analyzer is disabled, nor without a request when enabled', async () => {
  server.handler = templateFindings;
  const before = server.requests.length;
  const off = await start({});
  const uri = 'file:///work/aa/off.yaml';
  await off.open(uri, TEMPLATE, 'yaml');
  await off.waitForDiagnostics((p) => p.uri === uri);
  assert.equal((await validate(off, uri)).outcome, 'disabled');
  const explicitOff = await start({ settings: { accessAnalyzer: { enabled: false, validateOn: 'save' } } });
  await explicitOff.open(uri, TEMPLATE, 'yaml');
  await explicitOff.waitForDiagnostics((p) => p.uri === uri);
  assert.equal((await validate(explicitOff, uri)).outcome, 'disabled');
  assert.equal((await explicitOff.connection.sendRequest(AccessAnalyzerNewAccessRequest.method, { uri, baseText: TEMPLATE }) as AccessCheckResult).outcome, 'disabled');
  // enabled: opening, editing and saving send nothing; only the request does
  const on = await start();
  await on.open(uri, TEMPLATE, 'yaml');
  await on.change(uri, TEMPLATE + '\n', 2);
  await on.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  await on.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
  assert.equal(server.requests.length, before, 'no request reached the mock');
  assert.equal((await validate(on, 'file:///work/aa/not-open.yaml')).outcome, 'not-found');
  assert.equal(server.requests.length, before);
});

test('AccessDenied names the missing permission; the offline diagnostics stay', async () => {
  server.handler = () => awsError(403, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: access-analyzer:ValidatePolicy');
  const c = await start();
  const statuses: AccessAnalyzerStatusNotification.Params[] = [];
  c.connection.onNotification(AccessAnalyzerStatusNotification.method, (p: AccessAnalyzerStatusNotification.Params) => statuses.push(p));
  const uri = 'file:///work/aa/denied.yaml';
  await c.open(uri, TEMPLATE, 'yaml');
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
  const r = await validate(c, uri);
  assert.equal(r.outcome, 'failed');
  assert.equal(r.error?.kind, 'access-denied');
  assert.equal(r.error?.permission, 'access-analyzer:ValidatePolicy');
  assert.match(r.error!.message, /access-analyzer:ValidatePolicy/);
  const last = c.published.filter((p) => p.uri === uri).at(-1)!;
  assert.ok(last.diagnostics.some((d) => d.code === 'INVALID_ACTION'), 'local results kept');
  assert.ok(!last.diagnostics.some((d) => d.source === 'Access Analyzer'));
  assert.deepEqual(statuses.map((s) => s.state), ['running', 'error']);
  assert.equal(statuses[1].error?.permission, 'access-analyzer:ValidatePolicy');
  assert.match(c.logs.join('\n'), /access-denied \(needs access-analyzer:ValidatePolicy\)/);
});

test('an edit cancels a call in flight: its result is not published', async () => {
  let release!: () => void;
  const hold = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  server.handler = (req) => {
    arrived();
    return { ...templateFindings(req), hold };
  };
  const c = await start();
  const uri = 'file:///work/aa/cancel.yaml';
  await c.open(uri, TEMPLATE, 'yaml');
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
  const pending = validate(c, uri);
  await arrival;
  await c.change(uri, TEMPLATE + '# edited\n', 2);
  const r = await pending;
  release();
  assert.equal(r.outcome, 'cancelled');
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
  assert.ok(!c.published.some((p) => p.uri === uri && p.diagnostics.some((d) => d.source === 'Access Analyzer')));
});

test('CheckNoNewAccess against the base text: a FAIL reason is shown on its statement; a new policy is not sent', async () => {
  const before = server.requests.length;
  server.handler = (req) => {
    assert.equal(req.path, '/policy/check-no-new-access');
    return { body: { result: 'FAIL', message: 'The policy grants new access.', reasons: [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }] } };
  };
  const c = await start();
  const uri = 'file:///work/aa/new-access.yaml';
  const base = TEMPLATE.replace('                  - s3:GetObjekt\n', '');
  await c.open(uri, TEMPLATE.replace('s3:GetObjekt', 's3:PutObject'), 'yaml');
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
  const r = (await c.connection.sendRequest(AccessAnalyzerNewAccessRequest.method, { uri, baseText: base })) as AccessCheckResult;
  assert.equal(r.outcome, 'done', JSON.stringify(r));
  assert.equal(r.policies.length, 2);
  assert.ok(r.policies.every((p) => p.result === 'FAIL'));
  const sent = server.requests.slice(before);
  assert.equal(sent.length, 2);
  assert.ok(sent.some((q) => String(q.body.existingPolicyDocument).includes('s3:GetObject') && !String(q.body.existingPolicyDocument).includes('s3:PutObject') && String(q.body.newPolicyDocument).includes('s3:PutObject')));
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'NEW_ACCESS'));
  assert.equal(pub.diagnostics.filter((d) => d.code === 'NEW_ACCESS').length, 2);
  // no base version: nothing sent, every policy new
  const n = server.requests.length;
  const fresh = (await c.connection.sendRequest(AccessAnalyzerNewAccessRequest.method, { uri, baseText: null })) as AccessCheckResult;
  assert.equal(server.requests.length, n);
  assert.ok(fresh.policies.every((p) => p.isNew));
});
