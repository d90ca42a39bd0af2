/** Host detection and policy-type inference, driven by fixture folders. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, configuredPolicyType } from '../server/src/service';
import { FIXTURES, listFiles } from './helpers/fixtures';

const service = new PolicyService();
const parse = (file: string) => service.parse({ uri: `file://${file}`, text: fs.readFileSync(file, 'utf8') });

for (const file of listFiles(path.join(FIXTURES, 'detect', 'not-policy'))) {
  test(`not a policy, stays silent: ${path.basename(file)}`, () => {
    const r = parse(file);
    assert.equal(r.policies.length, 0);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(service.validate({ uri: `file://${file}`, text: fs.readFileSync(file, 'utf8') }).diagnostics, []);
  });
}

for (const file of listFiles(path.join(FIXTURES, 'detect', 'policy'))) {
  test(`policy detected: ${path.basename(file)}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const r = parse(file);
    assert.ok(r.policies.length === 1 || r.problems.length > 0, 'a policy or a syntax problem');
    for (const p of r.problems) assert.ok(p.span.offset + p.span.length <= text.length, 'problem span inside the text');
  });
}

for (const type of ['identity', 'resource', 'trust']) {
  for (const file of listFiles(path.join(FIXTURES, 'policy-type', type))) {
    test(`inferred ${type}: ${path.basename(file)}`, () => {
      const [policy] = parse(file).policies;
      assert.equal(policy.type, type);
      assert.equal(policy.typeSource, 'inferred');
    });
  }
}

test('settings map globs to policy types; a forced type wins', () => {
  const settings = { policyTypes: { '**/scp/*.json': 'scp', 'boundaries/**': 'boundary', 'bogus/*.json': 'not-a-type' } };
  const cases: [string, string | undefined][] = [
    ['file:///repo/org/scp/deny.json', 'scp'],
    ['/repo/org/scp/deny.json', 'scp'],
    ['file:///repo/boundaries/dev/b.json', 'boundary'],
    ['file:///repo/other/p.json', undefined],
    ['file:///repo/bogus/x.json', undefined],
  ];
  for (const [uri, expected] of cases) assert.equal(configuredPolicyType(uri, settings), expected, uri);
  assert.equal(configuredPolicyType('file:///repo/other/p.json', { ...settings, policyType: 'rcp' }), 'rcp');
  const file = path.join(FIXTURES, 'policy-type', 'trust', 'service.json');
  const forced = service.parse({ uri: 'file:///x/scp/p.json', text: fs.readFileSync(file, 'utf8') }, settings);
  assert.equal(forced.policies[0].type, 'scp');
  assert.equal(forced.policies[0].typeSource, 'explicit');
});

test('parsing never throws on hostile input', () => {
  const inputs = ['', '{', '}', '[', '{"Statement":', '{"Statement":[{"Effect":', '\u0000\u0001', '{"Statement":' + '['.repeat(5000), '{"Statement":[' + '{"a":1},'.repeat(2000) + ']}', '"\\ud800"', '{"Statement":[{"Action":"' + 'a*'.repeat(2000) + '"}]}'];
  for (const text of inputs) {
    const r = service.validate({ uri: 'file:///x/policy.json', text });
    for (const d of r.diagnostics) {
      assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, 'diagnostic inside the document');
    }
  }
});
