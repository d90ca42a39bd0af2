/**
 * The VS Code client: starts the language server over IPC, shows an output channel and a status
 * bar item (reference data date and the number of policies in the active file). Thin by design:
 * every IAM feature lives in the server.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DocumentStatusNotification, ServerStatusRequest, SETTINGS_SECTION } from '../../server/src/protocol';
import { registerAccessAnalyzer } from './accessAnalyzer';
import { registerAccessLevelPicker } from './accessLevelPicker';

const LANGUAGES = ['json', 'jsonc', 'yaml', 'typescript', 'javascript', 'python', 'java', 'csharp', 'go'];
/** Languages whose outline VS Code's built-in JSON language provides. */
const JSON_OUTLINE_LANGUAGES = ['json', 'jsonc'];

/** A JSON document that is not a CloudFormation template (no top-level "Resources"): a policy file or any JSON. */
function isPlainJsonPolicy(document: vscode.TextDocument): boolean {
  return JSON_OUTLINE_LANGUAGES.includes(document.languageId) && !/"Resources"\s*:/.test(document.getText());
}

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let dataDate = '';
const policyCounts = new Map<string, number>();

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  const uri = editor?.document.uri.toString();
  const count = uri ? policyCounts.get(uri) : undefined;
  if (!editor || !LANGUAGES.includes(editor.document.languageId) || count === undefined || count === 0) {
    statusItem.hide();
    return;
  }
  statusItem.text = `$(shield) IAM: ${count} polic${count === 1 ? 'y' : 'ies'}`;
  statusItem.tooltip = new vscode.MarkdownString(`**IAM Policy Author**\n\n${count} IAM polic${count === 1 ? 'y' : 'ies'} in this file.\n\nIAM reference data: ${dataDate || 'loading…'}`);
  statusItem.show();
}

async function startClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // One malloc arena for the server (glibc; ignored elsewhere): V8's worker threads each kept an arena
  // of freed compiler and GC memory, ≈ 9 MB of the RSS after a large template (issue #16 goal 3).
  // It can only be set at process start; other editors can start the server the same way.
  const env = { MALLOC_ARENA_MAX: '1' };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    diagnosticCollectionName: 'iam-policy-author',
    // This client runs the access-level picker command (accessLevelPicker.ts): the server offers its entry.
    initializationOptions: { accessLevelPicker: true },
    middleware: {
      // One outline (issue #15): in a plain JSON policy file VS Code's JSON language already provides
      // the document symbols; two providers made the breadcrumbs alternate between both trees. There
      // we contribute none (an empty result leaves no group in the outline). CloudFormation JSON
      // templates (policies inside resources), YAML templates, CDK files and other editors keep ours.
      provideDocumentSymbols: (document, token, next) => (isPlainJsonPolicy(document) ? [] : next(document, token)),
    },
  };
  client = new LanguageClient('iamPolicy', 'IAM Policy Author', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(DocumentStatusNotification.method, (p: DocumentStatusNotification.Params) => {
      policyCounts.set(p.uri, p.policies);
      updateStatus();
    }),
  );
  context.subscriptions.push(registerAccessAnalyzer(context, client, output, (uri) => policyCounts.get(uri)));
  context.subscriptions.push(registerAccessLevelPicker(context));
  await client.start();
  try {
    const status = await client.sendRequest<ServerStatusRequest.Result>(ServerStatusRequest.method);
    dataDate = status.dataDate;
    output.appendLine(`IAM Policy Author ${status.version}; IAM reference data ${status.dataVersion} (${status.dataDate})`);
  } catch (err) {
    output.appendLine(`Could not read server status: ${String(err)}`);
  }
  updateStatus();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('IAM Policy Author');
  statusItem = vscode.window.createStatusBarItem('iamPolicyAuthor.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'IAM Policy Author';
  statusItem.command = 'iamPolicy.showOutput';
  context.subscriptions.push(
    output,
    statusItem,
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidCloseTextDocument((d) => policyCounts.delete(d.uri.toString())),
    vscode.commands.registerCommand('iamPolicy.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('iamPolicy.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  try {
    await startClient(context, output);
  } catch (err) {
    output.appendLine(`The IAM Policy Author language server failed to start: ${String(err)}`);
    void vscode.window.showErrorMessage('IAM Policy Author: the language server failed to start. See the "IAM Policy Author" output.');
  }
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
