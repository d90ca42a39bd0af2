/**
 * The CLI across worker threads (server/src/cli/workers.ts): the same output, stderr and exit code
 * with workers forced on as in one thread, results in file order, and a failing worker's files
 * linted by the main thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { lintFiles, workerCount, WORKER_MIN_FILES, type LintOutcome } from '../server/src/cli/workers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** The unbundled CLI module of the test build: what a worker runs when lintFiles is called from a test. */
const CLI_MODULE = path.join(__dirname, '..', 'server', 'src', 'cli', 'index.js');

/** A small tree with every kind of outcome: clean, errors, warnings, templates, unreadable, not a policy. */
function makeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-workers-'));
  const examples = path.join(REPO_ROOT, 'examples');
  const kinds: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/.test(e.name)) kinds.push([path.extname(e.name), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(examples);
  kinds.push(['.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}']);
  kinds.push(['.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ']);
  kinds.push(['.json', '{"name": "not a policy"}']);
  for (let i = 0; i < 60; i++) {
    const [ext, text] = kinds[i % kinds.length];
    const sub = path.join(dir, `d${i % 7}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `f${i}${ext}`), text);
  }
  // An unreadable input (a FIFO is not a regular file; given by name, as the walk skips it): an I/O error.
  const fifo = spawnSync('mkfifo', [path.join(dir, 'd3', 'pipe.json')]);
  assert.equal(fifo.status, 0);
  return dir;
}

function run(workers: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1', IAM_POLICY_LINT_WORKERS: workers } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('same output, errors and exit code with workers forced on as in one thread (text and JSON)', () => {
  const dir = makeTree();
  try {
    for (const format of ['text', 'json']) {
      const one = run('0', '--format', format, path.join(dir, 'd3', 'pipe.json'), dir);
      assert.equal(one.code, 2, one.stderr); // errors found and one unreadable file
      assert.match(one.stderr, /pipe\.json/);
      for (const workers of ['1', '3']) {
        const many = run(workers, '--format', format, path.join(dir, 'd3', 'pipe.json'), dir);
        assert.equal(many.code, one.code, `${format}, ${workers} workers: ${many.stderr}`);
        assert.equal(many.stdout, one.stdout, `${format}, ${workers} workers`);
        assert.equal(many.stderr, one.stderr, `${format}, ${workers} workers`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('workers and a reader that is behind: the reports wait for standard output, no listener warning', async () => {
  // Reports of ≈ 20 KB each, read only after a pause: standard output fills, and the reports gathered
  // from the workers must each wait for it to drain (they once did not, and every wait added a
  // listener to it: a MaxListenersExceededWarning on stderr).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-workers-slow-'));
  try {
    const statements = Array.from({ length: 40 }, (_, i) => ({ Effect: 'Allow', Action: `s3:GetObjekt${i}`, Resource: '*' }));
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `p${String(i).padStart(2, '0')}.json`), text);
    const one = run('0', '--format', 'json', dir);
    assert.ok(one.stdout.length > 400_000, `${one.stdout.length} bytes`);
    const child = spawn(process.execPath, [CLI, '--format', 'json', dir], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', IAM_POLICY_LINT_WORKERS: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, one.code);
    assert.equal(Buffer.concat(chunks).toString('utf8'), one.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lintFiles: every outcome from the workers, in file order', async () => {
  const dir = makeTree();
  try {
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(json|ya?ml)$/.test(f) && !f.endsWith('pipe.json'))
      .map((f) => path.join(dir, f))
      .sort();
    // The main thread's lint function fails: every outcome must have come from a worker.
    const notHere = (): Promise<LintOutcome> => Promise.reject(new Error('linted in the main thread'));
    const outcomes = await lintFiles(files, notHere, { workers: 2, alsoHere: false, script: CLI_MODULE, argv: ['--format', 'json', dir], cwd: dir });
    assert.equal(outcomes.length, files.length);
    outcomes.forEach((o, i) => {
      assert.equal(o.error, undefined);
      assert.equal(o.report?.path, path.relative(dir, files[i]).split(path.sep).join('/'));
    });
    assert.ok(outcomes.some((o) => o.report?.diagnostics.some((d) => d.code === 'INVALID_ACTION')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lintFiles: a worker that cannot start leaves its files to the main thread', async () => {
  const files = ['a', 'b', 'c', 'd', 'e'];
  const here = (f: string): Promise<LintOutcome> => Promise.resolve({ error: `here ${f}` });
  const outcomes = await lintFiles(files, here, { workers: 2, script: path.join(os.tmpdir(), 'no-such-worker-script.js'), argv: ['x'], cwd: os.tmpdir() });
  assert.deepEqual(
    outcomes.map((o) => o.error),
    files.map((f) => `here ${f}`),
  );
});

test('workerCount: one thread for few files or fewer than 4 cores; IAM_POLICY_LINT_WORKERS forces', () => {
  assert.equal(workerCount(WORKER_MIN_FILES - 1, {}, 8), 0);
  assert.equal(workerCount(5000, {}, 1), 0);
  assert.equal(workerCount(5000, {}, 2), 0);
  assert.equal(workerCount(5000, {}, 3), 0);
  assert.equal(workerCount(5000, {}, 4), 3);
  assert.equal(workerCount(5000, {}, 64), 5); // one worker per WORKER_MIN_FILES files
  assert.equal(workerCount(20000, {}, 64), 8);
  assert.equal(workerCount(WORKER_MIN_FILES * 2, {}, 8), 2);
  assert.equal(workerCount(10, { IAM_POLICY_LINT_WORKERS: '3' }, 1), 3);
  assert.equal(workerCount(2, { IAM_POLICY_LINT_WORKERS: '3' }, 1), 2);
  assert.equal(workerCount(5000, { IAM_POLICY_LINT_WORKERS: '0' }, 8), 0);
  assert.equal(workerCount(5000, { IAM_POLICY_LINT_WORKERS: 'lots' }, 2), 0);
  assert.equal(workerCount(5000, { IAM_POLICY_LINT_WORKERS: 'lots' }, 4), 3);
});
