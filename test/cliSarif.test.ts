/**
 * `--format sarif`: SARIF 2.1.0 validated against the schema (vendored, test/fixtures/sarif/), and
 * the parts GitHub code scanning reads: rules (id = our code, default level, help URI), results with
 * rule index and 1-based regions, artifact locations relative to %SRCROOT%.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { FIXTURES, REPO_ROOT } from './helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function sarif(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--format', 'sarif', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, log: JSON.parse(r.stdout), stderr: r.stderr };
}

/** ajv (draft-07 validator, in the dev tree through eslint) over the 2.1.0 schema; its `$schema` (2020-12) names only the meta-schema. */
function validator(): (data: unknown) => { ok: boolean; errors: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv');
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-2.1.0.json'), 'utf8'));
  delete schema.$schema;
  const validate = new Ajv({ allErrors: true, unknownFormats: 'ignore' }).compile(schema);
  return (data) => ({ ok: !!validate(data), errors: JSON.stringify(validate.errors ?? []) });
}

test('SARIF output validates against the SARIF 2.1.0 schema (and a broken log does not)', () => {
  const validate = validator();
  const r = sarif('test/fixtures/cli', 'test/fixtures/cli/suppressions', 'test/fixtures/cdk/diagnostics/stack.py', 'test/fixtures/cfn/eventbus-policy.yaml');
  assert.equal(r.code, 1, r.stderr);
  const v = validate(r.log);
  assert.ok(v.ok, v.errors);
  const broken = structuredClone(r.log);
  broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(validate(broken).ok, false, 'the validator rejects a 0 line');
  const broken2 = structuredClone(r.log);
  broken2.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken2).ok, false);
});

test('SARIF rules and results: id = code, rule index, level, 1-based region, relative URI', () => {
  const r = sarif('test/fixtures/cli/errors/policy.json');
  const run = r.log.runs[0];
  assert.equal(r.log.version, '2.1.0');
  const driver = run.tool.driver;
  assert.equal(driver.name, 'iam-policy-lint');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri, /^https:\/\//);
  const results = run.results;
  assert.equal(results.length, 5);
  const first = results[0];
  assert.equal(first.ruleId, 'INVALID_ACTION');
  assert.equal(driver.rules[first.ruleIndex].id, 'INVALID_ACTION');
  const rule = driver.rules[first.ruleIndex];
  assert.equal(rule.name, 'InvalidAction');
  assert.ok(rule.shortDescription.text && rule.fullDescription.text);
  assert.match(rule.helpUri, /^https:\/\//);
  assert.equal(rule.defaultConfiguration.level, 'error');
  assert.equal(first.level, 'error');
  assert.match(first.message.text, /s3:GetObjekt/);
  const loc = first.locations[0].physicalLocation;
  assert.deepEqual(loc.artifactLocation, { uri: 'test/fixtures/cli/errors/policy.json', uriBaseId: '%SRCROOT%' });
  // The text report says 4:38 for the same finding; the span is 12 characters ("s3:GetObjekt" with quotes).
  assert.deepEqual(loc.region, { startLine: 4, startColumn: 38, endLine: 4, endColumn: 50 });
  assert.equal(results[1].level, 'warning');
  assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  assert.equal(first.locations[0].logicalLocations[0].name, 'policy.json');
  // Every check is a rule, each id once.
  const ids = driver.rules.map((x: { id: string }) => x.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.includes('UNUSED_SUPPRESSION'));
});

test('SARIF: info findings are notes; a file that cannot be read is a tool notification and exit 2', () => {
  const r = sarif('test/fixtures/cli/suppressions/template.json', 'does/not/exist.json');
  assert.equal(r.code, 2);
  const run = r.log.runs[0];
  assert.ok(run.results.some((x: { level: string; ruleId: string }) => x.ruleId === 'UNUSED_SUPPRESSION' && x.level === 'note'));
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /does\/not\/exist\.json/);
});
