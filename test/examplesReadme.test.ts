/**
 * What README.md and examples/README.md say about the examples is true (#17): the quick start's
 * output lines and summary, the date as `Version`, and an SCP example that `--policy-type scp`
 * changes (SCP_SYNTAX_ERROR_PRINCIPAL only as an SCP).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IAM_POLICY_LINT_WORKERS: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const codes = (stdout: string) => [...stdout.matchAll(/^\S+:\d+:\d+ {2}\w+ {2}(\w+)/gm)].map((m) => m[1]);

test("README quick start: the lines and the summary it shows are lint:examples' output", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /`npm run lint:examples` prints findings like\n\n```\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the quick start output block');
  const r = lint('examples/');
  assert.equal(r.code, 1, r.stderr);
  const actual = new Set(r.stdout.split('\n'));
  for (const line of block[1].split('\n').filter((l) => l && l !== '…')) assert.ok(actual.has(line), `README line not in the output: ${line}`);
});

test('examples: a date as Version; the SCP example differs with --policy-type scp', () => {
  assert.ok(codes(lint('examples/identity/legacy-admin.json').stdout).includes('INVALID_VERSION'));
  const asFound = codes(lint('examples/scp/').stdout);
  const asScp = codes(lint('--policy-type', 'scp', 'examples/scp/').stdout);
  assert.ok(!asFound.includes('SCP_SYNTAX_ERROR_PRINCIPAL'), asFound.join());
  assert.deepEqual(asScp, ['SCP_SYNTAX_ERROR_PRINCIPAL']);
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'README.md'), 'utf8');
  for (const code of [...asFound, ...asScp]) assert.match(doc, new RegExp(code), `examples/README.md names ${code}`);
});
