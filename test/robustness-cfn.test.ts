/**
 * Hostile and unusual CloudFormation input (issue #10 items 1–3): nested Fn::Sub in variable maps,
 * many YAML aliases, collections used as mapping keys. Every case is run twice:
 * - engine level, in a child process with a heap limit and a deadline, so a regression fails
 *   (out of memory / no answer) instead of hanging the test run;
 * - through dist/server.js over stdio: the server must publish the same diagnostics and keep
 *   answering requests.
 * Fixtures under test/fixtures/robustness/cfn/ have `.expected` files (UPDATE_FIXTURES=1 to write);
 * the large alias templates are generated here.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, type ChildProcess } from 'child_process';
import { LineIndex } from '../server/src/model';
import type { PolicyDiagnostic } from '../server/src/service';
import { FIXTURES, expectedFor, formatDiagnostics, listFiles } from './helpers/fixtures';
import { TestLspClient, type PublishedDiagnostics } from './helpers/lspClient';

const DIR = path.join(FIXTURES, 'robustness', 'cfn');
/** Far above what any case needs once fixed (about a second, tens of MB); the bugs ran for minutes or out of memory. */
const DEADLINE_MS = 30000;
const MAX_OLD_MB = 384;

interface Isolated {
  format: string;
  diagnostics: PolicyDiagnostic[];
  /** Per policy: label and every string leaf as `path = value` (holes as `${?}`). */
  policies: { label: string; strings: string[] }[];
}

/**
 * PolicyService.validate in a child process (the compiled service next to this test) with a heap
 * limit and a deadline per request: running out of memory or time fails the one test, not the
 * run. One child serves request after request; after a failure the next request starts a new one.
 */
const CHILD = `
const { PolicyService } = require(process.argv[1]);
const service = new PolicyService();
const strings = (n, out) => {
  if (n.kind === 'string') out.push(n.path.join('.') + ' = ' + n.value);
  else if (n.kind === 'object') for (const p of n.properties) strings(p.value, out);
  else if (n.kind === 'array') for (const i of n.items) strings(i, out);
  return out;
};
process.on('message', ({ uri, text }) => {
  const r = service.validate({ uri, text });
  process.send({
    format: r.parse.format,
    diagnostics: r.diagnostics.map(({ code, message, severity, span, source }) => ({ code, message, severity, span, source })),
    policies: r.parse.policies.map((p) => ({ label: p.label, strings: strings(p.root, []) })),
  });
});
`;

let child: ChildProcess | undefined;
let queue: Promise<unknown> = Promise.resolve();
after(() => {
  child?.kill();
});

