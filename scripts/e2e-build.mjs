// Shared by the two e2e runners (scripts/e2e.mjs, scripts/e2e-electron.mjs):
// builds the extension bundles and the editor test suite, and prepares a throw-away workspace.
//   buildSuite({ outDir }) → <outDir>/suite/index.js (esbuild bundle, `vscode` external); each run
//                            builds into its own folder so parallel runs never clobber each other
//   prepareWorkspace(d) → copy of test/e2e/workspace in d (tests change settings and edit files there)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const artifactsDir = path.join(root, '.artifacts', 'e2e');

/** Builds dist/ (unless `skipExtension`, e.g. when testing an installed VSIX) and the suite. */
export async function buildSuite({ outDir = path.join(root, 'out-e2e'), skipExtension = false } = {}) {
  if (!skipExtension) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  const suiteOutDir = path.join(outDir, 'suite');
  fs.rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'test/e2e/suite/index.ts')],
    outfile: path.join(suiteOutDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(suiteOutDir, 'index.js');
}

/** A fresh copy of the fixture workspace under `dir`, so settings the tests write never touch the repo. */
export function prepareWorkspace(dir) {
  const ws = path.join(dir, 'workspace');
  fs.rmSync(ws, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'test/e2e/workspace'), ws, { recursive: true });
  return ws;
}

/** Polls `fn` until it returns a truthy value or `ms` pass; throws `what` on timeout. */
export async function waitFor(what, fn, ms, every = 200) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await delay(every);
  }
}
