/**
 * Issue #13 (branch h7): Java, C# and Go string-text edits skip the tree-sitter re-parse like
 * TypeScript, JavaScript and Python (index.ts parseCdk; stretchMirror moves these languages'
 * kept subtrees eagerly, `Mirror.eager`).
 * - Regression: `*` + `/` typed into a string can close a `/*` above it that starts no comment (its
 *   `/` and `*` tokens were lexed looking ahead to the end of the file; an error, or in Go the valid
 *   `1 /* x`): such an edit is parsed, not stretched (mirror.ts `makesCommentEnd`, every language).
 * - In a Java, C# or Go tree with a syntax error no edit is stretched: there tree-sitter's recovery
 *   re-reads more than the string (a C# string edit of the same length changed a statement's extent).
 * - Property, several seeds: after random edits (half inside strings) of the Java, C# and Go
 *   fixtures and generated stacks, the incremental result equals a fresh full parse.
 * - Counted, not timed: on the 3,000-line stacks an edit in an action string parses nothing and
 *   extracts one unit.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initCdkFor, parseCdk, parseStats, type CdkParseResult } from '../server/src/adapters/cdk';
import { langExtractStats } from '../server/src/adapters/cdk/extractLang';
import { ACTION_LIST, generateCdkStackIn } from './bench/cdkStacks';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

type Lang = 'typescript' | 'java' | 'csharp' | 'go';
const EXT: Record<Lang, string> = { typescript: 'ts', java: 'java', csharp: 'cs', go: 'go' };

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///A.java', text: 'import software.amazon.awscdk.Stack;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///A.cs', text: 'using Amazon.CDK;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///a.go', text: 'import "github.com/aws/aws-cdk-go/awscdk/v2"\n' }), true);
});

function plain(r: CdkParseResult): unknown {
  return JSON.parse(JSON.stringify({ policies: r.policies, problems: r.problems }));
}

/** Parses `next` incrementally from `prev` and from scratch; both give the same policies. Returns the incremental result. */
function step(lang: Lang, uri: string, prev: CdkParseResult, text: string, next: string, what: string): CdkParseResult {
  const inc = prev.tree ? parseCdk({ uri, text: next }, { tree: prev.tree, text }) : parseCdk({ uri, text: next });
  if (inc.tree !== prev.tree) prev.tree?.delete();
  const full = parseCdk({ uri: `file:///h7/full.${EXT[lang]}`, text: next });
  full.tree?.delete();
  assert.deepEqual(plain(inc), plain(full), `${what}: incremental policies and problems are a full parse's`);
  return inc;
}

describe('cdk string edits (H7): a comment end typed into a string below a `/*` that starts no comment', () => {
  // An unterminated `/*` (the tree has an error), then a statement with a string below it.
  const cases: [Lang, string, string][] = [
    ['java', 'import software.amazon.awscdk.services.iam.*;\nclass A {\n  void f() {\n    int x = 1; /* x\n    PolicyStatement s = PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build();\n  }\n}\n', 's3:Get'],
    ['csharp', 'using Amazon.CDK.AWS.IAM;\nclass A {\n  void F() {\n    var x = 1; /* x\n    var s = new PolicyStatement(new PolicyStatementProps { Actions = new [] { "s3:GetObject" }, Resources = new [] { "*" } });\n  }\n}\n', 's3:Get'],
    ['go', 'package main\nimport (\n  "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n  "github.com/aws/jsii-runtime-go"\n)\nfunc f() {\n  x := 1 /* x\n  awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{ Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*") })\n}\n', 's3:Get'],
    ['typescript', "import * as iam from 'aws-cdk-lib/aws-iam';\nconst x = 1; /* x\nnew iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });\n", 's3:Get'],
  ];
  for (const [lang, text, inString] of cases) {
    test(`${lang}: typing "*/" then more inside the string gives the full parse's result`, () => {
      const uri = `file:///h7/comment.${EXT[lang]}`;
      let prev = parseCdk({ uri, text });
      let cur = text;
      try {
        const at = cur.indexOf(inString) + inString.length;
        // Each keystroke: '*', '/' (closes the comment above), 'x' (plain typing after it), and back.
        for (const [i, next] of [
          cur.slice(0, at) + '*' + cur.slice(at),
          cur.slice(0, at) + '*/' + cur.slice(at),
          cur.slice(0, at) + '*/x' + cur.slice(at),
          cur.slice(0, at) + '*x' + cur.slice(at),
          cur.slice(0, at) + 'x' + cur.slice(at),
        ].entries()) {
          prev = step(lang, uri, prev, cur, next, `${lang} keystroke ${i}`);
          cur = next;
        }
      } finally {
        prev.tree?.delete();
      }
    });
  }
});

