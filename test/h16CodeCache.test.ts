/**
 * The CLI launcher's V8 code cache (server/src/cli/codeCache.ts): a missing, stale, corrupt or
 * unwritable cache changes nothing but the compile time; the built bin gives the same output,
 * stderr and exit code with and without it, and as the bundle run directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { codeCacheDir, codeCacheFile } from '../server/src/cli/codeCache';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli-bundle.js');
const JAVA_STACK = path.join(REPO_ROOT, 'test', 'fixtures', 'cdk', 'java', 'diagnostics', 'AppStack.java');

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test('code cache folder: the environment variable, off, XDG_CACHE_HOME', () => {
  assert.equal(codeCacheDir({ IAM_POLICY_LINT_CODE_CACHE: '0' }), undefined);
  assert.equal(codeCacheDir({ IAM_POLICY_LINT_CODE_CACHE: 'off' }), undefined);
  assert.equal(codeCacheDir({ IAM_POLICY_LINT_CODE_CACHE: '/x/y' }), '/x/y');
  if (process.platform !== 'win32') assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/c' }), path.join('/c', 'iam-policy-author'));
  const a = codeCacheFile('/d', '/b/cli-bundle.js', { size: 10, mtimeMs: 5 });
  const b = codeCacheFile('/d', '/b/cli-bundle.js', { size: 11, mtimeMs: 5 });
  assert.notEqual(a, b, 'another bundle, another cache file');
  assert.ok(path.basename(a).startsWith('cli-bundle-') && a.endsWith('.v8cache'));
});

/** The launcher module of the test build, run in a fresh process (V8 keeps compiled code per process). */
const LAUNCHER = path.join(__dirname, '..', 'server', 'src', 'cli', 'codeCache.js');

function launch(bundle: string, setting: string): { fate: string; out: string } {
  const code = `const fate = require(${JSON.stringify(LAUNCHER)}).runWithCodeCache(${JSON.stringify(bundle)}); process.stdout.write(fate + ' ' + globalThis.__h16main + ' ' + globalThis.__h16lazy);`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: setting } });
  assert.equal(r.status, 0, r.stderr);
  const [fate, ...rest] = r.stdout.split(' ');
  return { fate, out: rest.join(' ') };
}

test('runWithCodeCache: miss, then hit; a truncated or garbage cache is rejected and rewritten; unwritable or off writes nothing', () => {
  const dir = tmp('iam-cc-');
  try {
    const bundle = path.join(dir, 'b.js');
    // The bundle checks that it is the main module with a working require, and calls a lazily compiled function.
    fs.writeFileSync(bundle, `#!/usr/bin/env node\nconst p = require('path');\nglobalThis.__h16main = require.main === module && p.basename(__filename) === 'b.js';\nfunction lazy(n) { return n * 2; }\nglobalThis.__h16lazy = lazy(21);\n`);
    const cache = path.join(dir, 'cache');
    const ok = 'true 42';
    assert.deepEqual(launch(bundle, cache), { fate: 'miss', out: ok });
    const files = fs.readdirSync(cache);
    assert.equal(files.length, 1, 'written at exit');
    const file = path.join(cache, files[0]);
    const written = fs.statSync(file).mtimeMs;
    assert.deepEqual(launch(bundle, cache), { fate: 'hit', out: ok });
    assert.equal(fs.statSync(file).mtimeMs, written, 'a hit writes nothing');

    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 40));
    assert.deepEqual(launch(bundle, cache), { fate: 'rejected', out: ok }, 'truncated');
    assert.deepEqual(launch(bundle, cache), { fate: 'hit', out: ok }, 'rewritten');
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 7));
    assert.deepEqual(launch(bundle, cache), { fate: 'rejected', out: ok }, 'garbage');

    // A rebuilt bundle has another cache file; the old one is not used.
    fs.appendFileSync(bundle, '// rebuilt\n');
    assert.deepEqual(launch(bundle, cache), { fate: 'miss', out: ok });

    // Unwritable: the cache folder is a file.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, 'x');
    assert.deepEqual(launch(bundle, blocked), { fate: 'miss', out: ok });
    assert.deepEqual(launch(bundle, blocked), { fate: 'miss', out: ok });
    assert.deepEqual(launch(bundle, '0'), { fate: 'off', out: ok });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the built bin: same output, stderr and exit code without a cache, with a new one, a reused one, a corrupt one, and as the bundle itself', () => {
  const dir = tmp('iam-cc-cli-');
  try {
    fs.writeFileSync(path.join(dir, 'p.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}');
    fs.writeFileSync(path.join(dir, 't.yaml'), 'Resources:\n  R:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: "iam:*"\n            Resource: "*"\n');
    const cache = path.join(dir, 'cache');
    const run = (script: string, cacheSetting: string) => {
      // The CDK Java stack loads the tree-sitter runtime, whose dynamic imports must work from the cache too.
      const r = spawnSync(process.execPath, [script, '--format', 'json', 'p.json', 't.yaml', JAVA_STACK], { cwd: dir, encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: cacheSetting, NO_COLOR: '1' } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const direct = run(BUNDLE, '0');
    assert.equal(direct.status, 1, direct.stderr);
    const files0 = JSON.parse(direct.stdout).files as { format: string; diagnostics: unknown[] }[];
    assert.deepEqual(files0.map((f) => f.format), ['json', 'cfn-yaml', 'cdk-java']);
    assert.ok(files0[2].diagnostics.length > 0, 'the CDK stack was read');
    assert.deepEqual(run(CLI, '0'), direct, 'cache off');
    assert.deepEqual(run(CLI, cache), direct, 'no cache yet');
    const files = fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
    assert.equal(files.length, 1, 'the run wrote its cache');
    assert.deepEqual(run(CLI, cache), direct, 'with the cache');
    fs.writeFileSync(path.join(cache, files[0]), 'not a cache');
    assert.deepEqual(run(CLI, cache), direct, 'a corrupt cache');
    assert.ok(fs.statSync(path.join(cache, files[0])).size > 1000, 'rewritten');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
