/**
 * The published shape (#17): `npm pack` of the repository installed into an empty folder without
 * the network gives a working `iam-policy-lint` (bin with a shebang, the IAM data inside the package,
 * no runtime dependency to download: everything is bundled into dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';

function sh(cmd: string, args: string[], options: SpawnSyncOptions) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000, ...options });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

test('npm pack + offline install into an empty folder: npx iam-policy-lint works', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.private, undefined, 'a package that can be published');
  assert.equal(pkg.dependencies, undefined, 'bundled: nothing for npm to download at install');
  assert.equal(pkg.bin['iam-policy-lint'], './dist/cli.js');
  assert.match(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'cli.js'), 'utf8').split('\n')[0], /^#!\/usr\/bin\/env node$/);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-npm-pack-'));
  // A cache of its own: an offline install must not need anything from the user's npm cache.
  const env = { ...process.env, NO_COLOR: '1', npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  try {
    const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: REPO_ROOT, env });
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const f of ['dist/cli.js', 'dist/server.js', 'dist/aws-sdk.js', 'dist/data/iam-index.json', 'dist/tree-sitter.wasm', 'README.md', 'LICENSE']) assert.ok(files.includes(f), `${f} in the package`);
    assert.ok(files.some((f) => f.startsWith('dist/data/services/')));
    for (const f of files) assert.doesNotMatch(f, /^(server|client|test|scripts|node_modules|out)\/|\.map$|\.ts$/, `${f} must not be published`);

    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const installed = sh('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(tmp, info.filename)], { cwd: app, env });
    assert.equal(installed.code, 0, installed.stderr);
    assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['iam-policy-author'], 'no dependency installed');

    fs.writeFileSync(path.join(app, 'policy.json'), '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]\n}\n');
    // The bin as a shell runs it (shebang, executable bit), from the installing project's folder.
    const bin = sh(path.join(app, 'node_modules', '.bin', 'iam-policy-lint'), ['--format', 'json', 'policy.json'], { cwd: app, env });
    assert.equal(bin.code, 1, bin.stderr);
    const out = JSON.parse(bin.stdout);
    assert.equal(out.files[0].path, 'policy.json');
    assert.deepEqual(
      out.files[0].diagnostics.map((d: { code: string; range: { start: { line: number } } }) => [d.code, d.range.start.line]),
      [['INVALID_ACTION', 2]],
    );
    const npx = sh('npx', ['--offline', '--no-install', 'iam-policy-lint', '--version'], { cwd: app, env });
    assert.equal(npx.code, 0, npx.stderr);
    assert.match(npx.stdout, /^iam-policy-lint \d+\.\d+\.\d+\nIAM reference data \S+ \(\d{4}-\d\d-\d\d/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
