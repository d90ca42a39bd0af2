/** The JSON edit renderer on its own: each intent, in one-line and multi-line hosts, tabs and CRLF. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPolicyAdapter } from '../server/src/adapters/json/jsonPolicy';
import { getProperty, type EditIntent, type ObjectNode, type PolicyDocument } from '../server/src/model';
import { applyTextEdits } from '../server/src/features/codeActions';

function parse(text: string): { policy: PolicyDocument; apply: (i: EditIntent) => string } {
  const r = jsonPolicyAdapter.parse({ uri: 'file:///p.json', text }, {})!;
  const policy = r.policies[0];
  return {
    policy,
    apply: (i) => {
      const edits = r.renderer!.render(i);
      assert.ok(edits, 'intent not rendered');
      const out = applyTextEdits(text, edits!);
      assert.deepEqual(jsonPolicyAdapter.parse({ uri: 'file:///p.json', text: out }, {})!.problems, [], `result does not parse:\n${out}`);
      return out;
    },
  };
}

const MULTI = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:PutObject"
            ],
            "Resource": "*"
        }
    ]
}
`;

test('insertProperty keeps the object style and its indentation (4 spaces)', () => {
  const { policy, apply } = parse(MULTI);
  const st = policy.statements[0].node as ObjectNode;
  assert.equal(
    apply({ kind: 'insertProperty', object: st, key: 'Sid', value: 'Read', position: 'first' }),
    MULTI.replace('{\n            "Effect"', '{\n            "Sid": "Read",\n            "Effect"'),
  );
  assert.equal(
    apply({ kind: 'insertProperty', object: st, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } } }),
    MULTI.replace('"Resource": "*"', '"Resource": "*",\n            "Condition": {\n                "Bool": {\n                    "aws:SecureTransport": "true"\n                }\n            }'),
  );
  const one = parse('{"Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]}');
  const ost = one.policy.statements[0].node as ObjectNode;
  assert.equal(one.apply({ kind: 'insertProperty', object: ost, key: 'Sid', value: 'A', position: { after: 'Effect' } }), '{"Statement": [{ "Effect": "Allow", "Sid": "A", "Action": "s3:GetObject", "Resource": "*" }]}');
});

test('deleteItem and deleteProperty remove their separator, first, middle and last', () => {
  const { policy, apply } = parse(MULTI);
  const action = policy.statements[0].action!.value;
  assert.ok(action.kind === 'array');
  assert.equal(apply({ kind: 'deleteItem', array: action, item: action.items[0] }), MULTI.replace('"s3:GetObject",\n                ', ''));
  assert.equal(apply({ kind: 'deleteItem', array: action, item: action.items[1] }), MULTI.replace(',\n                "s3:PutObject"', ''));
  const st = policy.statements[0].node as ObjectNode;
  assert.equal(apply({ kind: 'deleteProperty', object: st, property: getProperty(st, 'Resource')! }), MULTI.replace(',\n            "Resource": "*"', ''));
  assert.equal(apply({ kind: 'deleteProperty', object: st, property: getProperty(st, 'Effect')! }), MULTI.replace('"Effect": "Allow",\n            ', ''));
});

test('replaceValue on an array rewrites only the changed run of items', () => {
  const { policy, apply } = parse(MULTI);
  const action = policy.statements[0].action!.value;
  assert.equal(
    apply({ kind: 'replaceValue', node: action, value: ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObject'] }),
    MULTI.replace('"s3:GetObject",', '"s3:GetObject",\n                "s3:GetObjectAcl",'),
  );
  assert.equal(apply({ kind: 'replaceValue', node: action, value: ['s3:PutObject'] }), MULTI.replace('"s3:GetObject",\n                ', ''));
});

test('appendItem: a single statement object becomes a list; tabs and CRLF are kept', () => {
  const text = '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": {\r\n\t\t"Effect": "Allow",\r\n\t\t"Action": "s3:GetObject",\r\n\t\t"Resource": "*"\r\n\t}\r\n}\r\n';
  const { policy, apply } = parse(text);
  const out = apply({ kind: 'appendItem', array: policy.statementProperty!.value, value: { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' } });
  assert.equal(
    out,
    '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [\r\n\t\t{\r\n\t\t\t"Effect": "Allow",\r\n\t\t\t"Action": "s3:GetObject",\r\n\t\t\t"Resource": "*"\r\n\t\t},\r\n\t\t{\r\n\t\t\t"Effect": "Deny",\r\n\t\t\t"Action": "s3:DeleteObject",\r\n\t\t\t"Resource": "*"\r\n\t\t}\r\n\t]\r\n}\r\n',
  );
});

test('snippet values escape the literal text around their placeholders', () => {
  const { policy } = parse(MULTI);
  const r = jsonPolicyAdapter.parse({ uri: 'file:///p.json', text: MULTI }, {})!;
  const st = policy.statements[0].node as ObjectNode;
  const edits = r.renderer!.render({ kind: 'insertProperty', object: st, key: 'Condition', value: { StringEquals: { 'aws:PrincipalTag/${x}': { $snippet: '${1:value}' } } } })!;
  assert.equal(edits[0].snippet, true);
  assert.match(edits[0].newText, /"aws:PrincipalTag\/\\\$\{x\\\}": "\$\{1:value\}"/);
  assert.match(edits[0].newText, /\\\}$/);
});
