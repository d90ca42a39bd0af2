import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../../server/src/service';
import type { FeatureSymbol } from '../../server/src/features';

const service = new PolicyService();

const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetObject"],
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "NotAction": "iam:*",
      "Resource": "*"
    },
    { "Effect": "Allow", "Action": ["*", "s3:GetObject"], "Resource": "*" }
  ]
}
`;

function outline(s: FeatureSymbol, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${s.name} [${s.kind}] ${s.detail ?? ''}`.trimEnd(), ...s.children.flatMap((c) => outline(c, depth + 1))];
}

test('document symbols: policy → statements (Sid or index, Effect) → elements', () => {
  const doc = { uri: 'file:///w/policy.json', text: TEXT };
  const symbols = service.symbols(doc);
  assert.equal(symbols.length, 1);
  assert.deepEqual(outline(symbols[0]), [
    'policy.json [module] identity policy · 3 statements',
    '  Version [constant] 2012-10-17',
    '  Statement [array] 3 items',
    '    Read [object] Allow',
    '      Sid [key] Read',
    '      Effect [event] Allow',
    '      Action [array] 3 items: s3:GetObject, …',
    '      Resource [array] *',
    '    Statement 2 [object] Deny',
    '      Effect [event] Deny',
    '      NotAction [array] iam:*',
    '      Resource [array] *',
    '    Statement 3 [object] Allow',
    '      Effect [event] Allow',
    '      Action [array] 2 items: *, …',
    '      Resource [array] *',
  ]);
  // Every selection range lies inside its symbol's range, and every range inside the text.
  const check = (s: FeatureSymbol): void => {
    assert.ok(s.selectionSpan.offset >= s.span.offset && s.selectionSpan.offset + s.selectionSpan.length <= s.span.offset + s.span.length, s.name);
    assert.ok(s.span.offset + s.span.length <= TEXT.length);
    s.children.forEach(check);
  };
  symbols.forEach(check);
});

test('folding spans cover the policy, the statement list and each statement', () => {
  const doc = { uri: 'file:///w/policy.json', text: TEXT };
  const spans = service.folds(doc).map((f) => TEXT.slice(f.span.offset, f.span.offset + f.span.length));
  assert.ok(spans.includes(TEXT.trimEnd()));
  assert.ok(spans.some((s) => s.startsWith('[\n    {\n      "Sid"')));
  assert.ok(spans.some((s) => s.startsWith('{\n      "Effect": "Deny"')));
});

test('code lens per statement: distinct actions by access level', () => {
  const doc = { uri: 'file:///w/policy.json', text: TEXT };
  const lenses = service.lenses(doc);
  assert.equal(lenses.length, 3);
  assert.equal(lenses[0].title, '2 actions: 1 List, 1 Read');
  const iam = service.data.matchActions('iam:*').length;
  assert.match(lenses[1].title, new RegExp(`^all actions except ${iam}: `));
  const all = service.data.matchActions('*').length;
  assert.match(lenses[2].title, new RegExp(`^${all} actions: \\d+ List, \\d+ Read, \\d+ Write`));
  assert.equal(TEXT.slice(lenses[0].span.offset, lenses[0].span.offset + 8), '"Action"');
});

test('no symbols, folds or lenses for a file that is not a policy', () => {
  const doc = { uri: 'file:///w/package.json', text: '{"name": "x"}' };
  assert.deepEqual(service.symbols(doc), []);
  assert.deepEqual(service.folds(doc), []);
  assert.deepEqual(service.lenses(doc), []);
});
