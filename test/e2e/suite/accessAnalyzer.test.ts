/**
 * Access Analyzer in the editor, against a local stand-in for its REST-JSON API on 127.0.0.1
 * (test/helpers/accessAnalyzerServer.ts, started here in the extension host). The runner
 * (scripts/e2e.mjs) gives the extension host, and so the language server it spawns, fake AWS
 * credentials; the endpoint and region come from the settings. Nothing reaches the network.
 *
 * The opt-in prompt: VS Code refuses modal dialogs while extension tests run ("DialogService:
 * refused to show dialog in tests"), so the client hands the prompt to a hook on globalThis, read
 * only in ExtensionMode.Test (client/src/accessAnalyzer.ts); the test answers it and counts the
 * prompts. An installed VSIX runs in production mode (no hook), so there the test is skipped.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { AccessAnalyzerServer, spanOf, type ReceivedRequest } from '../../helpers/accessAnalyzerServer';
import { log, test } from './harness';
import { closeAll, open, rangeOf, screenshot, setSetting, waitFor, waitForDiagnostics } from './util';

const AA_SOURCE = 'Access Analyzer';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/*';
const LINK = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource';

/** ValidatePolicy: on the permissions policy, PASS_ROLE_WITH_STAR_IN_RESOURCE on the iam:PassRole statement's Resource; the span is computed against what was sent. */
function findings(req: ReceivedRequest) {
  const sent = String(req.body.policyDocument ?? '');
  if (req.path !== '/policy/validation' || !sent.includes('iam:PassRole')) return { body: { findings: [] } };
  return {
    body: {
      findings: [
        {
          findingType: 'SECURITY_WARNING',
          issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
          findingDetails: 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources.',
          learnMoreLink: LINK,
          locations: [{ path: [{ value: 'Statement' }, { index: 1 }, { value: 'Resource' }], span: spanOf(sent, JSON.stringify(ROLE_ARN)) }],
        },
      ],
    },
  };
}

const analyzerDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === AA_SOURCE);

test('Access Analyzer: the opt-in prompt once, then a finding on the exact element of a YAML template', async () => {
  if (process.env.IAM_E2E_EXPECT_EXTENSION_DIR) {
    log('skipped: an installed VSIX runs in production mode, where the consent prompt is a real modal, which VS Code refuses in extension tests');
    return;
  }
  assert.ok(process.env.AWS_ACCESS_KEY_ID?.startsWith('e2e-'), 'the runner gives the extension host fake AWS credentials');
  const mock = await AccessAnalyzerServer.start(findings);
  try {
    await setSetting('accessAnalyzer.endpoint', mock.url);
    await setSetting('accessAnalyzer.region', 'us-east-1');
    await setSetting('accessAnalyzer.enabled', true);
    const editor = await open('templates/deploy.yaml');
    const doc = editor.document;
    // The offline checks have nothing to say about this template (so nothing is merged away).
    await waitFor('the language server to look at the template', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s && s.length > 0;
    });
    await waitForDiagnostics(doc.uri, 'no offline diagnostics', (ds) => ds.length === 0);
    assert.strictEqual(analyzerDiagnostics(doc.uri).length, 0);
    assert.strictEqual(mock.requests.length, 0, 'nothing is sent before the command');

    // The opt-in prompt, answered by the test (see the header).
    const prompts: { message: string; detail: string; buttons: string[] }[] = [];
    let answer = 'Cancel';
    const hooks = globalThis as { iamPolicyE2eConsent?: (message: string, detail: string, buttons: string[]) => Promise<string | undefined> };
    hooks.iamPolicyE2eConsent = async (message, detail, buttons) => {
      prompts.push({ message, detail, buttons });
      return answer;
    };

    // First call in this workspace: the prompt says policy text goes to AWS. "Cancel" sends nothing.
    await vscode.commands.executeCommand('iamPolicy.accessAnalyzer.validate');
    assert.strictEqual(prompts.length, 1, 'the first call asks');
    assert.strictEqual(prompts[0].message, 'Send policies to AWS IAM Access Analyzer?');
    assert.match(prompts[0].detail, /text of the IAM policies .* is sent to AWS IAM Access Analyzer/);
    assert.deepStrictEqual(prompts[0].buttons, ['Continue', 'Cancel']);
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(mock.requests.length, 0, 'nothing is sent after "Cancel"');
    assert.strictEqual(analyzerDiagnostics(doc.uri).length, 0);

    // "Cancel" is not remembered: the next call asks again; "Continue" sends.
    answer = 'Continue';
    await vscode.commands.executeCommand('iamPolicy.accessAnalyzer.validate');
    assert.strictEqual(prompts.length, 2, 'asked again after "Cancel"');

    const [finding] = await waitFor('a diagnostic from Access Analyzer', () => {
      const ds = analyzerDiagnostics(doc.uri);
      return ds.length > 0 ? ds : undefined;
    });
    assert.strictEqual(analyzerDiagnostics(doc.uri).length, 1);
    const validations = mock.to('/policy/validation');
    assert.strictEqual(validations.length, 2, 'one ValidatePolicy per policy (trust policy and permissions policy)');
    assert.ok(validations.every((r) => r.headers.authorization?.includes('Credential=e2e-test-access-key/')), 'signed with the fake credentials from the environment');
    // The exact YAML element: the plain scalar after "Resource:" of the iam:PassRole statement.
    assert.deepStrictEqual(finding.range, rangeOf(doc, ROLE_ARN));
    assert.strictEqual(doc.getText(finding.range), ROLE_ARN);
    assert.strictEqual(typeof finding.code === 'object' ? String(finding.code.value) : finding.code, 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    assert.strictEqual(typeof finding.code === 'object' ? finding.code.target.toString(true) : '', LINK);
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Warning, 'SECURITY_WARNING → warning');

    // "Continue" is remembered for the workspace: the next call asks nothing.
    await vscode.commands.executeCommand('iamPolicy.accessAnalyzer.validate');
    assert.strictEqual(prompts.length, 2, 'asked once only after "Continue"');
    assert.strictEqual(analyzerDiagnostics(doc.uri).length, 1);

    editor.selection = new vscode.Selection(finding.range.start, finding.range.start);
    editor.revealRange(finding.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('access-analyzer-yaml', '.squiggly-warning');
  } finally {
    delete (globalThis as { iamPolicyE2eConsent?: unknown }).iamPolicyE2eConsent;
    await setSetting('accessAnalyzer.enabled', undefined);
    await setSetting('accessAnalyzer.endpoint', undefined);
    await setSetting('accessAnalyzer.region', undefined);
    await closeAll();
    await mock.close();
  }
});
