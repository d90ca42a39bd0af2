/**
 * #16 wave 6 (hh6): scripts/loopBindings.mjs, the build step that moves a `for (let …)` loop's
 * declaration in front of the loop when a function in the loop does not name what it declares (so
 * V8 does not copy the bindings per iteration and test its flags with `==`):
 * - what it rewrites and what it leaves (a function that names a loop variable, a shadowing one too;
 *   a labelled loop; a function in the declaration);
 * - a rewritten program computes what the original computes (snippets run both ways, and a closure
 *   that does capture the loop variable shows why such a loop is left alone);
 * - over every module of server/src and client/src: the rewrite parses, keeps the line count, and
 *   changes only loops (its text without the moved declarations is the original's).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
type Hoist = (text: string, fileName?: string) => { text: string; changed: number };
let hoistP: Promise<Hoist> | undefined;
function hoist(): Promise<Hoist> {
  return (hoistP ??= import(pathToFileURL(path.join(ROOT, 'scripts', 'loopBindings.mjs')).href).then((m: { hoistLoopBindings: Hoist }) => m.hoistLoopBindings));
}

/** Runs a TypeScript snippet whose last statement is `return …` and gives its value. */
function run(code: string): unknown {
  const js = ts.transpileModule(`export function main() {\n${code}\n}`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const m = { exports: {} as { main?: () => unknown } };
  new Function('module', 'exports', js)(m, m.exports);
  return m.exports.main!();
}

test('a loop with a function that does not name its variables is rewritten; one that names them is not', async () => {
  const h = await hoist();
  const a = h('for (let i = 0; i < n; i++) { xs.map((x) => x + 1); }');
  assert.equal(a.text, '{ let i = 0; for (; i < n; i++) { xs.map((x) => x + 1); } }');
  assert.equal(a.changed, 1);
  // Named in a function (captured), shadowed in one, used as a property name: left alone (conservative).
  for (const src of [
    'for (let i = 0; i < n; i++) { fs.push(() => i); }',
    'for (let i = 0; i < n; i++) { xs.map((i) => i); }',
    'for (let i = 0; i < n; i++) { xs.map((x) => x.i); }',
    'for (let [i, j] = [0, 0]; i < n; i++) { xs.map(() => j); }',
    'for (let { i } = o; i < n; i++) { xs.map(() => i); }',
    'outer: for (let i = 0; i < n; i++) { xs.map((x) => x); continue outer; }',
    'for (let f = () => 1, i = 0; i < n; i++) { xs.map((x) => x); }',
    'for (let i = 0; i < n; i++) { xs.push(i); }',
    'for (var i = 0; i < n; i++) { xs.map((x) => x); }',
  ])
    assert.equal(h(src).text, src, src);
  // Nested loops, both rewritten; a class and a function expression count as functions; const too.
  const nested = 'for (let i = 0, k = 1; i < n; i++) {\n  for (let j = 0; j < m; j++) ys.push(class { f() { return 1; } });\n  xs.map(function (x) { return x; });\n}';
  const out = h(nested);
  assert.equal(out.changed, 2);
  assert.equal(out.text, '{ let i = 0, k = 1; for (; i < n; i++) {\n  { let j = 0; for (; j < m; j++) ys.push(class { f() { return 1; } }); }\n  xs.map(function (x) { return x; });\n} }');
  assert.equal(h('for (const a = 1; n < 3; n++) xs.map((x) => x + 1);').text, '{ const a = 1; for (; n < 3; n++) xs.map((x) => x + 1); }');
});

test('a rewritten program computes what the original computes', async () => {
  const h = await hoist();
  const programs = [
    // Closures not naming the loop variable; break, continue, nested loops, a loop as an if's body.
    `const out: string[] = []; const xs = [3, 1, 2];
     for (let i = 0; i < xs.length; i++) { if (i === 2) continue; out.push(xs.map((x) => x * 2).join(',')); }
     for (let i = 0, j = 10; i < j; i += 3) { for (let k = 0; k < 2; k++) { if (k === 1 && i > 5) break; out.push([i, k].map((v) => String(v)).join(':')); } j--; }
     if (out.length > 0) for (let i = 0; i < 2; i++) out.push(String([i].some(() => true)));
     return out.join('|');`,
    // The loop variable changed in the body, and read after an inner closure ran.
    `let s = ''; for (let i = 0; i < 10; i++) { const f = (x: number) => x + 1; i = f(i); s += i; } return s;`,
    // Closures created in the loop and called after it (they name other, per-iteration bindings).
    `const fs: (() => number)[] = []; for (let i = 0; i < 4; i++) { const v = i * i; fs.push(() => v); } return fs.map((f) => f()).join(',');`,
  ];
  for (const p of programs) {
    const r = h(p);
    assert.ok(r.changed > 0, p);
    assert.equal(run(r.text), run(p), p);
  }
  // A closure that names the loop variable sees each iteration's own copy: hoisting it would change
  // the result ("3,3,3" instead of "0,1,2"), which is why such a loop is never rewritten.
  const capturing = 'const fs: (() => number)[] = []; for (let i = 0; i < 3; i++) fs.push(() => i); return fs.map((f) => f()).join(",");';
  assert.equal(h(capturing).text, capturing);
  assert.equal(run(capturing), '0,1,2');
  assert.equal(run('const fs: (() => number)[] = []; { let i = 0; for (; i < 3; i++) fs.push(() => i); } return fs.map((f) => f()).join(",");'), '3,3,3');
});

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

test('over every module: the rewrite parses, keeps the lines and changes only loop heads', async () => {
  const h = await hoist();
  let changed = 0;
  for (const file of [...listTs(path.join(ROOT, 'server', 'src')), ...listTs(path.join(ROOT, 'client', 'src'))]) {
    const text = fs.readFileSync(file, 'utf8');
    const r = h(text, file);
    if (r.changed === 0) {
      assert.equal(r.text, text, file);
      continue;
    }
    changed += r.changed;
    assert.equal(r.text.split('\n').length, text.split('\n').length, file);
    const sf = ts.createSourceFile(file, r.text, ts.ScriptTarget.Latest, true);
    const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    assert.deepEqual(diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], file);
    // Undo: `{ DECL; for (; … }` back to `for (DECL; … ` gives the original text.
    const undone = r.text.replace(/\{ ((?:let|const) [^;]*); for \(;/g, 'for ($1;');
    assert.equal(stripClosers(undone, text), text, file);
  }
  assert.ok(changed >= 40, `rewrote ${changed} loops`);
});

/** Removes the ` }` closers the rewrite added (those not in the original at that point). */
function stripClosers(undone: string, original: string): string {
  let out = '';
  let j = 0;
  for (let i = 0; i < undone.length; i++) {
    if (undone.startsWith(' }', i) && !original.startsWith(' }', j)) {
      i++;
      continue;
    }
    out += undone[i];
    j++;
  }
  return out;
}
