/**
 * The language server reads the same `.iampolicylintrc.json` as the CLI for each document (rules,
 * Sid suppressions, ignore), registers a watcher for it and re-validates when it changes; inline
 * suppression comments work in the editor as in the CLI.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestLspClient } from './helpers/lspClient';

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Legacy', Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }, { Effect: 'Allow', Action: 'sqs:SendMesage', Resource: '*' }] }, null, 2);

test('server: config rules and Sid suppressions apply per document; a changed config re-validates', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'h17a-server-'));
  fs.mkdirSync(path.join(root, '.git'));
  const config = path.join(root, '.iampolicylintrc.json');
  fs.writeFileSync(config, JSON.stringify({ ignoreSids: { Legacy: ['INVALID_ACTION'] }, rules: { RESOURCE_STAR_FOR_RESOURCE_LEVEL_ACTION: 'off' } }));
  const c = new TestLspClient();
  clients.push(c);
  const registrations: { registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }[] = [];
  c.connection.onRequest('client/registerCapability', (p) => {
    registrations.push(p);
    return null;
  });
  await c.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  const uri = pathToFileURL(path.join(root, 'p.json')).href;
  await c.open(uri, POLICY);
  const first = await c.waitForDiagnostics((p) => p.uri === uri);
  const codes = (p: typeof first) => p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();
  assert.deepEqual(codes(first), ['12:INVALID_ACTION'], 'the Legacy statement\'s INVALID_ACTION is suppressed by the config, the rule turned off');
  assert.ok(registrations.some((r) => r.registrations.some((x) => x.method === 'workspace/didChangeWatchedFiles' && x.registerOptions.watchers[0].globPattern === '**/.iampolicylintrc.json')));
  // The config changes: the client reports it, the server drops its cache and re-validates.
  const before = c.published.length;
  fs.writeFileSync(config, JSON.stringify({ rules: { INVALID_ACTION: 'off', RESOURCE_STAR_FOR_RESOURCE_LEVEL_ACTION: 'off' } }));
  await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
  const next = await c.waitForDiagnostics((p) => p.uri === uri && c.published.indexOf(p) >= before);
  assert.deepEqual(codes(next), []);
});

test('server: an inline suppression comment in a CloudFormation template', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'h17a-server-'));
  const c = new TestLspClient();
  clients.push(c);
  await c.initialize({});
  const text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action:\n              # iam-policy-lint-disable-next-line INVALID_ACTION\n              - s3:GetObjekt\n              - sqs:SendMesage\n            Resource: 'arn:aws:s3:::b/*'\n";
  const uri = pathToFileURL(path.join(root, 't.yaml')).href;
  await c.open(uri, text, 'yaml');
  const pub = await c.waitForDiagnostics((p) => p.uri === uri);
  assert.deepEqual(pub.diagnostics.filter((d) => d.code === 'INVALID_ACTION').map((d) => d.range.start.line + 1), [12]);
});
