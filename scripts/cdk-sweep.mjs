// Real-code sweep of the CDK adapter, as a new user would run it (issue #13).
//
//   node scripts/cdk-sweep.mjs [--fetch] [--dir /tmp/cdk-sweep] [--errors] [--json]
//
// --fetch downloads (npm pack, into --dir, never into the project) aws-cdk-lib, aws-cdk (its
// `cdk init` templates in every language), cdk-iam-floyd and a few @aws-solutions-constructs
// packages. The corpus is then:
//   - aws-cdk-lib's own documentation examples (.jsii.tabl.json.gz: every README/API-doc snippet
//     in TypeScript and jsii's Python, Java, C# and Go translations) that mention IAM constructs,
//     each written to <dir>/corpus/<lang>/ with the language's CDK import (and, for Java, C# and
//     Go, inside a method, as the snippets are statement lists);
//   - the TypeScript/JavaScript/Python/Java/C#/Go sources of the downloaded packages.
// Each file is validated through the engine (the test build in out/: `node scripts/build.mjs
// --tests` first). Reported per language: files read, files recognised as CDK, PolicyStatements
// there (a grep of the construct spellings) and found (statements in the extracted policies), and
// every error-severity finding (with --errors), so that false errors can be judged one by one.
// cdk-iam-floyd: every to…() method of its generated classes is checked against the reference
// data (a method we do not know would be a false INVALID_ACTION).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const dir = path.resolve(opt('--dir', '/tmp/cdk-sweep'));
if (dir.startsWith(root + path.sep)) throw new Error('the sweep downloads outside the project');

const PACKAGES = ['aws-cdk-lib', 'aws-cdk', 'cdk-iam-floyd', '@aws-solutions-constructs/core', '@aws-solutions-constructs/aws-lambda-dynamodb', '@aws-solutions-constructs/aws-s3-lambda', '@aws-solutions-constructs/aws-cloudfront-s3', '@aws-solutions-constructs/aws-lambda-stepfunctions', '@aws-solutions-constructs/aws-kinesisstreams-kinesisfirehose-s3', 'cdk-nag'];

if (flag('--fetch')) {
  fs.mkdirSync(dir, { recursive: true });
  for (const p of PACKAGES) {
    const tgz = execFileSync('npm', ['pack', p, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop();
    const out = path.join(dir, tgz.replace(/\.tgz$/, ''));
    fs.mkdirSync(out, { recursive: true });
    execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', out]);
  }
}

// ---- the corpus ---------------------------------------------------------------------------
const LANGS = {
  typescript: { ext: 'ts', key: '$', header: "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n", wrap: (s) => s },
  python: { ext: 'py', key: 'python', header: 'import aws_cdk as cdk\nimport aws_cdk.aws_iam as iam\n', wrap: (s) => s },
  java: { ext: 'java', key: 'java', header: 'import software.amazon.awscdk.services.iam.*;\nimport java.util.*;\n', wrap: (s) => `class Snippet {\n  void snippet() {\n${s}\n  }\n}\n` },
  csharp: { ext: 'cs', key: 'csharp', header: 'using Amazon.CDK;\nusing Amazon.CDK.AWS.IAM;\nusing System.Collections.Generic;\n', wrap: (s) => `class Snippet\n{\n  void Snippet1()\n  {\n${s}\n  }\n}\n` },
  go: { ext: 'go', key: 'go', header: 'package main\n\nimport (\n\t"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n\t"github.com/aws/jsii-runtime-go"\n)\n\n', wrap: (s) => `func snippet() {\n${s}\n}\n` },
};
const byExt = Object.fromEntries(Object.entries(LANGS).map(([k, v]) => [v.ext, k]));
byExt.js = 'javascript';

function findFile(name) {
  if (!fs.existsSync(dir)) return undefined;
  for (const d of fs.readdirSync(dir)) {
    const f = path.join(dir, d, 'package', name);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

const IAM_WORDS = /\b(PolicyStatement|PolicyDocument|assumedBy|inlinePolicies|addToPolicy|addToResourcePolicy|fromAwsManagedPolicyName)\b/;
const corpus = path.join(dir, 'corpus');
const tabl = findFile('.jsii.tabl.json.gz');
if (tabl) {
  fs.rmSync(corpus, { recursive: true, force: true });
  const snippets = JSON.parse(zlib.gunzipSync(fs.readFileSync(tabl)).toString('utf8')).snippets;
  let n = 0;
  for (const s of Object.values(snippets)) {
    const ts = s.translations?.$?.source;
    if (!ts || !IAM_WORDS.test(ts)) continue;
    n++;
    for (const [lang, l] of Object.entries(LANGS)) {
      const src = s.translations[l.key]?.source;
      if (!src) continue;
      const d = path.join(corpus, lang);
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, `snippet${String(n).padStart(4, '0')}.${l.ext}`), l.header + l.wrap(src));
    }
  }
}

function* walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && p !== corpus) yield* walk(p);
    } else yield p;
  }
}

// ---- validation ---------------------------------------------------------------------------
const { PolicyService } = require(path.join(root, 'out/server/src/service.js'));
const { initCdkFor } = require(path.join(root, 'out/server/src/adapters/cdk/index.js'));
const service = new PolicyService();

