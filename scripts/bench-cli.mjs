// The CLI on a large tree, one thread against worker threads (server/src/cli/workers.ts).
//   node scripts/bench-cli.mjs [--files 5000] [--runs 3] [--workers N]
// Generates a tree of JSON policies and CloudFormation templates (YAML and JSON) from examples/ in a
// temporary folder, builds the CLI, then runs `dist/cli.js --format json <tree>` with
// IAM_POLICY_LINT_WORKERS=0 and with the default (or --workers N), alternately, and prints the
// median wall-clock and CPU (user+sys) seconds and peak RSS of each, the speed-up and the machine
// (cores, load, Node version). The outputs must be equal.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const FILES = Number(arg('--files', '5000'));
const RUNS = Number(arg('--runs', '3'));
const WORKERS = arg('--workers', undefined);

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

// The templates of the tree: every example, plus a CloudFormation JSON template made from a policy.
const sources = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(json|ya?ml)$/.test(e.name)) sources.push({ ext: path.extname(e.name), text: fs.readFileSync(p, 'utf8') });
  }
};
walk('examples');
const identity = JSON.parse(fs.readFileSync('examples/identity/app-data-access.json', 'utf8'));
sources.push({
  ext: '.template.json',
  text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: identity } } } }, null, 2),
});

const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-bench-cli-'));
for (let i = 0; i < FILES; i++) {
  const s = sources[i % sources.length];
  const dir = path.join(tree, `team-${String(Math.floor(i / 100)).padStart(3, '0')}`);
  if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
  // Each file's text differs a little (a Sid or a comment line), so nothing is shared by identity.
  const text = s.ext.endsWith('.json') ? s.text.replace(/"Sid"\s*:\s*"([^"]*)"/, `"Sid": "$1${i}"`) : `# file ${i}\n${s.text}`;
  fs.writeFileSync(path.join(dir, `policy-${i}${s.ext}`), text);
}

function run(workers) {
  const env = { ...process.env, NO_COLOR: '1' };
  if (workers === undefined) delete env.IAM_POLICY_LINT_WORKERS;
  else env.IAM_POLICY_LINT_WORKERS = String(workers);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, 'dist/cli.js', '--format', 'json', tree], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { status: r.status, out: r.stdout, wall, cpu: user + sys, rss: rssKb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const one = [];
const many = [];
let reference;
for (let r = 0; r < RUNS; r++) {
  for (const [list, w] of [
    [one, 0],
    [many, WORKERS],
  ]) {
    const res = run(w);
    if (res.status !== 0 && res.status !== 1) throw new Error(`iam-policy-lint exited ${res.status}`);
    reference ??= res.out;
    if (res.out !== reference) throw new Error('the outputs of one thread and worker threads differ');
    list.push(res);
  }
}
fs.rmSync(tree, { recursive: true, force: true });
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const fmt = (xs) => `wall ${median(xs.map((x) => x.wall)).toFixed(2)} s, cpu ${median(xs.map((x) => x.cpu)).toFixed(2)} s, peak RSS ${median(xs.map((x) => x.rss)).toFixed(0)} MB`;
console.log(`${FILES} files (${sources.length} kinds), ${cores} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}, median of ${RUNS}:`);
console.log(`  one thread:               ${fmt(one)}`);
console.log(`  workers (${WORKERS ?? 'auto'}):           ${fmt(many)}`);
console.log(`  speed-up (wall):          ${(median(one.map((x) => x.wall)) / median(many.map((x) => x.wall))).toFixed(2)}×; identical output: yes`);
