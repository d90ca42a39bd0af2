/**
 * Access Analyzer in VS Code: the opt-in prompt, the commands, validate-on-save, the status bar
 * state and the failure notifications. The server does the calls (server/src/analyzer/) and only
 * when asked by one of the requests sent here; nothing is sent unless
 * `iamPolicy.accessAnalyzer.enabled` is on, the workspace is trusted and the user said "Continue"
 * once in this workspace.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AccessAnalyzerNewAccessRequest,
  AccessAnalyzerPublicAccessRequest,
  AccessAnalyzerStatusNotification,
  AccessAnalyzerValidateRequest,
  SETTINGS_SECTION,
  type AccessAnalyzerError,
  type AccessCheckResult,
} from '../../server/src/protocol';

const CONSENT_KEY = 'iamPolicy.accessAnalyzer.consent';
const CONFIGURE_URL = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html';
const SSO_URL = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html';
/** Files a workspace run looks at, and what it skips. */
const WORKSPACE_GLOB = '**/*.{json,yaml,yml,template}';
const WORKSPACE_EXCLUDE = '**/{node_modules,.git,cdk.out,.aws-sam,dist,out}/**';
const MAX_WORKSPACE_FILES = 2000;
const MAX_FILE_BYTES = 1_000_000;

/** Set by the editor tests on globalThis (read only in ExtensionMode.Test): answers the consent prompt. */
type ConsentHook = (message: string, detail: string, buttons: string[]) => Promise<string | undefined>;

const LANGUAGE_OF: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.template': 'yaml' };