/** Construct spellings of a PolicyStatement per language (what a reader counts as "there"). */
const THERE = {
  typescript: /\bnew\s+(?:[\w$]+\.)*PolicyStatement\s*\(|\bPolicyStatement\.fromJson\s*\(/g,
  javascript: /\bnew\s+(?:[\w$]+\.)*PolicyStatement\s*\(|\bPolicyStatement\.fromJson\s*\(/g,
  python: /(?<!class\s\w*\()\bPolicyStatement\s*\(|\bPolicyStatement\.from_json\s*\(/g,
  java: /\bPolicyStatement\.Builder\.create\s*\(|\bnew\s+(?:\w+\.)*PolicyStatement\s*\(|\bPolicyStatement\.fromJson\s*\(/g,
  csharp: /\bnew\s+(?:\w+\.)*PolicyStatement\s*\(|\bPolicyStatement\.FromJson\s*\(/g,
  go: /\bNewPolicyStatement\s*\(|\bPolicyStatement_FromJson\s*\(/g,
};
const FLOYD_THERE = /\bnew\s+(?:statement|Statement)\.[A-Z]\w*\s*\(|\bstatement\.[A-Z]\w*\s*\(\s*\)\s*\./g;

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

async function sweep() {
  const stats = {};
  const errors = [];
  const files = fs.existsSync(dir) ? [...walk(dir), ...(fs.existsSync(corpus) ? walk(corpus) : [])] : [];
  for (const f of files) {
    const ext = path.extname(f).slice(1);
    const lang = byExt[ext];
    if (!lang || f.endsWith('.d.ts') || /\.min\.js$/.test(f)) continue;
    const text = fs.readFileSync(f, 'utf8');
    if (text.length > 2_000_000) continue;
    const st = (stats[lang] ??= { files: 0, cdk: 0, there: 0, found: 0, filesMissing: 0, errors: 0, policies: 0 });
    st.files++;
    const doc = { uri: `file://${f}`, text };
    await initCdkFor(doc);
    const r = service.validate(doc);
    const there = (text.match(THERE[lang]) ?? []).length + ((lang === 'typescript' || lang === 'javascript' || lang === 'python') && /iam[-_]floyd/.test(text) ? (text.match(FLOYD_THERE) ?? []).length : 0);
    if (!r.parse.format.startsWith('cdk-')) continue;
    st.cdk++;
    st.there += there;
    let found = 0;
    for (const p of r.parse.policies) {
      if (p.type === 'trust' && String(p.label).startsWith('assumedBy')) continue;
      const s = p.root.kind === 'object' ? p.root.properties.find((q) => q.key === 'Statement')?.value : undefined;
      found += s?.kind === 'array' ? s.items.length : s ? 1 : 0;
    }
    st.found += found;
    st.policies += r.parse.policies.length;
    if (found < there) st.filesMissing++;
    for (const d of r.diagnostics) {
      if (d.severity !== 'error') continue;
      st.errors++;
      const line = lineOf(text, d.span.offset);
      errors.push({ file: path.relative(dir, f), line, code: d.code, message: d.message, source: text.split('\n')[line - 1].trim().slice(0, 160) });
    }
    if (flag('--missing') && found < there) console.log(`missing ${there - found}: ${path.relative(dir, f)}`);
  }
  return { stats, errors };
}

/** cdk-iam-floyd's generated to…() methods that the reference data does not know. */
function floydMethods() {
  const gen = findFile('lib/generated/index.d.ts');
  if (!gen) return undefined;
  const { floydServicePrefix } = require(path.join(root, 'out/server/src/adapters/cdk/extractFloyd.js'));
  const data = service.data;
  let classes = 0;
  let methods = 0;
  const noPrefix = [];
  const unknown = [];
  for (const f of fs.readdirSync(path.dirname(gen))) {
    if (!f.endsWith('.d.ts') || f === 'index.d.ts') continue;
    const text = fs.readFileSync(path.join(path.dirname(gen), f), 'utf8');
    const js = fs.readFileSync(path.join(path.dirname(gen), f.replace(/\.d\.ts$/, '.js')), 'utf8');
    const cls = /export declare class (\w+)/.exec(text)?.[1];
    const real = /servicePrefix = '([^']*)'/.exec(js)?.[1];
    if (!cls) continue;
    classes++;
    const prefix = floydServicePrefix(data, cls);
    if (prefix !== real) noPrefix.push(`${cls}: ${prefix ?? '(none)'} ≠ ${real}`);
    for (const m of text.matchAll(/^\s+to(\w+)\(\): this;/gm)) {
      methods++;
      if (prefix && !data.findAction(prefix, m[1])) unknown.push(`${prefix}:${m[1]}`);
    }
  }
  return { classes, methods, noPrefix, unknown };
}

const { stats, errors } = await sweep();
const floyd = floydMethods();
if (flag('--json')) console.log(JSON.stringify({ stats, errors, floyd }, null, 2));
else {
  console.log('language     files  CDK files  PolicyStatements there  found  files missing some  errors');
  for (const [lang, s] of Object.entries(stats)) console.log(`${lang.padEnd(12)} ${String(s.files).padStart(5)}  ${String(s.cdk).padStart(9)}  ${String(s.there).padStart(22)}  ${String(s.found).padStart(5)}  ${String(s.filesMissing).padStart(18)}  ${String(s.errors).padStart(6)}`);
  if (floyd) {
    console.log(`\ncdk-iam-floyd: ${floyd.classes} classes, ${floyd.methods} to…() methods; class → prefix differs for ${floyd.noPrefix.length}; methods unknown to the reference data: ${floyd.unknown.length}`);
    for (const x of floyd.noPrefix) console.log(`  prefix ${x}`);
    if (flag('--errors')) for (const x of floyd.unknown) console.log(`  unknown ${x}`);
  }
  const byCode = {};
  for (const e of errors) byCode[e.code] = (byCode[e.code] ?? 0) + 1;
  console.log(`\nerrors by code: ${JSON.stringify(byCode)}`);
  if (flag('--errors')) for (const e of errors) console.log(`${e.file}:${e.line} ${e.code} ${e.message}\n    ${e.source}`);
}
