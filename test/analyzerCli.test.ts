/** iam-policy-lint --access-analyzer (dist/cli.js, SDK from dist/aws-sdk.js) against the local mock of the API. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { AccessAnalyzerServer, awsError, fakeAwsEnvironment, spanOf } from './helpers/accessAnalyzerServer';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const POLICY = path.join('test', 'fixtures', 'cli', 'errors', 'policy.json');
let server: AccessAnalyzerServer;
before(async () => {
  fakeAwsEnvironment();
  server = await AccessAnalyzerServer.start();
});
after(() => server.close());

/** Runs the CLI without blocking this process (the mock answers from here). */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL_ACCESSANALYZER: server.url } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('--access-analyzer adds Access Analyzer findings at their line:col; a duplicate of ours shows once', async () => {
  server.handler = (req) => {
    const sent = req.body.policyDocument as string;
    return {
      body: {
        findings: [
          { findingType: 'WARNING', issueCode: 'AA_ONLY_WARNING', findingDetails: 'Only Access Analyzer says this.', learnMoreLink: 'https://example.invalid/aa', locations: [{ path: [], span: spanOf(sent, '"Allow"') }] },
          { findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: 'dup', learnMoreLink: 'https://example.invalid/ia', locations: [{ path: [], span: spanOf(sent, '"s3:GetObjekt"') }] },
        ],
      },
    };
  };
  const before = server.requests.length;
  const r = await run('--access-analyzer', '--region', 'eu-west-1', '--format', 'json', POLICY);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(server.requests.length - before, 1);
  assert.equal(server.requests.at(-1)!.path, '/policy/validation');
  const diags = JSON.parse(r.stdout).files[0].diagnostics as { code: string; source: string; origin: string; range: { start: { line: number; character: number } } }[];
  const aa = diags.filter((d) => d.origin === 'access-analyzer');
  assert.deepEqual(aa.map((d) => [d.code, d.source]), [['AA_ONLY_WARNING', 'Access Analyzer']]);
  const offline = JSON.parse((await run('--format', 'json', POLICY)).stdout).files[0].diagnostics as typeof diags;
  assert.equal(diags.filter((d) => d.code === 'INVALID_ACTION').length, offline.filter((d) => d.code === 'INVALID_ACTION').length, 'the duplicate on s3:GetObjekt is not added');
  assert.ok(diags.filter((d) => d.code === 'INVALID_ACTION').every((d) => d.origin === 'check'));
  assert.match(r.stderr, /Access Analyzer checked 1 policy, 2 findings/);
  const text = await run('--access-analyzer', POLICY);
  assert.match(text.stdout, /policy\.json:\d+:\d+ {2}warning {2}AA_ONLY_WARNING {2}Only Access Analyzer says this\. {2}\(Access Analyzer\)/);
});

test('without --access-analyzer nothing is sent; AccessDenied names the permission and keeps local results (exit 2)', async () => {
  const before = server.requests.length;
  const off = await run(POLICY);
  assert.equal(off.code, 1);
  assert.equal(server.requests.length, before, 'no request without the flag');
  assert.equal((await run('--region', 'us-east-1', POLICY)).code, 2, '--region alone is a usage error');

  server.handler = () => awsError(403, 'AccessDeniedException', 'not authorized to perform: access-analyzer:ValidatePolicy');
  const denied = await run('--access-analyzer', POLICY);
  assert.equal(denied.code, 2);
  assert.match(denied.stderr, /access-analyzer:ValidatePolicy/);
  assert.match(denied.stdout, /INVALID_ACTION/, 'offline findings still reported');
  assert.doesNotMatch(denied.stderr, /test-secret-key|s3:GetObjekt/);
});
