/**
 * Issue #15 in the real editor: the wildcard expansions on the SERVICE_WILDCARD_ACTION finding
 * (lightbulb, Problems panel / auto fix), the access-level picker, the flow-YAML layout.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { log, test } from './harness';
import { closeAll, codeOf, open, positionOf, rangeOf, screenshot, waitFor, waitForDiagnostics } from './util';

/** Set by client/src/accessLevelPicker.ts in ExtensionMode.Test: the open QuickPick. */
interface PickerHook {
  iamPolicyE2eAccessLevelPicker?: vscode.QuickPick<vscode.QuickPickItem & { code: string }>;
}

/** Puts the file back as it was (and saved: the editor may have saved the expansion). */
async function restore(doc: vscode.TextDocument, original: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
  assert.ok(await vscode.workspace.applyEdit(edit));
  await doc.save();
  assert.strictEqual(doc.getText(), original);
}

async function serviceWildcard(): Promise<{ editor: vscode.TextEditor; doc: vscode.TextDocument; diag: vscode.Diagnostic }> {
  const editor = await open('policies/service-wildcard.json');
  const doc = editor.document;
  const ds = await waitForDiagnostics(doc.uri, 'SERVICE_WILDCARD_ACTION on "s3:*"', (ds) => ds.some((d) => codeOf(d) === 'SERVICE_WILDCARD_ACTION'));
  return { editor, doc, diag: ds.find((d) => codeOf(d) === 'SERVICE_WILDCARD_ACTION')! };
}

test('wildcards (#15): the lightbulb on SERVICE_WILDCARD_ACTION offers the expansions as quick fixes for it, one preferred', async () => {
  const { editor, doc, diag } = await serviceWildcard();
  const actions = await waitFor('quick fixes on "s3:*"', async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    return as?.some((a) => a.title.startsWith('Expand "s3:*"')) ? as : undefined;
  });
  const expansions = actions.filter((a) => a.title.startsWith('Expand "s3:*"'));
  assert.ok(expansions.length >= 6, expansions.map((a) => a.title).join(' | '));
  // Quick fixes (the problem hover and the Problems panel ask for these). VS Code's command API does
  // not hand back CodeAction.diagnostics; the link itself is tested over LSP (test/wildcardRewritesLsp.test.ts).
  for (const a of expansions) assert.strictEqual(a.kind?.value, 'quickfix', a.title);
  assert.strictEqual(expansions.filter((a) => a.isPreferred).length, 1);
  assert.ok(expansions.some((a) => a.title === 'Expand "s3:*", choosing access levels…'), 'the picker entry is offered');
  // "only Write" holds no permissions-management action; the title of the wider variant says so.
  assert.ok(expansions.some((a) => /, Write, including \d+ that can also change permissions/.test(a.title)));

  const at = positionOf(doc, 's3:*', 2);
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('editor.action.quickFix');
  await screenshot('lightbulb-service-wildcard', '.action-widget .monaco-list-row');
  await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
  await closeAll();
});

test('wildcards (#15): from the Problems panel: the finding\'s preferred fix applies (auto fix)', async () => {
  const { editor, doc, diag } = await serviceWildcard();
  const original = doc.getText();
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const at = diag.range.start.translate(0, 2);
  editor.selection = new vscode.Selection(at, at);
  await screenshot('problems-panel-fix', '.markers-panel .monaco-list-row');
  // The Problems panel's lightbulb and "Auto Fix" both take the preferred quick fix of the diagnostic.
  await waitFor('the preferred quick fix', async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    return as?.some((a) => a.isPreferred) ? as : undefined;
  });
  await vscode.commands.executeCommand('editor.action.autoFix');
  await waitFor('the preferred expansion applied', () => !doc.getText().includes('"s3:*"'));
  const policy = JSON.parse(doc.getText());
  assert.ok(Array.isArray(policy.Statement[0].Action) && policy.Statement[0].Action.length > 100, 'the full list (Resource "*": the preferred variant keeps today\'s access)');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await restore(doc, original);
  await closeAll();
});

