/**
 * The YAML edit renderer on its own (CloudFormation YAML host): each intent in block and flow
 * collections, LF and CRLF, and the quoting of scalars that YAML 1.1 would not read as strings.
 * Every result must parse again without problems and, where stated, give the expected model.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { parseHost } from '../server/src/adapters';
import { getProperty, type EditIntent, type ObjectNode, type PolicyDocument } from '../server/src/model';
import { applyTextEdits } from '../server/src/features/codeActions';
import { yamlString, yamlReadsAsNonString } from '../server/src/adapters/cfn/yamlEdits';

const URI = 'file:///template.yaml';

function host(text: string): { policy: PolicyDocument; apply: (i: EditIntent) => string } {
  const r = parseHost({ uri: URI, text });
  assert.equal(r.format, 'cfn-yaml');
  assert.deepEqual(r.problems, []);
  const policy = r.policies[0];
  return {
    policy,
    apply: (i) => {
      const edits = r.renderer!.render(i);
      assert.ok(edits, 'intent not rendered');
      const out = applyTextEdits(text, edits!);
      const again = parseHost({ uri: URI, text: out });
      assert.deepEqual(again.problems, [], `result does not parse:\n${out}`);
      assert.ok(again.policies.length > 0, `no policy left:\n${out}`);
      return out;
    },
  };
}

const BLOCK = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - sqs:Get*
              - s3:GetObjekt
            Resource: "*"
`;

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

for (const [label, conv] of [['LF', (s: string) => s], ['CRLF', crlf]] as const) {
  describe(`YAML renderer (${label})`, () => {
    const actionOf = (p: PolicyDocument) => {
      const v = p.statements[0].action!.value;
      assert.equal(v.kind, 'array');
      return v as Extract<typeof v, { kind: 'array' }>;
    };

    test('replace one item of a block sequence by several keeps the next key on its own line', () => {
      const { policy, apply } = host(conv(BLOCK));
      const action = actionOf(policy);
      const out = apply({ kind: 'replaceValue', node: action, value: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 's3:GetObjekt'] });
      assert.equal(
        out,
        conv(BLOCK.replace('              - sqs:Get*\n', '              - sqs:GetQueueAttributes\n              - sqs:GetQueueUrl\n')),
      );
    });

    test('replace the last item of a block sequence by several', () => {
      const { policy, apply } = host(conv(BLOCK));
      const out = apply({ kind: 'replaceValue', node: actionOf(policy), value: ['sqs:Get*', 's3:GetObject', 's3:GetObjectAcl'] });
      assert.equal(out, conv(BLOCK.replace('- s3:GetObjekt\n', '- s3:GetObject\n              - s3:GetObjectAcl\n')));
    });

    test('a sequence rewritten with nothing in common is rewritten whole, the next key stays on its line', () => {
      const { policy, apply } = host(conv(BLOCK));
      const out = apply({ kind: 'replaceValue', node: actionOf(policy), value: ['ec2:A', 'ec2:B'] });
      assert.equal(out, conv(BLOCK.replace('- sqs:Get*\n              - s3:GetObjekt\n', '- ec2:A\n              - ec2:B\n')));
    });

    test('replace an item of a flow sequence', () => {
      const text = conv(BLOCK.replace('Action:\n              - sqs:Get*\n              - s3:GetObjekt\n', 'Action: [sqs:Get*, s3:GetObjekt]\n'));
      const { policy, apply } = host(text);
      const out = apply({ kind: 'replaceValue', node: actionOf(policy), value: ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 's3:GetObjekt'] });
      assert.equal(out, text.replace('[sqs:Get*, s3:GetObjekt]', '[sqs:GetQueueUrl, sqs:GetQueueAttributes, s3:GetObjekt]'));
    });

    test('replace a scalar by a list: a block sequence under its key, at the document\'s sequence indentation', () => {
      const text = conv(BLOCK.replace('Action:\n              - sqs:Get*\n              - s3:GetObjekt\n', 'Action: sqs:Get*\n'));
      const { policy, apply } = host(text);
      const out = apply({ kind: 'replaceValue', node: policy.statements[0].action!.value, value: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] });
      assert.equal(out, text.replace('Action: sqs:Get*', conv('Action:\n              - sqs:GetQueueAttributes\n              - sqs:GetQueueUrl')));
      // A document that writes sequences at the key's column is followed.
      const compact = conv('Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n        - Effect: Allow\n          Action: sqs:Get*\n          Resource: "*"\n');
      const c = host(compact);
      assert.equal(
        c.apply({ kind: 'replaceValue', node: c.policy.statements[0].action!.value, value: ['sqs:A', 'sqs:B'] }),
        compact.replace('Action: sqs:Get*', conv('Action:\n          - sqs:A\n          - sqs:B')),
      );
    });

    test('replace a scalar by a mapping: a block mapping under its key; a sequence item stays on its line in flow style', () => {
      const text = conv(BLOCK.replace('Resource: "*"', 'Resource: "*"\n            Principal: "123456789012"'));
      const { policy, apply } = host(text);
      const principal = policy.statements[0].principal!.value;
      assert.equal(apply({ kind: 'replaceValue', node: principal, value: { AWS: '123456789012' } }), text.replace('Principal: "123456789012"', conv("Principal:\n              AWS: '123456789012'")));
      const action = actionOf(policy);
      assert.equal(apply({ kind: 'replaceValue', node: action.items[0], value: ['sqs:A', 'sqs:B'] }), text.replace('- sqs:Get*', '- [sqs:A, sqs:B]'));
    });

    test('insert a property into a block mapping and into a flow mapping', () => {
      const { policy, apply } = host(conv(BLOCK));
      const st = policy.statements[0].node as ObjectNode;
      assert.equal(apply({ kind: 'insertProperty', object: st, key: 'Sid', value: 'Read', position: 'first' }), conv(BLOCK.replace('- Effect: Allow', '- Sid: Read\n            Effect: Allow')));
      // After a block sequence value: on its own line after the last item.
      assert.equal(
        apply({ kind: 'insertProperty', object: st, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } }, position: { after: 'Action' } }),
        conv(BLOCK.replace('- s3:GetObjekt\n', "- s3:GetObjekt\n            Condition:\n              Bool:\n                aws:SecureTransport: 'true'\n")),
      );
      const flowText = conv(BLOCK.replace('          - Effect: Allow\n            Action:\n              - sqs:Get*\n              - s3:GetObjekt\n            Resource: "*"\n', '          - {Effect: Allow, Action: sqs:Get*, Resource: "*"}\n'));
      const f = host(flowText);
      assert.equal(
        f.apply({ kind: 'insertProperty', object: f.policy.statements[0].node as ObjectNode, key: 'Sid', value: 'Read', position: { after: 'Effect' } }),
        flowText.replace('{Effect: Allow, ', '{Effect: Allow, Sid: Read, '),
      );
    });

    test('delete a property and a sequence item', () => {
      const { policy, apply } = host(conv(BLOCK));
      const st = policy.statements[0].node as ObjectNode;
      // A property whose value is a block sequence goes with all its lines.
      assert.equal(apply({ kind: 'deleteProperty', object: st, property: getProperty(st, 'Action')! }), conv(BLOCK.replace('            Action:\n              - sqs:Get*\n              - s3:GetObjekt\n', '')));
      assert.equal(apply({ kind: 'deleteProperty', object: st, property: getProperty(st, 'Resource')! }), conv(BLOCK.replace('            Resource: "*"\n', '')));
      const action = actionOf(policy);
      assert.equal(apply({ kind: 'deleteItem', array: action, item: action.items[0] }), conv(BLOCK.replace('              - sqs:Get*\n', '')));
      assert.equal(apply({ kind: 'deleteItem', array: action, item: action.items[1] }), conv(BLOCK.replace('              - s3:GetObjekt\n', '')));
      // Dropping a run of items through replaceValue removes whole lines too.
      assert.equal(apply({ kind: 'replaceValue', node: action, value: ['s3:GetObjekt'] }), conv(BLOCK.replace('              - sqs:Get*\n', '')));
    });

    test('append an item and a statement after a block collection', () => {
      const { policy, apply } = host(conv(BLOCK));
      assert.equal(apply({ kind: 'appendItem', array: actionOf(policy), value: 's3:PutObject' }), conv(BLOCK.replace('- s3:GetObjekt\n', '- s3:GetObjekt\n              - s3:PutObject\n')));
      const out = apply({ kind: 'appendItem', array: policy.statementProperty!.value, value: { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' } });
      assert.equal(out, conv(`${BLOCK}          - Effect: Deny\n            Action: s3:DeleteObject\n            Resource: '*'\n`));
    });

    test('comments next to untouched items stay', () => {
      const text = conv(BLOCK.replace('- s3:GetObjekt\n', '- s3:GetObjekt  # typo on purpose\n'));
      const { policy, apply } = host(text);
      const out = apply({ kind: 'replaceValue', node: actionOf(policy), value: ['sqs:GetQueueUrl', 's3:GetObjekt'] });
      assert.equal(out, text.replace('- sqs:Get*', '- sqs:GetQueueUrl'));
    });
  });
}

describe('YAML scalar quoting', () => {
  // [value, must be quoted]
  const table: [string, boolean][] = [
    ['2012-10-17', true],
    ['2001-12-14t21:59:43.10-05:00', true],
    ['2001-12-14 21:59:43.10 -5', true],
    ['2001-12-15T02:59:43.1Z', true],
    ['yes', true],
    ['No', true],
    ['ON', true],
    ['off', true],
    ['y', true],
    ['N', true],
    ['True', true],
    ['FALSE', true],
    ['~', true],
    ['null', true],
    ['NULL', true],
    ['<<', true],
    ['=', true],
    ['123', true],
    ['-17', true],
    ['+12_345', true],
    ['0755', true],
    ['0o14', true],
    ['0x1F', true],
    ['0b1010', true],
    ['1:20', true],
    ['190:20:30', true],
    ['1:20.5', true],
    ['3.14', true],
    ['.5', true],
    ['6.8523015e+5', true],
    ['1e10', true],
    ['.inf', true],
    ['-.Inf', true],
    ['.NaN', true],
    ['123456789012', true],
    ['', true],
    [' leading', true],
    ['a: b', true],
    ['*', true],
    ['- x', true],
    ['[x]', true],
    ['#x', true],
    ['x #y', true],
    ['s3:GetObject', false],
    ['arn:aws:s3:::my-bucket/*', false],
    ['2012-10-17-draft', false],
    ['yesterday', false],
    ['1.2.3', false],
    ['12:345', false],
    ['0x', false],
    ['Allow', false],
    ['aws:SecureTransport', false],
    ['${aws:username}', true], // braces are flow indicators: quoted everywhere, to be safe in flow collections too
    ['10.0.0.0/8', false],
  ];
  for (const [value, quoted] of table) {
    test(`${JSON.stringify(value)} ${quoted ? 'is quoted' : 'stays plain'} and reads back as the same string`, () => {
      const out = yamlString(value);
      assert.equal(out !== value, quoted, `rendered as ${out}`);
      // YAML 1.1 and 1.2 readers both get the string back.
      for (const version of ['1.1', '1.2'] as const) {
        assert.equal(parseYaml(`k: ${out}`, { version }).k, value, `YAML ${version} reads ${out} differently`);
      }
    });
  }
  test('the non-string test agrees with YAML 1.1 and 1.2 readers on every table entry that is plain-safe otherwise', () => {
    for (const [value] of table) {
      // `=` and `<<` are YAML 1.1's value and merge keys: PyYAML cannot even construct `=`; this reader keeps them strings.
      if (!/^[\w.:~+-][\w.:~ +-]*$/.test(value) || value.includes(": ")) continue;
      let differs: boolean;
      try {
        differs = (['1.1', '1.2'] as const).some((version) => parseYaml(`k: ${value}`, { version }).k !== value);
      } catch {
        continue; // not a plain scalar at all (`- x`): quoted for that reason, not as a non-string
      }
      assert.equal(yamlReadsAsNonString(value), differs, value);
    }
  });
});
