/**
 * CLI flags and exit codes (issue #17): --fix / --fix-dry-run, --max-warnings, --quiet,
 * --severity-threshold, standard input, --list-checks, unreadable files among good ones, parent
 * .gitignore files, FORCE_COLOR / NO_COLOR, the JSON report's policy types and summary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, encoding: 'utf8', input: opts.input ?? '', env: env as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'h17a-flags-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

// A fixable policy: a repeated action (REDUNDANT_ACTION, safe fix) and a misspelt action (a suggestion, not safe).
const FIXABLE = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["s3:GetObject", "s3:GetObject", "s3:GetObjekt"],\n      "Resource": "arn:aws:s3:::b/*"\n    }\n  ]\n}\n';
const WARN_ONLY = '{\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }]\n}\n';

test('--fix-dry-run prints a unified diff and leaves the file; --fix writes it', () => {
  const root = tmp({ '.git/HEAD': 'x', 'p.json': FIXABLE });
  const dry = run(['--fix-dry-run', 'p.json'], { cwd: root });
  assert.match(dry.stdout, /^--- a\/p\.json\n\+\+\+ b\/p\.json\n@@ -3,7 \+3,7 @@\n/m);
  assert.match(dry.stdout, /^- {6}"Action": \["s3:GetObject", "s3:GetObject", "s3:GetObjekt"\],\n\+ {6}"Action": \["s3:GetObject", "s3:GetObjekt"\],$/m);
  assert.equal(fs.readFileSync(path.join(root, 'p.json'), 'utf8'), FIXABLE, 'dry run writes nothing');
  assert.equal(dry.code, 1, 'the unsafe finding is left');
  const fix = run(['--fix', 'p.json'], { cwd: root });
  assert.equal(fix.code, 1);
  assert.match(fix.stderr, /fixed 1 file/);
  const after = fs.readFileSync(path.join(root, 'p.json'), 'utf8');
  assert.match(after, /"Action": \["s3:GetObject", "s3:GetObjekt"\]/);
  assert.match(fix.stdout, /GetObjekt/);
  assert.doesNotMatch(fix.stdout, /REDUNDANT_ACTION/, 'the report is of the fixed text');
  assert.equal(run(['--fix', '-'], { cwd: root, input: FIXABLE }).code, 2, '--fix cannot write standard input');
});

test('--max-warnings, --quiet and --severity-threshold', () => {
  const root = tmp({ '.git/HEAD': 'x', 'w.json': WARN_ONLY });
  assert.equal(run(['w.json'], { cwd: root }).code, 0);
  const over = run(['--max-warnings', '0', 'w.json'], { cwd: root });
  assert.equal(over.code, 1);
  assert.match(over.stderr, /1 warnings, more than --max-warnings 0/);
  assert.equal(run(['--max-warnings', '1', 'w.json'], { cwd: root }).code, 0);
  const quiet = run(['-q', 'w.json'], { cwd: root });
  assert.doesNotMatch(quiet.stdout, /MISSING_VERSION/);
  const t = run(['--severity-threshold', 'warning', '--format', 'json', 'test/fixtures/cli/suppressions/template.yaml']);
  const sev = JSON.parse(t.stdout).files[0].diagnostics.map((d: { severity: string }) => d.severity);
  assert.ok(sev.length && sev.every((s: string) => s === 'error' || s === 'warning'), sev.join());
  assert.equal(run(['--severity-threshold', 'loud', 'w.json'], { cwd: root }).code, 2);
  assert.equal(run(['--max-warnings', 'x', 'w.json'], { cwd: root }).code, 2);
});

test('standard input with --stdin-filename: format, config and name from the path', () => {
  const root = tmp({ '.git/HEAD': 'x', '.iampolicylintrc.json': '{"rules": {"INVALID_ACTION": "warning"}}' });
  const yaml = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjekt\n            Resource: '*'\n";
  const r = run(['--format', 'json', '--stdin-filename', 'infra/t.yaml', '-'], { cwd: root, input: yaml });
  const out = JSON.parse(r.stdout);
  assert.equal(out.files[0].path, 'infra/t.yaml');
  assert.equal(out.files[0].format, 'cfn-yaml');
  assert.deepEqual(out.files[0].diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`), ['INVALID_ACTION:warning']);
  assert.equal(out.files[0].diagnostics[0].policy.label.includes('P'), true, 'the logical id in the policy label');
  assert.equal(r.code, 0);
  const plain = run(['-'], { cwd: root, input: FIXABLE });
  assert.match(plain.stdout, /^<stdin>:6:/m);
  assert.equal(run(['--stdin-filename', 'x.json', 'a.json']).code, 2, '--stdin-filename without -');
});

test('--list-checks: text and JSON with code, level, policy types, fix and docs', () => {
  const text = run(['--list-checks']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^CODE +LEVEL +FIX +POLICY TYPES +DOCS$/m);
  assert.match(text.stdout, /^INVALID_ACTION +error +\w+ +all +https:\/\//m);
  const json = JSON.parse(run(['--list-checks', '--format', 'json']).stdout);
  const c = json.find((x: { code: string }) => x.code === 'UNUSED_SUPPRESSION');
  assert.deepEqual(Object.keys(c).sort(), ['code', 'docs', 'fix', 'level', 'origin', 'policyTypes', 'title']);
  assert.equal(c.level, 'info');
  assert.ok(json.some((x: { fix: string }) => x.fix === 'safe'));
});

test('a missing file among good ones: named on stderr, the rest linted and reported, exit 2', () => {
  const r = run(['test/fixtures/cli/errors/policy.json', 'does/not/exist.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or directory: does\/not\/exist\.json/);
  assert.match(r.stderr, /1 input could not be read or linted \(exit code 2\); the other files are reported/);
  assert.match(r.stdout, /errors\/policy\.json:4:38 {2}error {2}INVALID_ACTION/);
  assert.match(r.stdout, /5 problems .* across 1 file; 1 file could not be read/);
  const json = JSON.parse(run(['--format', 'json', 'test/fixtures/cli/errors/policy.json', 'nope.json']).stdout);
  assert.equal(json.summary.unreadable, 1);
  assert.match(json.errors[0], /nope\.json/);
});

test('the repository root .gitignore applies when the target is a subfolder or a glob', () => {
  const root = tmp({ '.git/HEAD': 'x', '.gitignore': '*.local.json\n', 'policies/ok.json': WARN_ONLY, 'policies/secret.local.json': FIXABLE });
  for (const target of ['policies', 'policies/*.json', 'policies/']) {
    const out = JSON.parse(run(['--format', 'json', target], { cwd: root }).stdout);
    assert.deepEqual(out.files.map((f: { path: string }) => f.path), ['policies/ok.json'], target);
  }
  // Outside a repository, a parent's .gitignore is not git's and does not apply.
  const loose = tmp({ '.gitignore': '*.local.json\n', 'policies/secret.local.json': FIXABLE });
  assert.equal(JSON.parse(run(['--format', 'json', 'policies'], { cwd: loose }).stdout).files.length, 1);
});

test('colours: FORCE_COLOR turns them on (and wins over NO_COLOR, as in Node), FORCE_COLOR=0 and --no-color off', () => {
  const f = 'test/fixtures/cli/errors/policy.json';
  const ESC = '\u001b[';
  const colored = (args: string[], env: Record<string, string | undefined>) => run(args, { env }).stdout.includes(ESC);
  assert.ok(run([f], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout.includes(`${ESC}31merror`));
  assert.equal(colored([f], { NO_COLOR: '1', FORCE_COLOR: '1' }), true);
  assert.equal(colored([f], { NO_COLOR: undefined, FORCE_COLOR: '0' }), false);
  assert.equal(colored(['--no-color', f], { FORCE_COLOR: '1' }), false);
  assert.equal(colored([f], { NO_COLOR: '1' }), false);
  assert.equal(colored(['--color', f], { NO_COLOR: '1' }), true);
});

test('JSON report: per-file policy types, each finding\'s policy label, summary counts', () => {
  const out = JSON.parse(run(['--format', 'json', 'test/fixtures/cli/suppressions/template.json', 'test/fixtures/cli/errors/policy.json']).stdout);
  const t = out.files.find((f: { path: string }) => f.path.endsWith('template.json'));
  assert.deepEqual(t.policyTypes, ['identity', 'identity']);
  const d = t.diagnostics.find((x: { code: string }) => x.code === 'INVALID_ACTION');
  assert.match(d.policy.label, /Loud/);
  assert.deepEqual(d.policy.hostPath.slice(0, 2), ['Resources', 'Loud']);
  assert.deepEqual(out.summary, { files: 2, filesWithPolicies: 2, policies: 3, problems: 7, errors: 5, warnings: 1, infos: 1, hints: 0, unreadable: 0 });
});
