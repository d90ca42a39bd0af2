/**
 * The engine (server/src/engine/) never switches on a host format: the host's comment syntax and
 * suppression metadata come through the adapter interface (`Adapter.suppressions`,
 * adapters/types.ts). Two checks: a scan of engine/ sources for host-format names and format
 * comparisons, and a made-up host whose only suppression syntax is its adapter's, which the
 * suppression pass and its quick fix then follow without knowing it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './helpers/fixtures';
import { ADAPTERS, type Adapter, type HostComment } from '../server/src/adapters';
import { applySuppressions, suppressionActions } from '../server/src/engine/suppressions';
import { SOURCE, type PolicyDiagnostic } from '../server/src/model/diagnostics';
import type { ParseResult } from '../server/src/model';

const ENGINE_DIR = path.join(REPO_ROOT, 'server', 'src', 'engine');

/** Host format and language names an engine file must not compare with. */
const HOST_NAMES = /^(json|jsonc|ya?ml|cdk(-[\w-]*)?|cfn(-[\w-]*)?|cloudformation|sam|typescript|tsx|javascript|python|java|csharp|go|hcl|terraform|jsonc-parser|web-tree-sitter|@vscode\/tree-sitter-wasm)$/i;

/** Exceptions, as `file: literal` (none today: add one only with the reason next to it). */
const ALLOWED = new Set<string>([]);

/** What in a source text names a host: string literals equal to a host name, and comparisons of a parse's format. */
function hostBranches(source: string): string[] {
  const out: string[] = [];
  // Comments are prose and may name hosts; strip them (a `//` inside a string would be kept as code, which only over-reports).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)) if (HOST_NAMES.test(m[2])) out.push(m[0]);
  for (const m of code.matchAll(/\.format\s*(?:[!=]==?|\.startsWith\s*\()/g)) out.push(m[0]);
  for (const m of code.matchAll(/from\s+['"](\.\.\/adapters\/(?!hostComments['"])[^'"]+)['"]/g)) out.push(m[1]);
  return out;
}

function engineFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? engineFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('the scan finds a host switch where there is one', () => {
  assert.deepEqual(hostBranches(`if (parse.format === 'cfn-yaml') return 'yaml';`), ['\'cfn-yaml\'', '\'yaml\'', '.format ===']);
  assert.deepEqual(hostBranches(`import { parseDocument } from 'yaml';`), ['\'yaml\'']);
  assert.deepEqual(hostBranches(`import { cdkLanguageOf } from '../adapters/cdk';`), ['../adapters/cdk']);
  assert.deepEqual(hostBranches(`return lang === "python" ? 'hash' : x; // 'json' in a comment is prose`), ['"python"']);
  assert.deepEqual(hostBranches(`if (parse.format.startsWith('cdk-')) {}`), ['\'cdk-\'', '.format.startsWith(']);
  assert.deepEqual(hostBranches(`const a = 'iam-policy-lint'; import { x } from '../adapters';`), []);
});

test('no engine/ file switches on a host format or imports a host adapter or parser', () => {
  const files = engineFiles(ENGINE_DIR);
  assert.ok(files.some((f) => f.endsWith('suppressions.ts')));
  const found: string[] = [];
  for (const file of files) {
    const rel = path.relative(ENGINE_DIR, file);
    for (const b of hostBranches(fs.readFileSync(file, 'utf8'))) if (!ALLOWED.has(`${rel}: ${b}`)) found.push(`${rel}: ${b}`);
  }
  assert.deepEqual(found, [], 'host syntax belongs behind the adapters (Adapter.suppressions in adapters/types.ts)');
});

test('a host the engine has never heard of suppresses through its adapter alone', () => {
  // A made-up host with `;` line comments (and no strings): everything it says is in its adapter.
  const scan = (text: string): HostComment[] => {
    const out: HostComment[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      const at = line.indexOf(';');
      if (at >= 0) out.push({ offset: offset + at, text: line.slice(at), body: line.slice(at + 1), bodyOffset: offset + at + 1 });
      offset += line.length + 1;
    }
    return out;
  };
  const fake: Adapter = { id: 'h16-made-up', accepts: () => false, parse: () => undefined, suppressions: () => ({ comments: { lineMarker: ';', scan } }) };
  ADAPTERS.push(fake);
  try {
    const text = 'policy\n  ; iam-policy-lint-disable-next-line INVALID_ACTION -- a reason\n  action s3:GetObjekt\n  action s3:PutObjekt\n';
    const doc = { uri: 'file:///x/p.madeup', text };
    const parse: ParseResult = { format: 'h16-made-up', policies: [], problems: [] };
    const finding = (needle: string): PolicyDiagnostic => ({ code: 'INVALID_ACTION', message: 'invalid', severity: 'error', span: { offset: text.indexOf(needle), length: needle.length }, source: SOURCE, origin: 'check' });
    const kept = applySuppressions(doc, parse, [finding('s3:GetObjekt'), finding('s3:PutObjekt')], undefined, undefined);
    assert.deepEqual(
      kept.map((d) => text.slice(d.span.offset, d.span.offset + d.span.length)),
      ['s3:PutObjekt'],
      'the comment above silences its line only',
    );
    // The quick fix writes the host's own comment above the finding.
    const [action] = suppressionActions(doc, parse, [{ code: 'INVALID_ACTION', span: finding('s3:PutObjekt').span }]);
    assert.equal(action?.edits[0].newText, '  ; iam-policy-lint-disable-next-line INVALID_ACTION\n');
    // Unknown to every adapter: no suppression syntax at all, nothing changes.
    const none: ParseResult = { format: 'h16-unknown', policies: [], problems: [] };
    assert.equal(applySuppressions(doc, none, [finding('s3:GetObjekt')], undefined, undefined).length, 1);
    assert.deepEqual(suppressionActions(doc, none, [{ code: 'INVALID_ACTION', span: finding('s3:GetObjekt').span }]), []);
  } finally {
    ADAPTERS.splice(ADAPTERS.indexOf(fake), 1);
  }
});
