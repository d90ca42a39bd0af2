/**
 * Data-driven completion tests. Each host file in test/fixtures/completion/ has one `|` cursor
 * marker; its hand-written `<file>.expected` lists what the completion at the cursor must give:
 *   + label               an item with this label is present
 *   - label               no item has this label
 *   label => insert text  the item's insert text (exact; `\n` for a newline)
 *   replace "text"        every item replaces exactly this host text (may be empty: "")
 *   first label           the item sorted first (by sortText, then label)
 *   last label            the item sorted last
 *   count >= N / count == N
 *   incomplete true|false
 * Lines starting with # are comments.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../../server/src/service';
import type { FeatureCompletion } from '../../server/src/features';
import { FIXTURES, cursor, listFiles, policyTypeFromName } from '../helpers/fixtures';

const service = new PolicyService();
const dir = path.join(FIXTURES, 'completion');

function run(file: string) {
  const { text, offset } = cursor(fs.readFileSync(file, 'utf8'));
  const doc = { uri: `file://${file}`, text, version: 1 };
  return { text, offset, result: service.complete(doc, offset, { policyType: policyTypeFromName(file) }) };
}

const sortKey = (i: FeatureCompletion): string => `${i.sortText ?? i.label}\u0000${i.label}`;

describe('completion fixtures', () => {
  const files = listFiles(dir, (n) => !n.endsWith('.expected'));
  test('fixtures exist', () => assert.ok(files.length > 0));
  for (const file of files) {
    test(path.basename(file), () => {
      const spec = fs.readFileSync(`${file}.expected`, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
      const { text, result } = run(file);
      const labels = new Set(result.items.map((i) => i.label));
      const sorted = [...result.items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
      for (const line of spec) {
        let m: RegExpExecArray | null;
        if ((m = /^\+ (.+)$/.exec(line))) assert.ok(labels.has(m[1]), `expected item "${m[1]}"`);
        else if ((m = /^- (.+)$/.exec(line))) assert.ok(!labels.has(m[1]), `unexpected item "${m[1]}"`);
        else if ((m = /^replace "(.*)"$/.exec(line))) {
          assert.ok(result.items.length > 0, 'no items');
          for (const i of result.items) assert.equal(text.slice(i.replace.offset, i.replace.offset + i.replace.length), m[1], `replace range of ${i.label}`);
        } else if ((m = /^first (.+)$/.exec(line))) assert.equal(sorted[0]?.label, m[1]);
        else if ((m = /^last (.+)$/.exec(line))) assert.equal(sorted[sorted.length - 1]?.label, m[1]);
        else if ((m = /^count (>=|==) (\d+)$/.exec(line))) {
          if (m[1] === '>=') assert.ok(result.items.length >= Number(m[2]), `count ${result.items.length} < ${m[2]}`);
          else assert.equal(result.items.length, Number(m[2]));
        } else if ((m = /^incomplete (true|false)$/.exec(line))) assert.equal(result.isIncomplete, m[1] === 'true');
        else if ((m = /^(.+?) => (.*)$/.exec(line))) {
          const item = result.items.find((i) => i.label === m![1]);
          assert.ok(item, `expected item "${m[1]}"`);
          assert.equal(item.insertText, m[2].replace(/\\n/g, '\n'), `insert text of ${m[1]}`);
        } else assert.fail(`bad spec line: ${line}`);
      }
    });
  }
});

test('completion never throws and stays inside the document on every offset of a half-typed policy', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Ge","ec2:*"],"Resource":"arn:aws:s3:::b/${aws:us","Condition":{"StringEquals":{"aws:Req';
  const doc = { uri: 'file:///half.json', text, version: 1 };
  for (let o = 0; o <= text.length; o++) {
    const r = service.complete(doc, o);
    for (const i of r.items) {
      assert.ok(i.replace.offset >= 0 && i.replace.offset + i.replace.length <= text.length, `range at ${o}`);
      assert.ok(i.replace.offset <= o && o <= i.replace.offset + i.replace.length, `range covers the cursor at ${o}`);
    }
  }
});
