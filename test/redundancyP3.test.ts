/**
 * checks/support/redundancy.ts redundantEntries (REDUNDANT_ACTION, REDUNDANT_RESOURCE) against the
 * plain definition, which its prefix index must not change: for each entry, the first earlier equal entry, else the first
 * wildcard entry (shortest literal prefix first, then list order) that covers it. Random lists of
 * actions and ARNs with case variants, repeats, `*`, `?`, `${…}`, non-ASCII text and U+0130 (whose
 * lower case is longer), short and long.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redundantActionEntries, redundantEntries, redundantResourceEntries } from '../server/src/checks/support/redundancy';
import { actionRefsOf, knownValues } from '../server/src/facts';
import { getIamData } from '../server/src/data/iamData';
import type { PropertyNode, StringNode, ValueNode } from '../server/src/model';
import { lcg } from './helpers/lcg';
import { redundancyReference } from './helpers/redundancyReference';

function str(value: string, i: number): StringNode {
  return { kind: 'string', value, span: { offset: i, length: value.length + 2 }, path: ['Action', i] } as unknown as StringNode;
}

function prop(values: string[]): PropertyNode {
  const value = { kind: 'array', items: values.map(str), span: { offset: 0, length: 1 }, path: ['Action'] } as unknown as ValueNode;
  return { key: 'Action', value, keySpan: { offset: 0, length: 8 }, path: ['Action'] } as unknown as PropertyNode;
}

/** The definition, written the simple way (quadratic): test/helpers/redundancyReference.ts. */
function reference(values: string[], caseInsensitive: boolean): { value: string; by: string }[] {
  return redundancyReference(values, caseInsensitive).map((e) => ({ value: values[e.index], by: e.by }));
}

const PIECES = ['s3:', 'S3:', 'ec2:', 'iam:', 'Get', 'get', 'GET', 'Object', 'object', 'Put', 'List', 'Describe', '*', '?', '${aws:username}', 'é', 'É', '\u0130', 'i\u0307', 'arn:aws:s3:::', 'bucket', '/', 'Bucket', 'x', 'a*b', '$'];

function randomList(next: (n: number) => number): string[] {
  const n = next(4) === 0 ? 33 + next(40) : 2 + next(10);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (out.length > 0 && next(5) === 0) {
      // a repeat, sometimes in another case
      const v = out[next(out.length)];
      out.push(next(2) ? v : v.toUpperCase());
      continue;
    }
    let v = '';
    const parts = 1 + next(5);
    for (let p = 0; p < parts; p++) v += PIECES[next(PIECES.length)];
    out.push(v);
  }
  return out;
}

test('redundantEntries = the quadratic definition on random lists, case-insensitive (actions) and not (ARNs)', () => {
  const next = lcg(20261202);
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    const values = randomList(next);
    for (const ci of [true, false]) {
      const got = redundantEntries(prop(values), ci).map((e) => ({ value: e.node.value, by: e.by }));
      const want = reference(values, ci);
      assert.deepEqual(got, want, JSON.stringify({ values, ci }));
      found += want.length;
    }
  }
  assert.ok(found > 1000, 'the lists have redundant entries to find');
});

