/**
 * Issue #16, editor paths (h3): completion and hover never wait for a large template to be read
 * whole (they answer from the cursor's resource while it is not parsed yet, and are answered while
 * its validation is pending), the LSP frame writer writes each message once with the right
 * Content-Length, and the lean completion list leaves detail and documentation to resolve while
 * keeping the order of the items. No timers: ordering, counters and cache sizes.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'stream';
import { PolicyService } from '../server/src/service';
import { yamlReads } from '../server/src/adapters/cfn/yamlTree';
import { releaseYamlPieces, splitTemplate } from '../server/src/adapters/cfn/yamlChunks';
import { FrameWriter } from '../server/src/edge/connection';
import { preparedParseStats } from '../server/src/adapters/cfn';
import { generateTemplate } from './bench/cfn-bench';
import { TestLspClient } from './helpers/lspClient';

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

/** 40 policies, about 1,500 lines (46 KB): large enough to be cut into pieces. */
const TEMPLATE = generateTemplate(40, 1500);

function offsetOf(text: string, needle: string, from: number, delta = 0): number {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, needle);
  return i + delta;
}

const MID = TEMPLATE.indexOf('\n  Role', Math.floor(TEMPLATE.length / 2));

/** Cursors in the middle of the template: an action value, a statement key, a condition key, a resource ARN. */
function cursors(text: string): number[] {
  return [offsetOf(text, '- s3:', MID, 5), offsetOf(text, 'Effect:', MID, 2), offsetOf(text, 'aws:ResourceAccount', MID, 6), offsetOf(text, "- !Sub 'arn:", MID, 10)];
}

test('parseAround reads only the resource around the cursor, keeps nothing, and completes and hovers as the full parse does', () => {
  assert.ok(splitTemplate(TEMPLATE), 'the template is cut into pieces');
  const service = new PolicyService();
  const doc = { uri: 'file:///h3/around.yaml', text: TEMPLATE, languageId: 'yaml', version: 1 };
  try {
    assert.equal(service.parsed(doc), undefined, 'nothing parsed yet');
    for (const offset of cursors(TEMPLATE)) {
      const before = yamlReads.yaml + yamlReads.pyyaml;
      const around = service.parseAround(doc, offset);
      const read = yamlReads.yaml + yamlReads.pyyaml - before;
      assert.ok(around, `a partial parse at ${offset}`);
      assert.equal(around.pending, true, 'provisional: never kept as the document parse');
      assert.ok(read > 0 && read < 3000, `read one resource, not the template (${read} characters)`);
      assert.ok(around.policies.length >= 1 && around.policies.length <= 3, `the resource's policies (${around.policies.length})`);
      for (const p of around.policies) assert.ok(p.root.span.offset <= offset + 200 && p.root.span.offset + p.root.span.length >= offset - 2000, 'policies of the cursor resource');
      assert.equal(service.parsed(doc), undefined, 'parseAround keeps no parse');
      const partial = service.complete(doc, offset, {}, around);
      const partialHover = service.hover(doc, offset, {}, around);
      // The same answers as from the whole template's parse.
      const full = service.complete(doc, offset);
      assert.ok(full.items.length > 0, `items at ${offset}`);
      assert.deepEqual(partial, full, `completion at ${offset}`);
      assert.deepEqual(partialHover, service.hover(doc, offset), `hover at ${offset}`);
      service.close(doc.uri);
    }
    // On a host reference (`${Stage}` in a !Sub): the names of the whole template are needed, so no partial parse.
    assert.equal(service.parseAround(doc, offsetOf(TEMPLATE, '${Stage}', MID, 3)), undefined);
    // Outside the resources (a parameter), or in a resource that uses an alias: no partial parse.
    assert.equal(service.parseAround(doc, offsetOf(TEMPLATE, 'AllowedValues', 0)), undefined);
    const aliased = TEMPLATE.replace('Principal: {Service: lambda.amazonaws.com}', 'Principal: *who');
    assert.equal(service.parseAround({ ...doc, text: aliased }, offsetOf(aliased, '*who', 0)), undefined);
    // A small document: no partial parse (the whole parse is cheap).
    assert.equal(service.parseAround({ ...doc, text: generateTemplate(2, 60) }, 100), undefined);
  } finally {
    service.close(doc.uri);
    releaseYamlPieces(doc.uri);
  }
});

