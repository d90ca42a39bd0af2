/**
 * `.iampolicylintrc.json`: found upward from each file (nearest wins, stops at the repository
 * root), `--config` / `--no-config`, rules, policyTypes, ignore, overrides, misspelt codes (exit 2
 * naming the nearest code), and the JSON schema agreeing with the registry and the loader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../server/src/cli';
import { CHECKS } from '../server/src/checks/registry';
import { ConfigError, ConfigResolver, validateConfig } from '../server/src/projectConfig';
import { REPO_ROOT } from './helpers/fixtures';

const BAD_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] }, null, 2);
const NO_VERSION = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);

/** A temporary tree: { 'a/b.json': text }; a `.git` folder at its root makes it a repository. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'h17a-config-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function lint(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['--format', 'json', ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false });
  let out: { files: { path: string; policyTypes: string[]; diagnostics: { code: string; severity: string }[] }[] } | undefined;
  try {
    out = JSON.parse(stdout);
  } catch {
    out = undefined;
  }
  return { code, out, stderr };
}

function codes(r: Awaited<ReturnType<typeof lint>>, file: string): string[] {
  return (r.out?.files.find((f) => f.path.endsWith(file))?.diagnostics ?? []).map((d) => `${d.code}:${d.severity}`);
}

test('config: the nearest file upward applies; overrides by glob; policyTypes; ignore', async () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.iampolicylintrc.json': JSON.stringify({ rules: { INVALID_ACTION: 'warning' }, ignore: ['**/*.local.json'], overrides: [{ files: ['legacy/**'], rules: { INVALID_ACTION: 'off' } }], policyTypes: { 'trust/*.json': 'trust' } }),
    'app/p.json': BAD_POLICY,
    'app/secret.local.json': BAD_POLICY,
    'legacy/old/p.json': BAD_POLICY,
    'trust/t.json': NO_VERSION,
    'strict/.iampolicylintrc.json': JSON.stringify({ rules: { MISSING_VERSION: 'error' } }),
    'strict/p.json': NO_VERSION,
  });
  const r = await lint(root, root);
  assert.equal(r.stderr, '');
  assert.deepEqual(codes(r, 'app/p.json'), ['INVALID_ACTION:warning']);
  assert.ok(!r.out!.files.some((f) => f.path.endsWith('secret.local.json')), 'ignored by the config');
  assert.deepEqual(codes(r, 'legacy/old/p.json'), []);
  assert.deepEqual(r.out!.files.find((f) => f.path.endsWith('trust/t.json'))!.policyTypes, ['trust']);
  assert.ok(codes(r, 'trust/t.json').includes('MISSING_PRINCIPAL:error'), 'linted as a trust policy');
  assert.ok(codes(r, 'strict/p.json').includes('MISSING_VERSION:error'), 'the nearer config wins');
  assert.equal(r.code, 1);
  // Command-line rules override the file; --no-config ignores it; --config names another.
  assert.deepEqual(codes(await lint(root, '--rule', 'INVALID_ACTION=error', path.join(root, 'app/p.json')), 'app/p.json'), ['INVALID_ACTION:error']);
  assert.deepEqual(codes(await lint(root, '--no-config', path.join(root, 'legacy/old/p.json')), 'legacy/old/p.json'), ['INVALID_ACTION:error']);
  assert.deepEqual(codes(await lint(root, '--config', 'strict/.iampolicylintrc.json', path.join(root, 'app/p.json')), 'app/p.json'), ['INVALID_ACTION:error']);
});

test('config: the search stops at the repository root (.git)', () => {
  const outer = tree({ '.iampolicylintrc.json': JSON.stringify({ rules: { INVALID_ACTION: 'off' } }), 'repo/.git/HEAD': 'x', 'repo/src/p.json': BAD_POLICY, 'plain/src/p.json': BAD_POLICY });
  const resolver = new ConfigResolver();
  assert.equal(resolver.forFile(path.join(outer, 'repo', 'src', 'p.json')), null, 'not above the repository root');
  const found = resolver.forFile(path.join(outer, 'plain', 'src', 'p.json'));
  assert.ok(found && !(found instanceof ConfigError));
  assert.equal(found.file, path.join(outer, '.iampolicylintrc.json'));
});

test('config: a misspelt rule code is an error naming the nearest code (config file and --rule), exit 2', async () => {
  const root = tree({ '.git/HEAD': 'x', '.iampolicylintrc.json': JSON.stringify({ rules: { INVALID_ACTON: 'off' } }), 'p.json': BAD_POLICY });
  const r = await lint(root, path.join(root, 'p.json'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.iampolicylintrc\.json: rules: unknown rule code "INVALID_ACTON" \(did you mean "INVALID_ACTION"\?\)/);
  assert.ok(r.out && codes(r, 'p.json').length === 1, 'the file is still linted and reported (without the broken config)');
  const flag = await lint(REPO_ROOT, '--rule', 'INVALID_ACTON=off', 'test/fixtures/cli/errors');
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /--rule INVALID_ACTON=off: unknown rule code "INVALID_ACTON" \(did you mean "INVALID_ACTION"\?\)/);
  const typo = await lint(root, '--config', path.join(root, 'nope.json'), path.join(root, 'p.json'));
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /nope\.json: cannot be read/);
});

test('config: the loader rejects what the schema rejects', () => {
  const bad: unknown[] = [{ rules: { INVALID_ACTION: 'loud' } }, { policyTypes: { '*.json': 'role' } }, { overrides: [{ rules: {} }] }, { ignoreSids: { S: ['NOT_A_CODE'] } }, { rule: {} }, { accessAnalyzer: { region: 'EU WEST' } }, []];
  for (const b of bad) assert.throws(() => validateConfig(b), ConfigError, JSON.stringify(b));
  assert.throws(() => validateConfig({ rule: {} }), /unknown key "rule" \(did you mean "rules"\?\)/);
  const ok = { $schema: './x.json', rules: { INVALID_ACTION: 'off' }, policyTypes: { 'scp/**': 'scp' }, ignore: ['a'], accessAnalyzer: { region: 'eu-west-1' }, overrides: [{ files: ['x/**'], rules: { RESOURCE_STAR_FOR_RESOURCE_LEVEL_ACTION: 'off' }, ignoreSids: { A: ['*'] } }], ignoreSids: { B: ['INVALID_ACTION'] } };
  assert.doesNotThrow(() => validateConfig(ok));
  // The schema: every check code, and the same verdicts (ajv from the dev tree).
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'iampolicylintrc.schema.json'), 'utf8'));
  assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), CHECKS.map((c) => c.code).sort(), 'schemas/iampolicylintrc.schema.json lists every check code (regenerate it when a check is added)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv');
  const validate = new Ajv({ allErrors: true }).compile(schema);
  assert.ok(validate(ok), JSON.stringify(validate.errors));
  for (const b of bad) assert.equal(validate(b), false, JSON.stringify(b));
});
