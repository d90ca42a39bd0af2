/**
 * Entry point of the editor test suite, loaded by VS Code's extension host as `extensionTestsPath`
 * (both runners: scripts/e2e.mjs with code-server, scripts/e2e-electron.mjs with @vscode/test-electron).
 * VS Code calls `run()`; a rejected promise fails the run.
 *   IAM_E2E_FILTER   only run tests whose name contains this text
 *   IAM_E2E_RESULTS  write a JSON summary to this file
 */
import * as fs from 'fs';
import { runAll } from './harness';
import './diagnostics.test';
import './settings.test';
import './features.test';
import './cfn.test';
import './cdk.test';
import './cdkLangs.test';
import './navigation.test';
import './accessAnalyzer.test';
import './wildcards.test';

export async function run(): Promise<void> {
  const summary = await runAll(process.env.IAM_E2E_FILTER || undefined);
  if (process.env.IAM_E2E_RESULTS) fs.writeFileSync(process.env.IAM_E2E_RESULTS, JSON.stringify(summary, null, 2));
  if (summary.failed.length > 0) throw new Error(`${summary.failed.length} editor test(s) failed: ${summary.failed.map((f) => f.name).join('; ')}`);
}
