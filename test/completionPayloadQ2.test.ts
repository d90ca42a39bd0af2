/**
 * The completion payload over LSP (issue #16): a client that supports completionList.itemDefaults
 * (editRange) and lazy documentation (completionItem/resolve) gets the shared range once and items
 * without documentation until resolved; a client without them gets the old shape.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestLspClient } from './helpers/lspClient';

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Item {
  label: string;
  textEditText?: string;
  insertTextFormat?: number;
  textEdit?: { range: Range; newText: string };
  documentation?: { kind: string; value: string };
  data?: unknown;
}
interface List {
  isIncomplete: boolean;
  itemDefaults?: { editRange?: Range; insertTextFormat?: number; data?: unknown };
  items: Item[];
}

const TEXT = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:Get", "Resource": "*" }]\n}\n';
const POS = { line: 2, character: TEXT.split('\n')[2].indexOf('s3:Get') + 's3:Get'.length };
const CAPS = {
  textDocument: {
    completion: {
      completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
  },
};

async function completeWith(caps: Record<string, unknown>): Promise<{ c: TestLspClient; list: List; init: { capabilities: Record<string, unknown> } }> {
  const c = new TestLspClient();
  clients.push(c);
  const init = await c.initialize(caps);
  const uri = 'file:///q2/payload.json';
  await c.open(uri, TEXT);
  await c.waitForDiagnostics((p) => p.uri === uri);
  const list = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: POS })) as List;
  return { c, list, init };
}

test('with itemDefaults.editRange and resolve of documentation: shared range once, documentation on resolve', async () => {
  const { c, list, init } = await completeWith(CAPS);
  assert.equal((init.capabilities.completionProvider as { resolveProvider?: boolean }).resolveProvider, true);
  const range = list.itemDefaults?.editRange;
  assert.ok(range, 'itemDefaults.editRange');
  assert.equal(range.start.line, 2);
  assert.equal(range.end.character, POS.character);
  const get = list.items.find((i) => i.label === 's3:GetObject' || i.label === 'GetObject');
  assert.ok(get, 'offers s3:GetObject');
  assert.ok(list.items.length > 50, `many items (${list.items.length})`);
  for (const i of list.items) {
    assert.equal(i.documentation, undefined, `${i.label}: no documentation before resolve`);
    if (i.textEdit) assert.notDeepEqual(i.textEdit.range, range, `${i.label}: an own textEdit only for another range`);
  }
  // The list's id once, in itemDefaults.data (the labels are unique): the client puts it on each item it resolves.
  assert.equal(get.data, undefined, 'no data per item');
  assert.ok(list.itemDefaults?.data, 'itemDefaults.data says where the documentation is');
  const resolved = (await c.connection.sendRequest('completionItem/resolve', { ...get, data: list.itemDefaults.data })) as Item;
  assert.equal(resolved.documentation?.kind, 'markdown');
  assert.match(resolved.documentation.value, /Access level/);
  assert.equal(resolved.label, get.label);
  // Garbage data is answered with the item as it came.
  const odd = (await c.connection.sendRequest('completionItem/resolve', { label: 'x', data: { l: 'nope' } })) as Item;
  assert.deepEqual(odd, { label: 'x', data: { l: 'nope' } });
  // The old shape's payload is larger.
  const old = await completeWith({});
  assert.ok(JSON.stringify(list).length < JSON.stringify(old.list).length / 2, `${JSON.stringify(list).length} vs ${JSON.stringify(old.list).length} bytes`);
  // Same insertions either way: default range + insertText (or label) == old textEdit.
  const oldGet = old.list.items.find((i) => i.label === get.label)!;
  assert.equal(get.textEdit?.newText ?? get.textEditText ?? get.label, oldGet.textEdit?.newText);
  assert.deepEqual(get.textEdit?.range ?? range, oldGet.textEdit?.range);
});

test('a client that applies no itemDefaults.data: each lazy item carries its list and index', async () => {
  const caps = structuredClone(CAPS);
  caps.textDocument.completion.completionList.itemDefaults = ['editRange', 'insertTextFormat'];
  const { c, list } = await completeWith(caps);
  assert.equal(list.itemDefaults?.data, undefined);
  const get = list.items.find((i) => i.label === 's3:GetObject')!;
  assert.deepEqual(Object.keys(get.data as object).sort(), ['i', 'l']);
  const resolved = (await c.connection.sendRequest('completionItem/resolve', get)) as Item;
  assert.match(resolved.documentation?.value ?? '', /Access level/);
  // With the default data, a label the list does not hold is answered with the item as it came.
  const withDefault = await completeWith(CAPS);
  const stray = { label: 's3:NoSuchAction', data: withDefault.list.itemDefaults?.data };
  assert.deepEqual(await withDefault.c.connection.sendRequest('completionItem/resolve', stray), stray);
});

test('without the capabilities: every item has its textEdit and inline documentation (old shape)', async () => {
  const { list } = await completeWith({});
  assert.equal(list.itemDefaults, undefined);
  for (const i of list.items) assert.ok(i.textEdit, `${i.label}: textEdit`);
  const get = list.items.find((i) => i.label === 's3:GetObject' || i.label === 'GetObject');
  assert.ok(get);
  assert.match(get.documentation?.value ?? '', /Access level/);
  assert.equal(get.data, undefined);
});
