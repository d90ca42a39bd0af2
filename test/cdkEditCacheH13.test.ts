/**
 * CDK re-validation speed work (issue #13): policies the adapter reuses are moved in place, also
 * when their offsets move unevenly (a variable they follow lies before the edit, their statement
 * after it); the findings cache then maps their previous findings (model/derived.ts). These tests
 * compare the server's way (one service, findings cache on, incremental parses) with a fresh
 * validation of the same text after every edit.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { generateCdkStack } from './bench/cdk-bench';
import { ACTION_LIST, generateCdkStackIn, type BenchLanguage } from './bench/cdkStacks';
import { lcg } from './helpers/lcg';

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  for (const lang of ['java', 'csharp', 'go'] as const) assert.equal(await initCdkFor({ uri: `file:///a.${EXT[lang]}`, text: generateCdkStackIn(lang, 30) }), true);
});

const EXT: Record<BenchLanguage, string> = { python: 'py', java: 'java', csharp: 'cs', go: 'go' };

const view = (ds: PolicyDiagnostic[]): string[] => ds.map((d) => `${d.span.offset}+${d.span.length} ${d.code} ${d.message}`);

/** A stack whose shared action list (followed by many statements below it) has findings of its own. */
function stack(): string {
  const text = generateCdkStack(160).replace("const SHARED_ACTIONS = ['s3:GetObject', 's3:ListBucket'];", "const SHARED_ACTIONS = ['s3:GetObjekt', 's3:ListBucket', 's3:*'];");
  assert.ok(text.includes('s3:GetObjekt'));
  return text;
}

function randomEdits(seed: number, count: number, parseOnlyEvery: number): void {
  const rnd = lcg(seed);
  const uri = `file:///h13/edits-${seed}.ts`;
  let text = stack();
  const cached = new PolicyService(undefined, { cacheFindings: true });
  const pieces = ['x', '\n', '// note\n', "'s3:PutObject', ", ''];
  let version = 1;
  let sharedFindings = 0;
  let validated = 0;
  let missed = 0;
  const cache = cached.findingsCache!;
  cached.validate({ uri, text, version, languageId: 'typescript' });
  for (let i = 0; i < count; i++) {
    // Always after the shared list: the statements that follow it move unevenly.
    const from = text.indexOf('export class');
    let at = text.indexOf("actions: ['", from + rnd(text.length - from));
    at = at < 0 ? from + rnd(text.length - from) : at + 12;
    const del = rnd(5) === 0 ? 1 + rnd(3) : 0;
    text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at + del);
    const doc = { uri, text, version: ++version, languageId: 'typescript' };
    // Some versions are only parsed (document symbols), not validated: moves pile up until the next validation.
    if (parseOnlyEvery && i % parseOnlyEvery === parseOnlyEvery - 1) {
      cached.symbols(doc);
      continue;
    }
    const misses = cache.misses;
    const got = view(cached.validate(doc).diagnostics);
    missed += cache.misses - misses;
    validated++;
    const want = view(new PolicyService().validate({ uri: `file:///h13/fresh-${seed}-${i}.ts`, text, languageId: 'typescript' }).diagnostics);
    assert.deepEqual(got, want, `edit ${i} at ${at}`);
    const shared = text.indexOf('s3:GetObjekt');
    sharedFindings += cached.validate(doc).diagnostics.filter((d) => d.span.offset <= shared && shared < d.span.offset + d.span.length + 1).length;
  }
  assert.ok(sharedFindings > 0, 'findings in the shared list (before every edit) were compared');
  // Only the edited construct is checked again: the policies that moved (evenly or not) take their findings from the cache.
  assert.ok(missed <= 2 * validated, `policies checked again: ${missed} in ${validated} validations`);
}

test('cached re-validation after edits below a followed variable equals a fresh validation', () => {
  randomEdits(7, 25, 0);
});

test('the same when some versions are only parsed (moves accumulate before the findings cache sees them)', () => {
  randomEdits(11, 25, 3);
});

/**
 * Java, C# and Go: policies an edit did not touch are reused (incremental extraction,
 * extractCommon.ts); re-extracted ones the edit only moved are paired with their previous selves
 * (adapters/cdk/carry.ts) and keep their findings through the cache.
 */
for (const lang of ['java', 'csharp', 'go'] as const) {
  test(`${lang}: cached re-validation after edits equals a fresh validation, moved policies are not checked again`, () => {
    const shared = { java: '"s3:GetObject", "s3:ListBucket"', csharp: '"s3:GetObject", "s3:ListBucket"', go: '"s3:GetObject", "s3:ListBucket"' }[lang];
    let text = generateCdkStackIn(lang, 120).replace(shared, '"s3:GetObjekt", "s3:ListBucket", "s3:*"');
    assert.ok(text.includes('s3:GetObjekt'));
    const uri = `file:///h13/edits.${EXT[lang]}`;
    const cached = new PolicyService(undefined, { cacheFindings: true });
    const cache = cached.findingsCache!;
    let version = 1;
    cached.validate({ uri, text, version });
    let missed = 0;
    const { open, skip } = ACTION_LIST[lang];
    for (let i = 0; i < 8; i++) {
      let at = text.indexOf(open, (i * 997) % text.length) + skip;
      // Typing in an action string; every third edit a new line above that statement instead.
      if (i % 3 === 2) at = text.lastIndexOf('\n', at) + 1;
      text = text.slice(0, at) + (i % 3 === 2 ? '\n' : 'x') + text.slice(at);
      const misses = cache.misses;
      const got = view(cached.validate({ uri, text, version: ++version }).diagnostics);
      missed += cache.misses - misses;
      const want = view(new PolicyService().validate({ uri: `file:///h13/fresh-${i}.${EXT[lang]}`, text }).diagnostics);
      assert.deepEqual(got, want, `edit ${i} at ${at}`);
    }
    assert.ok(missed <= 10, `policies checked again: ${missed} in 8 validations`);
  });
}

test('two caching services on the same document: each maps only the moves it saw, never a stale key', () => {
  let text = stack();
  const uri = 'file:///h13/two-services.ts';
  const a = new PolicyService(undefined, { cacheFindings: true });
  const b = new PolicyService(undefined, { cacheFindings: true });
  let version = 1;
  a.validate({ uri, text, version });
  b.validate({ uri, text, version });
  const from = text.indexOf('export class');
  for (let i = 0; i < 9; i++) {
    const at = text.indexOf("actions: ['", from + ((i * 7919) % (text.length - from))) + 12;
    text = text.slice(0, at) + 'x' + text.slice(at);
    const doc = { uri, text, version: ++version };
    const want = view(new PolicyService().validate({ uri: `file:///h13/two-fresh-${i}.ts`, text }).diagnostics);
    assert.deepEqual(view(a.validate(doc).diagnostics), want, `a, edit ${i}`);
    if (i % 3 === 2) assert.deepEqual(view(b.validate(doc).diagnostics), want, `b, edit ${i}`);
  }
});
