/** Model utilities: cursor lookups with `|` markers, line index, element values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, elementStrings, nodeAtOffset, pathToString } from '../server/src/model';
import { PolicyService } from '../server/src/service';
import { cursor } from './helpers/fixtures';

const service = new PolicyService();

const cases: [string, string][] = [
  ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get|Object"],"Resource":"*"}]}', 'value Statement[0].Action[0]'],
  ['{"Version":"2012-10-17","Statement":[{"Eff|ect":"Allow","Action":"s3:GetObject","Resource":"*"}]}', 'key Statement[0].Effect'],
  ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}|]}', 'value Statement[0]'],
  ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":{"StringEquals":{"aws:Source|Account":"1"}}}]}', 'key Statement[0].Condition.StringEquals.aws:SourceAccount'],
  ['|{"Statement":[]}', 'value '],
];

for (const [marked, expected] of cases) {
  test(`nodeAtOffset ${expected}`, () => {
    const { text, offset } = cursor(marked);
    const [policy] = service.parse({ uri: 'file:///p.json', text }).policies;
    const hit = nodeAtOffset(policy.root, offset)!;
    const actual = hit.kind === 'key' ? `key ${pathToString(hit.property.path)}` : `value ${pathToString(hit.node.path)}`;
    assert.equal(actual, expected);
  });
}

test('spans of string values exclude the quotes when characters map 1:1', () => {
  const text = '{"Statement":[{"Action":["s3:GetObject","s3:\\u0047et*"]}]}';
  const [policy] = service.parse({ uri: 'file:///p.json', text }).policies;
  const [plain, escaped] = elementStrings(policy.statements[0].action!.value);
  assert.equal(text.slice(plain.valueSpan!.offset, plain.valueSpan!.offset + plain.valueSpan!.length), 's3:GetObject');
  assert.equal(escaped.value, 's3:Get*');
  assert.equal(escaped.valueSpan, undefined, 'escaped strings have no 1:1 value span');
});

test('LineIndex', () => {
  const idx = new LineIndex('ab\ncd\r\nef\rg');
  assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(idx.positionAt(10), { line: 3, character: 0 });
  assert.deepEqual(idx.positionAt(999), { line: 3, character: 1 }, 'clamped to the end');
  assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 }, 'clamped to the start');
  assert.equal(idx.offsetAt({ line: 1, character: 1 }), 4);
  assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5, 'clamped to the line end');
});
