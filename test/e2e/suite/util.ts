/** Helpers for the editor tests: workspace files, polling, diagnostics, settings, screenshots. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iam-policy-author.iam-policy-author';
export const SOURCE = 'iam-policy-author';

export function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor tests need a workspace folder (test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value seen after `ms`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

/** Our diagnostics for a document (other extensions' diagnostics are ignored). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until our diagnostics for `uri` satisfy `pred`, returning them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, pred: (ds: vscode.Diagnostic[]) => boolean, ms = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const ds = ours(uri);
    return pred(ds) ? ds : undefined;
  }, ms);
}

/** Position of the `nth` occurrence of `needle` in the document, moved `delta` characters in. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + delta);
}

export function rangeOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Range {
  const start = positionOf(doc, needle, 0, nth);
  return new vscode.Range(start, start.translate(0, needle.length));
}

/** Writes an `iamPolicy.*` setting into the test workspace's settings (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('iamPolicy').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Plain text of hover contents (markdown or marked strings). */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export function completionLabels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/**
 * Asks the runner for a screenshot of the workbench as it is now, when the runner can take one
 * (the code-server runner sets IAM_E2E_SHOTS to a folder it watches). The runner writes
 * `<name>.png` and we wait for it, so the picture shows what the test has just set up. `selector`
 * is a workbench CSS selector the runner waits to be visible first (e.g. the hover widget).
 */
export async function screenshot(name: string, selector = ''): Promise<void> {
  const dir = process.env.IAM_E2E_SHOTS;
  if (!dir) return;
  const png = path.join(dir, `${name}.png`);
  fs.rmSync(png, { force: true });
  fs.writeFileSync(path.join(dir, `${name}.request`), JSON.stringify({ selector }));
  await waitFor(`screenshot ${name}`, () => fs.existsSync(png), 30_000);
}
