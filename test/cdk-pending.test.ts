/**
 * A request that arrives while the CDK grammar is still loading gets a provisional (pending) parse;
 * it must not be kept as the document's parse. Before the fix, an editor that asked for document
 * symbols before the first diagnostics (VS Code does) saw no diagnostics and no hovers in the file
 * until its next edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { TestLspClient } from './helpers/lspClient';

const STACK = `from aws_cdk import aws_iam as iam
statement = iam.PolicyStatement(actions=["s3:GetObjekt"], resources=["arn:aws:s3:::b/*"])
`;

test('facade: a parse made while the grammar loads is not kept for the document', async () => {
  // This process has not loaded the Python grammar yet (node --test runs each file in its own process).
  const service = new PolicyService();
  const doc = { uri: 'file:///pending/stack.py', text: STACK, languageId: 'python', version: 1 };
  const first = service.parse(doc);
  assert.equal(first.pending, true, 'the first parse is provisional');
  assert.equal(first.policies.length, 0);
  await service.prepare(doc);
  const { diagnostics } = service.validate(doc);
  assert.deepEqual(diagnostics.map((d) => d.code), ['INVALID_ACTION']);
});

test('server: document symbols asked before the first diagnostics do not hide them', async () => {
  const c = new TestLspClient();
  try {
    await c.initialize({ textDocument: { diagnostic: {} } });
    const uri = 'file:///pending/stack.ts';
    const text = "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.PolicyStatement({ actions: ['s3:GetObjekt'], resources: ['*'] });\n";
    await c.open(uri, text, 'typescript');
    await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    const report = await c.pullDiagnostics(uri);
    assert.ok(report.items.some((d) => d.code === 'INVALID_ACTION'), JSON.stringify(report.items.map((d) => d.code)));
  } finally {
    await c.shutdown();
  }
});