test('wildcards (#15): the access-level picker shows count and size, and applies only the ticked levels', async () => {
  const { doc } = await serviceWildcard();
  const original = doc.getText();
  const hook = globalThis as PickerHook;
  const offset = doc.offsetAt(positionOf(doc, 's3:*'));
  if (process.env.IAM_E2E_EXPECT_EXTENSION_DIR) {
    // An installed VSIX runs in production mode: no test hook hands over the QuickPick. Check what
    // can be checked from outside: the command exists, opens, and cancelling leaves the file as it was.
    log('partly skipped: an installed VSIX runs in production mode, where the picker is not handed to the test; checking open and cancel only');
    assert.ok((await vscode.commands.getCommands(true)).includes('iamPolicy.pickAccessLevels'), 'the picker command is registered');
    const opened = vscode.commands.executeCommand('iamPolicy.pickAccessLevels', doc.uri.toString(), offset);
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await opened;
    assert.strictEqual(doc.getText(), original, 'cancelling the picker changes nothing');
    await closeAll();
    return;
  }
  const done = vscode.commands.executeCommand('iamPolicy.pickAccessLevels', doc.uri.toString(), offset);
  const qp = await waitFor('the access-level picker', () => hook.iamPolicyE2eAccessLevelPicker);
  assert.deepStrictEqual(qp.items.map((i) => i.label), ['List', 'Read', 'Write', 'Tagging', 'Permissions management']);
  qp.selectedItems = qp.items.filter((i) => i.label === 'Read' || i.label === 'Write');
  await waitFor('the result line', () => /^Result: \d+ actions: Read, Write \(policy size [\d,]+ → [\d,]+ of the identity policy quota 10,240\)$/.test(qp.placeholder ?? ''));
  await screenshot('access-level-picker', '.quick-input-widget');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await done;
  await waitFor('the chosen expansion applied', () => !doc.getText().includes('"s3:*"'));
  const actions: string[] = JSON.parse(doc.getText()).Statement[0].Action;
  assert.ok(actions.includes('s3:GetObject') && actions.includes('s3:PutObject'));
  assert.ok(!actions.includes('s3:ListAllMyBuckets'), 'List not ticked');
  assert.ok(!actions.includes('s3:PutBucketPolicy'), 'Permissions management, Write needs both levels ticked');
  assert.ok(!actions.includes('s3:PutObjectTagging'), 'Tagging, Write needs both levels ticked');
  await restore(doc, original);
  await closeAll();
});

test('wildcards (#15): a flow YAML sequence is expanded one item per line', async () => {
  const editor = await open('templates/flow.yaml');
  const doc = editor.document;
  const wildcard = rangeOf(doc, 'sqs:*');
  const actions = await waitFor('expansions of "sqs:*"', async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wildcard, undefined, 50);
    return as?.some((a) => a.title.startsWith('Expand "sqs:*" to 20 actions (')) ? as : undefined;
  });
  const all = actions.find((a) => a.title.startsWith('Expand "sqs:*" to 20 actions ('))!;
  assert.match(all.title, /of the managed policy quota 6,144\)$/);
  assert.ok(all.edit && (await vscode.workspace.applyEdit(all.edit)));
  const lines = doc.getText().split('\n');
  assert.ok(lines.every((l) => l.length <= 100), 'no line past 100 columns');
  assert.ok(lines.includes('            Action: ['));
  assert.ok(lines.includes('              sqs:SendMessage,'));
  assert.ok(lines.includes('              s3:GetObject'));
  assert.ok(lines.includes('            ]'));
  editor.revealRange(new vscode.Range(8, 0, 8, 0), vscode.TextEditorRevealType.AtTop);
  await screenshot('flow-yaml-expansion', '.monaco-editor .view-lines');
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await closeAll();
});
