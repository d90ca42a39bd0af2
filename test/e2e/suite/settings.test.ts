/** Settings changes reach the language server and take effect without reopening files. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './harness';
import { codeOf, open, setSetting, waitForDiagnostics } from './util';

const byCode = (ds: vscode.Diagnostic[], code: string) => ds.filter((d) => codeOf(d) === code);

test('iamPolicy.rules changes a check\'s severity and turns it off', async () => {
  const { document: doc } = await open('policies/settings-probe.json');
  try {
    await waitForDiagnostics(doc.uri, 'INVALID_ACTION as an error', (ds) => byCode(ds, 'INVALID_ACTION')[0]?.severity === vscode.DiagnosticSeverity.Error);

    await setSetting('rules', { INVALID_ACTION: 'warning' });
    await waitForDiagnostics(doc.uri, 'INVALID_ACTION as a warning', (ds) => byCode(ds, 'INVALID_ACTION')[0]?.severity === vscode.DiagnosticSeverity.Warning);

    await setSetting('rules', { INVALID_ACTION: 'off' });
    const ds = await waitForDiagnostics(doc.uri, 'INVALID_ACTION gone', (ds) => byCode(ds, 'INVALID_ACTION').length === 0);
    // Only that check is off: the missing Version is still reported.
    assert.strictEqual(byCode(ds, 'MISSING_VERSION').length, 1, `other checks keep running: ${ds.map(codeOf).join(',')}`);
  } finally {
    await setSetting('rules', undefined);
  }
  await waitForDiagnostics(doc.uri, 'INVALID_ACTION back after the setting was removed', (ds) => byCode(ds, 'INVALID_ACTION').length === 1);
});

test('iamPolicy.enable=false clears all diagnostics, true brings them back', async () => {
  const { document: doc } = await open('policies/settings-probe.json');
  const before = await waitForDiagnostics(doc.uri, 'diagnostics while enabled', (ds) => ds.length >= 2);
  const codes = before.map(codeOf).sort();
  assert.ok(codes.includes('INVALID_ACTION') && codes.includes('MISSING_VERSION'), codes.join(','));
  try {
    await setSetting('enable', false);
    await waitForDiagnostics(doc.uri, 'no diagnostics while disabled', (ds) => ds.length === 0);
  } finally {
    await setSetting('enable', undefined);
  }
  const after = await waitForDiagnostics(doc.uri, 'diagnostics after re-enabling', (ds) => ds.length >= codes.length);
  assert.deepStrictEqual(after.map(codeOf).sort(), codes);
});

test('iamPolicy.policyTypes maps a file to a policy type and its checks', async () => {
  const { document: doc } = await open('policies/settings-probe.json');
  // Inferred as an identity policy (no Principal): nothing asks for a Principal.
  await waitForDiagnostics(doc.uri, 'identity-policy diagnostics', (ds) => ds.length > 0 && byCode(ds, 'MISSING_PRINCIPAL').length === 0);
  try {
    await setSetting('policyTypes', { '**/settings-probe.json': 'resource' });
    const ds = await waitForDiagnostics(doc.uri, 'MISSING_PRINCIPAL once the file is a resource policy', (ds) => byCode(ds, 'MISSING_PRINCIPAL').length === 1);
    assert.match(byCode(ds, 'MISSING_PRINCIPAL')[0].message, /no "Principal"/);
  } finally {
    await setSetting('policyTypes', undefined);
  }
  await waitForDiagnostics(doc.uri, 'no MISSING_PRINCIPAL after the mapping is removed', (ds) => ds.length > 0 && byCode(ds, 'MISSING_PRINCIPAL').length === 0);
});
