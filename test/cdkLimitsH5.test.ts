/**
 * Issue #16: CDK source files past the size and statement limits (LIMITS.maxCdkChars,
 * LIMITS.maxCdkStatements, adapters/cdk/limits.ts) are checked in part, with one LIMIT_EXCEEDED
 * information saying what was skipped — in every CDK language. Before, a 4 MB TypeScript stack was
 * read whole (29 s). Nothing is timed: each test asserts what was read and what was checked, and
 * that the part read is checked exactly as the same text alone would be.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { cdkCut } from '../server/src/adapters/cdk/limits';
import { LIMITS, LIMIT_CODE, type ParseResult } from '../server/src/model';
import { generateCdkStack } from './bench/cdk-bench';
import { generateCdkStackIn, type BenchLanguage } from './bench/cdkStacks';

const service = new PolicyService();

interface Lang {
  name: string;
  ext: string;
  stack: (lines: number) => string;
}
const LANGS: Lang[] = [
  { name: 'typescript', ext: 'ts', stack: (n) => generateCdkStack(n) },
  // The TypeScript stack without its type annotations.
  { name: 'javascript', ext: 'js', stack: (n) => generateCdkStack(n).replace('(scope: Construct, id: string, props?: cdk.StackProps)', '(scope, id, props)') },
  ...(['python', 'java', 'csharp', 'go'] as BenchLanguage[]).map((l) => ({ name: l, ext: { python: 'py', java: 'java', csharp: 'cs', go: 'go' }[l], stack: (n: number) => generateCdkStackIn(l, n) })),
];

/** A stack of `lang` about `factor` times the character limit. */
function bigStack(lang: Lang, factor: number): string {
  const perLine = lang.stack(2000).length / 2000;
  return lang.stack(Math.ceil((LIMITS.maxCdkChars * factor) / perLine));
}

const limits = (r: ParseResult) => r.problems.filter((p) => p.code === LIMIT_CODE);
const shape = (r: ParseResult) => r.policies.map((p) => `${p.label} ${p.type} ${p.root.span.offset}+${p.root.span.length} ${p.statements.length}`);

before(async () => {
  for (const l of LANGS) assert.equal(await initCdkFor({ uri: `file:///h5/init.${l.ext}`, text: l.stack(20) }), true, `grammar for ${l.name} loads`);
});

test('cdkCut: the least indented line that starts a statement, near the limit', () => {
  // `max` falls inside the line `at` names; `rest` is what is left unread (no rest: cut at `max`).
  const cases: { name: string; text: string; at: string; rest?: string }[] = [
    { name: 'between statements of the outermost block', text: 'class A {\n  f() {\n    x();\n  }\n  g() {\n    y();\n    z();\n  }\n}\n', at: '    z();', rest: '  g() {\n    y();\n    z();\n  }\n}\n' },
    { name: 'not before a line that continues the one before (C# brace, Java builder call)', text: 'class A\n{\n  void F()\n  {\n    a.Add(new P(new Props\n    {\n      X = 1,\n    }));\n    b\n      .build();\n    c();\n  }\n}\n', at: '    c();', rest: '    c();\n  }\n}\n' },
    { name: 'not after a line left open (Python call, trailing comma)', text: 'def f():\n    a = g(\n    1,\n    2)\n    b = 3\n    c = 4\n', at: '    c = 4', rest: '    c = 4\n' },
    { name: 'one line longer than the limit: at the limit', text: `x = [${'1, '.repeat(100)}]\n`, at: '1, '.repeat(20) },
  ];
  assert.equal(cdkCut('a\nb\n', 100), 4, 'a short text is not cut');
  for (const c of cases) {
    const max = c.text.indexOf(c.at) + c.at.length - 3;
    const at = cdkCut(c.text, max);
    assert.ok(at <= max, c.name);
    assert.equal(c.text.slice(at), c.rest ?? c.text.slice(max), c.name);
  }
});

for (const lang of LANGS) {
  test(`${lang.name}: a stack past ${LIMITS.maxCdkChars} characters is read up to a statement boundary, checked as that part alone, one information`, () => {
    const text = bigStack(lang, 1.05);
    assert.ok(text.length > LIMITS.maxCdkChars);
    const r = service.parse({ uri: `file:///h5/big.${lang.ext}`, text });
    assert.equal(r.format, `cdk-${lang.name}`);
    const info = limits(r);
    assert.equal(info.length, 1, JSON.stringify(info));
    assert.equal(info[0].severity, 'info');
    const cut = info[0].span.offset;
    assert.match(info[0].message, /^This file has [\d,]+ characters; only the first [\d,]+ \(up to line [\d,]+\) were read and checked\.$/);
    assert.ok(cut <= LIMITS.maxCdkChars && cut > LIMITS.maxCdkChars - 64 * 1024 && text[cut - 1] === '\n', `cut at ${cut}`);
    assert.ok(info[0].message.includes(`only the first ${cut.toLocaleString('en-US')} (up to line ${(text.slice(0, cut).split('\n').length - 1).toLocaleString('en-US')})`), info[0].message);
    // The part read holds policies, and they are exactly those of that part alone.
    const alone = service.parse({ uri: `file:///h5/prefix.${lang.ext}`, text: text.slice(0, cut) });
    assert.equal(limits(alone).length, 0);
    assert.ok(r.policies.length > 100, `${r.policies.length} policies`);
    assert.deepEqual(shape(r), shape(alone));
    for (const p of r.policies) assert.ok(p.root.span.offset + p.root.span.length <= cut);
  });
}

