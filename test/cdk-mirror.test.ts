/**
 * The CDK adapter reads a plain JavaScript mirror of the tree-sitter tree (server/src/adapters/cdk/mirror.ts),
 * spliced after each edit instead of re-read. These tests compare the mirror with the tree it copies —
 * after a full read and after hundreds of random edits (valid and broken code, TypeScript and Python) —
 * and the policies of an incremental parse with those of a full parse.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initCdkFor, parseCdk } from '../server/src/adapters/cdk';
import { parseText, treeEdit, type CdkLanguage, type Tree } from '../server/src/adapters/cdk/runtime';
import { buildMirror, spliceMirror, type Mirror, type MirrorNode } from '../server/src/adapters/cdk/mirror';
import type { Node } from '@vscode/tree-sitter-wasm';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///a.py', text: 'import aws_cdk\n' }), true);
});

/** First difference between a mirror and a tree-sitter node (type, offsets, children, descendant count), or undefined. */
function diffTree(a: MirrorNode, b: Node, at = 'root'): string | undefined {
  const kids = b.children;
  if (a.type !== b.type || a.startIndex !== b.startIndex || a.endIndex !== b.endIndex || a.children.length !== kids.length || a.size !== b.descendantCount) {
    return `${at}: ${a.type}[${a.startIndex},${a.endIndex}) ${a.children.length} kids vs ${b.type}[${b.startIndex},${b.endIndex}) ${kids.length} kids`;
  }
  for (let i = 0; i < kids.length; i++) {
    if (a.children[i].parent !== a) return `${at}/${i}: parent`;
    const d = diffTree(a.children[i], kids[i]!, `${at}/${i}`);
    if (d) return d;
  }
  return undefined;
}

/** First difference between two mirrors including fields and named-ness. */
function diffMirror(a: MirrorNode, b: MirrorNode, at = 'root'): string | undefined {
  if (a.type !== b.type || a.startIndex !== b.startIndex || a.endIndex !== b.endIndex || a.field !== b.field || a.isNamed !== b.isNamed || a.children.length !== b.children.length || a.text !== b.text) {
    return `${at}: ${a.type}/${a.field}[${a.startIndex},${a.endIndex}) vs ${b.type}/${b.field}[${b.startIndex},${b.endIndex})`;
  }
  for (let i = 0; i < a.children.length; i++) {
    const d = diffMirror(a.children[i], b.children[i], `${at}/${i}`);
    if (d) return d;
  }
  return undefined;
}

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, 'cdk', 'diagnostics', name), 'utf8');
}

const PIECES: Record<CdkLanguage, string[]> = {
  typescript: ['x', '', '\n', "'", '(', ')', '{', '}', '[', ']', ',', '/*', '*/', '`', '${', "new iam.PolicyStatement({ actions: ['s3:GetObject'] });\n", 'const a = 1;\n', 'role.addToPolicy(st);'],
  javascript: [],
  java: [],
  csharp: [],
  go: [],
  python: ['x', '', '\n', "'", '"""', '(', ')', '[', ']', ',', '#', '    ', "iam.PolicyStatement(actions=['s3:GetObject'])\n", 'a = 1\n', 'f"{x}"'],
};

function randomEdits(lang: CdkLanguage, start: string, count: number, seed: number): void {
  const rnd = lcg(seed);
  let text = start;
  let tree: Tree = parseText(lang, text)!;
  let mirror: Mirror = buildMirror(tree, text);
  assert.equal(diffTree(mirror.root, tree.rootNode), undefined, 'a full read mirrors the tree');
  try {
    for (let i = 0; i < count; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(4) === 0 ? rnd(16) : rnd(2);
      const ins = PIECES[lang][rnd(PIECES[lang].length)];
      const next = text.slice(0, at) + ins + text.slice(at + del);
      const edit = treeEdit(text, next, at, Math.min(text.length, at + del), at + ins.length);
      tree.edit(edit);
      const newTree = parseText(lang, next, tree)!;
      mirror = spliceMirror(mirror, newTree, next, edit, tree.getChangedRanges(newTree));
      tree.delete();
      tree = newTree;
      text = next;
      const what = `edit ${i} at ${at} (-${del} +${JSON.stringify(ins)})`;
      assert.equal(diffTree(mirror.root, tree.rootNode), undefined, `${what}: the spliced mirror is the tree`);
      assert.equal(diffMirror(mirror.root, buildMirror(tree, text).root), undefined, `${what}: the spliced mirror is a fresh mirror (fields too)`);
    }
  } finally {
    tree.delete();
  }
}

describe('cdk mirror', () => {
  test('TypeScript: 150 random edits keep the spliced mirror equal to the tree', () => {
    randomEdits('typescript', fixture('stack.ts'), 150, 7);
  });

  test('Python: 100 random edits keep the spliced mirror equal to the tree', () => {
    randomEdits('python', fixture('stack.py'), 100, 11);
  });

  test('descendantForIndex finds the identifier at an offset, as tree-sitter does', () => {
    const text = fixture('stack.ts');
    const tree = parseText('typescript', text)!;
    try {
      const mirror = buildMirror(tree, text);
      for (let at = 0; at < text.length; at += 7) {
        const a = mirror.root.descendantForIndex(at, at + 1);
        const b = tree.rootNode.descendantForIndex(at, at + 1);
        assert.deepEqual([a.type, a.startIndex, a.endIndex], [b!.type, b!.startIndex, b!.endIndex], `at ${at}`);
      }
    } finally {
      tree.delete();
    }
  });

  test('incremental parses (typing a statement character by character) give the policies of a full parse', () => {
    const base = fixture('stack.ts');
    const insert = "\n    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObjekt'], resources: ['*'] }));\n";
    const at = base.lastIndexOf('}', base.lastIndexOf('}') - 1);
    let text = base;
    let prev = parseCdk({ uri: 'file:///m.ts', text });
    for (let i = 1; i <= insert.length; i++) {
      const next = base.slice(0, at) + insert.slice(0, i) + base.slice(at);
      const inc = parseCdk({ uri: 'file:///m.ts', text: next }, { tree: prev.tree!, text });
      prev.tree!.delete();
      const full = parseCdk({ uri: 'file:///m.ts', text: next });
      full.tree!.delete();
      assert.deepEqual(inc.policies, full.policies, `after ${i} characters`);
      prev = inc;
      text = next;
    }
    prev.tree!.delete();
  });
});
