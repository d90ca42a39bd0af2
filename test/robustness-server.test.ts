/**
 * dist/server.js over stdio on hostile and unusual input (issue #10 items 5, 6, 7, 8, 11): fix-all
 * over thousands of duplicates, cancellation, caches that stay bounded and forget closed
 * documents, a re-opened document with a reused version, a client that never answers
 * workspace/configuration, and malformed JSON-RPC frames.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TestLspClient } from './helpers/lspClient';
import { REPO_ROOT } from './helpers/fixtures';
import { getIamData } from '../server/src/data/iamData';
import { generateTemplate } from './bench/cfn-bench';
import { splitTemplate } from '../server/src/adapters/cfn/yamlChunks';

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

function client(): TestLspClient {
  const c = new TestLspClient();
  clients.push(c);
  return c;
}

/** `count` valid, distinct action names. */
function distinctActions(count: number): string[] {
  const data = getIamData();
  const out: string[] = [];
  for (const s of data.listServices()) {
    for (const a of data.actionNames(s.prefix)) {
      out.push(`${s.prefix}:${a}`);
      if (out.length === count) return out;
    }
  }
  return out;
}

/** One statement whose Action lists `total` actions cycling through `distinct` names. */
function duplicatesPolicy(total: number, distinct: number): string {
  const names = distinctActions(distinct);
  const actions = Array.from({ length: total }, (_, i) => names[i % distinct]);
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
}

interface Pos {
  line: number;
  character: number;
}
interface LspEdit {
  range: { start: Pos; end: Pos };
  newText: string;
}
interface LspAction {
  title: string;
  kind?: string;
  diagnostics?: unknown[];
  edit?: { changes: Record<string, LspEdit[]> };
}

function offsetAt(text: string, p: Pos): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + p.character;
}

function applyEdits(text: string, edits: LspEdit[]): string {
  const withOffsets = edits.map((e) => ({ from: offsetAt(text, e.range.start), to: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.from) + e.newText + out.slice(e.to);
  return out;
}

const FIX_ALL = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

test('fix-all removes every redundant duplicate of a long action list, not one per distinct title', async () => {
  const c = client();
  await c.initialize({});
  const uri = 'file:///work/duplicates.json';
  const text = duplicatesPolicy(2000, 500);
  await c.open(uri, text);
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0, 60000);
  assert.equal(pub.diagnostics.filter((d) => d.code === 'REDUNDANT_ACTION').length, 1500);
  const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: FIX_ALL, context: { diagnostics: [], only: ['source.fixAll'] } })) as LspAction[];
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.iamPolicy');
  assert.ok(fixAll?.edit, actions.map((a) => a.title).join('\n'));
  const fixed = JSON.parse(applyEdits(text, fixAll.edit.changes[uri])) as { Statement: { Action: string[] }[] };
  const left = fixed.Statement[0].Action;
  assert.equal(new Set(left).size, 500, 'every distinct action kept');
  // The removal of the last item touches its neighbour's: at most that one waits for a second pass.
  assert.ok(left.length <= 501, `${left.length} actions left of 2,000 (500 distinct)`);
});

test('a cancelled fix-all request answers RequestCancelled, and the server goes on serving', async () => {
  const c = client();
  await c.initialize({});
  const uri = 'file:///work/cancel.json';
  await c.open(uri, duplicatesPolicy(4000, 1000));
  await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0, 60000);
  const params = { textDocument: { uri }, range: FIX_ALL, context: { diagnostics: [], only: ['source.fixAll'] } };
  // The cancellation races the handler: it takes effect at the handler's checkpoints, so it may
  // arrive after a fast (cached) run has already answered. Some of a few tries must be cancelled,
  // and an answer that did come is a normal one.
  let cancelled = false;
  for (let attempt = 0; attempt < 8 && !cancelled; attempt++) {
    const source = new CancellationTokenSource();
    const pending = c.connection.sendRequest('textDocument/codeAction', params, source.token);
    source.cancel();
    try {
      const answer = (await pending) as LspAction[];
      assert.ok(Array.isArray(answer));
    } catch (err) {
      assert.equal((err as { code?: number }).code, -32800, String(err));
      cancelled = true;
    }
  }
  assert.ok(cancelled, 'no try was answered with RequestCancelled');
  const again = (await c.connection.sendRequest('textDocument/codeAction', params)) as LspAction[];
  assert.ok(again.some((a) => a.kind === 'source.fixAll.iamPolicy'));
});

