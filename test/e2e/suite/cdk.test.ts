/** AWS CDK source (TypeScript): diagnostics, hover and the wildcard-expansion fix inside the stack's string literals. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, codeOf, hoverText, open, positionOf, rangeOf, screenshot, waitFor, waitForDiagnostics } from './util';

const STACK = 'cdk/stack.ts';

test('a CDK stack in TypeScript gets INVALID_ACTION on the misspelt action, inside the string literal', async () => {
  const editor = await open(STACK);
  const doc = editor.document;
  assert.strictEqual(doc.languageId, 'typescript');
  // The first CDK file loads the tree-sitter runtime and grammar: allow for it under load.
  const ds = await waitForDiagnostics(doc.uri, 'INVALID_ACTION in the CDK stack', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'), 90_000);
  const invalid = ds.filter((d) => codeOf(d) === 'INVALID_ACTION');
  assert.strictEqual(invalid.length, 1, invalid.map((d) => d.message).join(' | '));
  assert.match(invalid[0].message, /"s3:GetObjekt" does not exist in Amazon S3\. Did you mean "s3:GetObject"\?/);
  assert.deepStrictEqual(invalid[0].range, rangeOf(doc, 's3:GetObjekt'));
  // The service-wide wildcard is reported on its literal; the trust policy (assumedBy) is valid.
  const wildcard = ds.find((d) => codeOf(d) === 'SERVICE_WILDCARD_ACTION');
  assert.deepStrictEqual(wildcard?.range, rangeOf(doc, 's3:*'));
  const trustLine = positionOf(doc, 'lambda.amazonaws.com').line;
  assert.ok(!ds.some((d) => d.range.start.line === trustLine), 'no diagnostic on the valid trust policy');
  editor.selection = new vscode.Selection(invalid[0].range.start, invalid[0].range.start);
  editor.revealRange(invalid[0].range, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await screenshot('cdk-diagnostics', '.squiggly-error');
}, 150_000);

test('hover on an action string in a CDK stack', async () => {
  const editor = await open(STACK);
  const doc = editor.document;
  const pos = positionOf(doc, 's3:ListBucket', 4);
  const hovers = await waitFor('a hover on s3:ListBucket in the CDK stack', async () => {
    const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    return hs?.some((h) => hoverText([h]).includes('s3:ListBucket')) ? hs : undefined;
  }, 60_000);
  const text = hoverText(hovers);
  assert.match(text, /\*\*s3:ListBucket\*\* · Amazon S3 · _List_/);
  assert.match(text, /_IAM reference data: \d{4}-\d{2}-\d{2}_/);
  const ours = hovers.find((h) => hoverText([h]).includes('**s3:ListBucket**') && h.range);
  assert.ok(ours?.range, 'the hover names the range it describes');
  assert.ok(['s3:ListBucket', "'s3:ListBucket'"].includes(doc.getText(ours.range)), `hover range: ${doc.getText(ours.range)}`);

  editor.selection = new vscode.Selection(pos, pos);
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('editor.action.showHover');
  await screenshot('cdk-hover', '.monaco-hover-content');
  await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
});

test('the wildcard-expansion fix in a CDK stack writes a TypeScript array of single-quoted actions', async () => {
  const editor = await open(STACK);
  const doc = editor.document;
  const wildcard = rangeOf(doc, 's3:*');
  const actions = await waitFor('code actions on "s3:*"', async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wildcard, undefined, 50);
    return as?.some((a) => a.title.startsWith('Expand "s3:*"')) ? as : undefined;
  }, 60_000);
  const expand = actions.find((a) => /^Expand "s3:\*" to \d+ actions, only List \(/.test(a.title));
  assert.ok(expand, `an "Expand to … only List" fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
  assert.ok(expand.edit, 'the fix carries a workspace edit once resolved');

  await vscode.window.showTextDocument(doc, { preview: false }); // focus back in the editor for the menu
  editor.selection = new vscode.Selection(wildcard.start.translate(0, 2), wildcard.start.translate(0, 2));
  editor.revealRange(wildcard, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.quickFix');
  await screenshot('cdk-quickfix-wildcard', '.action-widget .monaco-list-row');
  await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);

  const before = doc.getText();
  assert.ok(await vscode.workspace.applyEdit(expand.edit));
  const after = doc.getText();
  assert.ok(!after.includes("'s3:*'"), 'the wildcard is gone');
  // Rendered as TypeScript: the file's single quotes, one action per line, the array kept.
  const list = /actions: \[\n((?: {8}'s3:List[A-Za-z]+',?\n)+) {6}\],\n {6}resources: \['arn:aws:s3:::reports-bucket\/exports\/\*'\],/.exec(after);
  assert.ok(list, `the expanded list is a TypeScript array:\n${after.slice(after.indexOf("'s3:GetObjekt'"))}`);
  assert.ok(list[1].includes("'s3:ListBucket'"), 's3:ListBucket is in the list');
  assert.ok(!/"s3:/.test(after), 'no double-quoted JSON strings in the TypeScript file');
  // Everything outside the actions array is byte for byte the same.
  const head = (t: string) => t.slice(0, t.indexOf('actions: [', t.indexOf('s3:ListBucket')));
  const tail = (t: string) => t.slice(t.indexOf("resources: ['arn:aws:s3:::reports-bucket/exports"));
  assert.strictEqual(head(after), head(before));
  assert.strictEqual(tail(after), tail(before));
  // The expanded statement is checked again: no wildcard finding is left on it.
  await waitForDiagnostics(doc.uri, 'the wildcard finding gone after the fix', (ds) => !ds.some((d) => codeOf(d) === 'SERVICE_WILDCARD_ACTION') && ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  // Back to the original text (an edit and a save of the throw-away workspace copy: steadier than revert here).
  const restore = new vscode.WorkspaceEdit();
  restore.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
  assert.ok(await vscode.workspace.applyEdit(restore));
  await doc.save();
  assert.strictEqual(doc.getText(), before);
  await closeAll();
});
