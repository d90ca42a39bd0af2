/**
 * Issue #15 through LSP (dist/server.js over stdio): wildcard expansions are quickfixes linked to
 * the finding they answer (lightbulb, problem hover, Problems panel), one preferred; the same
 * rewrites stay refactor.rewrite for the Refactor… menu and where there is no finding; the
 * access-level picker's entry (VS Code) and its choices (any client, resolved lazily).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestLspClient } from './helpers/lspClient';

interface LspAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string }[];
  edit?: { changes: Record<string, { newText: string }[]> };
  command?: { command: string; arguments?: unknown[] };
  data?: unknown;
}

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
    { "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*" }
  ]
}
`;

const LINES = POLICY.split('\n');
const at = (line: number, needle: string) => ({ line, character: LINES[line].indexOf(needle) + 2 });

async function start(initializationOptions?: unknown): Promise<{ c: TestLspClient; uri: string; diag: { code?: unknown; range: { start: unknown; end: unknown } } }> {
  const c = new TestLspClient();
  clients.push(c);
  await c.initialize({ textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } }, initializationOptions);
  const uri = 'file:///work/wildcards.json';
  await c.open(uri, POLICY);
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'SERVICE_WILDCARD_ACTION'));
  const diag = pub.diagnostics.find((d) => d.code === 'SERVICE_WILDCARD_ACTION')!;
  return { c, uri, diag };
}

const expansions = (as: LspAction[]) => as.filter((a) => a.title.startsWith('Expand "s3:*"'));

test('on the SERVICE_WILDCARD_ACTION finding every expansion is a quickfix linked to it, one preferred', async () => {
  const { c, uri, diag } = await start();
  const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as LspAction[];
  const ex = expansions(actions);
  assert.ok(ex.length >= 6, actions.map((a) => a.title).join('\n'));
  for (const a of ex) {
    assert.equal(a.kind, 'quickfix', a.title);
    assert.deepEqual(a.diagnostics?.map((d) => d.code), ['SERVICE_WILDCARD_ACTION'], a.title);
  }
  assert.equal(ex.filter((a) => a.isPreferred).length, 1);
  // No duplicate as a rewrite in the same list.
  assert.equal(new Set(ex.map((a) => a.title)).size, ex.length);

  // The Refactor… menu (only: refactor) gets the same rewrites, not linked.
  const refactors = expansions((await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['refactor'] } })) as LspAction[]);
  assert.deepEqual(refactors.map((a) => a.title), ex.map((a) => a.title));
  for (const a of refactors) {
    assert.equal(a.kind, 'refactor.rewrite');
    assert.equal(a.diagnostics, undefined);
    assert.equal(a.isPreferred, undefined);
  }
  // Quick fixes only (the Problems panel asks for these): the same list.
  const quick = expansions((await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } })) as LspAction[]);
  assert.deepEqual(quick.map((a) => a.title), ex.map((a) => a.title));
  // No picker entry for a client that did not ask for it.
  assert.ok(!actions.some((a) => a.command));
});

test('a wildcard without a finding (s3:Get*) gets the rewrites as refactor.rewrite', async () => {
  const { c, uri } = await start();
  const cursor = at(4, 's3:Get*');
  const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: cursor, end: cursor }, context: { diagnostics: [] } })) as LspAction[];
  const ex = actions.filter((a) => a.title.startsWith('Expand "s3:Get*"'));
  assert.ok(ex.length >= 2, actions.map((a) => a.title).join('\n'));
  assert.ok(ex.every((a) => a.kind === 'refactor.rewrite' && !a.diagnostics));
});

test('access-level choices on request, resolved lazily; the picker entry for the VS Code client', async () => {
  const { c, uri, diag } = await start({ accessLevelPicker: true });
  const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as LspAction[];
  const pick = actions.find((a) => a.command?.command === 'iamPolicy.pickAccessLevels');
  assert.ok(pick, actions.map((a) => a.title).join('\n'));
  assert.equal(pick!.title, 'Expand "s3:*", choosing access levels…');
  assert.equal(pick!.kind, 'quickfix');
  assert.deepEqual(pick!.diagnostics?.map((d) => d.code), ['SERVICE_WILDCARD_ACTION']);
  assert.equal(pick!.command!.arguments![0], uri);
  assert.equal(typeof pick!.command!.arguments![1], 'number');
  // Choices only when asked for by kind.
  assert.ok(!actions.some((a) => a.kind?.startsWith('refactor.rewrite.accessLevels')));
  const choices = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [], only: ['refactor.rewrite.accessLevels'] } })) as LspAction[];
  const lr = choices.find((a) => a.kind === 'refactor.rewrite.accessLevels.LR');
  assert.ok(lr, choices.map((a) => `${a.kind} ${a.title}`).join('\n'));
  assert.match(lr!.title, /^Expand "s3:\*" to \d+ actions: List, Read \(policy size/);
  const w = choices.find((a) => a.kind === 'refactor.rewrite.accessLevels.W')!;
  const resolved = w.edit ? w : ((await c.connection.sendRequest('codeAction/resolve', w)) as LspAction);
  const text = resolved.edit!.changes[uri][0].newText;
  assert.match(text, /s3:PutObject"/);
  assert.doesNotMatch(text, /s3:PutBucketPolicy"/, 'a Permissions management action needs that level ticked');
  assert.doesNotMatch(text, /s3:GetObject"/);
});
