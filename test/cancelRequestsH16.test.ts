/**
 * Issue #16 (robustness): every request handler of dist/server.js is cancellable and guarded.
 * Over stdio with the LSP test client: each request kind is sent with a $/cancelRequest right
 * behind it and must answer RequestCancelled (-32800) or a normal result, never crash or hang;
 * handlers with phases must honour the cancel (some try answers RequestCancelled); malformed
 * params of every kind are answered (a fallback result or an error) and the server goes on; a
 * long validation does not hold completion and hover of another document back.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TestLspClient } from './helpers/lspClient';
import { AccessAnalyzerServer, fakeAwsEnvironment } from './helpers/accessAnalyzerServer';
import { generateTemplate } from './bench/cfn-bench';
import { AccessAnalyzerNewAccessRequest, AccessAnalyzerPublicAccessRequest, AccessAnalyzerValidateRequest, ServerStatusRequest } from '../server/src/protocol';

const REQUEST_CANCELLED = -32800;

let aa: AccessAnalyzerServer;
let release!: () => void;
const clients: TestLspClient[] = [];

before(async () => {
  fakeAwsEnvironment();
  // Access Analyzer answers only when the test lets it: a call is in flight when the cancel comes.
  const hold = new Promise<void>((r) => (release = r));
  aa = await AccessAnalyzerServer.start(() => ({ body: { findings: [] }, hold }));
  process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = aa.url; // inherited by the spawned servers
});
after(async () => {
  release();
  for (const c of clients) await c.shutdown();
  await aa.close();
});

async function start(): Promise<TestLspClient> {
  const c = new TestLspClient();
  clients.push(c);
  // Pull diagnostics (textDocument/diagnostic is a request too) and lazy code action edits (codeAction/resolve).
  await c.initialize({ textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } }, { settings: { accessAnalyzer: { enabled: true } } });
  return c;
}

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObjekt', 's3:*'], Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'Bucket', Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' },
    ],
  },
  null,
  2,
);
const at = (needle: string, delta = 1) => {
  const lines = POLICY.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf(needle) + delta };
};
const WHOLE = { start: { line: 0, character: 0 }, end: { line: POLICY.split('\n').length, character: 0 } };

interface Answer {
  cancelled: boolean;
  result?: unknown;
}

/** Sends one request with a $/cancelRequest right behind it: RequestCancelled or a result, within the test's time. */
async function sendCancelled(c: TestLspClient, method: string, params: unknown): Promise<Answer> {
  const source = new CancellationTokenSource();
  const pending = c.connection.sendRequest(method, params, source.token);
  source.cancel();
  try {
    return { cancelled: false, result: await pending };
  } catch (err) {
    assert.equal((err as { code?: number }).code, REQUEST_CANCELLED, `${method}: ${String(err)}`);
    return { cancelled: true };
  }
}

/** The server answers a plain request afterwards: it did not crash, its loop is free. */
async function stillServing(c: TestLspClient): Promise<void> {
  const status = (await c.connection.sendRequest(ServerStatusRequest.method)) as ServerStatusRequest.Result;
  assert.ok(status.version);
  assert.equal(c.proc.exitCode, null, `server exited; stderr: ${c.stderr}`);
  assert.ok(!c.logs.some((l) => /uncaughtException|unhandledRejection/.test(l)), c.logs.filter((l) => /uncaught|unhandled/.test(l)).join('\n'));
}

