/**
 * Regressions from running the fuzzer over the CDK sources (#16, item 5): each a small
 * reproduction of a fuzz document's shape, asserting the bounded behaviour, not a time.
 * - `npm run fuzz -- --cdk --v1-doc-seeds --seed 2 --only 1821` (before the CDK seed set grew):
 *   a builder-style statement (`statement.addActions(…)`) duplicated 826 times under one variable
 *   name; every statement took the builder calls of all of them (quadratic, and wrong findings).
 * - `… --only 1014` and `… --only 1372`: a 200–300 KB run of syntax errors (unbalanced quotes, a
 *   huge token); tree-sitter's error recovery is quadratic in such a run (15–19 s for one parse,
 *   more than the 30 s hang bound for a document) and its progress callback is not called more
 *   often meanwhile, so a parse is bounded in CPU time (runtime.ts PARSE_BUDGET) and such a file
 *   gets one LIMIT_EXCEEDED information instead of policies.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { PARSE_BUDGET } from '../server/src/adapters/cdk/runtime';
import { LIMIT_CODE, type ParseResult, type ValueNode } from '../server/src/model';

const service = new PolicyService();

before(async () => {
  for (const [ext, text] of [['ts', "import 'aws-cdk-lib';"], ['py', 'import aws_cdk'], ['js', "require('aws-cdk-lib')"]]) assert.ok(await initCdkFor({ uri: `file:///h5/init.${ext}`, text }));
});

const strings = (v: ValueNode | undefined): string[] => (!v ? [] : v.kind === 'string' ? [v.value] : v.kind === 'array' ? v.items.flatMap(strings) : []);
const actionsOf = (r: ParseResult): string[][] => r.policies.flatMap((p) => p.statements.map((s) => strings(s.action?.value)));

test('a variable name bound again in the same scope starts another statement: each gets its own builder calls (TypeScript, Python)', () => {
  const ts = [
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    'export function f(role: iam.Role) {',
    '  let st = new iam.PolicyStatement();',
    "  st.addActions('s3:GetObject');",
    "  st.addResources('arn:aws:s3:::a/*');",
    '  role.addToPolicy(st);',
    '  st = new iam.PolicyStatement();',
    "  st.addActions('sqs:SendMessage');",
    "  st.addResources('arn:aws:sqs:us-east-1:123456789012:q');",
    '  role.addToPolicy(st);',
    '}',
    '',
  ].join('\n');
  const py = [
    'from aws_cdk import aws_iam as iam',
    'def f(role):',
    '    st = iam.PolicyStatement()',
    "    st.add_actions('s3:GetObject')",
    "    st.add_resources('arn:aws:s3:::a/*')",
    '    role.add_to_policy(st)',
    '    st = iam.PolicyStatement()',
    "    st.add_actions('sqs:SendMessage')",
    "    st.add_resources('arn:aws:sqs:us-east-1:123456789012:q')",
    '    role.add_to_policy(st)',
    '',
  ].join('\n');
  for (const [uri, text] of [['file:///h5/rebind.ts', ts], ['file:///h5/rebind.py', py]]) {
    const r = service.parse({ uri, text });
    assert.deepEqual(actionsOf(r), [['s3:GetObject'], ['sqs:SendMessage']], uri);
  }
});

test('fuzz 1821: one builder statement repeated n times gives n statements of one action each (linear, not n²)', () => {
  const unit = "const statement = new PolicyStatement();\nstatement.addActions('sqs:Get|*');\nstatement.addResources('arn:aws:sqs:us-east-1:123456789012:jobs');\n";
  const n = 300;
  const text = `\ufeffimport { PolicyStatement } from 'aws-cdk-lib/aws-iam';\n\n${unit.repeat(n)}export { statement };\n`;
  const r = service.parse({ uri: 'file:///h5/fuzz-1821.ts', text });
  const actions = actionsOf(r);
  assert.equal(actions.length, n);
  assert.ok(actions.every((a) => a.length === 1 && a[0] === 'sqs:Get|*'), `actions per statement: ${[...new Set(actions.map((a) => a.length))].join(', ')}`);
  const diagnostics = service.validate({ uri: 'file:///h5/fuzz-1821.ts', text }).diagnostics;
  assert.ok(diagnostics.length <= 3 * n, `${diagnostics.length} diagnostics`);
});

test('fuzz 1014/1372: a long run of syntax errors stops the parse at its CPU bound, with one information, and is not parsed again', () => {
  const saved = { ...PARSE_BUDGET };
  // A small bound keeps the test short: the document below needs seconds (quadratic recovery).
  Object.assign(PARSE_BUDGET, { baseMs: 200, perKiBMs: 0 });
  try {
    const text = `const iam = require('aws-cdk-lib/aws-iam');\n\nexports.statement = new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: ['arn:aws:sqs:us-east-1:123456789012:jobs'${"12:jobs'".repeat(15_000)}] });\n`;
    const doc = { uri: 'file:///h5/fuzz-1014.js', text };
    const r = service.parse(doc);
    assert.equal(r.policies.length, 0);
    const info = r.problems.filter((p) => p.code === LIMIT_CODE);
    assert.equal(info.length, 1, JSON.stringify(r.problems));
    assert.match(info[0].message, /^Reading this file was stopped after 0\.2 s of CPU time, at line \d+: .* Nothing in the file is checked until those syntax errors are fixed\.$/);
    assert.ok(info[0].span.offset >= 0 && info[0].span.offset <= text.length);
    // The same text again (another service, the fuzzer's cached one, a re-validation): the kept result.
    assert.equal(new PolicyService(service.data).parse(doc), r);
    const diagnostics = service.validate(doc).diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.code), [LIMIT_CODE]);
    // A file of the same size without the run of errors is read in full within the same bound.
    const fine = `const iam = require('aws-cdk-lib/aws-iam');\n${"exports.s = new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: ['*'] });\n".repeat(1000)}`;
    assert.equal(service.parse({ uri: 'file:///h5/fine.js', text: fine }).policies.length, 1000);
  } finally {
    Object.assign(PARSE_BUDGET, saved);
  }
});
