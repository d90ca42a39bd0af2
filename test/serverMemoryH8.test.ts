/**
 * Issue #16 goal 3 (h8): the language server's memory. The bundles are ASCII-only (one non-ASCII
 * character makes V8 hold a bundle's whole source as UTF-16, twice its size), which the build
 * ensures (scripts/build.mjs, asciiOnly) for the dev and the minified build alike. The server's
 * young generation does not grow past V8's initial 1 MB semi-space (server/src/edge/youngGeneration.ts,
 * imported first by server.ts), whatever starts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { REPO_ROOT } from './helpers/fixtures';

/** The largest young-generation semi-space (MB) seen while objects survive a few scavenges each. */
const ALLOCATE = `
const v8 = require('v8');
let keep = [];
let max = 0;
for (let i = 0; i < 400000; i++) {
  keep.push({ i, s: 'x' + i });
  if (keep.length > 50000) keep = [];
  if (i % 1000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
process.stdout.write(String(max / 1048576));
`;
const maxSemiSpaceMb = (preload: string[]): number => Number(execFileSync(process.execPath, [...preload, '-e', ALLOCATE], { encoding: 'utf8' }));

test('the server keeps the young generation at its initial size (V8 grows it to 16 MB otherwise)', () => {
  const youngGeneration = path.join(__dirname, '..', 'server', 'src', 'edge', 'youngGeneration.js');
  // The control shows the allocation pattern does grow the young generation without the module.
  assert.ok(maxSemiSpaceMb([]) > 4);
  assert.ok(maxSemiSpaceMb(['-r', youngGeneration]) <= 2);
  // A semi-space flag given on the command line wins.
  assert.ok(maxSemiSpaceMb(['--max-semi-space-size=8', '-r', youngGeneration]) > 4);
});

for (const bundle of ['server.js', 'cli-bundle.js', 'cli.js', 'extension.js']) {
  test(`dist/${bundle} is ASCII-only`, () => {
    const bytes = fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle));
    const at = bytes.findIndex((b) => b > 0x7f);
    // The line of the first non-ASCII byte (not the text: it may be anything).
    const line = at < 0 ? 0 : bytes.subarray(0, at).toString('latin1').split('\n').length;
    assert.equal(at, -1, `dist/${bundle}: non-ASCII byte on line ${line}`);
  });
}