test('redundantEntries: lists without wildcards or repeats (the pre-check) and the edge cases of case folding', () => {
  const none = (values: string[], ci = true) => redundantEntries(prop(values), ci).map((e) => `${e.node.value}<${e.by}`);
  assert.deepEqual(none(['s3:GetObject', 's3:PutObject', 'ec2:DescribeInstances']), []);
  assert.deepEqual(none(['s3:GetObject', 'S3:GETOBJECT']), ['S3:GETOBJECT<s3:GetObject']);
  assert.deepEqual(none(['s3:GetObject', 'S3:GETOBJECT'], false), []);
  // Equal only once lower-cased, with different lengths (U+0130 lower-cases to two characters).
  assert.deepEqual(none(['a\u0130', 'ai\u0307']), ['ai\u0307<a\u0130']);
  // ... also where the pre-check's sampled characters miss it (a long text).
  assert.deepEqual(none(['svc:abcdefghi\u0130jklmnopqrstu', 'svc:abcdefghii\u0307jklmnopqrstu']), ['svc:abcdefghii\u0307jklmnopqrstu<svc:abcdefghi\u0130jklmnopqrstu']);
  // Non-ASCII case pairs.
  assert.deepEqual(none(['s3:Éx', 's3:éx']), ['s3:éx<s3:Éx']);
  // Long lists: a repeat far apart, past the pairwise comparison.
  const long = Array.from({ length: 40 }, (_, i) => `svc:Action${i}`);
  assert.deepEqual(none(long), []);
  assert.deepEqual(none([...long, 'SVC:ACTION7']), ['SVC:ACTION7<svc:Action7']);
  // A single entry or a string value is never redundant.
  assert.deepEqual(none(['s3:*']), []);
});

const ACTION_PIECES = ['s3:GetObject', 'S3:getobject', 's3:PutObject', 'iam:PassRole', 'IAM:passrole', 'ec2:DescribeInstances', 'ec2:Describe*', 's3:Get*', 's3:nosuchaction', 'nosuchservice:Get', 'iam:*', '*', 's3:?etObject', 'sqs:SendMessage', 'sqs:sendMessage'];

test('redundantActionEntries and redundantResourceEntries (from the facts) = redundantEntries', () => {
  const data = getIamData();
  const next = lcg(20261203);
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    const n = next(4) === 0 ? 17 + next(30) : 2 + next(14);
    // Lists of known actions only (the identity path) and mixed lists (the general path), and ARN-like lists.
    const onlyKnown = next(2) === 0;
    const actions: string[] = [];
    for (let i = 0; i < n; i++) actions.push(ACTION_PIECES[next(onlyKnown ? 6 : ACTION_PIECES.length)]);
    const p = prop(actions);
    const values = knownValues(p);
    const got = redundantActionEntries(values, actionRefsOf(data, values)).map((e) => ({ value: e.node.value, by: e.by }));
    const want = redundantEntries(p, true).map((e) => ({ value: e.node.value, by: e.by }));
    assert.deepEqual(got, want, JSON.stringify(actions));
    found += want.length;
    const arns = randomList(next);
    if (next(2) === 0) for (let i = 0; i < arns.length; i++) arns[i] = arns[i].replace(/[*?]/g, 'x');
    const q = prop(arns);
    const gotR = redundantResourceEntries(knownValues(q)).map((e) => ({ value: e.node.value, by: e.by }));
    assert.deepEqual(gotR, redundantEntries(q, false).map((e) => ({ value: e.node.value, by: e.by })), JSON.stringify(arns));
  }
  assert.ok(found > 1000, 'the lists have redundant actions to find');
});

test('redundantEntries: long ARN lists sharing a prefix (the literal-run pre-check before patternCovers)', () => {
  const types = ['image', 'instance', 'subnet', 'volume', 'vpc', 'network-interface', 'security-group', 'snapshot', 'key-pair', 'launch-template', 'elastic-ip', 'route-table', 'natgateway', 'internet-gateway', 'network-acl', 'placement-group', 'dhcp-options'];
  const arns = types.map((t) => `arn:aws:ec2:*:*:${t}/*`);
  const values = [...arns, 'arn:aws:ec2:*:*:instance/i-123', 'arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:instance/${aws:username}', 'arn:aws:ec2:*:*:vpc-endpoint/*'];
  assert.deepEqual(
    redundantEntries(prop(values), false).map((e) => `${e.node.value}<${e.by}`),
    reference(values, false).map((e) => `${e.value}<${e.by}`),
  );
  assert.deepEqual(
    redundantEntries(prop(values), false).map((e) => e.node.value),
    ['arn:aws:ec2:*:*:instance/i-123', 'arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:instance/${aws:username}'],
  );
});
