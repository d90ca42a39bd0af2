/**
 * Issue #13 (h6): the mirror (server/src/adapters/cdk/mirror.ts) reads a tree through the
 * runtime's own cursor calls (runtime.ts `rawCursor`), leaving the cursor in the transfer buffer
 * for the whole walk instead of copying it in and out through web-tree-sitter's wrapper at every
 * call. The mirror must be the same node for node as the wrapper's walk (the fallback): over every
 * CDK fixture in every language, the generated 3,000-line stacks, a file with syntax errors, and
 * after incremental re-parses (the splice reads the changed subtrees with the same walk and then
 * goes on with the wrapper cursor, so the cursor must be handed back where it started).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initCdkFor } from '../server/src/adapters/cdk';
import { buildMirror, mirrorOptions, spliceMirror, type MirrorNode } from '../server/src/adapters/cdk/mirror';
import { parseText, rawCursor, treeEdit, type CdkLanguage } from '../server/src/adapters/cdk/runtime';
import { generateCdkStack } from './bench/cdk-bench';
import { generateCdkStackIn } from './bench/cdkStacks';
import { FIXTURES } from './helpers/fixtures';

const LANG_OF: Record<string, CdkLanguage> = { ts: 'typescript', js: 'javascript', py: 'python', java: 'java', cs: 'csharp', go: 'go' };

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.js', text: "require('aws-cdk-lib');\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.py', text: 'import aws_cdk\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/A.java', text: 'import software.amazon.awscdk.Stack;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/A.cs', text: 'using Amazon.CDK;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.go', text: 'import "github.com/aws/aws-cdk-go/awscdk/v2"\n' }), true);
});
after(() => {
  mirrorOptions.raw = true;
});

/** Every node's type, named-ness, field and offsets, in walk order. */
function flat(root: MirrorNode): string[] {
  const out: string[] = [];
  const stack: [MirrorNode, number][] = [[root, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    out.push(`${depth} ${n.type}${n.isNamed ? '' : '(anon)'} ${n.field ?? '-'} [${n.startIndex},${n.endIndex}) size ${n.size} kids ${n.children.length} named ${n.namedChildren.length}`);
    for (let i = n.children.length - 1; i >= 0; i--) {
      assert.equal(n.children[i].parent, n);
      stack.push([n.children[i], depth + 1]);
    }
  }
  return out;
}

function mirrorOf(lang: CdkLanguage, text: string, raw: boolean): string[] {
  const tree = parseText(lang, text)!;
  try {
    mirrorOptions.raw = raw;
    return flat(buildMirror(tree, text).root);
  } finally {
    mirrorOptions.raw = true;
    tree.delete();
  }
}

function sources(): { name: string; lang: CdkLanguage; text: string }[] {
  const out: { name: string; lang: CdkLanguage; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const lang = LANG_OF[path.extname(e.name).slice(1)];
        if (lang) out.push({ name: path.relative(FIXTURES, p), lang, text: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  walk(path.join(FIXTURES, 'cdk'));
  out.push({ name: 'generated TypeScript stack', lang: 'typescript', text: generateCdkStack() });
  for (const l of ['python', 'java', 'csharp', 'go'] as const) out.push({ name: `generated ${l} stack`, lang: l, text: generateCdkStackIn(l) });
  out.push({ name: 'syntax errors', lang: 'typescript', text: "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.PolicyStatement({ actions: ['s3:Get\n  resources: [}, ));\nconst x = `${;\n" });
  out.push({ name: 'syntax errors (Python)', lang: 'python', text: "from aws_cdk import aws_iam as iam\niam.PolicyStatement(actions=['s3:Get\n  resources=[}, ))\n" });
  return out;
}

describe('mirror through the raw cursor calls (h6)', () => {
  test('the runtime build has the raw cursor calls (else the mirror walks with the wrapper: slower, same result)', () => {
    assert.ok(rawCursor(), 'rawCursor() is undefined: @vscode/tree-sitter-wasm changed its module exports');
  });

  test('every CDK fixture and generated stack: the same mirror as through web-tree-sitter’s wrapper', () => {
    const all = sources();
    assert.ok(all.length > 80, `${all.length} sources`);
    for (const s of all) assert.deepEqual(mirrorOf(s.lang, s.text, true), mirrorOf(s.lang, s.text, false), s.name);
  });

  test('incremental re-parses: a spliced mirror (raw reads inside the wrapper walk) equals the wrapper’s mirror of the same tree', () => {
    for (const lang of ['typescript', 'python', 'java'] as const) {
      let text = lang === 'typescript' ? generateCdkStack(400) : generateCdkStackIn(lang, 400);
      let tree = parseText(lang, text)!;
      let m = buildMirror(tree, text);
      const inserts = ['x', '\n', ' foo(', "'", ')', 'new iam.PolicyStatement({ actions: ["s3:GetObject"] });\n'];
      for (let i = 0; i < 24; i++) {
        const at = (i * 7919) % text.length;
        const ins = inserts[i % inserts.length];
        const next = text.slice(0, at) + ins + text.slice(at);
        const e = treeEdit(text, next, at, at, at + ins.length);
        tree.edit(e);
        const t2 = parseText(lang, next, tree)!;
        m = spliceMirror(m, t2, next, e, tree.getChangedRanges(t2));
        tree.delete();
        tree = t2;
        text = next;
        // (against the wrapper's mirror of the same tree: an incremental parse near a syntax error may differ from a fresh one)
        mirrorOptions.raw = false;
        const expected = flat(buildMirror(t2, next).root);
        mirrorOptions.raw = true;
        assert.deepEqual(flat(m.root), expected, `${lang} edit ${i}`);
      }
      tree.delete();
    }
  });
});
