/** CloudFormation YAML templates: the same checks and hovers, at the right places in the YAML. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, codeOf, hoverText, open, positionOf, rangeOf, screenshot, waitFor, waitForDiagnostics } from './util';

test('a CloudFormation YAML template gets INVALID_ACTION on the misspelt action', async () => {
  const editor = await open('templates/app.yaml');
  const doc = editor.document;
  assert.strictEqual(doc.languageId, 'yaml');
  const ds = await waitForDiagnostics(doc.uri, 'INVALID_ACTION in the template', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  const invalid = ds.filter((d) => codeOf(d) === 'INVALID_ACTION');
  assert.strictEqual(invalid.length, 1, invalid.map((d) => d.message).join(' | '));
  assert.match(invalid[0].message, /"s3:GetObjekt" does not exist in Amazon S3\. Did you mean "s3:GetObject"\?/);
  assert.deepStrictEqual(invalid[0].range, rangeOf(doc, 's3:GetObjekt'));
  // The trust policy (sts:AssumeRole for lambda.amazonaws.com) is valid: nothing on it.
  const trustLine = positionOf(doc, 'sts:AssumeRole').line;
  assert.ok(!ds.some((d) => d.range.start.line === trustLine), 'no diagnostic on the valid trust policy');
  editor.selection = new vscode.Selection(invalid[0].range.start, invalid[0].range.start);
  editor.revealRange(invalid[0].range, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await screenshot('cfn-yaml-diagnostics', '.squiggly-error');
});

test('hover on an action inside a YAML template', async () => {
  const { document: doc } = await open('templates/app.yaml');
  const pos = positionOf(doc, 's3:ListBucket', 4);
  const hovers = await waitFor('a hover on s3:ListBucket in YAML', async () => {
    const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    return hs?.some((h) => hoverText([h]).includes('s3:ListBucket')) ? hs : undefined;
  });
  assert.match(hoverText(hovers), /\*\*s3:ListBucket\*\* · Amazon S3 · _List_/);
  await closeAll();
});

test('a CloudFormation JSON template: errors in an inline policy and inside a JSON-string policy', async () => {
  const { document: doc } = await open('templates/bucket.json');
  const ds = await waitForDiagnostics(doc.uri, 'two INVALID_ACTION in the JSON template', (ds) => ds.filter((d) => codeOf(d) === 'INVALID_ACTION').length === 2);
  const byMessage = (text: string) => ds.find((d) => codeOf(d) === 'INVALID_ACTION' && d.message.includes(text));
  assert.deepStrictEqual(byMessage('"s3:PutObjekt"')?.range, rangeOf(doc, 's3:PutObjekt'));
  // The Logs policy is a JSON document inside a string ("{\"Version\":…}"): its offsets are mapped back.
  assert.deepStrictEqual(byMessage('"logs:PutLogEvnts"')?.range, rangeOf(doc, 'logs:PutLogEvnts'));
  const symbols = await waitFor('document symbols for the JSON template', async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    return s?.some((x) => x.detail?.includes('policy ·')) ? s : undefined;
  });
  const details = symbols.filter((s) => s.detail?.includes('policy ·')).map((s) => s.detail);
  assert.deepStrictEqual(details, ['resource policy · 1 statement', 'resource policy · 1 statement'], `symbols: ${symbols.map((s) => `${s.name} (${s.detail})`).join(', ')}`);
  await closeAll();
});