test('opening and closing many documents leaves no cache entry behind', async () => {
  const c = client();
  await c.initialize({ textDocument: { diagnostic: {} } });
  const names = distinctActions(400);
  for (let i = 0; i < 60; i++) {
    const uri = `file:///work/many/p${i}.json`;
    const statements = Array.from({ length: 4 }, (_, k) => ({ Sid: `S${i}x${k}`, Effect: 'Allow', Action: [names[(i * 3 + k) % 400], 's3:GetObjekt'], Resource: `arn:aws:s3:::bucket-${i}/*` }));
    await c.open(uri, JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
    const report = await c.pullDiagnostics(uri);
    assert.ok(report.items.length > 0);
    await c.close(uri);
  }
  for (let i = 0; i < 3; i++) {
    const uri = `file:///work/many/t${i}.yaml`;
    const text = generateTemplate(12 + i, 800);
    assert.ok(splitTemplate(text), 'large enough to be parsed in pieces');
    await c.open(uri, text, 'yaml');
    await c.pullDiagnostics(uri);
    await c.close(uri);
  }
  const stats = await c.cacheStats();
  assert.equal(stats.openDocuments, 0);
  assert.equal(stats.parseCache, 0);
  assert.equal(stats.documentSettings, 0);
  assert.equal(stats.generations, 0);
  assert.equal(stats.timers, 0);
  assert.ok(stats.engine.findings, 'the server caches findings');
  assert.equal(stats.engine.findings.entries, 0, JSON.stringify(stats));
  assert.equal(stats.engine.findings.owners, 0);
  assert.equal(stats.engine.findings.bytes, 0);
  assert.equal(stats.engine.yamlPieces.owners, 0, JSON.stringify(stats));
  assert.equal(stats.engine.yamlPieces.pieces, 0);
});

test('editing a large template and a large policy many times keeps the caches at one version of each', async () => {
  const c = client();
  await c.initialize({ textDocument: { diagnostic: {} } });
  const yamlUri = 'file:///work/big.yaml';
  let yaml = generateTemplate(40, 1500).replace('Action: sts:AssumeRole', 'Action: sts:AssumeRolle');
  await c.open(yamlUri, yaml, 'yaml');
  await c.pullDiagnostics(yamlUri);
  const jsonUri = 'file:///work/big.json';
  let json = duplicatesPolicy(1500, 1500).replace('"Version": "2012-10-17",', '"Version": "2012-10-17",\n  "Id": "v1",');
  await c.open(jsonUri, json);
  await c.pullDiagnostics(jsonUri);
  const first = await c.cacheStats();
  for (let v = 2; v <= 13; v++) {
    // One resource of the template and the one policy change every time.
    yaml = yaml.replace(/Sid: (S1x0|E\d+)\b/, `Sid: E${v}`);
    await c.change(yamlUri, yaml, v);
    const y = await c.pullDiagnostics(yamlUri);
    assert.ok(y.items.length > 0);
    json = json.replace(/"Id": "v\d+"/, `"Id": "v${v}"`);
    await c.change(jsonUri, json, v);
    await c.pullDiagnostics(jsonUri);
  }
  const stats = await c.cacheStats();
  const findings = stats.engine.findings!;
  assert.equal(stats.parseCache, 2);
  // At most one entry per policy of the two documents' current versions (41 policies), however many edits.
  assert.ok(findings.entries <= first.engine.findings!.entries && findings.entries <= 41, JSON.stringify(stats));
  assert.ok(findings.bytes <= findings.maxBytes);
  assert.ok(findings.hits > 0, 'unchanged policies still come from the cache');
  // The template's pieces: those of its current text only.
  assert.equal(stats.engine.yamlPieces.owners, 1);
  assert.ok(stats.engine.yamlPieces.pieces <= splitTemplate(yaml)!.length, JSON.stringify(stats));
  assert.ok(stats.engine.yamlPieces.bytes <= yaml.length);
});

test('a re-opened document, or a version number used again, is parsed from its new text', async () => {
  const c = client();
  await c.initialize({ textDocument: { diagnostic: {} } });
  const uri = 'file:///work/reopen.json';
  const policy = (action: string, pad = ''): string => `{\n  "Version": "2012-10-17",${pad}\n  "Statement": [{ "Effect": "Allow", "Action": "${action}", "Resource": "*" }]\n}\n`;
  const invalidAt = async (text: string): Promise<string[]> => {
    const report = await c.pullDiagnostics(uri);
    return report.items
      .filter((d) => d.code === 'INVALID_ACTION')
      .map((d) => {
        const from = offsetAt(text, d.range.start);
        return text.slice(from, offsetAt(text, d.range.end));
      });
  };
  const a = policy('s3:GetObjekt');
  await c.open(uri, a, 'json', 1);
  assert.deepEqual(await invalidAt(a), ['s3:GetObjekt']);
  // The same version number again, other text (a client restarting its count).
  const b = policy('sqs:SendMesage', '\n  ');
  await c.change(uri, b, 1);
  assert.deepEqual(await invalidAt(b), ['sqs:SendMesage']);
  // didOpen again without a close, version 1 again.
  const d = policy('dynamodb:GetItm', '\n\n\n');
  await c.open(uri, d, 'json', 1);
  assert.deepEqual(await invalidAt(d), ['dynamodb:GetItm']);
});

test('a client that announces workspace/configuration but never answers gets diagnostics and hovers with defaults', async () => {
  const c = client();
  let asked = 0;
  c.connection.onRequest('workspace/configuration', () => {
    asked++;
    return new Promise(() => {}); // never answered
  });
  await c.initialize({ workspace: { configuration: true } });
  const uri = 'file:///work/unanswered.json';
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]\n}\n';
  await c.open(uri, text);
  const pub = await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'INVALID_ACTION'), 15000);
  assert.ok(pub.diagnostics.length > 0);
  // Answered (whatever the answer), not left waiting for the configuration.
  const hover = await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 50 } });
  assert.notEqual(hover, undefined);
  const second = 'file:///work/unanswered2.json';
  await c.open(second, text);
  await c.waitForDiagnostics((p) => p.uri === second && p.diagnostics.length > 0, 15000);
  assert.ok(asked >= 1);
  const lines = c.logs.filter((l) => l.includes('workspace/configuration unanswered'));
  assert.equal(lines.length, 1, c.logs.join('\n'));
});

