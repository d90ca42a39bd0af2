// A build step (scripts/build.mjs applies it to every TypeScript module it bundles): moves the
// declaration of a `for (let …; …; …)` loop in front of the loop, into a block of its own, when the
// loop holds a function (an arrow, a function expression, a class …) that does not name a variable
// the loop declares:
//   for (let i = 0; i < n; i++) { … xs.map((x) => x.name) … }
//   { let i = 0; for (; i < n; i++) { … xs.map((x) => x.name) … } }
//
// Why: a `for` with `let`/`const` bindings gives each iteration its own copy of them, for closures
// created in the loop to capture. V8 implements it by rewriting the loop (its parser's
// DesugarLexicalBindingsInForStatement) whenever a function appears anywhere in the loop, captured
// variable or not: each iteration then copies the bindings and tests two flags with `==`
// (TestEqual, the Equal_Baseline builtin in Sparkplug code: 50 M instructions of a corpus run, the
// only non-strict equality our code executes). With the declaration outside, there is one binding,
// which no closure can tell from the per-iteration ones as long as none names it (what is checked:
// any identifier with the name inside any function of the loop, a shadowing one too, keeps the loop
// as written). A labelled loop is left alone (`continue label` needs the loop right after the label),
// and so is one with a function in its declaration (its text is moved as written).
// Lines are kept (the block opens on the loop's first line and closes after its last character), so
// source maps stay right but for columns on those two lines.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Loaded on the first file that needs a parse (a build whose files are all in the cache needs none).
let ts;

/** Cheap test: could the text have such a loop at all (a `for (let`/`for (const` and a function)? */
function mayHaveLoop(text) {
  return /\bfor\s*\(\s*(let|const)\s/.test(text) && (text.includes('=>') || /\b(function|class)\b/.test(text));
}

/** The text with each such loop's declaration moved in front of it, and how many loops were changed. */
export function hoistLoopBindings(text, fileName = 'x.ts') {
  if (!mayHaveLoop(text)) return { text, changed: 0 };
  ts ??= createRequire(import.meta.url)('typescript');
  const src = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const ops = [];
  const visit = (node) => {
    if (ts.isForStatement(node) && node.initializer && ts.isVariableDeclarationList(node.initializer) && node.initializer.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const) && !ts.isLabeledStatement(node.parent)) {
      const names = new Set();
      for (const d of node.initializer.declarations) boundNames(d.name, names);
      let hasFunction = false;
      let named = false;
      const inFunction = (x) => {
        if (named) return;
        if (ts.isIdentifier(x) && names.has(x.text)) named = true;
        else ts.forEachChild(x, inFunction);
      };
      const find = (x) => {
        if (named) return;
        if (ts.isFunctionLike(x) || ts.isClassLike(x)) {
          hasFunction = true;
          inFunction(x);
          return;
        }
        ts.forEachChild(x, find);
      };
      ts.forEachChild(node, find);
      let initFunction = false;
      const inInit = (x) => {
        if (ts.isFunctionLike(x) || ts.isClassLike(x)) initFunction = true;
        else if (!initFunction) ts.forEachChild(x, inInit);
      };
      inInit(node.initializer);
      if (hasFunction && !named && !initFunction) {
        const init = node.initializer;
        const start = node.getStart(src);
        ops.push({ at: start, del: 0, ins: `{ ${text.slice(init.getStart(src), init.end)}; ` });
        ops.push({ at: init.getStart(src), del: init.end - init.getStart(src), ins: '' });
        ops.push({ at: node.end, del: 0, ins: ' }' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  if (ops.length === 0) return { text, changed: 0 };
  // From the end: each edit is at an offset of the original text, nested loops' inside their loop's.
  ops.sort((a, b) => b.at - a.at || a.del - b.del);
  let out = text;
  for (const o of ops) out = out.slice(0, o.at) + o.ins + out.slice(o.at + o.del);
  return { text: out, changed: ops.length / 3 };
}

function boundNames(name, into) {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) boundNames(e.name, into);
}

/**
 * The esbuild plugin: the language server's TypeScript modules (server/src) through
 * hoistLoopBindings. A parse of every module costs seconds, so each result is kept, by the hash of
 * the module's text (and this script's), in `cacheDir` (dist/.loop-bindings: a rebuild parses only the changed modules),
 * and in memory for the other bundles of the same build.
 */
export function loopBindingsPlugin(cacheDir) {
  // The key is the module's text and this script's: a changed rewrite does not read old results.
  const SELF = fs.readFileSync(new URL(import.meta.url));
  // Each edit of a module adds a result: a cache grown past a few versions of every module starts over.
  try {
    if (fs.readdirSync(cacheDir).length > 2000) fs.rmSync(cacheDir, { recursive: true, force: true });
  } catch {
    /* no cache yet */
  }
  const seen = new Map();
  return {
    name: 'loop-bindings',
    setup(build) {
      build.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.ts$/ }, (args) => {
        const text = fs.readFileSync(args.path, 'utf8');
        const key = createHash('sha1').update(SELF).update(text).digest('hex');
        let out = seen.get(key);
        if (out === undefined) {
          const file = path.join(cacheDir, `${key}.ts`);
          try {
            out = fs.readFileSync(file, 'utf8');
          } catch {
            out = hoistLoopBindings(text, args.path).text;
            fs.mkdirSync(cacheDir, { recursive: true });
            fs.writeFileSync(file, out);
          }
          seen.set(key, out);
        }
        return { contents: out, loader: 'ts' };
      });
    },
  };
}
