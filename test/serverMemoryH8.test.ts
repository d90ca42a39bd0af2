/**
 * Issue #16 goal 3 (h8): the language server's memory. The bundles are ASCII-only (one non-ASCII
 * character makes V8 hold a bundle's whole source as UTF-16, twice its size), which the build
 * ensures (scripts/build.mjs, asciiOnly) for the dev and the minified build alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';

for (const bundle of ['server.js', 'cli-bundle.js', 'cli.js', 'extension.js']) {
  test(`dist/${bundle} is ASCII-only`, () => {
    const bytes = fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle));
    const at = bytes.findIndex((b) => b > 0x7f);
    // The line of the first non-ASCII byte (not the text: it may be anything).
    const line = at < 0 ? 0 : bytes.subarray(0, at).toString('latin1').split('\n').length;
    assert.equal(at, -1, `dist/${bundle}: non-ASCII byte on line ${line}`);
  });
}
