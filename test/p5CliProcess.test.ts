/**
 * The CLI process around the engine (issue #16, helper P5): the system calls made per file, the
 * V8 code cache actually reused by the next run, and the JSON report written without a second
 * copy of each file's text. Counts of calls, not times.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { pathToFileURL } from 'url';
import { NODE_FS, discoverFiles, main, readInputFile, type CliFs } from '../server/src/cli';
import { FilePlaces } from '../server/src/cli/places';
import { treeMaker } from './helpers/tree';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-p5-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** A fresh folder with the given files ('->' prefix: a symbolic link to that target). */
const tree = treeMaker(TMP);

/** NODE_FS with every call counted by name (and the paths given to statSync and realpathSync). */
function counting(): { fsl: CliFs; calls: Record<string, number>; stats: string[]; realpaths: string[] } {
  const calls: Record<string, number> = {};
  const stats: string[] = [];
  const realpaths: string[] = [];
  const fsl = Object.fromEntries(
    Object.entries(NODE_FS).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        if (name === 'statSync') stats.push(args[0] as string);
        if (name === 'realpathSync') realpaths.push(args[0] as string);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as CliFs;
  return { fsl, calls, stats, realpaths };
}

test('readInputFile of a file the walk saw as regular: open, fstat, one read, close', () => {
  const root = tree({ 'p.json': POLICY });
  const c = counting();
  assert.deepEqual(readInputFile(path.join(root, 'p.json'), c.fsl, undefined, true), { text: POLICY });
  assert.deepEqual(c.calls, { openSync: 1, fstatSync: 1, readSync: 1, closeSync: 1 });
  // Not known to be regular (a path given on the command line): a stat first, nothing else more.
  const d = counting();
  assert.deepEqual(readInputFile(path.join(root, 'p.json'), d.fsl), { text: POLICY });
  assert.deepEqual(d.calls, { statSync: 1, openSync: 1, fstatSync: 1, readSync: 1, closeSync: 1 });
});

test('readInputFile without the stat still refuses what is not a regular file, and a file over the limit before reading it', (t) => {
  const root = tree({ 'big.json': 'x'.repeat(5000) });
  const c = counting();
  const big = readInputFile(path.join(root, 'big.json'), c.fsl, 4000, true);
  assert.match((big as { error: string }).error, /big\.json: 5 KB is over the 4 KB input limit, not linted/);
  assert.equal(c.calls.readSync, undefined, 'not read');
  const fifo = path.join(root, 'pipe.json');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo');
  // A pipe swapped in where the walk saw a file: refused on the open descriptor, without blocking.
  assert.deepEqual(readInputFile(fifo, NODE_FS, undefined, true), { error: `${fifo}: a named pipe, not linted` });
});

test('discoverFiles: one realpath per folder, none per file; links still resolved and linted once', () => {
  const outside = tree({ 'o.json': POLICY });
  const root = tree({ 'a.json': POLICY, 'b.json': POLICY, 'sub/c.yaml': 'Resources: {}\n', 'sub/d.json': POLICY, 'link.json': `->${path.join(outside, 'o.json')}`, 'alias.json': '->a.json' });
  const c = counting();
  const { files, errors, regular } = discoverFiles([root], c.fsl);
  assert.deepEqual(errors, []);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  assert.deepEqual(files.map(rel).sort(), ['a.json', 'b.json', 'link.json', 'sub/c.yaml', 'sub/d.json'], 'alias.json is a.json');
  // The two folders, and the two links (a link's target is not known without asking).
  assert.deepEqual(c.realpaths.map(rel).sort(), ['', 'alias.json', 'link.json', 'sub']);
  assert.deepEqual([...regular].map(rel).sort(), ['a.json', 'b.json', 'link.json', 'sub/c.yaml', 'sub/d.json']);
  // A file given by name was stat-ed by discovery: regular if it is one; a device or a pipe is not (refused unopened when read).
  assert.deepEqual([...discoverFiles([path.join(root, 'a.json')]).regular], [path.join(root, 'a.json')]);
  if (fs.existsSync('/dev/null')) assert.equal(discoverFiles(['/dev/null']).regular.size, 0);
});

test('a walked folder: the run makes no stat per file (in-process, counted)', async () => {
  const root = tree(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}.json`, POLICY])));
  const c = counting();
  let stdout = '';
  const code = await main(['--format', 'json', '--no-config', root], { fs: c.fsl, stdout: (s) => (stdout += s), stderr: () => {}, cwd: root });
  assert.equal(code, 1);
  assert.equal((JSON.parse(stdout) as { files: unknown[] }).files.length, 20);
  assert.deepEqual(
    c.stats.filter((p) => p.endsWith('.json') && path.dirname(p) === root),
    [],
    'no stat of a walked file',
  );
  assert.equal(c.calls.openSync, 20);
  assert.equal(c.calls.readSync, 20, 'one read per file');
});

test('the bin reuses its code cache: the second run does not rewrite the cache the first one wrote', () => {
  const dir = tree({ 'p.json': POLICY });
  const cache = path.join(dir, 'cache');
  const run = () => spawnSync(process.execPath, [CLI, '--format', 'json', 'p.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: cache, NO_COLOR: '1' } });
  const first = run();
  assert.equal(first.status, 1, first.stderr);
  const [file] = fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
  assert.ok(file, 'written by the first run');
  const stamp = fs.statSync(path.join(cache, file)).mtimeMs;
  const second = run();
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.status, 1);
  // A rejected cache (flags changed after the compile) is rewritten by every run.
  assert.equal(fs.statSync(path.join(cache, file)).mtimeMs, stamp, 'the cache was accepted, not rejected and rewritten');
});

test('readInputFile reuses one read buffer: a short file after a long one, a file with a BOM, an empty one, multi-byte text cut nowhere', () => {
  const long = `{"Sid": "${'x'.repeat(100_000)}"}`;
  const multi = '{"Sid": "é€😀"}'.repeat(5000);
  const root = tree({ 'long.json': long, 'short.json': '{}', 'bom.json': '\ufeff{"a": 1}', 'empty.json': '', 'multi.json': multi, 'huge.json': 'y'.repeat(2 * 1024 * 1024) });
  const read = (name: string, regular = true) => readInputFile(path.join(root, name), NODE_FS, undefined, regular);
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(read('long.json'), { text: long });
    assert.deepEqual(read('short.json'), { text: '{}' });
    assert.deepEqual(read('bom.json', false), { text: '{"a": 1}' });
    assert.deepEqual(read('empty.json'), { text: '' });
    assert.deepEqual(read('multi.json'), { text: multi });
    assert.equal((read('huge.json') as { text: string }).text.length, 2 * 1024 * 1024);
    assert.deepEqual(read('short.json'), { text: '{}' });
  }
});

test('FilePlaces: per folder, the same absolute path, display path and file URI as worked out whole for each file', () => {
  const cwd = path.join(TMP, 'work', 'dir');
  const whole = (file: string) => {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    return { abs, display: (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/'), uri: pathToFileURL(abs).href };
  };
  const places = new FilePlaces(cwd);
  const names = ['p.json', 'a-b_c.1.yaml', '50%off.json', 'a#b.json', 'q?.json', 'with space.json', 'é.json', '.hidden.json', '..x.json', 'x..json'];
  const dirs = ['', 'sub', 'sub/deeper', './sub', 'sub/../other', '..', '../sibling', '../../..', cwd, path.join(cwd, 'sub'), '/', '/tmp', TMP, `${cwd}/`, 'sub//', '..foo'];
  for (const dir of dirs) {
    for (const name of names) {
      const file = dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
      // Twice: the folder's place is then memoised.
      assert.deepEqual(places.of(file), whole(file), file);
      assert.deepEqual(places.of(file), whole(file), file);
    }
  }
});

test('a one-thread run does not load worker_threads (loaded only to start a worker or in one)', () => {
  const dir = tree({ 'p.json': POLICY, 'probe.cjs': "process.on('exit', () => process.stderr.write('\\nworker_threads loaded: ' + process.moduleLoadList.some((m) => /\\bworker_threads$/.test(m))));\n" });
  const r = spawnSync(process.execPath, ['--require', path.join(dir, 'probe.cjs'), CLI, '--format', 'json', 'p.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IAM_POLICY_LINT_CODE_CACHE: '0', NO_COLOR: '1' } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /worker_threads loaded: false$/);
});
