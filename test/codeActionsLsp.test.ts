/** Code actions through dist/server.js over stdio: quick fix linked to its diagnostic, lazy resolve, fix-all. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestLspClient } from './helpers/lspClient';

interface LspAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string }[];
  edit?: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> };
  data?: unknown;
}

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

const POLICY = `{
  "Statement": [
    { "Effect": "allow", "Action": ["s3:GetObjekt", "sqs:*"], "Resource": "*" }
  ]
}
`;

test('quick fixes carry their diagnostic; costly rewrites resolve lazily; fix-all on request', async () => {
  const c = new TestLspClient();
  clients.push(c);
  const init = await c.initialize({ textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } });
  const provider = init.capabilities.codeActionProvider as { codeActionKinds: string[]; resolveProvider: boolean };
  assert.deepEqual(provider.codeActionKinds, ['quickfix', 'refactor.rewrite', 'source.fixAll.iamPolicy']);
  assert.equal(provider.resolveProvider, true);
  const uri = 'file:///work/actions.json';
  await c.open(uri, POLICY);
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0);
  const diag = pub.diagnostics.find((d) => d.code === 'INVALID_ACTION')!;
  const actions = (await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag] },
  })) as LspAction[];
  const fix = actions.find((a) => a.title === 'Change "s3:GetObjekt" to "s3:GetObject"');
  assert.ok(fix, actions.map((a) => a.title).join('\n'));
  assert.equal(fix!.kind, 'quickfix');
  assert.equal(fix!.isPreferred, true);
  assert.equal(fix!.diagnostics?.[0]?.code, 'INVALID_ACTION');
  assert.equal(fix!.edit!.changes[uri][0].newText, '"s3:GetObject"');

  // The wildcard under the cursor: every expansion variant is a refactor.rewrite.
  const line = POLICY.split('\n')[2];
  const cursor = { line: 2, character: line.indexOf('sqs:*') + 2 };
  const rewrites = (await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: cursor, end: cursor },
    context: { diagnostics: [], only: ['refactor'] },
  })) as LspAction[];
  assert.ok(rewrites.length >= 2);
  assert.ok(rewrites.every((a) => a.kind === 'refactor.rewrite'));
  const expand = rewrites.find((a) => a.title.startsWith('Expand "sqs:*" to 20 actions'))!;
  assert.ok(expand);
  if (!expand.edit) {
    const resolved = (await c.connection.sendRequest('codeAction/resolve', expand)) as LspAction;
    assert.match(resolved.edit!.changes[uri][0].newText, /sqs:SendMessage/);
  }

  const fixAll = (await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  })) as LspAction[];
  assert.equal(fixAll.length, 1);
  assert.equal(fixAll[0].kind, 'source.fixAll.iamPolicy');
  const texts = fixAll[0].edit!.changes[uri].map((e) => e.newText);
  assert.ok(texts.some((t) => t.includes('"Version": "2012-10-17"')));
  assert.ok(texts.includes('"Allow"'));
  assert.ok(!texts.some((t) => t.includes('GetObject')), 'a spelling guess is not applied by fix-all');
});
