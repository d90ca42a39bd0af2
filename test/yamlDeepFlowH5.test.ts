/**
 * Fuzz document 42/5667 (old seeds; `npm run fuzz -- --v1-doc-seeds --seed 42 --only 5667`): a
 * 3 KB template whose `Resources: {{{…` nests flow mappings about 850 levels deep killed the
 * process — V8 aborted with "RegExpCompiler Allocation failed - process out of memory" while the
 * YAML readers recursed (a hang of the fuzzer's worker, a crash of the server). A YAML text nested
 * deeper than LIMITS.maxYamlFlowDepth is now not read, with one LIMIT_EXCEEDED information.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { flowTooDeep } from '../server/src/adapters/cfn/yamlTree';
import { LIMITS } from '../server/src/model';

test('flowTooDeep: the first bracket past the depth, closing brackets counted', () => {
  const cases: [string, number, number][] = [
    ['a: [1, {b: 2}]', 2, -1],
    ['a: [[[', 2, 5],
    ['[]'.repeat(1000), 1, -1],
    [`${'['.repeat(3)}${']'.repeat(3)}${'{'.repeat(4)}`, 3, 9],
    [']]]]{{', 1, 5],
  ];
  for (const [text, max, expected] of cases) assert.equal(flowTooDeep(text, max), expected, text);
  assert.equal(LIMITS.maxYamlFlowDepth, 512);
});

/** Runs the built adapters on `text` in a child process (a V8 abort would end this test runner). */
function parseInChild(text: string): { status: number | null; out: string; err: string } {
  const adapters = path.join(__dirname, '..', 'server', 'src', 'adapters');
  const script = `const { parseHost } = require(${JSON.stringify(adapters)}); let t = ''; process.stdin.on('data', (d) => (t += d)); process.stdin.on('end', () => { const r = parseHost({ uri: 'file:///fuzz/5667/doc.yaml', text: t }); process.stdout.write(JSON.stringify({ format: r.format, problems: r.problems.map((p) => [p.code, p.span.offset, p.message]) })); });`;
  const r = spawnSync(process.execPath, ['-e', script], { input: text, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr.slice(0, 300) };
}

test('fuzz 42/5667: flow mappings nested 850 and 3,146 levels deep are not read, and the process lives', () => {
  for (const n of [850, 3146]) {
    const body = `{${'{'.repeat(n)}  "Statement": [\n    {\n      "Effect": "Deny",\n      "NotAction": ["iam:*", "sts:*"],\n      "Resource": "*",\n      "Condition": {\n  ${'{'.repeat(58)}${'}'.repeat(30)}\n`;
    for (const text of [`Resources: ${body}`, `AWSTemplateFormatVersion: '2010-09-09'\nResources: ${body}`]) {
      const r = parseInChild(text);
      assert.equal(r.status, 0, `n=${n}: the process ended with ${r.status}: ${r.err}`);
      const parsed = JSON.parse(r.out) as { format: string; problems: [string, number, string][] };
      if (text.startsWith('AWS')) {
        // Said to be a template: the one information, at the first bracket past the limit.
        assert.equal(parsed.format, 'cfn-yaml');
        assert.deepEqual(parsed.problems.map((p) => p[0]), ['LIMIT_EXCEEDED']);
        assert.equal(parsed.problems[0][1], text.indexOf('{') + LIMITS.maxYamlFlowDepth);
        assert.match(parsed.problems[0][2], /more than 512 levels deep; it is not read/);
      }
    }
  }
});
