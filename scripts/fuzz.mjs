// `npm run fuzz -- [--runs N] [--seed S] [--only I] [--slow-ms MS] [--hang-ms MS] [--dump DIR]`
// Mutation fuzzer over the engine (test/fuzz/fuzzer.ts): builds the test build, runs N mutated
// documents in a worker under a watchdog and prints documents, crashes, INTERNAL_ERRORs, invalid
// ranges, cache mismatches, hangs, slow documents (with the seed and index that reproduce them),
// the slowest document and peak RSS. Exit 1 when any invariant broke (slow documents alone: 0).
//   --seed S     run seed (default: random, printed); document I of a run depends only on (S, I)
//   --only I     run document I alone (with the same --seed) to reproduce a finding
//   --dump DIR   write each reported document to DIR (seed-index.ext) for a reproducer
//   --max-seconds T  stop after T seconds (Ctrl-C too): the report covers the documents done
//   --cdk        mutate CDK sources (TypeScript, JavaScript, Python, Java, C#, Go) instead of policies and templates
//   --v1-doc-seeds  the document seeds of before the seed/index mix (`seed ^ index`), to reproduce an old report
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`${name} needs a value`);
  return v;
};
const num = (name, fallback) => {
  const v = opt(name, undefined);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} expects a number, got "${v}"`);
  return Math.floor(n);
};
const seed = num('--seed', Math.floor(Math.random() * 2 ** 31));
const only = num('--only', undefined);
const runs = only !== undefined ? 1 : num('--runs', 2000);
const slowMs = num('--slow-ms', 1000);
const hangMs = num('--hang-ms', 30_000);
const dump = opt('--dump', undefined);
const maxSeconds = num('--max-seconds', undefined);
const cdk = args.includes('--cdk');
const v1DocSeeds = args.includes('--v1-doc-seeds');

const outDir = process.env.OUT_DIR || 'out';
if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: outDir } });
const require = createRequire(import.meta.url);
const fuzz = require(path.resolve(outDir, 'test', 'fuzz', 'fuzzer.js'));

console.log(`fuzz: ${runs} ${cdk ? 'CDK ' : ''}document${runs === 1 ? '' : 's'}, seed ${seed}${only !== undefined ? `, document ${only}` : ''}`);
let lastPrint = Date.now();
const stop = new globalThis.AbortController();
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => stop.abort());
const limit = maxSeconds !== undefined ? setTimeout(() => stop.abort(), maxSeconds * 1000) : undefined;
const report = await fuzz.runFuzz({
  signal: stop.signal,
  runs,
  seed,
  cdk,
  v1DocSeeds,
  start: only ?? 0,
  slowMs,
  hangMs,
  onDocument(done, r) {
    if (Date.now() - lastPrint < 10_000) return;
    lastPrint = Date.now();
    console.log(`  ${done}/${runs}  crashes ${r.crashes}  INTERNAL_ERROR ${r.internalErrors}  invalid ranges ${r.invalidRanges}  hangs ${r.hangs}  slow ${r.slow}  slowest ${r.slowestMs} ms`);
  },
});

if (limit) clearTimeout(limit);
const repro = (f) => `npm run fuzz -- ${cdk ? '--cdk ' : ''}${v1DocSeeds ? '--v1-doc-seeds ' : ''}--seed ${report.seed} --only ${f.index}`;
const failures = report.findings.filter((f) => f.kind !== 'slow');
const slow = report.findings.filter((f) => f.kind === 'slow');
if (failures.length) {
  console.log('\nFailures (up to 3 per distinct signature):');
  for (const f of failures) console.log(`  [${f.kind}] doc ${f.index} (docSeed ${f.docSeed}, ${f.size} chars, from ${f.from}, ops ${f.ops.join('+')})\n      ${f.where}: ${f.message}\n      reproduce: ${repro(f)}`);
}
if (slow.length) {
  console.log(`\nSlowest documents over ${slowMs} ms:`);
  for (const f of slow) console.log(`  doc ${f.index}: ${f.message}\n      ${f.size} chars, from ${f.from}, ops ${f.ops.join("+")}; reproduce: ${repro(f)}`);
}
if (dump && report.findings.length) {
  fs.mkdirSync(dump, { recursive: true });
  const seeds = fuzz.loadSeeds(undefined, cdk);
  for (const f of report.findings) {
    const d = fuzz.makeDoc(seeds, report.seed, f.index, undefined, v1DocSeeds);
    fs.writeFileSync(path.join(dump, `${report.seed}-${f.index}${path.extname(d.doc.uri)}`), d.doc.text);
  }
  console.log(`\nDocuments written to ${dump}/`);
}
console.log(`
documents         ${report.documents} (${(report.totalChars / 1e6).toFixed(1)} M chars)${report.aborted ? `, stopped early (of ${runs})` : ''}
crashes           ${report.crashes}
INTERNAL_ERRORs   ${report.internalErrors}
invalid ranges    ${report.invalidRanges}
cache mismatches  ${report.cacheMismatches}
hangs (>${hangMs} ms) ${report.hangs}
slow (>${slowMs} ms CPU) ${report.slow}
slowest doc       ${report.slowestMs} ms CPU (doc ${report.slowestIndex})
peak RSS          ${report.peakRssMb} MB
elapsed           ${(report.elapsedMs / 1000).toFixed(1)} s
seed              ${report.seed}`);
process.exitCode = fuzz.failed(report) ? 1 : 0;
