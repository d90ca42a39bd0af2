/**
 * Start-up of a one-file CLI run (issue #16, helper Q2): Node's `crypto` is loaded only when the
 * findings cache hashes a long key (the CLI turns that cache off), and the cache's keys are the
 * same as before it was loaded lazily; the `yaml` package of the CLI bundle is initialised on first use.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { FindingsCache, policyFingerprint } from '../server/src/checks/findingsCache';
import { parseHost } from '../server/src/adapters';
import { main } from '../server/src/cli';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-q2-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

test('a one-file CLI run does not load crypto', () => {
  fs.writeFileSync(path.join(TMP, 'p.json'), POLICY);
  const probe = path.join(TMP, 'probe.cjs');
  fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('\\ncrypto loaded: ' + process.moduleLoadList.some((m) => /\\bcrypto$/.test(m))));\n");
  const r = spawnSync(process.execPath, ['--require', probe, CLI, '--format', 'json', 'p.json'], { cwd: TMP, encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: '0', NO_COLOR: '1' } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /"code": "INVALID_ACTION"/);
  assert.match(r.stderr, /crypto loaded: false$/);
});

test('the findings cache keys a long fingerprint by its SHA-256 (crypto loaded on that first use), a short one as is', () => {
  const long = parseHost({ uri: 'file:///long.json', text: POLICY.replace('"s3:GetObjekt"', JSON.stringify(Array.from({ length: 40 }, (_, i) => `s3:GetObject${i}`))) }).policies[0];
  const short = parseHost({ uri: 'file:///short.json', text: '{"Statement": []}' }).policies[0];
  const cache = new FindingsCache();
  const raw = 'cfg\u0000' + policyFingerprint(long, long.root.span.offset);
  assert.ok(raw.length > 256);
  assert.equal(cache.keyOf(long, 'cfg'), 'sha256:' + createHash('sha256').update(raw).digest('base64'));
  const shortRaw = 'c\u0000' + policyFingerprint(short, short.root.span.offset);
  assert.ok(shortRaw.length <= 256, String(shortRaw.length));
  assert.equal(cache.keyOf(short, 'c'), shortRaw);
});

/**
 * The CLI bundle's `yaml` package is initialised on first use (scripts/build.mjs, `lazyYaml`): its
 * index module is required only by the stand-in our modules import, and only inside a function.
 */
test('the CLI bundle initialises the yaml package only from the lazy stand-in', () => {
  const bundle = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'cli-bundle.js'), 'utf8');
  const index = /var (require_\w+) = __commonJS\(\{\n\s+"[^"]*node_modules\/yaml\/dist\/index\.js"/.exec(bundle);
  assert.ok(index, 'the yaml package is in the bundle');
  const calls = bundle.split(`${index[1]}()`).length - 1;
  assert.equal(calls, 1, 'one call of the yaml index: the stand-in');
  assert.match(bundle, new RegExp(`"lazy-yaml:yaml"\\(exports\\d*\\) \\{\\n\\s+var real;\\n\\s+function load\\(\\) \\{\\n\\s+return real \\?\\?= ${index[1]}\\(\\);`));
  // Our modules import the stand-in, never the package itself.
  assert.doesNotMatch(bundle, /^var import_yaml\d* = __toESM\(require_dist\(\)\);$/m);
  assert.match(bundle, /^var import_yaml\d* = __toESM\(require_yaml\(\)\);$/m);
});

test('YAML and JSON templates through the CLI bundle report what the unbundled CLI reports (the lazy yaml stand-in is transparent)', async () => {
  const dirs = [path.join(REPO_ROOT, 'test', 'fixtures', 'cfn'), path.join(REPO_ROOT, 'test', 'fixtures', 'cfn-pyyaml')];
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--no-config', ...dirs], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: '0', NO_COLOR: '1' } });
  let out = '';
  const code = await main(['--format', 'json', '--no-config', ...dirs], { cwd: REPO_ROOT, stdout: (s) => (out += s), stderr: () => undefined });
  assert.equal(r.status, code, r.stderr);
  assert.ok((r.stdout.match(/"code"/g) ?? []).length > 20);
  assert.equal(r.stdout, out);
});