test('prepare builds a large template\'s parse in slices; parse then takes it, equal to a parse in one go', async () => {
  const text = generateTemplate(200, 6000);
  const uri = 'file:///h3/sliced.yaml';
  const sliced = new PolicyService();
  const whole = new PolicyService();
  const doc = { uri, text, languageId: 'yaml', version: 1 };
  try {
    // Other work runs while it prepares: an immediate queued right after the start runs before it ends.
    let turns = 0;
    let preparing = true;
    const probe = (): void => {
      turns++;
      if (preparing) setImmediate(probe);
    };
    setImmediate(probe);
    await sliced.prepare(doc);
    preparing = false;
    assert.ok(turns > 2, `prepare gave way (${turns} turns)`);
    assert.deepEqual(preparedParseStats(), { documents: 1, ready: 1 }, 'prepare built the parse');
    const before = yamlReads.yaml + yamlReads.pyyaml;
    const a = sliced.parse(doc);
    assert.equal(yamlReads.yaml + yamlReads.pyyaml - before, 0, 'nothing read again');
    assert.deepEqual(preparedParseStats(), { documents: 0, ready: 0 }, 'parse took the prepared parse');
    // The same text prepared again (a revalidation): nothing is built again.
    await sliced.prepare(doc);
    assert.deepEqual(preparedParseStats(), { documents: 0, ready: 0 }, 'an unchanged text is not parsed again');
    assert.equal(sliced.parse(doc), a);
    releaseYamlPieces(uri); // the second service parses from scratch
    const b = whole.parse({ ...doc, uri: `${uri}?whole` });
    assert.equal(a.policies.length, b.policies.length);
    assert.ok(a.policies.length >= 150);
    assert.deepEqual(
      a.policies.map((p) => [p.label, p.type, p.root.span, p.statements.length]),
      b.policies.map((p) => [p.label, p.type, p.root.span, p.statements.length]),
    );
    assert.deepEqual(a.problems, b.problems);
    assert.deepEqual(sliced.validate(doc).diagnostics.map((d) => [d.code, d.span]), whole.validate({ ...doc, uri: `${uri}?whole` }).diagnostics.map((d) => [d.code, d.span]));
  } finally {
    sliced.close(uri);
    whole.close(`${uri}?whole`);
  }
});

test('over LSP: completion and hover in a large template neither parse it whole nor wait for its pending validation', async () => {
  const c = new TestLspClient();
  clients.push(c);
  // A pull client: the server validates only when asked, so the order of answers is the test's.
  await c.initialize({ textDocument: { diagnostic: {} } });
  const big = generateTemplate(300, 10_000);
  const uri = 'file:///h3/big.yaml';
  await c.open(uri, big, 'yaml');
  const lines = big.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+- s3:/.test(l));
  const position = { line, character: lines[line].indexOf('s3:') + 3 };
  const list = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as { items: { label: string }[] };
  assert.ok(list.items.some((i) => i.label === 's3:GetObject'), 's3 actions offered');
  const hover = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: position.character + 2 } })) as { contents: { value: string } } | null;
  assert.ok(hover?.contents.value, 'hover on the action');
  let stats = await c.cacheStats();
  assert.equal(stats.parseCache, 0, 'completion and hover did not parse the whole template');
  assert.ok(stats.engine.yamlPieces.pieces < 5, `read only the cursor's resource (${stats.engine.yamlPieces.pieces} pieces cached)`);

  // Completion sent right behind a validation request is answered before the validation ends.
  const order: string[] = [];
  const validated = c.pullDiagnostics(uri).then((r) => {
    order.push('diagnostics');
    return r;
  });
  const completed = (c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }) as Promise<{ items: unknown[] }>).then((r) => {
    order.push('completion');
    return r;
  });
  const hovered = c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }).then(() => order.push('hover'));
  const [report, again] = await Promise.all([validated, completed, hovered]);
  assert.deepEqual(order, ['completion', 'hover', 'diagnostics']);
  assert.ok(again.items.length > 0);
  assert.ok(Array.isArray(report.items));
  // After the validation the document's parse is kept and used.
  stats = await c.cacheStats();
  assert.equal(stats.parseCache, 1);
});

