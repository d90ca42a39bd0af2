/** dist/server.js spoken to over stdio, as Neovim/Helix/Emacs would. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { TestLspClient } from './helpers/lspClient';
import { FIXTURES } from './helpers/fixtures';

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

function client(): TestLspClient {
  const c = new TestLspClient();
  clients.push(c);
  return c;
}

const POLICY = fs.readFileSync(path.join(FIXTURES, 'checks', 'invalid-action', 'invalid.json'), 'utf8');

test('initialize, then push diagnostics whose range covers exactly the invalid action', async () => {
  const c = client();
  const init = await c.initialize({});
  assert.equal(init.serverInfo?.name, 'iam-policy-author');
  assert.equal(init.capabilities.diagnosticProvider, undefined, 'push mode when the client cannot pull');
  const uri = 'file:///work/policy.json';
  await c.open(uri, POLICY);
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0);
  const d = pub.diagnostics.find((x) => x.message.includes('s3:GetObjekt'))!;
  assert.equal(d.code, 'INVALID_ACTION');
  assert.equal(d.severity, 1);
  assert.equal(d.source, 'iam-policy-author');
  assert.match(d.codeDescription!.href, /access-analyzer-reference-policy-checks-error-invalid-action$/);
  const line = POLICY.split('\n')[d.range.start.line];
  assert.equal(d.range.start.line, d.range.end.line);
  assert.equal(line.slice(d.range.start.character, d.range.end.character), 's3:GetObjekt');
  assert.deepEqual(d.data, { code: 'INVALID_ACTION', fix: 'replace', replacements: ['s3:GetObject'] });
});

test('edits revalidate (debounced), close clears, non-policy JSON stays silent', async () => {
  const c = client();
  await c.initialize({});
  const uri = 'file:///work/edit.json';
  await c.open(uri, POLICY);
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
  const fixed = POLICY.replace(/"s3:GetObjekt", "s3:Frobnicate\*", "s3GetObject", "s3:"/, '"s3:GetObject"').replace('dynamodb:Querry', 'dynamodb:Query');
  // Several quick edits: only the last version's result is published.
  await c.change(uri, POLICY + ' ', 2);
  await c.change(uri, fixed, 3);
  const clean = await c.waitForDiagnostics((p) => p.uri === uri && p.version === 3);
  assert.deepEqual(clean.diagnostics.filter((d) => d.severity === 1), [], 'no errors left after the fix');
  assert.ok(!c.published.some((p) => p.uri === uri && p.version === 2), 'the superseded version was not published');
  await c.close(uri);
  await c.waitForDiagnostics((p) => p.uri === uri && p.version === undefined && p.diagnostics.length === 0);

  const pkg = 'file:///work/package.json';
  await c.open(pkg, '{"name":"x","version":"1.0.0"}');
  const silent = await c.waitForDiagnostics((p) => p.uri === pkg);
  assert.deepEqual(silent.diagnostics, []);
});

test('settings from didChangeConfiguration turn a rule off', async () => {
  const c = client();
  await c.initialize({});
  const uri = 'file:///work/rules.json';
  await c.open(uri, POLICY);
  await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'INVALID_ACTION'));
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { iamPolicy: { rules: { INVALID_ACTION: 'off' } } } });
  const after = await c.waitForDiagnostics((p) => p.uri === uri && !p.diagnostics.some((d) => d.code === 'INVALID_ACTION'));
  assert.ok(after.diagnostics.every((d) => d.code !== 'INVALID_ACTION'));
});

test('pull diagnostics when the client supports them', async () => {
  const c = client();
  const init = await c.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
  assert.ok(init.capabilities.diagnosticProvider);
  const uri = 'file:///work/pull.json';
  await c.open(uri, POLICY);
  const report = (await c.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: { code: string }[] };
  assert.equal(report.kind, 'full');
  assert.ok(report.items.some((d) => d.code === 'INVALID_ACTION'));
});

test('hostile input never kills the server', async () => {
  const c = client();
  await c.initialize({});
  const inputs = ['{', '{"Statement": [' + '['.repeat(3000), '\u0000{"Statement":1}', '{"Statement":[{"Action":{"a":[[[[]]]]},"Effect":7}]}'];
  for (const [i, text] of inputs.entries()) {
    const uri = `file:///work/hostile-${i}.json`;
    await c.open(uri, text);
    const pub = await c.waitForDiagnostics((p) => p.uri === uri);
    for (const d of pub.diagnostics) {
      assert.ok(d.range.start.line >= 0 && d.range.end.line <= text.split('\n').length - 1);
    }
  }
  // Unknown requests and a document that was never opened are answered, not fatal.
  await assert.rejects(c.connection.sendRequest('iamPolicy/noSuchRequest', {}));
  const status = (await c.connection.sendRequest('iamPolicy/serverStatus')) as { dataDate: string };
  assert.match(status.dataDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(c.proc.exitCode, null, 'server still running');
});

test('completion, hover, symbols and code actions over the wire', async () => {
  const c = client();
  const init = await c.initialize({});
  for (const cap of ['completionProvider', 'hoverProvider', 'documentSymbolProvider', 'codeActionProvider']) assert.ok(init.capabilities[cap], cap);
  const uri = 'file:///work/features.json';
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Get", "s3:PutObjekt"], "Resource": "*" }\n  ]\n}\n';
  await c.open(uri, text);
  await c.waitForDiagnostics((p) => p.uri === uri);
  const line = 3;
  const getCol = text.split('\n')[line].indexOf('s3:Get"') + 's3:Get'.length;
  const completion = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: getCol } })) as { items: { label: string }[] } | { label: string }[];
  const items = Array.isArray(completion) ? completion : completion.items;
  assert.ok(items.some((i) => i.label === 's3:GetObject' || i.label === 'GetObject'), 'offers s3:GetObject');
  const hoverCol = text.split('\n')[line].indexOf('s3:GetObject') + 4;
  const hover = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: hoverCol } })) as { contents: { value: string }; range?: unknown };
  assert.match(hover.contents.value, /GetObject/);
  assert.match(hover.contents.value, /Read/);
  const symbols = (await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string; children?: { name: string }[] }[];
  assert.ok(JSON.stringify(symbols).includes('Read'), 'the statement Sid is in the outline');
  const pub = c.published.filter((p) => p.uri === uri).pop()!;
  const invalid = pub.diagnostics.find((d) => d.code === 'INVALID_ACTION' && d.message.includes('s3:PutObjekt'));
  assert.ok(invalid, 'INVALID_ACTION for s3:PutObjekt');
  const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: invalid.range, context: { diagnostics: [invalid] } })) as { title: string }[];
  assert.ok(actions.some((a) => a.title.includes('s3:PutObject')), `a quick fix replaces it with s3:PutObject: ${actions.map((a) => a.title).join(' | ')}`);
  // Requests for a document that was never opened are answered, not fatal.
  assert.equal(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never/opened.json' }, position: { line: 0, character: 0 } }), null);
});

test('folding: a JSON array keeps its closing line visible, a YAML block folds through its last entry', async () => {
  const c = client();
  await c.initialize({});
  const json = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n';
  const yaml = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Action: s3:GetObject',
    "            Resource: '*'",
    '  # a comment after the policy',
    '',
  ].join('\n');
  const folds = async (uri: string, text: string, languageId: string) => {
    await c.open(uri, text, languageId);
    await c.waitForDiagnostics((p) => p.uri === uri);
    return (await c.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as { startLine: number; endLine: number }[];
  };
  const jsonFolds = await folds('file:///work/fold.json', json, 'json');
  assert.ok(jsonFolds.some((f) => f.startLine === 2 && f.endLine === 7), `Statement array folds lines 3–8, "]" stays visible: ${JSON.stringify(jsonFolds)}`);
  const yamlFolds = await folds('file:///work/fold.yaml', yaml, 'yaml');
  assert.ok(yamlFolds.some((f) => f.startLine === 8 && f.endLine === 10), `the statement folds through its last entry: ${JSON.stringify(yamlFolds)}`);
  assert.ok(yamlFolds.every((f) => f.endLine <= 10), 'no fold swallows the trailing comment');
});
