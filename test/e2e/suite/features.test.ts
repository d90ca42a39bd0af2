/** Hover, completion and quick fixes through VS Code's own provider commands, as a user gets them. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, completionLabels, hoverText, open, positionOf, rangeOf, screenshot, waitFor } from './util';

async function hoversAt(uri: vscode.Uri, pos: vscode.Position, what: string): Promise<vscode.Hover[]> {
  // The first request after opening may race the server's start-up: poll until a hover arrives.
  return waitFor(what, async () => {
    const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
    return hs && hs.length > 0 && hoverText(hs).trim() !== '' ? hs : undefined;
  });
}

test('hover on an action shows its service, access level, description and data date', async () => {
  const editor = await open('policies/s3-reader.json');
  const doc = editor.document;
  const pos = positionOf(doc, 's3:ListBucket', 5);
  const hovers = await hoversAt(doc.uri, pos, 'a hover on s3:ListBucket');
  const text = hoverText(hovers);
  assert.match(text, /\*\*s3:ListBucket\*\* · Amazon S3 · _List_/);
  assert.match(text, /Grants permission to list some or all of the objects in an Amazon S3 bucket/);
  assert.match(text, /\| bucket \| `arn:\$\{Partition\}:s3:::\$\{BucketName\}` \|/);
  assert.match(text, /_IAM reference data: \d{4}-\d{2}-\d{2}_/);
  const withRange = hovers.find((h) => h.range);
  assert.ok(withRange?.range, 'the hover names the range it describes');
  assert.strictEqual(doc.getText(withRange.range), '"s3:ListBucket"');

  editor.selection = new vscode.Selection(pos, pos);
  await vscode.commands.executeCommand('workbench.action.closePanel'); // room for the whole hover
  await vscode.commands.executeCommand('editor.action.showHover');
  await screenshot('hover-action', '.monaco-hover-content');
  await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
});

test('hover on a condition key shows its type and which of the statement\'s actions support it', async () => {
  const { document: doc } = await open('policies/s3-reader.json');
  const hovers = await hoversAt(doc.uri, positionOf(doc, 's3:prefix', 4), 'a hover on s3:prefix');
  const text = hoverText(hovers);
  assert.match(text, /\*\*s3:prefix\*\* · String · s3/);
  assert.match(text, /Filters access by key name prefix/);
  assert.match(text, /Supported by 1 of this statement's actions: `s3:ListBucket`/);
  const global = hoverText(await hoversAt(doc.uri, positionOf(doc, 'aws:PrincipalTag/team', 6), 'a hover on aws:PrincipalTag/team'));
  assert.match(global, /aws:PrincipalTag/);
  assert.match(global, /global key/);
});

test('completion inside an action string offers that service\'s actions', async () => {
  const editor = await open('policies/completion.json');
  const doc = editor.document;
  const pos = positionOf(doc, '"s3:Get"', '"s3:Get'.length);
  const list = await waitFor('completion items for "s3:Get"', async () => {
    const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    return l && l.items.length > 0 ? l : undefined;
  });
  const labels = completionLabels(list);
  for (const want of ['s3:GetObject', 's3:GetBucketPolicy', 's3:Get*']) assert.ok(labels.includes(want), `${want} offered (got ${labels.slice(0, 20).join(', ')}…)`);
  assert.ok(!labels.includes('ec2:DescribeInstances'), 'other services\' actions are not offered inside "s3:"');
  // Detail and documentation come with completionItem/resolve (VS Code resolves the focused item): have every item resolved.
  const resolved = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, undefined, list.items.length);
  const item = resolved.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 's3:GetObject');
  assert.ok(item?.documentation || item?.detail, 's3:GetObject comes with a description');

  editor.selection = new vscode.Selection(pos, pos);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await screenshot('completion-actions', '.suggest-widget .monaco-list-row');
  await vscode.commands.executeCommand('hideSuggestWidget');
});

test('the wildcard-expansion quick fix rewrites the action list in place', async () => {
  const editor = await open('policies/s3-reader.json');
  const doc = editor.document;
  const wildcard = rangeOf(doc, 's3:GetObjectT*');
  const actions = await waitFor('code actions on "s3:GetObjectT*"', async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wildcard, undefined, 50);
    return as?.some((a) => a.title.startsWith('Expand "s3:GetObjectT*"')) ? as : undefined;
  });
  const expand = actions.find((a) => /^Expand "s3:GetObjectT\*" to 2 actions/.test(a.title));
  assert.ok(expand, `an "Expand to 2 actions" fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
  assert.ok(expand.edit, 'the fix carries a workspace edit once resolved');

  editor.selection = new vscode.Selection(wildcard.start.translate(0, 3), wildcard.start.translate(0, 3));
  await vscode.commands.executeCommand('editor.action.quickFix');
  await screenshot('quickfix-wildcard', '.action-widget .monaco-list-row');
  await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);

  assert.ok(await vscode.workspace.applyEdit(expand.edit));
  const policy = JSON.parse(doc.getText());
  assert.deepStrictEqual(policy.Statement[0].Action, ['s3:GetObjekt', 's3:ListBucket', 's3:GetObjectTagging', 's3:GetObjectTorrent']);
  // Only the Action value changed; the rest of the document is byte for byte the same.
  assert.ok(!doc.getText().includes('s3:GetObjectT*'));
  assert.ok(doc.getText().includes('"Resource": ["arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"],'));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.ok(doc.getText().includes('"s3:GetObjectT*"'));
  await closeAll();
});
