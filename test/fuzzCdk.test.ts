/**
 * Issue #16: the mutation fuzzer over CDK sources (TypeScript, JavaScript, Python seeds from
 * examples/ and test/fixtures/, generic and CDK-token mutations): a quick deterministic run with
 * the same invariants as test/fuzz.test.ts. `npm run fuzz -- --cdk --runs N` is the long run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failed, loadSeeds, runFuzz, signature } from './fuzz/fuzzer';

const SEED = 7;
const RUNS = 80;

test('the CDK seed set holds TypeScript, JavaScript and Python sources', () => {
  const names = loadSeeds(undefined, true).map((s) => s.name);
  for (const ext of ['.ts', '.js', '.py']) assert.ok(names.some((n) => n.endsWith(ext)), `a ${ext} seed`);
  assert.ok(!names.some((n) => /\.(json|ya?ml)$/.test(n)));
});

test(`fuzz: ${RUNS} mutated CDK sources (seed ${SEED}) keep the engine's invariants`, { timeout: 20 * 60_000 }, async () => {
  const report = await runFuzz({ runs: RUNS, seed: SEED, cdk: true, maxChars: 16_000, hangMs: 120_000 });
  assert.equal(report.documents, RUNS);
  const failures = report.findings
    .filter((f) => f.kind !== 'slow')
    .map((f) => `${signature(f)}\n    doc ${f.index} from ${f.from} (${f.ops.join('+')}): npm run fuzz -- --cdk --seed ${SEED} --only ${f.index}`);
  assert.ok(!failed(report), `fuzz failures:\n${failures.join('\n')}`);
});
