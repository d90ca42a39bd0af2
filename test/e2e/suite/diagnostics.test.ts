/** Diagnostics in a real editor: the extension starts, validates JSON policies and reacts to edits. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, codeOf, EXTENSION_ID, open, ours, rangeOf, screenshot, waitForDiagnostics } from './util';

test('the extension is present and activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await open('policies/s3-reader.json');
  await ext.activate();
  assert.strictEqual(ext.isActive, true);
  // When the runner installed the packaged VSIX, the tests must exercise that copy, not the sources.
  const expected = process.env.IAM_E2E_EXPECT_EXTENSION_DIR;
  if (expected) assert.ok(ext.extensionPath.startsWith(expected), `extension loaded from ${ext.extensionPath}, expected under ${expected}`);
});

test('a JSON policy gets an INVALID_ACTION error on the misspelt action only', async () => {
  const editor = await open('policies/s3-reader.json');
  const doc = editor.document;
  const ds = await waitForDiagnostics(doc.uri, 'INVALID_ACTION on s3:GetObjekt', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  const invalid = ds.filter((d) => codeOf(d) === 'INVALID_ACTION');
  assert.strictEqual(invalid.length, 1, `expected one INVALID_ACTION, got: ${invalid.map((d) => d.message).join(' | ')}`);
  const d = invalid[0];
  assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
  assert.match(d.message, /"s3:GetObjekt" does not exist in Amazon S3/);
  assert.match(d.message, /Did you mean "s3:GetObject"\?/);
  // The squiggle covers exactly the action name inside the quotes.
  assert.deepStrictEqual(d.range, rangeOf(doc, 's3:GetObjekt'));
  assert.ok(typeof d.code === 'object' && d.code.target.toString().startsWith('https://docs.aws.amazon.com/'), 'the code links to its documentation');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await screenshot('diagnostics-problems', '.markers-panel .monaco-list-row');
});

test('an edit re-validates: fixing the typo clears the error, undoing brings it back', async () => {
  const editor = await open('policies/s3-reader.json');
  const doc = editor.document;
  await waitForDiagnostics(doc.uri, 'initial INVALID_ACTION', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  const typo = rangeOf(doc, 's3:GetObjekt');
  assert.ok(await editor.edit((b) => b.replace(typo, 's3:GetObject')));
  await waitForDiagnostics(doc.uri, 'no INVALID_ACTION after the fix', (ds) => !ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, 's3:GetObject"'), 's3:GetObjekt"')));
  await waitForDiagnostics(doc.uri, 'INVALID_ACTION after undoing the fix', (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.strictEqual(doc.isDirty, false);
});

test('a JSON file that is not a policy gets no diagnostics', async () => {
  const editor = await open('not-a-policy.json');
  // Validate a policy file first so we know the server is answering, then check the other file stayed clean.
  const policy = await open('policies/settings-probe.json');
  await waitForDiagnostics(policy.document.uri, 'diagnostics on the probe policy', (ds) => ds.length > 0);
  assert.deepStrictEqual(ours(editor.document.uri), []);
  await closeAll();
});
