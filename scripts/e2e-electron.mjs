// Editor tests with @vscode/test-electron: for machines that can download VS Code (or have one).
//   node scripts/e2e-electron.mjs [--filter=<text>] [--timeout=<s>]
// VSCODE_EXECUTABLE_PATH  use this VS Code instead of downloading one
// VSCODE_VERSION          version to download (default: stable; the extension needs >= 1.100)
// On Linux without a display, run it under xvfb-run. scripts/e2e.mjs chooses between this runner
// and the code-server one; both run the same suite (test/e2e/suite, run() in index.ts).
/* global setTimeout */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildSuite, prepareWorkspace, root } from './e2e-build.mjs';

let filter = '';
let timeout = 600;
for (const a of process.argv.slice(2)) {
  const [k, v] = a.replace(/^--/, '').split('=');
  if (k === 'filter') filter = v ?? '';
  else if (k === 'timeout') timeout = Number(v);
}

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-e2e-electron-'));
// VS Code normally exits when the suite ends; this only guards against a hung editor.
const guard = setTimeout(() => {
  console.error(`[e2e] the editor tests did not finish within ${timeout} s`);
  process.exit(1);
}, timeout * 1000);
guard.unref();

let code = 1;
try {
  const suite = await buildSuite({ outDir: runDir });
  const workspace = prepareWorkspace(runDir);
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH || (await downloadAndUnzipVSCode(process.env.VSCODE_VERSION || 'stable'));
  console.log(`[e2e] VS Code: ${vscodeExecutablePath}`);
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out; ours is the development extension
      '--disable-workspace-trust',
      '--skip-welcome',
      '--user-data-dir',
      path.join(runDir, 'user-data'),
      '--extensions-dir',
      path.join(runDir, 'extensions'),
    ],
    extensionTestsEnv: { IAM_E2E_FILTER: filter, IAM_E2E_RESULTS: path.join(runDir, 'results.json') },
  });
  console.log(`[e2e] ${code === 0 ? 'passed' : 'FAILED'} (electron runner)`);
} catch (err) {
  console.error(`[e2e] electron runner: ${err?.message ?? err}`);
  code = typeof err === 'number' ? err : 1;
} finally {
  fs.rmSync(runDir, { recursive: true, force: true });
}
process.exit(code);