export function registerAccessAnalyzer(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, policyCount: (uri: string) => number | undefined): vscode.Disposable {
  const status = vscode.window.createStatusBarItem('iamPolicyAuthor.accessAnalyzer', vscode.StatusBarAlignment.Right, 99);
  status.name = 'IAM Access Analyzer';
  let hideTimer: NodeJS.Timeout | undefined;
  /** Error kinds already notified (one notification each until a call succeeds). */
  const notified = new Set<string>();
  let lastRun: (() => Promise<unknown>) | undefined;

  const settings = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const log = (line: string) => output.appendLine(`[Access Analyzer] ${line}`);

  function showState(p: AccessAnalyzerStatusNotification.Params): void {
    clearTimeout(hideTimer);
    status.command = undefined;
    if (p.state === 'running' || p.running > 0) {
      status.text = '$(sync~spin) Access Analyzer';
      status.tooltip = 'IAM Access Analyzer: validating…';
    } else if (p.state === 'offline') {
      status.text = '$(cloud-offline) Access Analyzer: offline';
      status.tooltip = `${p.error?.message ?? 'Access Analyzer could not be reached.'} Click to retry.`;
      status.command = 'iamPolicy.accessAnalyzer.retry';
    } else if (p.state === 'error') {
      status.text = '$(error) Access Analyzer';
      status.tooltip = `${p.error?.message ?? 'Access Analyzer failed.'} Click for the output.`;
      status.command = 'iamPolicy.showOutput';
    } else {
      status.text = p.state === 'cancelled' ? '$(circle-slash) Access Analyzer: cancelled' : '$(check) Access Analyzer';
      status.tooltip = 'IAM Access Analyzer: last call finished.';
      hideTimer = setTimeout(() => status.hide(), 10_000);
    }
    status.show();
  }

  /** One notification per kind of failure, with the action that helps. */
  async function showError(e: AccessAnalyzerError, retry?: () => Promise<unknown>): Promise<void> {
    if (e.kind === 'cancelled' || e.kind === 'unsupported') return;
    if (notified.has(e.kind)) return;
    notified.add(e.kind);
    const actions: string[] = [];
    let message = `Access Analyzer: ${e.message}`;
    if (e.kind === 'no-credentials' || e.kind === 'config') actions.push('How to configure');
    if (e.kind === 'expired-credentials') actions.push('How to sign in');
    if (e.kind === 'access-denied' && e.permission) message = `Access Analyzer: access denied. Your AWS identity needs the permission ${e.permission}.`;
    if (e.retryable && retry) actions.push('Retry');
    actions.push('Settings');
    const pick = await vscode.window.showWarningMessage(message, ...actions);
    if (pick === 'How to configure') void vscode.env.openExternal(vscode.Uri.parse(CONFIGURE_URL));
    else if (pick === 'How to sign in') void vscode.env.openExternal(vscode.Uri.parse(SSO_URL));
    else if (pick === 'Retry' && retry) {
      notified.delete(e.kind);
      void retry();
    } else if (pick === 'Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'iamPolicy.accessAnalyzer');
  }

  /** Trusted workspace, setting on, and the user agreed once (asked here) that policy text goes to AWS. */
  async function ready(quiet = false): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      if (!quiet) void vscode.window.showInformationMessage('Access Analyzer is off in untrusted workspaces: nothing is sent to AWS.');
      return false;
    }
    if (!settings().get<boolean>('accessAnalyzer.enabled', false)) {
      if (quiet) return false;
      const pick = await vscode.window.showInformationMessage('Access Analyzer is off. Turn on "iamPolicy.accessAnalyzer.enabled" to send policies to AWS IAM Access Analyzer for validation.', 'Open Settings');
      if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'iamPolicy.accessAnalyzer.enabled');
      return false;
    }
    if (context.workspaceState.get<boolean>(CONSENT_KEY)) return true;
    const message = 'Send policies to AWS IAM Access Analyzer?';
    const detail =
      'The text of the IAM policies in the files you validate is sent to AWS IAM Access Analyzer (ValidatePolicy and, for the access checks, CheckNoNewAccess / CheckNoPublicAccess) in the AWS account of your credentials. Each policy is one API call. Nothing is sent without this setting and your answer here, which is remembered for this workspace.';
    // Editor tests only (VS Code refuses modal dialogs while extension tests run): the test answers.
    const testHook = context.extensionMode === vscode.ExtensionMode.Test ? (globalThis as { iamPolicyE2eConsent?: ConsentHook }).iamPolicyE2eConsent : undefined;
    const pick = testHook ? await testHook(message, detail, ['Continue', 'Cancel']) : await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Continue', 'Cancel');
    if (pick !== 'Continue') return false;
    await context.workspaceState.update(CONSENT_KEY, true);
    return true;
  }

  async function validateUri(uri: vscode.Uri, token?: vscode.CancellationToken, text?: string): Promise<AccessAnalyzerValidateRequest.Result> {
    const params: AccessAnalyzerValidateRequest.Params = { uri: client.code2ProtocolConverter.asUri(uri) };
    if (text !== undefined) {
      params.text = text;
      const lang = LANGUAGE_OF[path.extname(uri.fsPath).toLowerCase()];
      if (lang) params.languageId = lang;
    }
    return client.sendRequest(AccessAnalyzerValidateRequest.method, params, token);
  }

  async function validateActive(quiet = false): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    if (!(await ready(quiet))) return;
    const run = async () => {
      const r = await validateUri(editor.document.uri);
      if (r.error) return showError(r.error, run);
      if (r.outcome === 'done') {
        notified.clear();
        vscode.window.setStatusBarMessage(`Access Analyzer: ${r.findings} finding${r.findings === 1 ? '' : 's'} in ${r.checked} polic${r.checked === 1 ? 'y' : 'ies'}`, 8000);
      } else if (r.outcome === 'no-policies' && !quiet) void vscode.window.showInformationMessage('No IAM policies in this file.');
    };
    lastRun = run;
    await run();
  }

  async function validateWorkspace(): Promise<void> {
    if (!(await ready())) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Access Analyzer', cancellable: true }, async (progress, token) => {
      const files = await vscode.workspace.findFiles(WORKSPACE_GLOB, WORKSPACE_EXCLUDE, MAX_WORKSPACE_FILES, token);
      let policies = 0;
      let findings = 0;
      let failed: AccessAnalyzerError | undefined;
      for (let i = 0; i < files.length && !token.isCancellationRequested; i++) {
        const uri = files[i];
        progress.report({ message: `${vscode.workspace.asRelativePath(uri)} (${i + 1}/${files.length})`, increment: 100 / files.length });
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        let text: string | undefined;
        if (!open) {
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (bytes.byteLength > MAX_FILE_BYTES) continue;
          text = Buffer.from(bytes).toString('utf8');
          if (!text.includes('Statement')) continue; // no policy: the server would find none either
        }
        try {
          const r = await validateUri(uri, token, text);
          policies += r.checked;
          findings += r.findings;
          if (r.error && r.error.kind !== 'cancelled') {
            failed = r.error;
            if (!r.error.retryable || r.error.kind === 'access-denied') break; // every further call would fail the same way
          }
        } catch (err) {
          if (token.isCancellationRequested) break;
          log(`request failed: ${String((err as Error)?.message ?? err)}`);
        }
      }
      log(`workspace run: ${files.length} files looked at, ${policies} policies checked, ${findings} findings${token.isCancellationRequested ? ' (cancelled)' : ''}`);
      if (failed) void showError(failed, validateWorkspace);
      else if (!token.isCancellationRequested) void vscode.window.showInformationMessage(`Access Analyzer: ${findings} finding${findings === 1 ? '' : 's'} in ${policies} polic${policies === 1 ? 'y' : 'ies'}. See the Problems view.`);
    });
  }

  function gitShowHead(file: string): Promise<string | null> {
    return new Promise((resolve, reject) => {
      execFile('git', ['show', `HEAD:./${path.basename(file)}`], { cwd: path.dirname(file), maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        // the file is new (not in HEAD), or there is no commit yet
        if (/exists on disk, but not in|does not exist in|invalid object name 'HEAD'|bad revision 'HEAD'/i.test(stderr)) return resolve(null);
        reject(new Error(/not a git repository/i.test(stderr) ? 'This file is not in a git repository.' : `git show failed${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
      });
    });
  }

  function reportAccess(kind: 'new' | 'public', r: AccessCheckResult): void {
    if (r.outcome === 'no-policies') return void vscode.window.showInformationMessage('No IAM policies in this file.');
    if (r.outcome !== 'done' && r.outcome !== 'failed') return;
    const fail = r.policies.filter((p) => p.result === 'FAIL');
    const pass = r.policies.filter((p) => p.result === 'PASS');
    const fresh = r.policies.filter((p) => p.isNew);
    const skipped = r.policies.filter((p) => p.error?.kind === 'unsupported');
    for (const p of r.policies) {
      const what = p.isNew ? 'not in HEAD (all of it is new)' : p.result ? `${p.result}${p.placeholders ? ' (with placeholders)' : ''}` : p.error ? `not checked: ${p.error.kind}` : '';
      log(`${kind === 'new' ? 'CheckNoNewAccess' : 'CheckNoPublicAccess'} ${p.label} (line ${p.line + 1}): ${what}`);
    }
    const parts =
      kind === 'new'
        ? [`${fail.length} with new access`, `${pass.length} without`, ...(fresh.length ? [`${fresh.length} not in HEAD`] : [])]
        : [`${fail.length} allow public access`, `${pass.length} do not`, ...(skipped.length ? [`${skipped.length} not a supported resource policy`] : [])];
    const message = `Access Analyzer: ${r.policies.length} polic${r.policies.length === 1 ? 'y' : 'ies'}: ${parts.join(', ')}.`;
    if (fail.length) void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
    if (r.error) void showError(r.error);
    else notified.clear();
  }

  async function checkNewAccess(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !(await ready())) return;
    if (doc.uri.scheme !== 'file') return void vscode.window.showInformationMessage('Check for new access needs a saved file in a git repository.');
    let baseText: string | null;
    try {
      baseText = await gitShowHead(doc.uri.fsPath);
    } catch (err) {
      return void vscode.window.showWarningMessage(`Check for new access since HEAD: ${(err as Error).message}`);
    }
    const r = await client.sendRequest<AccessCheckResult>(AccessAnalyzerNewAccessRequest.method, { uri: client.code2ProtocolConverter.asUri(doc.uri), baseText } satisfies AccessAnalyzerNewAccessRequest.Params);
    reportAccess('new', r);
  }

  async function checkPublicAccess(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !(await ready())) return;
    const r = await client.sendRequest<AccessCheckResult>(AccessAnalyzerPublicAccessRequest.method, { uri: client.code2ProtocolConverter.asUri(doc.uri) } satisfies AccessAnalyzerPublicAccessRequest.Params);
    reportAccess('public', r);
  }

  const guarded =
    (name: string, fn: () => Promise<void>) =>
    async (): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        log(`${name} failed: ${String((err as Error)?.message ?? err)}`);
      }
    };

  return vscode.Disposable.from(
    status,
    client.onNotification(AccessAnalyzerStatusNotification.method, showState),
    vscode.commands.registerCommand('iamPolicy.accessAnalyzer.validate', guarded('validate', () => validateActive())),
    vscode.commands.registerCommand('iamPolicy.accessAnalyzer.validateWorkspace', guarded('validateWorkspace', validateWorkspace)),
    vscode.commands.registerCommand('iamPolicy.accessAnalyzer.checkNewAccess', guarded('checkNewAccess', checkNewAccess)),
    vscode.commands.registerCommand('iamPolicy.accessAnalyzer.checkPublicAccess', guarded('checkPublicAccess', checkPublicAccess)),
    vscode.commands.registerCommand('iamPolicy.accessAnalyzer.retry', guarded('retry', async () => void (await (lastRun ?? validateActive)()))),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (settings().get<string>('accessAnalyzer.validateOn') !== 'save' || !settings().get<boolean>('accessAnalyzer.enabled', false)) return;
      if (!policyCount(doc.uri.toString()) || vscode.window.activeTextEditor?.document !== doc) return;
      void guarded('validateOnSave', () => validateActive(true))();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => notified.clear()),
  );
}