test('every request kind answers $/cancelRequest with RequestCancelled or a result; phased handlers honour it', async () => {
  const c = await start();
  const uri = 'file:///work/h16cancel/policy.json';
  await c.open(uri, POLICY);
  const report = await c.pullDiagnostics(uri);
  assert.ok(report.items.some((d) => d.code === 'INVALID_ACTION'), 'the document is validated');
  const diagnostics = report.items.filter((d) => d.code === 'INVALID_ACTION' || d.code === 'SERVICE_WILDCARD_ACTION');
  // An unresolved code action as the server hands them out (its data names the document version; the id need not exist).
  const lazy = { title: 'unresolved', kind: 'refactor.rewrite', data: { uri, version: 1, id: 'h16:unknown', span: { offset: 0, length: 0 }, diagnostics: [] } };

  const doc = { textDocument: { uri } };
  /** Request kinds whose handler has phases (settings, parse, feature): a cancel must be able to stop them. */
  const phased: [string, unknown][] = [
    ['textDocument/completion', { ...doc, position: at('s3:GetObjekt') }],
    ['textDocument/hover', { ...doc, position: at('s3:ListBucket') }],
    ['textDocument/documentSymbol', doc],
    ['textDocument/foldingRange', doc],
    ['textDocument/codeLens', doc],
    ['textDocument/codeAction', { ...doc, range: WHOLE, context: { diagnostics } }],
    ['textDocument/codeAction', { ...doc, range: WHOLE, context: { diagnostics: [], only: ['source.fixAll'] } }],
    ['codeAction/resolve', lazy],
    ['textDocument/diagnostic', doc],
  ];
  for (const [method, params] of phased) {
    // The cancel races the handler; it takes effect at the handler's next checkpoint. Some try of a few must be cancelled.
    let cancelledOnce = false;
    for (let attempt = 0; attempt < 6 && !cancelledOnce; attempt++) cancelledOnce = (await sendCancelled(c, method, params)).cancelled;
    assert.ok(cancelledOnce, `${method}: no try was answered with RequestCancelled`);
  }
  // Quick, one-phase requests: an answer either way.
  for (const method of [ServerStatusRequest.method, 'iamPolicy/internal/cacheStats']) await sendCancelled(c, method, undefined);

  // Access Analyzer: ValidatePolicy and CheckNoNewAccess are in flight (held by the mock) when the
  // cancel comes, so they can only end as cancelled; CheckNoPublicAccess of this policy (no
  // supported resource type) is answered without a call, so any outcome is an answer.
  for (const [method, params, held] of [
    [AccessAnalyzerValidateRequest.method, { uri }, true],
    [AccessAnalyzerNewAccessRequest.method, { uri, baseText: POLICY.replace('s3:ListBucket', 's3:ListAllMyBuckets') }, true],
    [AccessAnalyzerPublicAccessRequest.method, { uri }, false],
  ] as const) {
    const a = await sendCancelled(c, method, params);
    const outcome = (a.result as { outcome?: unknown } | undefined)?.outcome;
    if (!a.cancelled) assert.equal(typeof outcome, 'string', `${method}: ${JSON.stringify(a.result)}`);
    if (held && !a.cancelled) assert.equal(outcome, 'cancelled', `${method}: ${JSON.stringify(a.result)}`);
  }
  // Not cancelled, it is answered and asks this pull client (which does not handle
  // workspace/diagnostic/refresh) to pull again: the client's error must not become an unhandled rejection.
  const pub = (await c.connection.sendRequest(AccessAnalyzerPublicAccessRequest.method, { uri })) as { outcome: string };
  assert.equal(typeof pub.outcome, 'string');
  // Nothing cancelled left anything behind: the document still gets its full answers.
  const hover = (await c.connection.sendRequest('textDocument/hover', { ...doc, position: at('s3:ListBucket') })) as { contents: { value: string } } | null;
  assert.ok(hover?.contents.value);
  const again = await c.pullDiagnostics(uri);
  assert.deepEqual(
    again.items.map((d) => d.code),
    report.items.map((d) => d.code),
  );
  await stillServing(c);
});