test('typescript: the diagnostics of a stack past the limit are those of the part read, plus the one information', () => {
  const lang = LANGS[0];
  const text = bigStack(lang, 1.1);
  const full = service.validate({ uri: 'file:///h5/validate.ts', text }).diagnostics;
  const info = full.filter((d) => d.code === LIMIT_CODE);
  assert.equal(info.length, 1);
  const cut = info[0].span.offset;
  const alone = service.validate({ uri: 'file:///h5/validate-prefix.ts', text: text.slice(0, cut) }).diagnostics;
  const key = (d: { code: string; span: { offset: number; length: number }; message: string }) => `${d.code}@${d.span.offset}+${d.span.length} ${d.message}`;
  assert.ok(alone.length > 100);
  assert.deepEqual(full.filter((d) => d.code !== LIMIT_CODE).map(key), alone.map(key));
});

/** One statement per line, `n` of them, each a construct of its own (a dense file). */
function denseStack(n: number, line = (i: number) => `new iam.PolicyStatement({ sid: 'S${i}', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/${i}'] });`): string {
  return `import * as iam from 'aws-cdk-lib/aws-iam';\n${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`;
}

test(`a file with more than ${LIMITS.maxCdkStatements} statements: the policies holding the first ones are checked, one information`, () => {
  const n = LIMITS.maxCdkStatements + 500;
  const text = denseStack(n);
  assert.ok(text.length < LIMITS.maxCdkChars);
  const r = service.parse({ uri: 'file:///h5/dense.ts', text });
  const info = limits(r);
  assert.equal(info.length, 1, JSON.stringify(info));
  assert.equal(info[0].message, `This file has ${n.toLocaleString('en-US')} policy statements; only the policies holding the first ${LIMITS.maxCdkStatements.toLocaleString('en-US')} statements are checked (the next starts on line ${(LIMITS.maxCdkStatements + 2).toLocaleString('en-US')}).`);
  assert.equal(r.policies.length, LIMITS.maxCdkStatements);
  const sids = r.policies.map((p) => p.statements[0].sid?.value.kind === 'string' ? p.statements[0].sid.value.value : '?');
  assert.deepEqual(sids, Array.from({ length: LIMITS.maxCdkStatements }, (_, i) => `S${i}`));
  assert.equal(info[0].span.offset, text.indexOf(`new iam.PolicyStatement({ sid: 'S${LIMITS.maxCdkStatements}'`));
  // Re-validating the same text gives the same result object's findings (the limited result is kept with the parse).
  assert.deepEqual(service.validate({ uri: 'file:///h5/dense.ts', text }).diagnostics.filter((d) => d.code === LIMIT_CODE).length, 1);
});

test('a dense file past both limits gets one information naming both', () => {
  const text = denseStack(Math.ceil((LIMITS.maxCdkChars * 1.05) / 100));
  const r = service.parse({ uri: 'file:///h5/dense-big.ts', text });
  const info = limits(r);
  assert.equal(info.length, 1, JSON.stringify(info));
  assert.match(info[0].message, /^This file has [\d,]+ characters; only the first [\d,]+ \(up to line [\d,]+\) were read, and of the [\d,]+ policy statements in them only the policies holding the first 3,000 statements are checked \(the next starts on line 3,002\)\.$/);
  assert.equal(r.policies.length, LIMITS.maxCdkStatements);
});

test('a construct the cut leaves open (one line longer than the limit) is not checked in part', () => {
  const head = "import * as iam from 'aws-cdk-lib/aws-iam';\nconst ok = new iam.PolicyStatement({ actions: ['s3:GetObjekt'], resources: ['*'] });\n";
  // An action list longer than the limit on one line: the statement is cut inside it, before its resources.
  const text = `${head}const big = new iam.PolicyStatement({ actions: [${"'s3:GetObject', ".repeat(Math.ceil(LIMITS.maxCdkChars / 16) + 10)}], resources: ['*'] });\n`;
  const r = service.parse({ uri: 'file:///h5/long-line.ts', text });
  assert.equal(limits(r).length, 1);
  assert.equal(limits(r)[0].span.offset, LIMITS.maxCdkChars);
  assert.equal(r.policies.length, 1, 'only the statement before the long line');
  const diags = service.validate({ uri: 'file:///h5/long-line.ts', text }).diagnostics;
  assert.deepEqual(diags.map((d) => d.code).sort(), ['INVALID_ACTION', LIMIT_CODE].sort(), JSON.stringify(diags.map((d) => d.code)));
});

test('an edit in a file past the limit (kept per document version) gives what a fresh parse gives', () => {
  const lang = LANGS[0];
  const text = bigStack(lang, 1.1);
  const cached = new PolicyService(service.data, { cacheFindings: true });
  const uri = 'file:///h5/edit.ts';
  const first = cached.validate({ uri, text, version: 1 }).diagnostics;
  assert.equal(first.filter((d) => d.code === LIMIT_CODE).length, 1);
  const at = text.indexOf("actions: ['") + "actions: ['".length;
  // One edit in the part read, one past the cut.
  for (const [version, next] of [
    [2, `${text.slice(0, at)}x${text.slice(at)}`],
    [3, `${text.slice(0, at)}x${text.slice(at)}// an edit past the cut\n`],
  ] as const) {
    const inc = cached.validate({ uri, text: next, version }).diagnostics;
    const fresh = new PolicyService(service.data).validate({ uri: 'file:///h5/edit-fresh.ts', text: next }).diagnostics;
    const key = (d: { code: string; span: { offset: number; length: number }; message: string }) => `${d.code}@${d.span.offset}+${d.span.length} ${d.message}`;
    assert.deepEqual(inc.map(key), fresh.map(key));
    assert.equal(inc.filter((d) => d.code === LIMIT_CODE).length, 1);
  }
});
