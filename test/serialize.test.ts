/** The policy serializer: minified JSON as AWS counts it, approximations, source map. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { buildPolicyDocument, type ValueNode } from '../server/src/model';
import { editValueSize, nodeSize, policySize, serializePolicy, serializeValue } from '../server/src/model/serialize';
import { QUOTAS, policySizeQuota, resourcePolicyQuota } from '../server/src/facts/quotas';

const service = new PolicyService();

function parseJson(text: string) {
  const policies = service.parse({ uri: 'file:///p.json', text }).policies;
  assert.equal(policies.length, 1);
  return policies[0];
}

test('minified JSON equals JSON.stringify of the parsed text, in source order with duplicates', () => {
  const texts = [
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "s3:GetObject" ], "Resource": "*" } ] }',
    '{\n  "Statement": {\n    "Sid": "A b\\"c\\u00e9",\n    "Effect": "Deny",\n    "Action": "*",\n    "NotResource": [],\n    "Condition": { "NumericLessThan": { "aws:MultiFactorAuthAge": 3600 }, "Bool": { "aws:SecureTransport": false } }\n  },\n  "Version": "2012-10-17"\n}',
  ];
  for (const text of texts) {
    const r = serializePolicy(parseJson(text));
    assert.equal(r.text, JSON.stringify(JSON.parse(text)));
    assert.equal(r.approximate, false);
    assert.equal(policySize(parseJson(text)).size, r.text.length);
  }
  // duplicate keys are kept (JSON.parse would drop one)
  const dup = serializePolicy(parseJson('{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}'));
  assert.equal(dup.text, '{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}');
  // numbers keep their written form
  assert.equal(serializePolicy(parseJson('{"Statement":[],"X":1.50}')).text, '{"Statement":[],"X":1.50}');
});

test('source map: every key and value maps output offsets to host spans', () => {
  const text = '{ "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*" } ] }';
  const policy = parseJson(text);
  const r = serializePolicy(policy, { sourceMap: true });
  assert.ok(r.sourceMap && r.sourceMap.length > 0);
  for (const e of r.sourceMap!) {
    const out = r.text.slice(e.start, e.end);
    const host = text.slice(e.span.offset, e.span.offset + e.span.length);
    // the same JSON value on both sides (whitespace aside)
    assert.equal(out, JSON.stringify(JSON.parse(host)), `${e.kind} ${e.path.join('.')}`);
  }
  const action1 = r.sourceMap!.find((e) => e.kind === 'value' && e.path.join('.') === 'Statement.0.Action.1');
  assert.ok(action1);
  assert.equal(r.text.slice(action1!.start, action1!.end), '"s3:PutObject"');
  assert.equal(serializePolicy(policy).sourceMap, undefined, 'no map unless asked');
});

const span = { offset: 0, length: 0 };
test('partial and unknown values are approximated as lower bounds and flagged', () => {
  const partial: ValueNode = { kind: 'string', value: 'arn:aws:s3:::${?}/*', parts: [{ text: 'arn:aws:s3:::' }, { hole: 'Bucket' }, { text: '/*' }], span, path: [] };
  const r1 = serializeValue(partial);
  assert.equal(r1.text, '"arn:aws:s3:::/*"');
  assert.equal(r1.approximate, true);

  const unknown: ValueNode = { kind: 'unknown', label: '!Ref X', span, path: [] };
  assert.deepEqual(serializeValue(unknown), { text: '""', approximate: true });

  const choice: ValueNode = {
    kind: 'unknown',
    label: 'Fn::If',
    span,
    path: [],
    alternatives: [
      { kind: 'string', value: 'short', span, path: [] },
      { kind: 'string', value: 'much longer value', span, path: [] },
    ],
  };
  assert.deepEqual(serializeValue(choice), { text: '"much longer value"', approximate: true });
  assert.deepEqual(nodeSize(choice), { size: '"much longer value"'.length, approximate: true });
});

test('editValueSize measures values as they would be written, snippets without placeholders', () => {
  assert.equal(editValueSize('s3:GetObject'), '"s3:GetObject"'.length);
  assert.equal(editValueSize(['a', 'b']), '["a","b"]'.length);
  assert.equal(editValueSize({ AWS: '123456789012' }), '{"AWS":"123456789012"}'.length);
  assert.equal(editValueSize({ $snippet: 'arn:aws:s3:::${1:bucket}/*' }), '"arn:aws:s3:::bucket/*"'.length);
  assert.equal(editValueSize({ $snippet: 'x$0y' }), '"xy"'.length);
});

test('quotas by policy type and resource type', () => {
  assert.equal(policySizeQuota('identity')?.max, 6144);
  assert.equal(policySizeQuota('trust')?.max, 2048);
  assert.equal(policySizeQuota('trust')?.adjustableTo, 4096);
  assert.equal(policySizeQuota('scp')?.max, 5120);
  assert.equal(policySizeQuota('rcp')?.max, 5120);
  assert.equal(policySizeQuota('resource'), undefined, 'a resource policy needs its resource type');
  assert.equal(policySizeQuota('resource', 'AWS::SQS::Queue')?.max, 8192);
  assert.equal(resourcePolicyQuota('aws::kms::key')?.max, 32768);
  assert.equal(resourcePolicyQuota('AWS::S3::Bucket'), QUOTAS.s3Bucket);
  assert.equal(resourcePolicyQuota('AWS::Nope::Thing'), undefined);
});

test('serializing a policy built from a bare model', () => {
  const root: ValueNode = {
    kind: 'object',
    span,
    path: [],
    properties: [{ key: 'Statement', keySpan: span, span, path: ['Statement'], value: { kind: 'array', items: [], span, path: ['Statement'] } }],
  };
  const doc = buildPolicyDocument(root, { label: 't', hostPath: [] });
  assert.equal(serializePolicy(doc).text, '{"Statement":[]}');
});