test('malformed params of every request kind are answered and never crash the server', async () => {
  const c = await start();
  const uri = 'file:///work/h16cancel/bad.json';
  await c.open(uri, POLICY);
  await c.pullDiagnostics(uri);
  const methods = [
    'textDocument/completion',
    'textDocument/hover',
    'textDocument/documentSymbol',
    'textDocument/foldingRange',
    'textDocument/codeLens',
    'textDocument/codeAction',
    'codeAction/resolve',
    'textDocument/diagnostic',
    AccessAnalyzerValidateRequest.method,
    AccessAnalyzerNewAccessRequest.method,
    AccessAnalyzerPublicAccessRequest.method,
  ];
  const bad: unknown[] = [
    {},
    { textDocument: { uri: 42 } },
    { textDocument: { uri }, position: { line: -5, character: 1e9 } },
    { textDocument: { uri }, range: { start: { line: 1e6, character: 0 }, end: { line: -1, character: -1 } }, context: { diagnostics: [{ range: null, code: 7, source: 'IAM Policy Author', data: { code: ['x'] } }], only: [5] } },
    { textDocument: { uri }, range: WHOLE, context: null },
    { title: 'x', data: { uri, version: '1', id: {}, span: null, diagnostics: 'no' } },
    { uri: { not: 'a string' }, text: 12, baseText: [] },
  ];
  for (const method of methods) {
    for (const params of bad) {
      try {
        await c.connection.sendRequest(method, params);
      } catch (err) {
        // An error response is an answer too (e.g. the protocol layer rejecting the params).
        assert.equal(typeof (err as { code?: unknown }).code, 'number', `${method}: ${String(err)}`);
      }
    }
  }
  await stillServing(c);
  const hover = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at('s3:ListBucket') })) as { contents: { value: string } } | null;
  assert.ok(hover?.contents.value, 'the document is still served');
});

test('a long validation does not hold back completion and hover of another document', async () => {
  const c = await start();
  const big = 'file:///work/h16cancel/big.yaml';
  const small = 'file:///work/h16cancel/small.json';
  await c.open(small, POLICY);
  await c.pullDiagnostics(small);
  await c.open(big, generateTemplate(400, 10000), 'yaml');
  // Parsed first (the outline reads it), so what follows is the validation itself: the checks over 400 policies.
  await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: big } });
  let validated = false;
  const pulling = c.pullDiagnostics(big).then((r) => {
    validated = true;
    return r;
  });
  // Answered while the 10k-line template is being validated (validation gives way every few ms).
  const completion = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: small }, position: at('s3:GetObjekt') })) as { items: unknown[] } | null;
  const hover = await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: at('s3:ListBucket') });
  assert.ok(completion && completion.items.length > 0);
  assert.ok(hover);
  assert.equal(validated, false, 'completion and hover waited for the large validation');
  const r = await pulling;
  assert.ok(Array.isArray(r.items));
});

test('a request waiting for workspace/configuration answers RequestCancelled at once when cancelled', async () => {
  const c = new TestLspClient();
  clients.push(c);
  let asked!: () => void;
  const configurationAsked = new Promise<void>((r) => (asked = r));
  c.connection.onRequest('workspace/configuration', () => {
    asked();
    return new Promise(() => {}); // never answered: the server gives up after its time-out
  });
  await c.initialize({ workspace: { configuration: true } });
  const uri = 'file:///work/h16cancel/waiting.json';
  await c.open(uri, POLICY);
  await configurationAsked;
  for (const [method, params] of [
    ['textDocument/hover', { textDocument: { uri }, position: at('s3:ListBucket') }],
    ['textDocument/completion', { textDocument: { uri }, position: at('s3:GetObjekt') }],
    ['textDocument/codeLens', { textDocument: { uri } }],
  ] as const) {
    const a = await sendCancelled(c, method, params);
    assert.ok(a.cancelled, `${method} answered ${JSON.stringify(a.result)}`);
    // Before the configuration time-out: the cancel did not wait for the settings.
    assert.ok(!c.logs.some((l) => l.includes('workspace/configuration unanswered')), `${method} waited for the configuration time-out`);
  }
});
