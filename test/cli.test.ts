/** The CLI as a user runs it: exit codes, text and JSON output contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const FIX = path.join('test', 'fixtures', 'cli');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('exit 0 on a clean folder, non-policy JSON ignored', () => {
  const r = run(path.join(FIX, 'clean'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 problems .* in 1 policy across 1 file/);
});

test('exit 1 with file:line:col findings when there is an error', () => {
  const r = run(path.join(FIX, 'errors'));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^test\/fixtures\/cli\/errors\/policy\.json:4:38 {2}error {2}INVALID_ACTION {2}The action "s3:GetObjekt" does not exist/m);
});

test('warnings alone exit 0', () => {
  const r = run(path.join(FIX, 'warnings'));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /warning {2}MISSING_VERSION/);
});

test('JSON output contract', () => {
  const r = run('--format', 'json', path.join(FIX, 'errors', 'policy.json'), path.join(FIX, 'clean'));
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.tool, 'iam-policy-lint');
  assert.match(out.version, /^\d+\.\d+\.\d+/);
  assert.match(out.dataVersion, /^\d+\.\d+/);
  const file = out.files.find((f: { path: string }) => f.path.endsWith('errors/policy.json'));
  assert.equal(file.format, 'json');
  assert.equal(file.policies, 1);
  const d = file.diagnostics[0];
  assert.deepEqual(Object.keys(d).sort(), ['code', 'href', 'message', 'origin', 'policy', 'range', 'severity', 'source']);
  assert.equal(d.code, 'INVALID_ACTION');
  assert.equal(d.severity, 'error');
  assert.equal(d.origin, 'check');
  assert.deepEqual(d.policy, { label: 'policy.json', hostPath: [], type: 'identity' }, 'each finding names its policy');
  assert.deepEqual(d.range, { start: { line: 3, character: 37 }, end: { line: 3, character: 49 } }, '0-based LSP positions');
});

test('.gitignore is respected when walking', () => {
  const r = run('--format', 'json', path.join(FIX, 'gitignored'));
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f: { path: string }) => path.basename(f.path)), ['ok.json']);
  assert.equal(r.code, 0);
});

test('globs are expanded', () => {
  const r = run('--format', 'json', 'test/fixtures/cli/*/policy.json');
  const out = JSON.parse(r.stdout);
  assert.equal(out.files.length, 3);
});

test('--rule turns a check off, --policy-type forces the type', () => {
  assert.equal(run('--rule', 'INVALID_ACTION=off', path.join(FIX, 'errors')).code, 0);
  const r = run('--format', 'json', '--rule', 'INVALID_ACTION=warning', path.join(FIX, 'errors'));
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).files[0].diagnostics[0].severity, 'warning');
  const forced = run('--policy-type', 'trust', path.join(FIX, 'clean'));
  assert.equal(forced.code, 1, 'an identity policy linted as a trust policy lacks a Principal');
  assert.match(forced.stdout, /MISSING_PRINCIPAL/);
});

test('usage and I/O problems exit 2 with a clear message', () => {
  const missing = run('does/not/exist.json');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory: does\/not\/exist\.json/);
  const noArgs = run();
  assert.equal(noArgs.code, 2);
  assert.match(noArgs.stderr, /no paths given/);
  const badType = run('--policy-type', 'bogus', 'x.json');
  assert.equal(badType.code, 2);
  assert.match(badType.stderr, /unknown policy type "bogus"/);
  assert.equal(run('--format', 'xml', 'x').code, 2);
  assert.equal(run('--frobnicate', 'x').code, 2);
});

test('a named file of a type the CLI does not read gets a note on stderr, not a silent pass; a walked one is skipped quietly', () => {
  const tf = path.join(FIX, 'other-types', 'main.tf');
  const txt = path.join(FIX, 'other-types', 'notes.txt');
  const named = run(tf, txt);
  assert.equal(named.code, 0);
  assert.match(named.stdout, /0 problems .* in 0 policies across 0 files/);
  assert.match(named.stderr, /^iam-policy-lint: test\/fixtures\/cli\/other-types\/main\.tf: not a file type iam-policy-lint reads \(JSON policies; CloudFormation\/SAM templates in JSON or YAML; AWS CDK source in .*\), so no policy was checked; Terraform is not read yet$/m);
  assert.match(named.stderr, /^iam-policy-lint: test\/fixtures\/cli\/other-types\/notes\.txt: not a file type iam-policy-lint reads .*so no policy was checked$/m);
  const json = run('--format', 'json', tf);
  assert.equal(JSON.parse(json.stdout).files[0].format, 'none');
  assert.match(json.stderr, /main\.tf: not a file type/);
  const walked = run(path.join(FIX, 'other-types'));
  assert.equal(walked.code, 0);
  assert.equal(walked.stderr, '');
  const policyJson = run(path.join(FIX, 'clean'));
  assert.doesNotMatch(policyJson.stderr, /not a file type/);
});

test('--version prints the tool and data versions', () => {
  const r = run('--version');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^iam-policy-lint \d+\.\d+\.\d+\nIAM reference data [\d.]+ \(\d{4}-\d{2}-\d{2}\)/);
});
