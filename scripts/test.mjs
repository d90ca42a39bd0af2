// Builds the bundles and the test build, then runs node's test runner over it.
//   node scripts/test.mjs [filter substrings…]
// OUT_DIR (default "out") lets parallel runs use separate build folders.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const outDir = process.env.OUT_DIR || 'out';
execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: outDir } });

const filters = process.argv.slice(2);
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js') && (filters.length === 0 || filters.some((f) => p.includes(f)))) files.push(p);
  }
};
walk(path.join(outDir, 'test'));
files.sort();
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
