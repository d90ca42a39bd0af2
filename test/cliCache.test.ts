/**
 * `iam-policy-lint --cache` (server/src/cli/resultCache.ts): a warm cache gives the very output of
 * a run without it, in every format, in one thread and across workers; an entry is used only for
 * the same text, settings, threshold and engine; a corrupt, foreign or unwritable cache never
 * changes a report or the exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { cacheFilePath, DEFAULT_CACHE_FILE, engineIdentity, ResultCache, textHash } from '../server/src/cli/resultCache';
import { JsonReportWriter, renderedFileJson, type FileReport } from '../server/src/cli/report';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

const TYPO = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';

/** A tree with clean, failing, template, broken and non-policy files (the examples, plus a few). */
function makeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-cache-'));
  const texts: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml|ts|py)$/.test(e.name)) texts.push([e.name, fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(path.join(REPO_ROOT, 'examples'));
  texts.push(['typo.json', TYPO]);
  texts.push(['broken.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ']);
  texts.push(['other.json', '{"name": "not a policy"}']);
  texts.push(['unicode.json', TYPO.replace('"Allow"', '"Allow", "Sid": "Zu\u00dfall\u2028\u{1F600}"')]);
  texts.forEach(([name, text], i) => {
    const sub = path.join(dir, `d${i % 3}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `${i}-${name}`), text);
  });
  return dir;
}

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IAM_POLICY_LINT_WORKERS: '0', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rewrites every cached report's messages of INVALID_ACTION: a run that shows the forged text used the cache. */
function forge(cacheFile: string): void {
  const text = fs.readFileSync(cacheFile, 'utf8');
  const forged = text.replace(/does not exist/g, 'FORGED');
  assert.notEqual(forged, text, 'the cache holds the typo finding');
  fs.writeFileSync(cacheFile, forged);
}

test('a warm cache gives the output of a run without it: json, text, sarif; one thread and workers', () => {
  const dir = makeTree();
  for (const format of ['json', 'text', 'sarif']) {
    for (const workers of ['0', '1']) {
      const cache = path.join(dir, `c-${format}-${workers}`);
      const plain = run(dir, ['--format', format, '.'], { IAM_POLICY_LINT_WORKERS: workers });
      const cold = run(dir, ['--cache', '--cache-location', cache, '--format', format, '.'], { IAM_POLICY_LINT_WORKERS: workers });
      const warm = run(dir, ['--cache', '--cache-location', cache, '--format', format, '.'], { IAM_POLICY_LINT_WORKERS: workers });
      assert.equal(plain.code, 1, plain.stderr);
      for (const r of [cold, warm]) {
        assert.equal(r.stdout, plain.stdout, `${format}, workers ${workers}`);
        assert.equal(r.stderr, plain.stderr);
        assert.equal(r.code, plain.code);
      }
      assert.ok(fs.existsSync(cache));
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    }
  }
});

test('entries are used, and only for the same text, settings, threshold and files', () => {
  const dir = makeTree();
  const cache = path.join(dir, 'cache');
  const typo = ['d0', 'd1', 'd2'].flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => `${d}/${f}`)).find((f) => f.endsWith('-typo.json')) ?? assert.fail('no typo file');
  const cachedRun = (...args: string[]) => run(dir, ['--cache', '--cache-location', cache, ...args, '.']);
  assert.doesNotMatch(cachedRun().stdout, /FORGED/);
  forge(cache);
  assert.match(cachedRun().stdout, /FORGED/, 'a warm run reads the reports from the cache');
  // Another threshold, rule level or policy type: the forged entries are not used (and are replaced).
  for (const args of [['-q'], ['--rule', 'MISSING_VERSION=off'], ['--policy-type', 'resource']]) {
    fs.rmSync(cache);
    cachedRun();
    forge(cache);
    assert.doesNotMatch(cachedRun(...args).stdout, /FORGED/, args.join(' '));
  }
  // A changed text (one space): that file is linted again, the others still come from the cache.
  fs.rmSync(cache);
  cachedRun();
  forge(cache);
  fs.appendFileSync(path.join(dir, typo), ' ');
  const out = cachedRun('--format', 'json');
  const files = JSON.parse(out.stdout).files as { path: string; diagnostics: { message: string }[] }[];
  const mine = files.find((f) => f.path === typo) ?? assert.fail('typo file reported');
  assert.ok(mine.diagnostics.some((d) => /does not exist/.test(d.message)) && !mine.diagnostics.some((d) => /FORGED/.test(d.message)));
  assert.ok(files.some((f) => f.path !== typo && f.diagnostics.some((d) => /FORGED/.test(d.message))), 'the other files are still cached');
  // A configuration file that changes the check's level: every entry under it is stale.
  fs.rmSync(cache);
  cachedRun();
  forge(cache);
  fs.writeFileSync(path.join(dir, '.iampolicylintrc.json'), JSON.stringify({ rules: { INVALID_ACTION: 'warning' } }));
  const configured = cachedRun('--format', 'json');
  assert.doesNotMatch(configured.stdout, /FORGED/);
  assert.equal(configured.stdout, run(dir, ['--format', 'json', '.']).stdout, 'the configuration applies');
  assert.match(configured.stdout, /"code": "INVALID_ACTION",[^}]*"severity": "warning"/);
});

test('a corrupt, truncated or foreign cache is an empty one, and is rewritten', () => {
  const dir = makeTree();
  const cache = path.join(dir, 'cache');
  const plain = run(dir, ['--format', 'json', '.']);
  run(dir, ['--cache', '--cache-location', cache, '.']);
  const good = fs.readFileSync(cache, 'utf8');
  const lines = good.split('\n');
  const header = JSON.parse(lines[0]);
  const variants: [string, string][] = [
    ['empty', ''],
    ['garbage', '\u0000\u00ff not json at all'],
    ['header only', lines[0]],
    ['truncated', good.slice(0, Math.floor(good.length / 2))],
    ['another engine', [JSON.stringify({ ...header, engine: 'someone else' }), ...lines.slice(1)].join('\n')],
    ['another format', [JSON.stringify({ ...header, format: 999 }), ...lines.slice(1)].join('\n')],
    ['bad heads', [lines[0], ...lines.slice(1).map((l, i) => (i % 2 ? `x${l}` : l.replace(/^\["/, '[1,"')))].join('\n')],
    ['bad settings index', [lines[0], ...lines.slice(1).map((l) => l.replace(/^(\[".*?","[^"]*",)\d+\]/, '$1 99]'))].join('\n')],
    ['bad reports', [lines[0], ...lines.slice(1).map((l) => l.replace(/"range":\{"start":\{"line":\d+/g, '"range":{"start":{"line":"x"').replace(/"policies":\d+/, '"policies":"x"'))].join('\n')],
  ];
  for (const [what, text] of variants) {
    fs.writeFileSync(cache, text);
    const r = run(dir, ['--cache', '--cache-location', cache, '--format', 'json', '.']);
    assert.equal(r.stdout, plain.stdout, what);
    assert.equal(r.code, plain.code, what);
    assert.equal(r.stderr, '', what);
    forge(cache);
    assert.match(run(dir, ['--cache', '--cache-location', cache, '.']).stdout, /FORGED/, `${what}: rewritten as a valid cache`);
  }
});

test('an unwritable cache is one warning; reports and exit code unchanged', () => {
  const dir = makeTree();
  const blocker = path.join(dir, 'a-file');
  fs.writeFileSync(blocker, 'x');
  const plain = run(dir, ['.']);
  const r = run(dir, ['--cache', '--cache-location', path.join(blocker, 'cache'), '.']);
  assert.equal(r.stdout, plain.stdout);
  assert.equal(r.code, plain.code);
  assert.match(r.stderr, /^iam-policy-lint: cannot write the cache .*a-file\/cache: E\w+ \(the reports are not affected\)\n$/);
});

test('where the cache goes: the working directory, a named file, a folder; --cache-location needs --cache', () => {
  const dir = makeTree();
  run(dir, ['--cache', '.']);
  assert.ok(fs.existsSync(path.join(dir, DEFAULT_CACHE_FILE)));
  fs.mkdirSync(path.join(dir, 'caches'));
  run(dir, ['--cache', '--cache-location', 'caches', '.']);
  assert.ok(fs.existsSync(path.join(dir, 'caches', DEFAULT_CACHE_FILE)));
  run(dir, ['--cache', '--cache-location', 'new-folder/', '.']);
  assert.ok(fs.existsSync(path.join(dir, 'new-folder', DEFAULT_CACHE_FILE)));
  assert.equal(cacheFilePath('/w', undefined), path.join('/w', DEFAULT_CACHE_FILE));
  assert.equal(cacheFilePath('/w', 'x/c.json'), path.join('/w', 'x', 'c.json'));
  const usage = run(dir, ['--cache-location', 'c', '.']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--cache-location applies to --cache/);
});

test('--fix-dry-run, --fix and standard input neither read nor write the cache', () => {
  const dir = makeTree();
  const cache = path.join(dir, 'cache');
  const stdin = spawnSync(process.execPath, [CLI, '--cache', '--cache-location', cache, '-'], { cwd: dir, input: TYPO, encoding: 'utf8' });
  assert.equal(stdin.status, 1);
  assert.ok(!fs.existsSync(cache), 'standard input alone: no cache file');
  run(dir, ['--cache', '--cache-location', cache, '--fix-dry-run', '.']);
  assert.ok(!fs.existsSync(cache));
  run(dir, ['--cache', '--cache-location', cache, '.']);
  forge(cache);
  assert.doesNotMatch(run(dir, ['--cache', '--cache-location', cache, '--fix-dry-run', '.']).stdout, /FORGED/);
  const before = fs.readFileSync(cache, 'utf8');
  run(dir, ['--cache', '--cache-location', cache, '--fix', '.']);
  assert.equal(fs.readFileSync(cache, 'utf8'), before, '--fix leaves the cache alone');
});

test('entries of files not linted this run are kept while the file exists', () => {
  const dir = makeTree();
  const cache = path.join(dir, 'cache');
  run(dir, ['--cache', '--cache-location', cache, '.']);
  const all = fs.readFileSync(cache, 'utf8').split('\n').length;
  run(dir, ['--cache', '--cache-location', cache, 'd1']);
  assert.equal(fs.readFileSync(cache, 'utf8').split('\n').length, all, 'a run over part of the tree keeps the rest');
  const gone = fs.readdirSync(path.join(dir, 'd2'));
  fs.rmSync(path.join(dir, 'd2'), { recursive: true });
  run(dir, ['--cache', '--cache-location', cache, 'd1']);
  const left = fs.readFileSync(cache, 'utf8');
  assert.equal(left.split('\n').length, all - gone.length);
  assert.ok(!left.includes(`${path.sep}d2${path.sep}`));
});

test('ResultCache: keys, engine identity, round trip of any report text', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-cache-unit-'));
  const file = path.join(dir, 'c');
  const report = (message: string): FileReport => ({
    path: 'shown/elsewhere.json',
    format: 'json',
    policies: 1,
    policyTypes: ['identity'],
    diagnostics: [{ code: 'X', message, severity: 'warning', source: 'iam-policy-lint', origin: 'check', range: { start: { line: 0, character: 1 }, end: { line: 2, character: 3 } } } as FileReport['diagnostics'][number]],
  });
  const strange = ['plain', 'tab\there', 'line\nbreak', '\u2028\u2029', 'lone \ud800 surrogate', '\u0000\u001f', 'emoji \u{1F600}', '"quotes" \\ backslash'];
  const c = ResultCache.load(file, 'engine-1');
  strange.forEach((m, i) => c.set(`/abs/${i}\t${m}`, textHash(m), `key ${m}`, report(m)));
  assert.equal(c.save(), undefined);
  const back = ResultCache.load(file, 'engine-1');
  strange.forEach((m, i) => {
    const r = back.get(`/abs/${i}\t${m}`, textHash(m), `key ${m}`)?.report;
    const { path: _p, ...want } = report(m);
    assert.deepEqual(r, JSON.parse(JSON.stringify(want)), JSON.stringify(m));
    assert.equal(back.get(`/abs/${i}\t${m}`, textHash(m + ' '), `key ${m}`), undefined, 'another text');
    assert.equal(back.get(`/abs/${i}\t${m}`, textHash(m), `key ${m} `), undefined, 'other settings');
  });
  assert.equal(back.hits, strange.length);
  assert.equal(ResultCache.load(file, 'engine-2').get(`/abs/0\tplain`, textHash('plain'), 'key plain'), undefined, 'another engine');
  // The engine's identity follows the code file: a rebuilt bundle is another engine.
  const code = path.join(dir, 'bundle.js');
  fs.writeFileSync(code, 'a');
  const before = engineIdentity('1.0.0', '0.1', '2026-01-01', code);
  assert.equal(engineIdentity('1.0.0', '0.1', '2026-01-01', code), before);
  fs.writeFileSync(code, 'ab');
  assert.notEqual(engineIdentity('1.0.0', '0.1', '2026-01-01', code), before);
  assert.notEqual(engineIdentity('1.0.0', '0.2', '2026-01-01', code), engineIdentity('1.0.0', '0.1', '2026-01-01', code));
  assert.notEqual(engineIdentity('1.0.1', '0.1', '2026-01-01', code), engineIdentity('1.0.0', '0.1', '2026-01-01', code));
});

test('across workers, only the changed files are linted again, and their new reports are stored', () => {
  const dir = makeTree();
  const cache = path.join(dir, 'cache');
  const workers = { IAM_POLICY_LINT_WORKERS: '1' };
  run(dir, ['--cache', '--cache-location', cache, '.'], workers);
  const changed = ['d0', 'd1'].map((d) => path.join(dir, d, fs.readdirSync(path.join(dir, d)).find((f) => f.endsWith('.json')) ?? assert.fail('a JSON file')));
  for (const f of changed) fs.writeFileSync(f, TYPO.replace('GetObjekt', 'GetObjekts'));
  forge(cache);
  const r = run(dir, ['--cache', '--cache-location', cache, '--format', 'json', '.'], workers);
  const files = JSON.parse(r.stdout).files as { path: string; diagnostics: { message: string }[] }[];
  const plainFiles = JSON.parse(run(dir, ['--format', 'json', '.']).stdout).files as typeof files;
  assert.deepEqual(files.map((f) => f.path), plainFiles.map((f) => f.path), 'the same files in the same order');
  for (const f of files) {
    const isChanged = changed.some((c) => c.endsWith(f.path));
    if (isChanged) assert.match(JSON.stringify(f.diagnostics), /GetObjekts\\" does not exist/, f.path);
    else assert.doesNotMatch(JSON.stringify(f.diagnostics), /does not exist/, f.path);
  }
  forge(cache);
  const again = JSON.parse(run(dir, ['--cache', '--cache-location', cache, '--format', 'json', '.'], workers).stdout).files as typeof files;
  for (const f of again.filter((x) => changed.some((c) => c.endsWith(x.path)))) assert.match(JSON.stringify(f.diagnostics), /FORGED/, `${f.path}: stored from the worker`);
});

test('ResultCache.load on randomly damaged files never throws, and a hit is always a whole report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-cache-fuzz-'));
  const file = path.join(dir, 'c');
  const c = ResultCache.load(file, 'e');
  const report = (i: number): FileReport => ({
    path: `p${i}`,
    format: 'json',
    policies: i % 3,
    policyTypes: ['identity'],
    diagnostics: Array.from({ length: i % 4 }, (_, k) => ({ code: `C${k}`, message: `m\t${i}\u00e9`, severity: 'info', source: 's', origin: 'check', range: { start: { line: k, character: 0 }, end: { line: k, character: 5 } } }) as FileReport['diagnostics'][number]),
  });
  for (let i = 0; i < 40; i++) c.set(`/f/${i}`, textHash(String(i)), `k${i % 3}`, report(i));
  assert.equal(c.save(), undefined);
  const good = fs.readFileSync(file);
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let round = 0; round < 300; round++) {
    const bad = Buffer.from(good);
    for (let m = 1 + rnd(6); m > 0; m--) {
      const at = rnd(bad.length);
      const op = rnd(3);
      if (op === 0) bad[at] = rnd(256);
      else if (op === 1) bad[at] = [0x0a, 0x09, 0x22, 0x7b, 0x5d][rnd(5)];
      else bad.fill(0x20, at, Math.min(bad.length, at + rnd(20)));
    }
    const cut = rnd(4) === 0 ? bad.subarray(0, rnd(bad.length)) : bad;
    fs.writeFileSync(file, cut);
    const back = ResultCache.load(file, 'e');
    for (let i = 0; i < 40; i++) {
      const r = back.get(`/f/${i}`, textHash(String(i)), `k${i % 3}`)?.report;
      if (r === undefined) continue;
      assert.equal(typeof r.format, 'string');
      assert.ok(Array.isArray(r.diagnostics) && r.diagnostics.every((d) => typeof d.range.start.line === 'number' && typeof d.message === 'string'));
    }
  }
});

test('JsonReportWriter.fileRendered writes what file() writes, for reports in and out of position order', () => {
  let seed = 3;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const texts = ['plain', 'tab\there', 'line\nbreak', '\u2028', 'lone \ud800', 'quote " and \\', '    {\n      "format": ', 'emoji \u{1F600}'];
  const severities = ['error', 'warning', 'info', 'hint'] as const;
  const reports: FileReport[] = [];
  for (let i = 0; i < 400; i++) {
    const diagnostics = Array.from({ length: rnd(5) }, () => {
      const line = rnd(3);
      const d: Record<string, unknown> = { code: `C${rnd(3)}`, message: texts[rnd(texts.length)], severity: severities[rnd(4)], source: 'iam-policy-author', origin: rnd(5) ? 'check' : 'access-analyzer' };
      if (rnd(2)) d.href = 'https://example.invalid/x';
      if (rnd(2)) d.policy = { label: texts[rnd(texts.length)], hostPath: rnd(2) ? [] : ['Resources', texts[rnd(texts.length)], 0], type: 'identity' };
      d.range = { start: { line, character: rnd(4) }, end: { line: line + rnd(2), character: rnd(9) } };
      return d as unknown as FileReport['diagnostics'][number];
    });
    reports.push({ path: texts[rnd(texts.length)] + i, format: rnd(2) ? 'json' : 'yaml', policies: rnd(3), policyTypes: rnd(2) ? [] : ['identity', 'trust'], diagnostics });
  }
  const meta = { tool: 't', version: '1', dataVersion: 'd', dataDate: '2026-01-01' };
  const viaFile: string[] = [];
  const viaRendered: string[] = [];
  const a = new JsonReportWriter(meta, (s) => viaFile.push(s));
  const b = new JsonReportWriter(meta, (s) => viaRendered.push(s));
  let spliced = 0;
  for (const r of reports) {
    const { path: _p, ...kept } = r;
    const rendered = renderedFileJson(kept);
    const handed = a.file(r, true);
    if (handed !== undefined) assert.equal(handed, rendered, 'the text file() hands the cache is renderedFileJson');
    assert.deepEqual(JSON.parse(rendered), JSON.parse(JSON.stringify(kept)), 'JSON.parse reads it back');
    b.fileRendered(r, rendered);
    const sorted = r.diagnostics.every((d, k) => k === 0 || [...r.diagnostics].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character || severities.indexOf(x.severity) - severities.indexOf(y.severity))[k] === d);
    if (sorted) spliced++;
    assert.equal(handed !== undefined, sorted, 'handed exactly when in report order');
  }
  // A hand-edited entry (compact JSON) is written the long way, the same text.
  a.file(reports[0]);
  b.fileRendered(reports[0], JSON.stringify((({ path: _p, ...k }) => k)(reports[0])));
  a.end();
  b.end();
  assert.equal(viaRendered.join(''), viaFile.join(''));
  assert.ok(spliced > 100 && spliced < reports.length, `both paths taken (${spliced} spliced)`);
});
