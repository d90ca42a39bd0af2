/**
 * The access-level picker (issue #15): "Expand "s3:*", choosing access levels…" runs this command
 * with the document URI and the wildcard's offset. It asks the server for the choices (code actions
 * of kind `refactor.rewrite.accessLevels.<codes>`, one per set of levels, each titled with its count
 * and the resulting policy size), shows a multi-select QuickPick of the access levels whose title
 * shows the result of the current selection, and applies the chosen expansion (resolved by the
 * server on demand). An action listed under several levels ("Permissions management, Write") is
 * included only when all of its levels are ticked. Thin: the server computes everything.
 */
import * as vscode from 'vscode';

export const PICK_ACCESS_LEVELS_COMMAND = 'iamPolicy.pickAccessLevels';
const CHOICES_KIND = 'refactor.rewrite.accessLevels';

/** Privilege order and the one-letter codes the server's kinds use. */
const LEVELS: { code: string; label: string; detail: string }[] = [
  { code: 'L', label: 'List', detail: 'list resources and their names' },
  { code: 'R', label: 'Read', detail: 'read contents and attributes' },
  { code: 'W', label: 'Write', detail: 'create, change and delete resources' },
  { code: 'T', label: 'Tagging', detail: 'change tags (and with them tag-based access)' },
  { code: 'P', label: 'Permissions management', detail: 'change permissions (resource policies, ACLs, grants)' },
];

interface LevelItem extends vscode.QuickPickItem {
  code: string;
}

/** Editor tests only (ExtensionMode.Test): the open QuickPick, so a test can tick items and accept. */
interface TestHook {
  iamPolicyE2eAccessLevelPicker?: vscode.QuickPick<LevelItem>;
}

async function choicesAt(uri: vscode.Uri, range: vscode.Range, kind: string, resolve = 0): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, resolve)) ?? [];
  return actions.filter((a) => a.kind?.value.startsWith(`${CHOICES_KIND}.`));
}

function codesOf(items: readonly LevelItem[]): string {
  return LEVELS.filter((l) => items.some((i) => i.code === l.code))
    .map((l) => l.code)
    .join('');
}

async function pick(context: vscode.ExtensionContext, uriArg?: string, offsetArg?: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = uriArg ? vscode.Uri.parse(uriArg) : editor?.document.uri;
  if (!uri) return;
  const doc = await vscode.workspace.openTextDocument(uri);
  const pos = typeof offsetArg === 'number' ? doc.positionAt(offsetArg) : editor?.selection.active;
  if (!pos) return;
  const range = new vscode.Range(pos, pos);
  const version = doc.version;
  const choices = await choicesAt(uri, range, CHOICES_KIND);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('IAM Policy: put the cursor on an action wildcard (such as "s3:*") to choose access levels.');
    return;
  }
  const byCodes = new Map(choices.map((c) => [c.kind!.value.slice(CHOICES_KIND.length + 1), c]));
  const present = LEVELS.filter((l) => [...byCodes.keys()].some((k) => k.includes(l.code)));
  const qp = vscode.window.createQuickPick<LevelItem>();
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.items = present.map((l) => ({ code: l.code, label: l.label, detail: l.detail, description: byCodes.get(l.code)?.title.match(/to (\d[\d,]* actions?)/)?.[1] ?? '' }));
  const wildcard = choices[0].title.match(/^Expand "([^"]*)"/)?.[1] ?? 'wildcard';
  const update = (): void => {
    const chosen = byCodes.get(codesOf(qp.selectedItems));
    qp.title = `Expand "${wildcard}": tick the access levels to grant`;
    qp.placeholder = qp.selectedItems.length === 0 ? 'No level ticked' : chosen ? chosen.title.replace(/^Expand "[^"]*" to /, 'Result: ') : 'No action has only these levels';
  };
  qp.selectedItems = qp.items.filter((i) => i.code === 'L' || i.code === 'R');
  update();
  const hook = context.extensionMode === vscode.ExtensionMode.Test ? (globalThis as TestHook) : undefined;
  if (hook) hook.iamPolicyE2eAccessLevelPicker = qp;
  const codes = await new Promise<string | undefined>((resolve) => {
    qp.onDidChangeSelection(update);
    qp.onDidAccept(() => {
      resolve(codesOf(qp.selectedItems));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (hook) hook.iamPolicyE2eAccessLevelPicker = undefined;
  if (!codes || !byCodes.has(codes)) return;
  if (doc.version !== version) {
    void vscode.window.showWarningMessage('IAM Policy: the document changed; run the expansion again.');
    return;
  }
  // Ask again for exactly that choice, resolved (its edit may have been deferred).
  const [action] = await choicesAt(uri, range, `${CHOICES_KIND}.${codes}`, 1);
  if (action?.edit) await vscode.workspace.applyEdit(action.edit);
}

export function registerAccessLevelPicker(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(PICK_ACCESS_LEVELS_COMMAND, (uri?: string, offset?: number) => pick(context, uri, offset));
}
