/**
 * Data-driven hover tests: each host file in test/fixtures/hover/ has one `|` cursor marker; its
 * `<file>.expected` holds the hovered host text on the first line (`range: "…"`) and then the exact
 * markdown (regenerate with UPDATE_FIXTURES=1, then review). `none` means no hover.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../../server/src/service';
import { FIXTURES, cursor, expectedFor, listFiles, policyTypeFromName } from '../helpers/fixtures';

const service = new PolicyService();
const dir = path.join(FIXTURES, 'hover');

describe('hover fixtures', () => {
  const files = listFiles(dir, (n) => !n.endsWith('.expected'));
  test('fixtures exist', () => assert.ok(files.length > 0));
  for (const file of files) {
    test(path.basename(file), () => {
      const { text, offset } = cursor(fs.readFileSync(file, 'utf8'));
      const doc = { uri: `file://${file}`, text };
      const h = service.hover(doc, offset, { policyType: policyTypeFromName(file) });
      const actual = h ? `range: ${JSON.stringify(text.slice(h.span.offset, h.span.offset + h.span.length))}\n${h.markdown.replace(/IAM reference data: [^_]*_/, 'IAM reference data: DATE_')}` : 'none';
      assert.equal(actual, expectedFor(file, actual));
    });
  }
});

test('the hover footer shows the reference data date', () => {
  const text = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
  const doc = { uri: 'file:///p.json', text };
  const h = service.hover(doc, text.indexOf('GetObject'));
  assert.ok(h);
  assert.ok(h.markdown.includes(`IAM reference data: ${service.data.date}`));
  assert.match(service.data.date, /^\d{4}-\d{2}-\d{2}$/);
});

test('hover never throws on any offset of a half-typed policy', () => {
  const text = '{"Statement":[{"Effect":"Allow","Action":["s3:Get*","iam:PassRole"],"Resource":"arn:aws:s3:::b/${aws:username}","Principal":{"Service":"lambda.amazonaws.com"},"Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1","s3:pre';
  const doc = { uri: 'file:///half.json', text, version: 1 };
  for (let o = 0; o <= text.length; o++) {
    const h = service.hover(doc, o);
    if (h) assert.ok(h.span.offset >= 0 && h.span.offset + h.span.length <= text.length);
  }
});
