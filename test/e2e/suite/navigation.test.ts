/** Quick fixes applied end to end, fix-all on save-style request, outline symbols, code lenses, restart. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, codeOf, open, positionOf, rangeOf, waitFor, waitForDiagnostics } from './util';

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: string | undefined, what: string, pred: (as: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  return waitFor(what, async () => {
    const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 50);
    return as && pred(as) ? as : undefined;
  });
}

test('the did-you-mean quick fix in a YAML template edits the YAML and clears the error', async () => {
  const editor = await open('templates/app.yaml');
  const doc = editor.document;
  const [diag] = await waitForDiagnostics(doc.uri, 'INVALID_ACTION in the template', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  const typo = rangeOf(doc, 's3:GetObjekt');
  const title = 'Change "s3:GetObjekt" to "s3:GetObject"';
  const actions = await codeActions(doc.uri, typo, undefined, `the "${title}" quick fix`, (as) => as.some((a) => a.title === title));
  const fix = actions.find((a) => a.title === title)!;
  assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(fix.isPreferred, 'the only did-you-mean is the preferred fix');
  assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
  // The YAML keeps its shape: the list item is rewritten in place, plain scalar, same indentation.
  assert.strictEqual(doc.lineAt(typo.start.line).text, '                  - s3:GetObject');
  await waitForDiagnostics(doc.uri, 'no INVALID_ACTION after the fix', (ds) => !ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  assert.ok(diag);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await closeAll();
});

test('source.fixAll.iamPolicy adds the missing Version and the diagnostic goes away', async () => {
  const editor = await open('policies/settings-probe.json');
  const doc = editor.document;
  await waitForDiagnostics(doc.uri, 'MISSING_VERSION', (ds) => ds.some((d) => codeOf(d) === 'MISSING_VERSION'));
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions = await codeActions(doc.uri, whole, 'source.fixAll.iamPolicy', 'a fix-all action', (as) => as.some((a) => a.kind?.value === 'source.fixAll.iamPolicy'));
  const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.iamPolicy')!;
  assert.ok(fixAll.edit && (await vscode.workspace.applyEdit(fixAll.edit)));
  const policy = JSON.parse(doc.getText());
  assert.strictEqual(policy.Version, '2012-10-17');
  assert.strictEqual(Object.keys(policy)[0], 'Version', 'Version goes first');
  await waitForDiagnostics(doc.uri, 'no MISSING_VERSION after fix-all', (ds) => !ds.some((d) => codeOf(d) === 'MISSING_VERSION'));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await closeAll();
});

test('the outline lists each policy of a template with its inferred type', async () => {
  const { document: doc } = await open('templates/app.yaml');
  const symbols = await waitFor('document symbols for the template', async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    return s && s.length >= 2 ? s : undefined;
  });
  const trust = symbols.find((s) => s.name.includes('AssumeRolePolicyDocument'));
  const inline = symbols.find((s) => s.name.includes('Policies[0].PolicyDocument'));
  assert.ok(trust && inline, `policy symbols: ${symbols.map((s) => `${s.name} (${s.detail})`).join(', ')}`);
  assert.strictEqual(trust.detail, 'trust policy · 1 statement');
  assert.strictEqual(inline.detail, 'identity policy · 1 statement');
  // The symbol spans the policy document in the YAML, not the whole file.
  assert.ok(trust.range.contains(positionOf(doc, 'sts:AssumeRole')));
  assert.ok(!trust.range.contains(positionOf(doc, 's3:ListBucket')));
  await closeAll();
});

test('a code lens above Action sums up what the statement grants', async () => {
  const { document: doc } = await open('policies/s3-reader.json');
  const lenses = await waitFor('code lenses', async () => {
    const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    return ls && ls.some((l) => l.command?.title) ? ls : undefined;
  });
  const onAction = lenses.filter((l) => l.range.start.line === positionOf(doc, '"Action"').line);
  // s3:GetObjekt does not exist; s3:ListBucket is List; s3:GetObjectT* is GetObjectTagging + GetObjectTorrent (Read).
  assert.deepStrictEqual(onAction.map((l) => l.command?.title), ['3 actions: 1 List, 2 Read']);
  await closeAll();
});

test('IAM Policy: Restart Language Server brings validation back', async () => {
  const editor = await open('policies/s3-reader.json');
  const doc = editor.document;
  await waitForDiagnostics(doc.uri, 'INVALID_ACTION before the restart', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  await vscode.commands.executeCommand('iamPolicy.restartServer');
  // The new server must validate edits made after the restart.
  assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, 's3:GetObjekt'), 's3:GetObject')));
  await waitForDiagnostics(doc.uri, 'no INVALID_ACTION from the restarted server', (ds) => !ds.some((d) => codeOf(d) === 'INVALID_ACTION'), 30_000);
  assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, 's3:GetObject"'), 's3:GetObjekt"')));
  await waitForDiagnostics(doc.uri, 'INVALID_ACTION from the restarted server', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'), 30_000);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await closeAll();
});

test('the wildcard-expansion fix in a YAML template writes YAML list items in place', async () => {
  const editor = await open('templates/app.yaml');
  const doc = editor.document;
  const wildcard = rangeOf(doc, 's3:GetObjectT*');
  const actions = await codeActions(doc.uri, wildcard, undefined, 'the expansion of s3:GetObjectT*', (as) => as.some((a) => a.title.startsWith('Expand "s3:GetObjectT*" to 2 actions')));
  const expand = actions.find((a) => a.title.startsWith('Expand "s3:GetObjectT*" to 2 actions'))!;
  const before = doc.getText();
  assert.ok(expand.edit && (await vscode.workspace.applyEdit(expand.edit)));
  const item = '                  - ';
  assert.strictEqual(
    doc.getText(),
    before.replace(`${item}s3:GetObjectT*\n`, `${item}s3:GetObjectTagging\n${item}s3:GetObjectTorrent\n`),
    'only the wildcard item changed, into two items at the same indentation',
  );
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await closeAll();
});
