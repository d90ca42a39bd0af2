/**
 * Suppressions in every host syntax, end to end through the CLI (in-process): each file of
 * test/fixtures/cli/suppressions/ is linted with its folder's .iampolicylintrc.json and the
 * findings compared with `<file>.expected` (UPDATE_FIXTURES=1 rewrites them). Plus the comment
 * scanners (a marker inside a string is not a comment) and the editor's quick fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { main } from '../server/src/cli';
import { hostComments } from '../server/src/engine/hostComments';
import { PolicyService } from '../server/src/service';
import { applyTextEdits } from '../server/src/features/codeActions';
import { FIXTURES, REPO_ROOT, expectedFor, listFiles } from './helpers/fixtures';

const DIR = path.join(FIXTURES, 'cli', 'suppressions');

async function lintJson(...argv: string[]): Promise<{ code: number; out: { files: { path: string; diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] }[] }; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--format', 'json', ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: REPO_ROOT, env: {}, isTTY: false });
  return { code, out: JSON.parse(stdout), stderr };
}

for (const file of listFiles(DIR, (n) => !n.endsWith('.expected') && !n.startsWith('.'))) {
  test(`suppressions: ${path.basename(file)}`, async () => {
    const r = await lintJson(file);
    assert.equal(r.stderr, '');
    const lines = r.out.files.flatMap((f) => f.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}${d.code === 'UNUSED_SUPPRESSION' ? ` ${d.message}` : ''}`));
    assert.equal(lines.join('\n'), expectedFor(file, lines.join('\n')));
  });
}

test('suppressions: without the config file the Sid rule does not apply', async () => {
  const r = await lintJson('--no-config', path.join(DIR, 'sids.json'));
  assert.equal(r.out.files[0].diagnostics.filter((d) => d.code === 'INVALID_ACTION').length, 2);
});

test('suppressions: UNUSED_SUPPRESSION follows the rules (off, error)', async () => {
  const off = await lintJson('--rule', 'UNUSED_SUPPRESSION=off', path.join(DIR, 'template.json'));
  assert.ok(!off.out.files[0].diagnostics.some((d) => d.code === 'UNUSED_SUPPRESSION'));
  const err = await lintJson('--rule', 'UNUSED_SUPPRESSION=error', path.join(DIR, 'template.json'));
  assert.equal(err.out.files[0].diagnostics.find((d) => d.code === 'UNUSED_SUPPRESSION')?.severity, 'error');
});

test('comment scanners: the marker inside a string or block scalar is data, not a comment', () => {
  const yaml = 'a: |\n  # in a block scalar\nb: "# in quotes"\n# real one\nc: x # trailing\n';
  assert.deepEqual(hostComments(yaml, 'yaml').map((c) => c.text), ['# real one', '# trailing']);
  const py = 's = """\n# in a docstring\n"""\nt = \'# in quotes\'  # real\n# also real\n';
  assert.deepEqual(hostComments(py, 'hash').map((c) => c.text), ['# real', '# also real']);
  const ts = 'const a = `\n// in a template ${ { b: "// in quotes" }.b } // still template\n`; // real\n/* block */ const c = \'//\';\n';
  assert.deepEqual(hostComments(ts, 'slash').map((c) => c.text), ['// real', '/* block */']);
  // Unterminated strings and comments end at the end of the text, without throwing.
  assert.deepEqual(hostComments('x = "abc', 'hash'), []);
  assert.deepEqual(hostComments('/* open', 'slash').map((c) => c.text), ['/* open']);
  assert.deepEqual(hostComments('a: [1, 2\n# c\n', 'yaml').length <= 1, true);
});

test('quick fix "Suppress CODE on this line" writes the host comment, and the finding is gone', async () => {
  const service = new PolicyService();
  const cases: { file: string; text: string; comment: RegExp }[] = [
    { file: 'x.yaml', text: "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjekt\n            Resource: '*'\n", comment: /^ {12}# iam-policy-lint-disable-next-line INVALID_ACTION$/m },
    { file: 'x.ts', text: "import * as iam from 'aws-cdk-lib/aws-iam';\nexport const s = new iam.PolicyStatement({\n  actions: ['s3:GetObjekt'],\n  resources: ['*'],\n});\n", comment: /^ {2}\/\/ iam-policy-lint-disable-next-line INVALID_ACTION$/m },
    { file: 'x.py', text: 'from aws_cdk import aws_iam as iam\ns = iam.PolicyStatement(\n    actions=["s3:GetObjekt"],\n    resources=["*"],\n)\n', comment: /^ {4}# iam-policy-lint-disable-next-line INVALID_ACTION$/m },
    { file: 'x.template.json', text: '{\n  "Resources": {\n    "P": {\n      "Type": "AWS::IAM::ManagedPolicy",\n      "Properties": { "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }] } }\n    }\n  }\n}\n', comment: /"Metadata": \{ "iam-policy-lint": \{ "ignore_checks": \["INVALID_ACTION"\] \} \},\n {6}"Type"/ },
  ];
  for (const c of cases) {
    const doc = { uri: pathToFileURL(path.join(REPO_ROOT, c.file)).href, text: c.text };
    await service.prepare(doc);
    const d = service.validate(doc).diagnostics.find((x) => x.code === 'INVALID_ACTION');
    assert.ok(d, `${c.file}: a finding to suppress`);
    const actions = service.codeActions(doc, { span: d.span, diagnostics: [{ code: d.code, span: d.span, ...(d.data ? { data: d.data } : {}) }] });
    const sup = actions.find((a) => a.title.startsWith('Suppress INVALID_ACTION'));
    assert.ok(sup?.edits, `${c.file}: the suppress action`);
    assert.equal(sup.safe, false, 'fix-all never suppresses');
    const text = applyTextEdits(c.text, sup.edits);
    assert.match(text, c.comment, c.file);
    const after = { ...doc, text };
    await service.prepare(after);
    const left = service.validate(after).diagnostics.map((x) => x.code);
    assert.ok(!left.includes('INVALID_ACTION') && !left.includes('UNUSED_SUPPRESSION'), `${c.file}: ${left.join(', ')}`);
  }
});

test('quick fix: a second code joins the suppression comment above', async () => {
  const service = new PolicyService();
  const text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            # iam-policy-lint-disable-next-line MISSING_VERSION\n            Action: s3:GetObjekt\n            Resource: '*'\n";
  const doc = { uri: pathToFileURL(path.join(REPO_ROOT, 'y.yaml')).href, text };
  const d = service.validate(doc).diagnostics.find((x) => x.code === 'INVALID_ACTION')!;
  const sup = service.codeActions(doc, { span: d.span, diagnostics: [{ code: d.code, span: d.span }] }).find((a) => a.title.startsWith('Suppress'))!;
  assert.match(applyTextEdits(text, sup.edits!), /# iam-policy-lint-disable-next-line MISSING_VERSION,INVALID_ACTION\n/);
});

test('fixtures: every suppression fixture has an expected file', () => {
  for (const f of listFiles(DIR, (n) => !n.endsWith('.expected') && !n.startsWith('.'))) assert.ok(fs.existsSync(`${f}.expected`) || process.env.UPDATE_FIXTURES === '1', f);
});
