/**
 * The memos of facts/cache.ts as the facts layer uses them after the speed work of issue 16:
 * nodeMemo (one WeakMap per table), textTable (a caller's handle on a textMemo table), the ARN
 * parse shared by every node that spells the same text and frozen, a partial string's parse per node.
 */
import { test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import assert from 'node:assert/strict';
import { dataMemo, nodeDataMemo, nodeMemo, textMemo, textTable } from '../server/src/facts/cache';
import { getIamData, type IamData } from '../server/src/data/iamData';
import { factsOf, statementFacts } from '../server/src/facts';
import { parseArnNode } from '../server/src/facts/arns';
import { parseArn } from '../server/src/data/arn';
import type { StringNode } from '../server/src/model';
import { PolicyService } from '../server/src/service';

const str = (value: string, offset = 0): StringNode => ({ kind: 'string', value, span: { offset, length: value.length + 2 }, path: [] }) as unknown as StringNode;

test('nodeMemo: per node and table, frozen nodes included, an undefined answer is kept', () => {
  const a = Object.freeze({ id: 'a' });
  const b = {};
  let builds = 0;
  const build = (v: unknown) => () => {
    builds++;
    return v;
  };
  assert.equal(nodeMemo(a, 'p2.one', build(1)), 1);
  assert.equal(nodeMemo(a, 'p2.one', build(2)), 1);
  assert.equal(nodeMemo(a, 'p2.two', build(3)), 3, 'another table, another answer');
  assert.equal(nodeMemo(b, 'p2.one', build(4)), 4, 'another node, another answer');
  assert.equal(nodeMemo(b, 'p2.undef', build(undefined)), undefined);
  assert.equal(nodeMemo(b, 'p2.undef', build(5)), undefined, 'an undefined answer is remembered');
  assert.equal(builds, 4);
  assert.deepEqual(Object.getOwnPropertySymbols(b), [], 'nothing is written on the node');
});

test('textTable shares the table of textMemo under the same name', () => {
  const t = textTable<number>('p2.len');
  assert.equal(
    t.get('abc', (k) => k.length),
    3,
  );
  assert.equal(
    textMemo('p2.len', 'abc', () => 99),
    3,
  );
  assert.equal(
    t.get('abc', () => 99),
    3,
  );
  assert.equal(
    textTable<number>('p2.len').get('abcd', (k) => k.length),
    4,
  );
});

test('a known ARN is parsed once per text, shared by the nodes that spell it, and frozen', () => {
  const text = 'arn:aws:s3:::p2-memo-bucket/key';
  const one = parseArnNode(str(text));
  const two = parseArnNode(str(text, 40));
  assert.equal(one, two, 'one parse per text');
  assert.deepEqual(one, parseArn(text));
  assert.ok(Object.isFrozen(one));
  assert.equal(one.kind, 'arn');
  if (one.kind === 'arn') {
    assert.ok(Object.isFrozen(one.arn) && Object.isFrozen(one.arn.resource) && Object.isFrozen(one.arn.partition));
    assert.throws(() => {
      (one.arn.resource as { text: string }).text = 'x';
    }, TypeError);
  }
});

test('a partially known ARN is parsed per node, never shared by its text', () => {
  const mk = (): StringNode => ({ ...str('arn:aws:s3:::*/key'), parts: [{ text: 'arn:aws:s3:::' }, { hole: 'Bucket' }, { text: '/key' }] }) as unknown as StringNode;
  const n1 = mk();
  const n2 = mk();
  const p1 = parseArnNode(n1);
  assert.equal(parseArnNode(n1), p1);
  const p2 = parseArnNode(n2);
  assert.notEqual(p2, p1);
  assert.deepEqual(p2, p1);
  assert.equal(p1.kind, 'arn');
  if (p1.kind === 'arn') assert.ok(p1.arn.hasHoles && p1.arn.resource.hole);
  // The text of a partial string is its known rendering: a known string with the same text is another parse.
  assert.notEqual(parseArnNode(str(n1.value)), p1);
});

test('string-keyed tables: any key (prototype names, numbers, empty), undefined answers, emptied at the bound', () => {
  let builds = 0;
  const t = textTable<string | undefined>('p2.keys', 4);
  const compute = (k: string) => {
    builds++;
    return k === 'none' ? undefined : `<${k}>`;
  };
  for (const k of ['__proto__', 'constructor', 'toString', '123', '']) assert.equal(t.get(k, compute), `<${k}>`);
  assert.equal(builds, 5);
  // The bound (4) was reached at the fifth key: the table was emptied and holds '' alone.
  assert.equal(t.get('', compute), '<>');
  assert.equal(builds, 5);
  assert.equal(t.get('__proto__', compute), '<__proto__>');
  assert.equal(builds, 6);
  assert.equal(t.get('none', compute), undefined);
  assert.equal(t.get('none', compute), undefined);
  assert.equal(builds, 7, 'an undefined answer is remembered');
  assert.equal(textMemo('p2.keys', 'hasOwnProperty', (k) => k.length), 14);
  assert.equal(
    dataMemo(getIamData(), 'p2.keys', 'valueOf', (k) => k.toUpperCase()),
    'VALUEOF',
  );
});

test('memo tables do not keep the texts of the documents their keys came from', () => {
  // A value read from a document may be a slice of the whole document text: a memo that kept such
  // a string (or a field cut from it) would keep every document it ever saw, in the server too.
  // Before the tables were dictionaries, actionRefOf's Map kept one such key per document (the
  // unknown action below): 40 documents of 1 MB grew the heap by 40 MB.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const service = new PolicyService();
  const pad = 'x'.repeat(1 << 20);
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const run = (i: number) => {
    const text = `{"Version":"2012-10-17","Id":"${pad}${i}","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObjectAcl${i}"],"Resource":["arn:aws:s3:::p2-bucket-${i}/some/key/*","arn:aws:s3:::p2-bucket-${i}"]}]}`;
    assert.ok(service.validate({ uri: `file:///p2-${i}.json`, text }, { policyType: 'identity' }).diagnostics.length > 0);
  };
  run(-1);
  const before = heap();
  for (let i = 0; i < 40; i++) run(i);
  const grown = (heap() - before) / (1 << 20);
  assert.ok(grown < 15, `heap grew by ${grown.toFixed(1)} MB after 40 documents of 1 MB`);
});

test('statement and policy facts: one per (node, data), on the node for the first data, in the maps otherwise, frozen nodes too', () => {
  const service = new PolicyService();
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
  const policy = service.parse({ uri: 'file:///p2-slot.json', text }).policies[0];
  const st = policy.statements[0];
  const real = getIamData();
  const other = Object.create(real) as IamData; // a second data instance (same answers, another identity)
  const a = statementFacts(st, real);
  const b = statementFacts(st, other);
  assert.notEqual(a, b);
  assert.equal(a.data, real);
  assert.equal(b.data, other);
  assert.equal(statementFacts(st, real), a);
  assert.equal(statementFacts(st, other), b);
  assert.equal(factsOf(policy, other), factsOf(policy, other));
  assert.notEqual(factsOf(policy, other), factsOf(policy, real));
  assert.equal(factsOf(policy, real).statements[0], a);
  assert.deepEqual(Object.keys(st).includes('facts'), false);
  assert.equal(JSON.stringify(st.action?.key), '"Action"');
  // A frozen statement cannot carry the slot: its facts live in the maps, still one per data.
  const frozen = Object.freeze({ ...st });
  const f1 = statementFacts(frozen, real);
  assert.equal(statementFacts(frozen, real), f1);
  assert.notEqual(statementFacts(frozen, other), f1);
  assert.deepEqual(f1.actions.map((v) => v.value), ['s3:GetObject']);
});

test('nodeDataMemo: one answer per (node, data instance), each built once', () => {
  const real = getIamData();
  const other = Object.create(real) as IamData; // a second data instance (same answers, another identity)
  const node = {};
  let builds = 0;
  const build = (n: object, data: IamData): { n: object; data: IamData; k: number } => ({ n, data, k: ++builds });
  const a = nodeDataMemo(node, real, 'p2.nodeData', build);
  const b = nodeDataMemo(node, other, 'p2.nodeData', build);
  assert.equal(a.data, real);
  assert.equal(b.data, other);
  assert.equal(nodeDataMemo(node, real, 'p2.nodeData', build), a);
  assert.equal(nodeDataMemo(node, other, 'p2.nodeData', build), b);
  assert.equal(builds, 2);
  // Another node, another table: their own answers.
  assert.notEqual(nodeDataMemo({}, real, 'p2.nodeData', build), a);
  assert.notEqual(nodeDataMemo(node, real, 'p2.nodeData2', build), a);
  assert.equal(builds, 4);
});
