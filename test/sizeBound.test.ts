/**
 * Issue #16: PolicyDocument.sizeBound, the upper bound of a policy's minified size that the JSON
 * adapter proves from its source text, lets the POLICY_SIZE_EXCEEDS_* checks skip measuring. It must
 * never be below the measured size (or a policy over its quota would go unreported), and it must be
 * absent wherever minifying can lengthen the text: a raw lone surrogate (1 character, written as a
 * 6-character escape), or a text read with problems (comments, raw control characters, …).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { policySize } from '../server/src/model/serialize';
import { PolicyService } from '../server/src/service';
import { FIXTURES } from './helpers/fixtures';

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jsonFiles(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const service = new PolicyService();
const policiesOf = (text: string) => service.parse({ uri: 'file:///p.json', text }).policies;

test('sizeBound ≥ the measured size for every JSON fixture policy that has one', () => {
  let bounded = 0;
  for (const file of jsonFiles(FIXTURES)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 512 * 1024) continue;
    for (const policy of service.parse({ uri: `file://${file}`, text }).policies) {
      if (policy.sizeBound === undefined) continue;
      bounded++;
      assert.ok(policy.sizeBound >= policySize(policy).size, `${file}: bound ${policy.sizeBound} < size ${policySize(policy).size}`);
    }
  }
  assert.ok(bounded > 100, `only ${bounded} fixture policies had a bound`);
});

test('sizeBound: escapes, numbers and duplicate keys never make the minified text longer than its source', () => {
  const cases = [
    '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    '{ "Statement" : [ { "Effect" : "Allow" , "Action" : [ "s3:Get*" , "s3:List*" ] , "Resource" : "*" } ] }',
    '{"Statement":[{"Effect":"Allow","Action":"\\u0073\\u0033:GetObject","Resource":"\\/\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f"}]}',
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":1e20}}}]}',
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":-0.000001E-7}}}]}',
    '{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}',
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/\\ud83d\\ude00\\ud800"}]}',
    '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"Version":"2012-10-17","Id":null,"X":[true,false,{}]}',
  ];
  for (const text of cases) {
    const [policy] = policiesOf(text);
    assert.ok(policy, text);
    assert.notEqual(policy.sizeBound, undefined, text);
    assert.ok(policy.sizeBound! >= policySize(policy).size, text);
  }
});

test('sizeBound is absent where minifying could lengthen the text or the text is not strict JSON', () => {
  const cases = [
    // A raw lone surrogate: written as a 6-character escape.
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/\ud800"}]}',
    // A raw surrogate pair (not longer, but any surrogate withholds the bound).
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/\ud83d\ude00"}]}',
    // Read with problems: a raw control character, a comment, a trailing comma.
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"a\tb"}]}',
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]} // note',
    '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]}',
  ];
  for (const text of cases) {
    const [policy] = policiesOf(text);
    assert.ok(policy, text);
    assert.equal(policy.sizeBound, undefined, text);
  }
  // The lone surrogate is the case that would be wrong: its minified size exceeds the source.
  const [lone] = policiesOf(cases[0]);
  assert.ok(policySize(lone).size > lone.root.span.length);
});

test('sizeBound ≥ the measured size over random escaped strings and numbers', () => {
  const next = rng(16);
  const pieces = ['a', 'Z', '0', ' ', '/', ':', '*', '\\"', '\\\\', '\\/', '\\b', '\\n', '\\t', '\\u0041', '\\u001F', '\\u00e9', '\\ud800', '\\udc00', '\\ud83d\\ude00', 'é', '€'];
  const numbers = ['0', '-0', '1e20', '1E+2', '12.5e-3', '123456789012345678901234567890', '-1.0', '5e-324'];
  let checked = 0;
  for (let n = 0; n < 400; n++) {
    let s = '';
    const len = Math.floor(next() * 12);
    for (let i = 0; i < len; i++) s += pieces[Math.floor(next() * pieces.length)];
    const num = numbers[Math.floor(next() * numbers.length)];
    const text = `{"Statement":[{"Sid":"${s}","Effect":"Allow","Action":"s3:${s}","Resource":["${s}","*"],"Condition":{"NumericEquals":{"s3:max-keys":${num}}}}]}`;
    const [policy] = policiesOf(text);
    if (!policy || policy.sizeBound === undefined) continue;
    checked++;
    assert.ok(policy.sizeBound >= policySize(policy).size, text);
  }
  assert.ok(checked > 300, `only ${checked} random policies had a bound`);
});

test('a policy over its quota is still reported when it has a bound, and one within it is not', () => {
  const actions = (n: number) => Array.from({ length: n }, (_, i) => `"s3:GetObject${'x'.repeat(20)}${i}"`).join(',');
  const over = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[${actions(400)}],"Resource":"*"}]}`;
  const under = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[${actions(10)}],"Resource":"*"}]}`;
  const codes = (text: string) => service.validate({ uri: 'file:///p.json', text }, { policyType: 'identity' }).diagnostics.map((d) => d.code);
  assert.notEqual(policiesOf(over)[0].sizeBound, undefined);
  assert.ok(codes(over).includes('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'));
  assert.ok(!codes(under).includes('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'));
});
