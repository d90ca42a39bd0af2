/**
 * Issue #16: typing in strings, then Enter somewhere else. String-text edits skip the tree-sitter
 * parse (index.ts `stringTextEdit`); the next real parse reported those strings as changed ranges
 * again, so the region to re-read spanned from the first string typed in to the Enter: the mirror
 * was spliced over most of the file and every construct extracted again (a 3,000-line TypeScript
 * stack: 482 constructs, 80–390 ms of CPU for one Enter). The strings' extents are now remembered
 * with the tree (`typedStrings`) and their ranges dropped when the tree has no syntax error.
 * (Only an edit at the start of a string's text is reported again; typed in the middle or at the end,
 * none is.) Counted, not timed: after three strings typed in at 10 %, 50 % and 90 % of the stack and an Enter
 * at 30 %, one parse, a few constructs extracted, no full extraction; and the result is a full
 * parse's. With a syntax error in the file the ranges are kept, and the result is still a full parse's.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initCdkFor, parseCdk, parseStats, type CdkParseResult } from '../server/src/adapters/cdk';
import { extractStats } from '../server/src/adapters/cdk/extract';
import { langExtractStats } from '../server/src/adapters/cdk/extractLang';
import { ACTION_LIST, generateCdkStackIn } from './bench/cdkStacks';
import { generateCdkStack } from './bench/cdk-bench';

type Lang = 'typescript' | 'python' | 'java' | 'csharp' | 'go';
const EXT: Record<Lang, string> = { typescript: 'ts', python: 'py', java: 'java', csharp: 'cs', go: 'go' };
const LANGS: Lang[] = ['typescript', 'python', 'java', 'csharp', 'go'];

before(async () => {
  for (const lang of LANGS) {
    const text = lang === 'typescript' ? generateCdkStack(20) : generateCdkStackIn(lang, 20);
    assert.equal(await initCdkFor({ uri: `file:///enter/init.${EXT[lang]}`, text }), true, lang);
  }
});

function plain(r: CdkParseResult): unknown {
  return JSON.parse(JSON.stringify({ policies: r.policies, problems: r.problems }));
}

/** Extractions since `x0`: constructs read anew and full extractions, whichever extractor the language has. */
function extracted(lang: Lang, x0: typeof extractStats): { units: number; full: number } {
  if (lang === 'typescript' || lang === 'python') return { units: extractStats.extracted - x0.extracted, full: extractStats.full - x0.full };
  // The Java, C# and Go extractor counts per extraction (reset at its start).
  return { units: langExtractStats.unitsExtracted, full: 0 };
}

/**
 * Types "x" at the start of the action strings at `froms` (fractions of the text), then applies `last`; returns
 * the final incremental result, its text, the string edits that skipped the parse, and what the last
 * edit cost (parses, constructs extracted, full extractions).
 */
function typeThen(lang: Lang, uri: string, start: string, froms: number[], last: (text: string) => string): { inc: CdkParseResult; text: string; skipped: number; parsed: number; units: number; full: number } {
  const { open } = ACTION_LIST[lang];
  let prev = parseCdk({ uri, text: start });
  let cur = start;
  const s0 = parseStats.skipped;
  for (const from of froms) {
    // At the start of the string's text: tree-sitter's next parse reports such an edit as a changed
    // range (typed in the middle or at the end it reports none).
    const at = cur.indexOf(open, Math.floor(cur.length * from)) + open.length;
    const next = cur.slice(0, at) + 'x' + cur.slice(at);
    const inc = parseCdk({ uri, text: next }, { tree: prev.tree!, text: cur });
    if (inc.tree !== prev.tree) prev.tree?.delete();
    prev = inc;
    cur = next;
  }
  const skipped = parseStats.skipped - s0;
  const next = last(cur);
  const p0 = parseStats.parsed;
  const x0 = { ...extractStats };
  const inc = parseCdk({ uri, text: next }, { tree: prev.tree!, text: cur });
  if (inc.tree !== prev.tree) prev.tree?.delete();
  return { inc, text: next, skipped, parsed: parseStats.parsed - p0, ...extracted(lang, x0) };
}

/** Enter at the end of the line that holds `fraction` of the text: a new, indented blank line. */
const enterAt = (fraction: number) => (text: string): string => {
  const at = text.indexOf('\n', Math.floor(text.length * fraction));
  return text.slice(0, at) + '\n      ' + text.slice(at);
};

for (const lang of LANGS) {
  test(`cdk typed then Enter (#16): ${lang} 3,000-line stack, strings typed in at 10/50/90 %, Enter at 30 %: one parse, a few constructs, a full parse's result`, () => {
    const start = lang === 'typescript' ? generateCdkStack() : generateCdkStackIn(lang);
    const uri = `file:///enter/stack.${EXT[lang]}`;
    const { inc, text, skipped, parsed, units, full } = typeThen(lang, uri, start, [0.1, 0.5, 0.9], enterAt(0.3));
    try {
      assert.equal(skipped, 3, 'the three string edits skipped the parse');
      assert.equal(parsed, 1, 'the Enter is parsed');
      assert.equal(full, 0, 'no full extraction');
      assert.ok(units <= 4, `a few constructs extracted again, not the file's (${units})`);
      const fresh = parseCdk({ uri: `file:///enter/full.${EXT[lang]}`, text });
      fresh.tree?.delete();
      assert.deepEqual(plain(inc), plain(fresh), 'incremental policies and problems are a full parse’s');
    } finally {
      inc.tree?.delete();
    }
  });
}

test('cdk typed then Enter (#16): typescript with a syntax error at the top keeps the typed strings’ ranges, and equals a full parse', () => {
  const start = generateCdkStack().replace("import * as iam from 'aws-cdk-lib/aws-iam';", "import * as iam from 'aws-cdk-lib/aws-iam';\nconst broken = (;");
  assert.ok(start.includes('const broken = (;'));
  const uri = 'file:///enter/broken.ts';
  const { inc, text, parsed } = typeThen('typescript', uri, start, [0.1, 0.5, 0.9], enterAt(0.3));
  try {
    assert.equal(parsed, 1);
    const fresh = parseCdk({ uri: 'file:///enter/broken-full.ts', text });
    fresh.tree?.delete();
    assert.deepEqual(plain(inc), plain(fresh));
  } finally {
    inc.tree?.delete();
  }
});