test('FrameWriter: one write per message, Content-Length in bytes of the UTF-8 body', async () => {
  const writes: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push(Buffer.from(chunk));
      cb();
    },
  });
  const writer = new FrameWriter(out);
  const messages = [
    { jsonrpc: '2.0', id: 1, result: { label: 'é ✓ 🚀 "quoted" \\ back' } },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'x'.repeat(70_000) } },
  ];
  for (const m of messages) await writer.write(m);
  assert.equal(writes.length, messages.length, 'one write per message');
  writes.forEach((frame, k) => {
    const sep = frame.indexOf('\r\n\r\n');
    const header = frame.subarray(0, sep).toString('ascii');
    const body = frame.subarray(sep + 4);
    assert.equal(header, `Content-Length: ${body.length}`);
    assert.deepEqual(JSON.parse(body.toString('utf8')), messages[k]);
  });
});

test('lean completion list: detail and documentation on resolve, items in the order of their names', async () => {
  const c = new TestLspClient();
  clients.push(c);
  await c.initialize({
    textDocument: {
      completion: {
        completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
        completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      },
    },
  });
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:Get", "Resource": "*" }]\n}\n';
  const uri = 'file:///h3/lean.json';
  await c.open(uri, text);
  await c.waitForDiagnostics((p) => p.uri === uri);
  const position = { line: 2, character: text.split('\n')[2].indexOf('s3:Get') + 6 };
  type Item = { label: string; detail?: string; documentation?: { value: string }; sortText?: string; data?: unknown };
  const list = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as { items: Item[]; itemDefaults?: { data?: unknown } };
  const actions = list.items.filter((i) => /^s3:[A-Za-z]+$/.test(i.label));
  assert.ok(actions.length > 100);
  for (const i of list.items) assert.equal(i.detail, undefined, `${i.label}: detail left to resolve`);
  // Sorted by sortText, the actions come in the order of their names (the old keys were `b<Name>`), before the wildcards.
  const bySort = [...list.items].sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1));
  const sortedActions = bySort.filter((i) => actions.includes(i));
  assert.deepEqual(
    sortedActions.map((i) => i.label),
    actions.map((i) => i.label).sort(),
  );
  assert.equal(bySort[0].label, 's3:Get*', 'the wildcard of what is typed first');
  assert.equal(bySort[bySort.length - 1].label, 's3:*', 'the service wildcard last');
  // Each label once (so the list's id goes once, in itemDefaults.data, which the client puts on the item it resolves).
  assert.equal(new Set(list.items.map((i) => i.label.toLowerCase())).size, list.items.length, 'no item offered twice');
  const get = { ...list.items.find((i) => i.label === 's3:GetObject')!, data: list.itemDefaults?.data };
  const resolved = (await c.connection.sendRequest('completionItem/resolve', get)) as Item;
  assert.match(resolved.detail ?? '', /Read/);
  assert.match(resolved.documentation?.value ?? '', /Access level/);
  // Data that names another list's item, or a label the list does not hold: the item is left as it came.
  const wrong = { ...get, data: { l: (list.itemDefaults?.data as { l: number }).l, i: 0 } };
  assert.deepEqual(await c.connection.sendRequest('completionItem/resolve', wrong), wrong);
  const stranger = { ...get, label: 's3:NoSuchAction' };
  assert.deepEqual(await c.connection.sendRequest('completionItem/resolve', stranger), stranger);
});