function validateIsolated(uri: string, text: string): Promise<Isolated> {
  const run = (): Promise<Isolated> =>
    new Promise((resolve, reject) => {
      const c = (child ??= spawn(process.execPath, [`--max-old-space-size=${MAX_OLD_MB}`, '-e', CHILD, path.join(__dirname, '..', 'server', 'src', 'service.js')], {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      }));
      const cleanup = (): void => {
        clearTimeout(timer);
        c.off('message', onMessage);
        c.off('error', onError);
        c.off('exit', onExit);
      };
      const fail = (err: Error): void => {
        cleanup();
        if (child === c) child = undefined;
        c.kill();
        reject(err);
      };
      const onMessage = (m: unknown): void => {
        cleanup();
        resolve(m as Isolated);
      };
      const onError = (e: Error): void => fail(e);
      const onExit = (code: number | null, signal: string | null): void => fail(new Error(`the engine process ended (${signal ?? code}) without a result: out of memory?`));
      const timer = setTimeout(() => fail(new Error(`no result within ${DEADLINE_MS} ms`)), DEADLINE_MS);
      c.on('message', onMessage);
      c.on('error', onError);
      c.on('exit', onExit);
      c.send({ uri, text });
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Published LSP diagnostics in the fixtures' `line:col-line:col severity CODE message` form. */
function formatPublished(p: PublishedDiagnostics): string {
  return [...p.diagnostics]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code} ${d.message}`)
    .join('\n');
}

function sortLines(s: string): string {
  const idx = (l: string): number[] => l.split(' ')[0].split(/[-:]/).map(Number);
  return s
    .split('\n')
    .filter(Boolean)
    .sort((a, b) => {
      const [x, y] = [idx(a), idx(b)];
      return x[0] - y[0] || x[1] - y[1];
    })
    .join('\n');
}

/** One resource whose property holds an anchored scalar and `count` aliases of it, then a policy to check. */
function aliasTemplate(count: number): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties:', '      TopicName: &x name', '      Tags:'];
  for (let i = 0; i < count; i++) lines.push('        - *x');
  lines.push('  Checked:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: s3:GetObjekt', "            Resource: '*'");
  return lines.join('\n') + '\n';
}

const fixtureFiles = listFiles(DIR, (n) => /\.(ya?ml|json)$/.test(n));

describe('robustness (cfn): engine in a bounded process', () => {
  for (const file of fixtureFiles) {
    test(path.basename(file), async () => {
      const text = fs.readFileSync(file, 'utf8');
      const r = await validateIsolated(`file://${file}`, text);
      const actual = formatDiagnostics(text, r.diagnostics);
      assert.equal(actual, expectedFor(file, actual));
      for (const d of r.diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, 'range inside the document');
    });
  }

  test('item 1: nested Fn::Sub, Fn::Join and deep doubling resolve to strings with holes', async () => {
    const strings = async (name: string): Promise<string[]> => (await validateIsolated(`file:///${name}`, fs.readFileSync(path.join(DIR, name), 'utf8'))).policies.flatMap((p) => p.strings);
    const nested = await strings('sub-map-nested-sub.yaml');
    assert.ok(nested.includes('Statement.0.Resource = arn:aws:s3:::${?}-data/*'), nested.join('\n'));
    assert.ok(nested.includes('Statement.1.Resource = arn:aws:s3:::logs-${?}-${?}'), nested.join('\n'));
    const join = await strings('sub-map-join.yaml');
    assert.ok(join.includes('Statement.0.Resource = arn:aws:s3:::${?}-${?}-data/logs/*'), join.join('\n'));
    const embedded = await strings('sub-map-embedded-json.yaml');
    assert.ok(embedded.includes('Statement.0.Resource = arn:aws:logs:${?}:${?}:log-group:/aws/${?}/${?}-app:*'), embedded.join('\n'));
    const json = await strings('sub-map-nested.json');
    assert.ok(json.includes('Statement.0.Resource = arn:aws:s3:::${?}-data/*'), json.join('\n'));
    assert.ok(json.includes('Statement.1.Resource = arn:aws:s3:::${?}-x'), json.join('\n'));
    // 40 levels of `${a}${a}`: bounded, the value becomes one hole instead of 2^40 characters.
    const doubling = await strings('sub-map-doubling.yaml');
    const resource = doubling.find((l) => l.startsWith('Statement.0.Resource = '))!.slice('Statement.0.Resource = '.length);
    assert.match(resource, /^(\$\{\?\})+$/, 'only holes are left');
    assert.ok(resource.length <= 65536, `${resource.length} characters`);
  });

  test('item 1: a deep chain of nested Fn::Sub stays bounded', async () => {
    let v = "!Sub '${AWS::StackName}'";
    for (let i = 0; i < 200; i++) v = `!Sub ['\${a}-${i}', {a: ${v}}]`;
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObjekt', Resource: ${v}}]}\n`;
    const r = await validateIsolated('file:///chain.yaml', text);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['INVALID_ACTION'],
    );
  });

  for (const count of [10000, 20000, 40000]) {
    test(`item 2: ${count} aliases of one anchor`, async () => {
      const text = aliasTemplate(count);
      const r = await validateIsolated('file:///aliases.yaml', text);
      assert.equal(r.format, 'cfn-yaml');
      assert.equal(r.policies.length, 1);
      const codes = r.diagnostics.map((d) => d.code);
      assert.ok(codes.includes('INVALID_ACTION'), 'the policy after the aliases is checked');
      // The alias budget (20,000 nodes) is reported once when it is exceeded.
      const bombs = r.diagnostics.filter((d) => d.message.includes('aliases expand to too many nodes'));
      assert.equal(bombs.length, count > 20000 ? 1 : 0);
    });
  }

  test('item 3: the rest of a template is checked around a collection key', async () => {
    const file = path.join(DIR, 'flow-key-template.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const r = await validateIsolated(`file://${file}`, text);
    assert.deepEqual(
      r.policies.map((p) => p.label),
      ['Checked.PolicyDocument'],
    );
    const keyProblems = r.diagnostics.filter((d) => d.code === 'YAML_SYNTAX_ERROR');
    const idx = new LineIndex(text);
    // Each finding covers exactly its key.
    assert.deepEqual(
      keyProblems.map((d) => text.slice(d.span.offset, d.span.offset + d.span.length)),
      ['{'.repeat(29) + '}'.repeat(29), '[a, b]'],
    );
    assert.deepEqual(
      keyProblems.map((d) => idx.positionAt(d.span.offset).line),
      [2, 4],
    );
  });
});

describe('robustness (cfn): through the server (LSP over stdio)', () => {
  const client = new TestLspClient();
  let ready: Promise<unknown> | undefined;
  after(async () => {
    await client.shutdown();
  });

  /** Opens a document, waits for its first publication, then checks the server still answers a request. */
  async function openAndWait(uri: string, text: string, languageId: string): Promise<PublishedDiagnostics> {
    ready ??= client.initialize({});
    await ready;
    await client.open(uri, text, languageId);
    const pub = await client.waitForDiagnostics((p) => p.uri === uri && p.version === 1, DEADLINE_MS);
    const symbols = (await Promise.race([
      client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no documentSymbol answer')), DEADLINE_MS)),
    ])) as unknown[];
    assert.ok(Array.isArray(symbols), 'the server answers after publishing');
    await client.close(uri);
    return pub;
  }

  for (const file of fixtureFiles) {
    test(path.basename(file), async () => {
      const text = fs.readFileSync(file, 'utf8');
      const pub = await openAndWait(`file://${file}`, text, file.endsWith('.json') ? 'json' : 'yaml');
      // The same findings the engine test expects (that test writes the file when updating).
      const expected = fs.existsSync(`${file}.expected`) ? fs.readFileSync(`${file}.expected`, 'utf8').replace(/\r\n/g, '\n') : '';
      assert.equal(formatPublished(pub), sortLines(expected));
    });
  }

  for (const count of [10000, 20000]) {
    test(`item 2: ${count} aliases of one anchor`, async () => {
      const pub = await openAndWait(`file:///work/aliases-${count}.yaml`, aliasTemplate(count), 'yaml');
      assert.deepEqual(
        pub.diagnostics.map((d) => d.code),
        ['INVALID_ACTION'],
      );
    });
  }
});
