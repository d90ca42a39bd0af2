/**
 * AWS CDK source in Java, C# and Go: a diagnostic on the misspelt action inside its string literal,
 * a hover on an action, and the wildcard-expansion fix written in the language's own list syntax
 * (Java varargs of a builder call on a statement variable, a C# `new List<string> { … }`, Go
 * `jsii.String(…)` items). One stack per language in test/e2e/workspace/cdk/.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeAll, codeOf, hoverText, open, positionOf, rangeOf, waitFor, waitForDiagnostics } from './util';

interface Lang {
  file: string;
  languageId: string;
  /** The line the expansion of "sqs:Get*" writes. */
  expanded: string;
}

const LANGS: Lang[] = [
  { file: 'cdk/Grants.java', languageId: 'java', expanded: 'queue.addActions("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");' },
  { file: 'cdk/Grants.cs', languageId: 'csharp', expanded: 'Actions = new List<string> { "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl" },' },
  { file: 'cdk/grants.go', languageId: 'go', expanded: 'Actions:   &[]*string{jsii.String("sqs:SendMessage"), jsii.String("sqs:GetQueueAttributes"), jsii.String("sqs:GetQueueUrl")},' },
];

for (const lang of LANGS) {
  test(`a CDK stack in ${lang.languageId} gets INVALID_ACTION on the misspelt action, inside the string literal`, async () => {
    const editor = await open(lang.file);
    const doc = editor.document;
    assert.strictEqual(doc.languageId, lang.languageId);
    // The first file of a language loads its tree-sitter grammar: allow for it under load.
    const ds = await waitForDiagnostics(doc.uri, `INVALID_ACTION in ${lang.file}`, (x) => x.some((d) => codeOf(d) === 'INVALID_ACTION'), 90_000);
    const invalid = ds.filter((d) => codeOf(d) === 'INVALID_ACTION');
    assert.strictEqual(invalid.length, 1, invalid.map((d) => d.message).join(' | '));
    assert.match(invalid[0].message, /"s3:GetObjekt" does not exist in Amazon S3\. Did you mean "s3:GetObject"\?/);
    assert.deepStrictEqual(invalid[0].range, rangeOf(doc, 's3:GetObjekt'));
    const trustLine = positionOf(doc, 'lambda.amazonaws.com').line;
    assert.ok(!ds.some((d) => d.range.start.line === trustLine), 'no diagnostic on the valid trust policy');
  }, 150_000);

  test(`hover on an action string in a CDK stack in ${lang.languageId}`, async () => {
    const editor = await open(lang.file);
    const doc = editor.document;
    const pos = positionOf(doc, 's3:ListBucket', 4);
    const hovers = await waitFor(`a hover on s3:ListBucket in ${lang.file}`, async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      return hs?.some((h) => hoverText([h]).includes('**s3:ListBucket**')) ? hs : undefined;
    }, 60_000);
    assert.match(hoverText(hovers), /\*\*s3:ListBucket\*\* · Amazon S3 · _List_/);
  });

  test(`the wildcard-expansion fix in a CDK stack in ${lang.languageId} keeps the language's list syntax`, async () => {
    const editor = await open(lang.file);
    const doc = editor.document;
    const wildcard = rangeOf(doc, 'sqs:Get*');
    const actions = await waitFor(`code actions on "sqs:Get*" in ${lang.file}`, async () => {
      const as = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wildcard, undefined, 50);
      return as?.some((a) => a.title.startsWith('Expand "sqs:Get*" to 2 actions')) ? as : undefined;
    }, 60_000);
    const expand = actions.find((a) => a.title.startsWith('Expand "sqs:Get*" to 2 actions'))!;
    assert.ok(expand.edit, 'the fix carries a workspace edit once resolved');
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(expand.edit));
    const after = doc.getText();
    assert.ok(after.includes(lang.expanded), `expanded as ${lang.languageId}:\n${after}`);
    // Only that line changed.
    const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i]);
    assert.deepStrictEqual(changed.map((l) => l.trim()), [lang.expanded]);
    await waitForDiagnostics(doc.uri, 'still one INVALID_ACTION after the fix', (x) => x.filter((d) => codeOf(d) === 'INVALID_ACTION').length === 1);
    const restore = new vscode.WorkspaceEdit();
    restore.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await doc.save();
    assert.strictEqual(doc.getText(), before);
    await closeAll();
  });
}
