/**
 * The CLI's peak memory (issue #16, helper C2): the young-generation cap of a one-shot run and the
 * code cache it must not invalidate, and a reference-data memo that holds its own keys, not slices
 * of the document text. Behaviour, not sizes or times.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { capYoungGeneration, flagsForCodeCache, youngGenerationSetByUser } from '../server/src/cli/v8tune';
import { getIamData } from '../server/src/data/iamData';
import { lintFiles } from '../server/src/cli/workers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-c2-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

test('the young-generation cap: not before the new space has reached it, then once; a user setting is left alone', () => {
  assert.equal(capYoungGeneration(Number.MAX_SAFE_INTEGER), false, 'a new space smaller than the cap is not capped');
  assert.equal(capYoungGeneration(0), true, 'a new space at the cap is capped');
  flagsForCodeCache([], ''); // this test process's growth factor back to V8's default
  assert.equal(youngGenerationSetByUser(['--max-semi-space-size=4'], ''), true);
  assert.equal(youngGenerationSetByUser([], '--semi-space-growth-factor=3'), true);
  assert.equal(youngGenerationSetByUser(['--interrupt-budget=1000'], '--max-old-space-size=100'), false);
});

test('a flag the run changed after the compile does not make the next run reject the code cache the launcher wrote', () => {
  const dir = fs.mkdtempSync(path.join(TMP, 'cache-'));
  fs.writeFileSync(path.join(dir, 'p.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  // What the cap does after some files, done here after the compile whatever the run's size.
  const preload = path.join(dir, 'late-flag.cjs');
  fs.writeFileSync(preload, "setImmediate(() => require('v8').setFlagsFromString('--semi-space-growth-factor=1'));\n");
  const cache = path.join(dir, 'cache');
  const run = () => spawnSync(process.execPath, ['-r', preload, CLI, '--format', 'json', 'p.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: cache, NO_COLOR: '1' } });
  const first = run();
  assert.ok(first.status === 0 || first.status === 1, first.stderr);
  const [file] = fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
  assert.ok(file, 'written by the first run');
  const stamp = fs.statSync(path.join(cache, file)).mtimeMs;
  const second = run();
  assert.equal(second.status, first.status, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(fs.statSync(path.join(cache, file)).mtimeMs, stamp, 'the cache was accepted, not rejected and rewritten');
});

test('condition keys: the memo answers names that are Object.prototype members as unknown, and the same answer twice', () => {
  const data = getIamData();
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'aws:__proto__']) {
    assert.equal(data.getConditionKey(key), undefined, key);
    assert.equal(data.getConditionKey(key), undefined, `${key}, from the memo`);
  }
  const text = `{"Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}`;
  const sliced = text.slice(text.indexOf('aws:'), text.indexOf('": "vpc'));
  const info = data.getConditionKey(sliced);
  assert.ok(info);
  assert.equal(data.getConditionKey('aws:SourceVpc'), info, 'one shared answer');
  assert.equal(data.getConditionKey('AWS:sourcevpc')?.key, info.key, 'case-insensitive');
});

test('lintFiles (one thread) waits for the promise the per-outcome callback hands back before the next file', async () => {
  const events: string[] = [];
  const files = ['a', 'b', 'c'];
  await lintFiles(files, async (f) => {
    events.push(`lint ${f}`);
    return {};
  }, { workers: 0, script: '', argv: [], cwd: TMP }, () => {
    events.push('take');
    return new Promise<void>((resolve) => setImmediate(() => {
      events.push('drained');
      resolve();
    }));
  });
  assert.deepEqual(events, ['lint a', 'take', 'drained', 'lint b', 'take', 'drained', 'lint c', 'take', 'drained']);
});

test('the JSON report through a pipe (the run waits for it to drain between files) is the report written to a file', () => {
  const dir = fs.mkdtempSync(path.join(TMP, 'pipe-'));
  for (let i = 0; i < 400; i++) {
    fs.writeFileSync(path.join(dir, `p${String(i).padStart(3, '0')}.json`), `{"Version": "2012-10-17", "Statement": [{"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObjekt", "iam:PassRole"], "Resource": "*"}]}`);
  }
  const env = { ...process.env, IAM_POLICY_LINT_CODE_CACHE: '0', IAM_POLICY_LINT_WORKERS: '0', NO_COLOR: '1' };
  const piped = spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const file = path.join(TMP, `${path.basename(dir)}.out`);
  const fd = fs.openSync(file, 'w');
  const toFile = spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: dir, env, stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  assert.equal(toFile.status, piped.status, piped.stderr);
  assert.ok(piped.stdout.length > 256 * 1024, 'more than a pipe holds');
  assert.equal(piped.stdout, fs.readFileSync(file, 'utf8'));
  assert.equal((JSON.parse(piped.stdout) as { files: unknown[] }).files.length, 400);
});