function fixtures(lang: 'java' | 'csharp' | 'go'): { name: string; text: string }[] {
  const dir = path.join(FIXTURES, 'cdk', lang, 'diagnostics');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(`.${EXT[lang]}`))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Offsets strictly inside string literals' text, by a scan of the source. */
function stringInsides(text: string): number[] {
  const out: number[] = [];
  const re = /"([A-Za-z0-9:*._\-/@ ]{2,})"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (/cdk|construct|jsii|amazon/i.test(m[1])) continue; // not the imports
    for (let i = 1; i < m[1].length; i++) out.push(m.index + 1 + i);
  }
  return out;
}

const PLAIN = ['x', 'Get', ':', '*', '-', '/', '*/', '/*', 'ab.cd'];
const SPECIAL = ['"', '\\', '\n', '{', '}', '(', ')', ';', '/*', '*/', '//', '`'];

/**
 * `count` random edits, `inStrings` of 8 inside a string's text (of those, 3 in 4 type or delete
 * plain characters); each compared with a full parse. Returns the parses skipped.
 */
function randomEdits(lang: 'java' | 'csharp' | 'go', start: string, count: number, seed: number, label: string, inStrings = 4): number {
  const rnd = lcg(seed, 8);
  const uri = `file:///h7/inc.${EXT[lang]}`;
  let text = start;
  let prev = parseCdk({ uri, text });
  const skipped0 = parseStats.skipped;
  try {
    for (let i = 0; i < count; i++) {
      const insides = stringInsides(text);
      const inString = insides.length > 0 && rnd(8) < inStrings;
      const at = inString ? insides[rnd(insides.length)] : rnd(text.length + 1);
      const del = inString ? (rnd(3) === 0 ? 1 + rnd(3) : 0) : rnd(4) === 0 ? rnd(16) : rnd(2);
      const pieces = inString && rnd(4) !== 0 ? PLAIN : SPECIAL;
      const ins = rnd(5) === 0 && del > 0 ? '' : pieces[rnd(pieces.length)];
      const next = text.slice(0, at) + ins + text.slice(at + del);
      prev = step(lang, uri, prev, text, next, `${label} seed ${seed} edit ${i} at ${at} (-${del} +${JSON.stringify(ins)})`);
      text = next;
    }
    // The kept tree (maybe edited several times since its last real parse) re-parses to the text's tree.
    prev = step(lang, uri, prev, text, text + '\n', `${label} seed ${seed}: a parse after the edits`);
  } finally {
    prev.tree?.delete();
  }
  return parseStats.skipped - skipped0;
}

for (const lang of ['java', 'csharp', 'go'] as const) {
  describe(`cdk string edits (H7): ${lang} incremental equals full after random edits, several seeds`, () => {
    for (const f of fixtures(lang)) {
      test(`${f.name}: 3 seeds × 40 edits`, () => {
        for (const seed of [3, 17, 29]) randomEdits(lang, f.text, 40, seed + f.name.length, f.name);
      });
    }
    test('generated 300-line stack: 4 seeds × 60 edits, most inside strings; string edits skip the parse', () => {
      // (a syntax error anywhere turns the skip off for these languages until it is fixed: index.ts)
      let skipped = 0;
      for (const seed of [5, 11, 23, 31]) skipped += randomEdits(lang, generateCdkStackIn(lang, 300), 60, seed, 'generated', 7);
      assert.ok(skipped >= 20, `the string-text path was exercised (${skipped} parses skipped)`);
    });
  });

  test(`cdk string edits (H7): ${lang} 3,000-line stack, typing in an action string parses nothing and extracts one unit`, () => {
    const text = generateCdkStackIn(lang);
    const uri = `file:///h7/count.${EXT[lang]}`;
    let prev = parseCdk({ uri, text });
    let cur = text;
    const { open, skip } = ACTION_LIST[lang];
    try {
      for (const from of [0.1, 0.5, 0.9]) {
        const at = cur.indexOf(open, Math.floor(cur.length * from)) + skip;
        const next = cur.slice(0, at) + 'x' + cur.slice(at);
        const p0 = { ...parseStats };
        const inc = parseCdk({ uri, text: next }, { tree: prev.tree!, text: cur });
        assert.deepEqual([parseStats.parsed - p0.parsed, parseStats.skipped - p0.skipped], [0, 1], 'no tree-sitter parse');
        assert.equal(langExtractStats.unitsExtracted, 1, 'one unit extracted again');
        if (inc.tree !== prev.tree) prev.tree?.delete();
        const full = parseCdk({ uri: `file:///h7/full.${EXT[lang]}`, text: next });
        full.tree?.delete();
        assert.deepEqual(plain(inc), plain(full), `${lang} at ${from}: incremental policies and problems are a full parse's`);
        prev = inc;
        cur = next;
      }
    } finally {
      prev.tree?.delete();
    }
  });
}
