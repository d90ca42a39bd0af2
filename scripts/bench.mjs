// `npm run bench [-- options]`: builds the test build, then runs each benchmark in out/test/bench/ in turn.
//   --only a,b        run only these benches (startup, bench, cfn-bench, cdk-bench, growth, concurrency)
//   --save FILE       write the comparable numbers (growth metrics: p50 over --runs runs) to FILE
//   --compare FILE    compare with a file written by --save: a metric more than 20 % slower (and
//                     slower by more than a small absolute floor) is flagged; exit code 1 when any is
//   --runs N          growth runs whose per-metric median is saved/compared (default 3 with --save/--compare, else 1)
//   --threshold P     regression threshold in percent (default 20)
//   --quick           growth bench with the smaller sizes only (a quick check; compare quick with quick)
// The growth bench's last result is also written to out/bench/growth.json (input of scripts/bench-plot.mjs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
};
const saveFile = opt('--save');
const compareFile = opt('--compare');
const comparing = saveFile !== undefined || compareFile !== undefined;
const runs = Math.max(1, Number(opt('--runs') ?? (comparing ? 3 : 1)) | 0);
const threshold = Number(opt('--threshold') ?? 20) / 100;
const only = opt('--only')?.split(',').map((s) => s.trim().replace(/\.js$/, ''));
// Read the baseline before spending minutes on the benches.
const baseline = compareFile !== undefined ? readBaseline(compareFile) : undefined;

const outDir = process.env.OUT_DIR || 'out';
if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: outDir } });
// start-up first, then the feature benchmarks (bench.js), the CloudFormation and CDK benchmarks,
// the growth benchmark and completion while a large template validates (concurrency.js).
const dir = path.join(outDir, 'test', 'bench');
const order = ['startup', 'bench', 'cfn-bench', 'cdk-bench', 'growth', 'concurrency'];
const growthFiles = [];
for (const name of order) {
  if (only && !only.includes(name)) continue;
  const file = path.join(dir, `${name}.js`);
  if (!fs.existsSync(file)) continue;
  const times = name === 'growth' ? runs : 1;
  for (let r = 0; r < times; r++) {
    const extra = [];
    if (name === 'growth') {
      const json = path.join(outDir, 'bench', times > 1 ? `growth-${r}.json` : 'growth.json');
      growthFiles.push(json);
      extra.push('--json', json);
      if (args.includes('--quick')) extra.push('--quick');
      if (times > 1) console.log(`\n(growth run ${r + 1} of ${times})`);
    }
    execFileSync(process.execPath, ['--enable-source-maps', file, ...extra], { stdio: 'inherit' });
  }
}
if (growthFiles.length > 1) fs.copyFileSync(growthFiles[growthFiles.length - 1], path.join(outDir, 'bench', 'growth.json'));

if (comparing) {
  if (growthFiles.length === 0) {
    console.error('--save/--compare need the growth bench (do not leave it out with --only)');
    process.exit(2);
  }
  const { metricsOf } = await import(path.resolve(dir, 'growth.js'));
  const results = growthFiles.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const metrics = medianMetrics(results.map((r) => metricsOf(r)));
  const current = {
    kind: 'iam-policy-author/bench',
    date: new Date().toISOString(),
    runs: results.length,
    machine: results[results.length - 1].machine,
    metrics,
  };
  if (saveFile) {
    fs.mkdirSync(path.dirname(path.resolve(saveFile)), { recursive: true });
    fs.writeFileSync(saveFile, JSON.stringify(current, null, 1) + '\n');
    console.log(`\nSaved ${Object.keys(metrics).length} metrics (median of ${results.length} runs) to ${saveFile}`);
  }
  if (baseline) {
    const flagged = compare(baseline, current, threshold);
    process.exitCode = flagged > 0 ? 1 : 0;
  }
}

function readBaseline(file) {
  let b;
  try {
    b = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
  if (b?.kind !== 'iam-policy-author/bench' || typeof b.metrics !== 'object') {
    console.error(`${file} is not a file written by npm run bench -- --save`);
    process.exit(2);
  }
  return b;
}

/** Per metric, the median over the runs (the noise guard: one slow run does not flag). */
function medianMetrics(list) {
  const out = {};
  for (const key of Object.keys(list[0])) {
    const xs = list.map((m) => m[key]).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    if (xs.length) out[key] = xs[Math.floor(xs.length / 2)];
  }
  return out;
}

/**
 * Prints old → new per metric and flags a regression when new > old × (1 + threshold) and the
 * difference is above an absolute floor (timer resolution and scheduling noise on tiny numbers).
 * Returns the number of flagged metrics.
 */
function compare(base, cur, thr) {
  const FLOOR_MS = 0.05;
  const m = cur.machine;
  console.log(`\nCompare with ${compareFile} (${base.date}, ${base.runs} runs, ${base.machine?.cpu ?? '?'} × ${base.machine?.cores ?? '?'})`);
  console.log(`now: ${m.cpu} × ${m.cores}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${cur.runs} runs; flag: > ${Math.round(thr * 100)} % slower and > ${FLOOR_MS} ms`);
  let flagged = 0;
  const rows = [];
  for (const [key, now] of Object.entries(cur.metrics)) {
    const was = base.metrics[key];
    if (!Number.isFinite(was)) {
      rows.push([key, '—', now.toFixed(3), 'new', '']);
      continue;
    }
    const change = was > 0 ? now / was - 1 : 0;
    const bad = now > was * (1 + thr) && now - was > FLOOR_MS;
    if (bad) flagged++;
    rows.push([key, was.toFixed(3), now.toFixed(3), `${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} %`, bad ? 'REGRESSION' : '']);
  }
  for (const key of Object.keys(base.metrics)) if (!(key in cur.metrics)) rows.push([key, base.metrics[key].toFixed(3), '—', 'gone', '']);
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['metric (ms)', 'saved', 'now', 'change'][i].length));
  const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[0]) : i < 4 ? c.padStart(w[i]) : c)).join('  ');
  console.log(fmt(['metric (ms)', 'saved', 'now', 'change', '']));
  for (const r of rows) console.log(fmt(r));
  console.log(flagged ? `\n${flagged} regression${flagged === 1 ? '' : 's'} over ${Math.round(thr * 100)} %` : `\nno regression over ${Math.round(thr * 100)} %`);
  return flagged;
}
