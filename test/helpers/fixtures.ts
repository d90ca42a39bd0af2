import * as fs from 'fs';
import * as path from 'path';
import { LineIndex, POLICY_TYPES, type PolicyType } from '../../server/src/model';
import type { PolicyDiagnostic } from '../../server/src/service';

/** The repository root (the folder with our package.json), wherever the test build lives. */
export const REPO_ROOT: string = (() => {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'iam-policy-author') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('repository root not found');
})();

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** True when expected files should be (re)written instead of compared: UPDATE_FIXTURES=1. */
export const UPDATING = process.env.UPDATE_FIXTURES === '1';

export function listFiles(dir: string, filter: (name: string) => boolean = () => true): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && filter(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** `invalid.trust.json` → 'trust': a policy-type segment in a fixture's name forces that type. */
export function policyTypeFromName(file: string): PolicyType | undefined {
  const parts = path.basename(file).split('.');
  return parts.slice(1, -1).find((p): p is PolicyType => (POLICY_TYPES as readonly string[]).includes(p));
}

/** One line per diagnostic: `line:col-line:col severity CODE message` (1-based). */
export function formatDiagnostics(text: string, diagnostics: PolicyDiagnostic[]): string {
  const idx = new LineIndex(text);
  return diagnostics
    .map((d) => {
      const s = idx.positionAt(d.span.offset);
      const e = idx.positionAt(d.span.offset + d.span.length);
      return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${d.severity} ${d.code} ${d.message}`;
    })
    .join('\n');
}

/** Compares with an expected file, or writes it when UPDATE_FIXTURES=1. Returns the expected text. */
export function expectedFor(file: string, actual: string): string {
  const expectedFile = `${file}.expected`;
  if (UPDATING) {
    fs.writeFileSync(expectedFile, actual ? actual + '\n' : '');
    return actual;
  }
  if (!fs.existsSync(expectedFile)) throw new Error(`missing ${path.relative(REPO_ROOT, expectedFile)} (run UPDATE_FIXTURES=1 npm test and review it)`);
  return fs.readFileSync(expectedFile, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/** Splits a `|` cursor marker out of a fixture text. */
export function cursor(textWithMarker: string, marker = '|'): { text: string; offset: number } {
  const offset = textWithMarker.indexOf(marker);
  if (offset < 0) throw new Error('no cursor marker in fixture');
  return { text: textWithMarker.slice(0, offset) + textWithMarker.slice(offset + marker.length), offset };
}

/** Kebab-case folder name of a check code: INVALID_ACTION → invalid-action. */
export function codeDir(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}
