/** Regression (fuzzer, seed 42 doc 1083): a CRLF policy with an unterminated string inside a statement. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../server/src/adapters/json/jsonTree';
import type { ValueNode } from '../server/src/model';

const TEXT =
  '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n    { "Effect": "Al-0low",\\" "Principal": { "AWS": [] }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*" },\r\n' +
  '    { "Effect": "Deny", "NotPrincipal": [], "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::bucket/*" }\r\n  ]\r\n}\r\n';

test('every node span stays inside the text when jsonc-parser\'s scanner runs past it (CRLF, unterminated string)', () => {
  const { root } = parseJson(TEXT);
  const outside: string[] = [];
  const walk = (n: ValueNode | undefined): void => {
    if (!n) return;
    if (n.span.offset + n.span.length > TEXT.length) outside.push(`${n.kind} ${n.path.join('.')}`);
    if (n.kind === 'array') n.items.forEach(walk);
    if (n.kind === 'object')
      for (const p of n.properties) {
        if (p.span.offset + p.span.length > TEXT.length) outside.push(`property ${p.key}`);
        walk(p.value);
      }
  };
  walk(root);
  assert.deepEqual(outside, []);
});
