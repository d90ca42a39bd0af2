/**
 * The CI integrations at the repository root (#17): the composite GitHub Action (action.yml) and the
 * pre-commit hook (.pre-commit-hooks.yaml). The action's lint step is run with bash against the
 * built CLI (a stand-in `npx` on PATH), so its argument handling and exit-code output are real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers/fixtures';

interface Step {
  id?: string;
  name: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}
const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };

test('action.yml: composite, the documented inputs, SARIF uploaded by codeql-action, no input pasted into a script', () => {
  assert.equal(action.runs.using, 'composite');
  for (const input of ['paths', 'format', 'config', 'fail-on']) assert.ok(input in action.inputs, input);
  assert.equal(action.inputs.format.default, 'sarif');
  assert.equal(action.inputs['fail-on'].default, 'error');
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'an upload-sarif step');
  assert.equal(upload.with?.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
  for (const s of action.runs.steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `${s.name}: inputs reach scripts through env only`);
});

test('.pre-commit-hooks.yaml: a node hook running the package bin on JSON and YAML files', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; types_or: string[] }[];
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(hooks.length, 1);
  assert.equal(hooks[0].id, 'iam-policy-lint');
  assert.equal(hooks[0].language, 'node');
  assert.ok(hooks[0].entry in pkg.bin, 'entry is the package bin');
  assert.deepEqual(hooks[0].types_or, ['json', 'yaml']);
  assert.equal(typeof pkg.scripts.prepack, 'string', 'pre-commit installs through npm pack: prepack builds dist/');
});

test("action.yml's lint step: paths split into arguments, globs not expanded by the shell, exit code as output", () => {
  const step = action.runs.steps.find((s) => s.id === 'lint');
  assert.ok(step?.run && step.env);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-action-'));
  try {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    // Stand-in for npx: drops `--yes --package <spec> --` and runs the built CLI with the rest.
    fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\nwhile [ "$1" != "--" ]; do shift; done; shift; shift\nexec "${process.execPath}" "${path.join(REPO_ROOT, 'dist', 'cli.js')}" "$@"\n`, { mode: 0o755 });
    const work = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(work, 'policies'), { recursive: true });
    fs.writeFileSync(path.join(work, 'policies', 'bad.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}');
    fs.writeFileSync(path.join(work, 'good.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    const output = path.join(tmp, 'github-output');
    const run = (paths: string, cache = '') => {
      fs.writeFileSync(output, '');
      const env: Record<string, string> = { ...(process.env as Record<string, string>), PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, RUNNER_TEMP: tmp };
      for (const [k, v] of Object.entries(step.env!)) env[k] = v.replace('${{ inputs.paths }}', paths).replace('${{ inputs.format }}', 'json').replace('${{ inputs.cache }}', cache).replace(/\$\{\{ inputs\.[a-z]+ \}\}/, '');
      const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: work, env, encoding: 'utf8' });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: fs.readFileSync(output, 'utf8') };
    };
    const both = run('good.json  policies/*.json');
    assert.equal(both.code, 0, both.stderr); // the step itself succeeds; "Apply fail-on" decides
    assert.match(both.outputs, /^exit-code=1$/m);
    assert.deepEqual(JSON.parse(both.stdout).files.map((f: { path: string }) => f.path), ['good.json', 'policies/bad.json']);
    const clean = run('good.json');
    assert.match(clean.outputs, /^exit-code=0$/m);
    // cache: true passes --cache with the file the restore and save steps keep; the same report.
    const cacheFile = path.join(tmp, 'iam-policy-lint.cache');
    assert.ok(!fs.existsSync(cacheFile));
    for (let i = 0; i < 2; i++) {
      const cached = run('good.json  policies/*.json', 'true');
      assert.equal(cached.stdout, both.stdout);
      assert.match(cached.outputs, /^exit-code=1$/m);
      assert.ok(fs.existsSync(cacheFile), 'written where the save step looks');
    }
    const steps = action.runs.steps;
    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'));
    const save = steps.find((s) => s.uses?.startsWith('actions/cache/save@'));
    assert.ok(restore && save && steps.indexOf(restore) < steps.indexOf(step) && steps.indexOf(save) > steps.indexOf(step));
    for (const s of [restore, save]) assert.equal(s.with?.path, '${{ runner.temp }}/iam-policy-lint.cache');
    assert.equal(restore.with?.key, save.with?.key);
    assert.equal(action.inputs.cache.default, 'false', 'opt-in');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
