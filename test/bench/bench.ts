/**
 * Feature benchmark (run by `npm run bench`): IAM data load, server-side parse + validate of the
 * examples, and completion / hover latency over every cursor position of typical policy files,
 * measured in-process through the same facade functions the server's handlers call (the parse
 * comes from the cache, as in the server). Prints a table; no pass/fail thresholds here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { IamData } from '../../server/src/data/iamData';
import { PolicyService } from '../../server/src/service';
import { REPO_ROOT } from '../helpers/fixtures';

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const rows: [string, string, string, string, string][] = [];
function row(name: string, xs: number[]): void {
  rows.push([name, String(xs.length), pct(xs, 50).toFixed(3), pct(xs, 95).toFixed(3), Math.max(...xs).toFixed(3)]);
}

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listJson(p));
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

// 1. Data load (a fresh index each time), and the first detail lookup of a service (cold).
const loads: number[] = [];
const coldLookups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const d = new IamData();
  loads.push(performance.now() - t0);
  const t1 = performance.now();
  d.getAction('ec2', 'RunInstances');
  coldLookups.push(performance.now() - t1);
}
row('data load (index)', loads);
row('first ec2 detail lookup (cold)', coldLookups);

const service = new PolicyService();

// 2. Parse + validate every example, several rounds.
const examples = listJson(path.join(REPO_ROOT, 'examples'));
const validate: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const file of examples) {
    const text = fs.readFileSync(file, 'utf8');
    const t0 = performance.now();
    service.validate({ uri: `file://${file}`, text });
    validate.push(performance.now() - t0);
  }
}
row(`parse+validate per example (${examples.length} files)`, validate);

// 3. Completion and hover over every offset of typical files (cached parse, as in the server).
const typical = ['identity/app-data-access.json', 'identity/ci-deployer.json', 'resource/bucket-policy.json', 'trust/github-actions-oidc-trust.json'].map((f) => path.join(REPO_ROOT, 'examples', f)).filter((f) => fs.existsSync(f));
const completion: number[] = [];
const completionFirst: number[] = [];
const hover: number[] = [];
const keystroke: number[] = [];
let items = 0;
for (const file of typical) {
  const text = fs.readFileSync(file, 'utf8');
  const doc = { uri: `file://${file}`, text, version: 1 };
  service.parse(doc);
  for (let round = 0; round < 3; round++) {
    for (let o = 0; o <= text.length; o++) {
      let t0 = performance.now();
      const r = service.complete(doc, o);
      const dt = performance.now() - t0;
      (round === 0 ? completionFirst : completion).push(dt);
      items += r.items.length;
      t0 = performance.now();
      service.hover(doc, o);
      if (round > 0) hover.push(performance.now() - t0);
    }
  }
  // A keystroke: a fresh parse of the edited text plus the completion (every 7th offset).
  for (let o = 0; o <= text.length; o += 7) {
    const t0 = performance.now();
    const edited = { ...doc, version: doc.version + 1 + o }; // a new version: parsed afresh, as after a keystroke
    service.complete(edited, o);
    keystroke.push(performance.now() - t0);
  }
}
row('completion, first pass (data warming)', completionFirst);
row('completion (cached parse)', completion);
row('parse + completion (keystroke)', keystroke);
row('hover (cached parse)', hover);

// 4. Symbols and code lenses per file.
const symbols: number[] = [];
const lenses: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const file of examples) {
    const text = fs.readFileSync(file, 'utf8');
    const doc = { uri: `file://${file}`, text, version: 1 };
    service.parse(doc);
    let t0 = performance.now();
    service.symbols(doc);
    symbols.push(performance.now() - t0);
    t0 = performance.now();
    service.lenses(doc);
    lenses.push(performance.now() - t0);
  }
}
row('document symbols', symbols);
row('code lenses', lenses);

const header: [string, string, string, string, string] = ['measure (ms)', 'n', 'p50', 'p95', 'max'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log('\nFeature benchmark (in-process, same facade as the server handlers)');
console.log(fmt(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(fmt(r));
console.log(`(${items} completion items produced; data ${service.data.packageVersion}, ${service.data.date})`);
