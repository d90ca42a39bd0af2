/**
 * The fuzzer's document seeds (#16): document i of a run with seed S depends on (S, i) through a
 * proper hash mix, so different runs fuzz different documents (before, `seed ^ index` made seeds
 * 1–5 and 42 produce largely the same ones: 42/3339 was 43/3338); the old seeds stay available for
 * old reproductions; `--seed S --only i` still reproduces a document; and the CDK seed set covers
 * every CDK language.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docSeed, loadSeeds, makeDoc, runFuzz } from './fuzz/fuzzer';

test('document seeds of different runs do not collide by seed ^ index', () => {
  const runs = [1, 2, 3, 4, 5, 42, 43, 1000];
  const n = 20_000;
  const seen = new Set<number>();
  let v1 = 0;
  const v1Seen = new Set<number>();
  for (const s of runs) {
    for (let i = 0; i < n; i++) {
      seen.add(docSeed(s, i));
      const old = docSeed(s, i, true);
      if (v1Seen.has(old)) v1++;
      v1Seen.add(old);
    }
  }
  // 160,000 hashes into 2^32: a handful of accidental collisions at most.
  assert.ok(runs.length * n - seen.size <= 5, `${runs.length * n - seen.size} collisions`);
  assert.ok(v1 > 100_000, `the v1 seeds collided ${v1} times`);
  assert.notEqual(docSeed(42, 3339), docSeed(43, 3338));
  assert.equal(docSeed(42, 3339, true), docSeed(43, 3338, true), 'v1 kept as it was (old reproductions)');
  // Nearby seeds and indices give unrelated values (no seed ^ index structure): the low bits vary.
  const low = new Set(Array.from({ length: 64 }, (_, i) => docSeed(7, i) & 0xff));
  assert.ok(low.size > 40, `${low.size} distinct low bytes of 64`);
});

test('a document depends only on (seed, index), and the v1 option gives the old documents', () => {
  const seeds = loadSeeds();
  const a = makeDoc(seeds, 42, 3339);
  const b = makeDoc(seeds, 42, 3339);
  assert.equal(a.doc.text, b.doc.text);
  assert.equal(a.seed, docSeed(42, 3339));
  const oldA = makeDoc(seeds, 42, 3339, undefined, true);
  const oldB = makeDoc(seeds, 43, 3338, undefined, true);
  assert.equal(oldA.doc.text, oldB.doc.text);
  assert.equal(oldA.seed, docSeed(42, 3339, true));
});

test('the CDK seed set holds sources of all six CDK languages', () => {
  const names = loadSeeds(undefined, true).map((s) => s.name);
  for (const ext of ['.ts', '.js', '.py', '.java', '.cs', '.go']) assert.ok(names.some((n) => n.endsWith(ext)), `a ${ext} seed`);
});

test('--seed S --only i runs exactly document i of run S', { timeout: 10 * 60_000 }, async () => {
  const seeds = loadSeeds();
  const index = 17;
  const report = await runFuzz({ runs: 1, seed: 5, start: index, maxChars: 4000, hangMs: 120_000, slowMs: 0 });
  assert.equal(report.documents, 1);
  const slow = report.findings.find((f) => f.kind === 'slow');
  assert.ok(slow, 'every document is over a bound of 0 ms');
  const expected = makeDoc(seeds, 5, index, 4000);
  assert.deepEqual([slow.index, slow.docSeed, slow.from, slow.ops, slow.size], [index, expected.seed, expected.from, expected.ops, expected.doc.text.length]);
});
