// `npm run bench`: builds the test build, then runs each benchmark in out/test/bench/ in turn.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const outDir = process.env.OUT_DIR || 'out';
execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: outDir } });
// start-up first, then the feature benchmarks (bench.js), then the CloudFormation template benchmark.
const dir = path.join(outDir, 'test', 'bench');
const order = ['startup.js', 'bench.js', 'cfn-bench.js', 'cdk-bench.js'];
for (const f of order) {
  const file = path.join(dir, f);
  if (fs.existsSync(file)) execFileSync(process.execPath, ['--enable-source-maps', file], { stdio: 'inherit' });
}