/** Spawns dist/server.js --stdio, writes raw bytes, and resolves with its exit code and stderr (or rejects after a time limit). */
function runWithInput(input: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += String(d)));
    proc.stdout.resume();
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`the server did not exit within 20 s; stderr: ${stderr}`));
    }, 20000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    proc.stdin.on('error', () => {});
    proc.stdin.write(input);
  });
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const SECRET = '"Action": "s3:GetObject-SECRET-POLICY-TEXT"';
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const NOTE = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///x.json', languageId: 'json', version: 1, text: `{${SECRET}}` } } });

for (const [name, input] of [
  ['a Content-Length that is not a number', `Content-Length: twelve\r\n\r\n${NOTE}`],
  ['a header line without a colon', `garbage-SECRET-POLICY-TEXT\r\n\r\n${NOTE}`],
  ['a header without Content-Length', `${SECRET}\r\n\r\n${NOTE}`],
  ['a body shorter than its Content-Length, then the next frame', `${frame(INIT)}Content-Length: ${Buffer.byteLength(NOTE) + 40}\r\n\r\n${NOTE.slice(0, 60)}${frame(NOTE)}`],
] as const) {
  test(`a malformed frame (${name}) ends the server with one stderr line and a non-zero code`, async () => {
    const { code, stderr } = await runWithInput(input);
    assert.notEqual(code, 0);
    assert.notEqual(code, null);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /malformed JSON-RPC message on stdin/);
    assert.ok(!stderr.includes('SECRET-POLICY-TEXT'), 'no policy text in the log');
  });
}
