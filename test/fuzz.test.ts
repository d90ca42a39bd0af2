/**
 * A quick, deterministic run of the mutation fuzzer (test/fuzz/fuzzer.ts; the full run is
 * `npm run fuzz -- --runs N`). Invariants only: no exception escapes, no INTERNAL_ERROR, every span
 * inside the document, positions as the server computes them, the findings cache agreeing with a
 * fresh run, no hang. Speed is not asserted here (slow documents are listed by `npm run fuzz`); the
 * hang watchdog is generous so that only a document that never finishes fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failed, runFuzz, signature } from './fuzz/fuzzer';

const SEED = 1;
const RUNS = 300;

test(`fuzz: ${RUNS} mutated documents (seed ${SEED}) keep the engine's invariants`, { timeout: 20 * 60_000 }, async () => {
  const report = await runFuzz({ runs: RUNS, seed: SEED, maxChars: 16_000, hangMs: 120_000 });
  assert.equal(report.documents, RUNS);
  const failures = report.findings
    .filter((f) => f.kind !== 'slow')
    .map((f) => `${signature(f)}\n    doc ${f.index} from ${f.from} (${f.ops.join('+')}): npm run fuzz -- --seed ${SEED} --only ${f.index}`);
  assert.ok(!failed(report), `fuzz failures:\n${failures.join('\n')}`);
});
