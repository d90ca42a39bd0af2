/**
 * Speed work of issue #16, wave 5 (helper hd5): each shortcut against the general path it replaced.
 *
 * - factsOf and statementFacts read the facts slot in place and call policySlot/statementSlot only
 *   on a miss: the same facts object as the slot path, per policy, statement and data instance
 *   (two instances, either asked first, repeated asks).
 * - ConditionEntry.keyLower, read by the condition checks instead of `key.toLowerCase()`: equal to
 *   it for every entry, keys in random case (and non-ASCII) included.
 * - someActionSupportsKey (a loop) answers as `refs.some((r) => actionSupportsKey(…))` did, over
 *   real actions, random lists and keys of their own, of other actions and made up.
 * - MISSING_PAIRED_CONDITION_KEYS reads its pairs from a Map: a key named like an Object.prototype
 *   member ("constructor") is an ordinary unknown key (no internal error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, getIamData, locateDataDir } from '../server/src/data/iamData';
import { actionSupportsKey, conditionEntries, factsOf, someActionSupportsKey, statementFacts } from '../server/src/facts';
import { policySlot, statementSlot } from '../server/src/facts/cache';
import { PolicyService } from '../server/src/service';
import { runChecks } from '../server/src/checks/registry';
import type { PolicyDocument } from '../server/src/model';
import { lcg } from './helpers/lcg';

const parse = (statements: Record<string, unknown>[]): PolicyDocument =>
  new PolicyService().parse({ uri: 'file:///p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, { policyType: 'identity' }).policies[0];

const KEYS = ['aws:SourceIp', 'AWS:sourceip', 'aws:VpcSourceIp', 'aws:SourceVpc', 'aws:ResourceTag/Team', 'AWS:RESOURCETAG/team', 's3:prefix', 'S3:Prefix', 'iam:ResourceTag/Owner', 'ec2:Region', 'kms:ViaService', 'İstanbul:Key', 'aws:MultiFactorAuthPresent', 'constructor', 'toString', 'x'];
const OPERATORS = ['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'IpAddress', 'Bool', 'StringNotEqualsIfExists', 'Null'];

function randomPolicy(next: (n: number) => number): PolicyDocument {
  const statements: Record<string, unknown>[] = [];
  for (let s = 1 + next(4); s > 0; s--) {
    const st: Record<string, unknown> = { Effect: next(4) === 0 ? 'Deny' : 'Allow', Action: next(2) ? 's3:GetObject' : ['iam:PassRole', 'ec2:*'], Resource: '*' };
    if (next(3) !== 0) {
      const condition: Record<string, Record<string, string>> = {};
      for (let o = 1 + next(3); o > 0; o--) {
        const block: Record<string, string> = {};
        for (let k = 1 + next(3); k > 0; k--) block[KEYS[next(KEYS.length)]] = next(2) ? '10.0.0.1' : 'true';
        condition[OPERATORS[next(OPERATORS.length)]] = block;
      }
      st.Condition = condition;
    }
    statements.push(st);
  }
  return parse(statements);
}

const newFacts = (p: PolicyDocument, data: IamData) => factsOf(p, data);

test('factsOf and statementFacts return the slot path’s objects, under two data instances asked in either order', () => {
  const next = lcg(5501, 16);
  const a = getIamData();
  const b = new IamData(locateDataDir());
  for (let round = 0; round < 200; round++) {
    const policy = randomPolicy(next);
    const [first, second] = next(2) ? [a, b] : [b, a];
    for (const data of [first, second, first]) {
      const facts = factsOf(policy, data);
      assert.equal(facts.data, data);
      assert.equal(facts.policy, policy);
      assert.equal(factsOf(policy, data), facts);
      // The slot path (builder never called on a hit) hands back the same object.
      assert.equal(policySlot(policy, data, newFacts), facts);
      for (let i = 0; i < policy.statements.length; i++) {
        const st = policy.statements[i];
        const sf = statementFacts(st, data);
        assert.equal(sf.data, data);
        assert.equal(sf.statement, st);
        assert.equal(statementFacts(st, data), sf);
        assert.equal(statementSlot(st, data, () => assert.fail('built twice')), sf);
        assert.equal(facts.statements[i], sf);
      }
    }
    assert.notEqual(factsOf(policy, a), factsOf(policy, b));
  }
});

test('ConditionEntry.keyLower is key.toLowerCase() for every entry', () => {
  const next = lcg(5502, 16);
  const data = getIamData();
  let seen = 0;
  for (let round = 0; round < 300; round++) {
    const policy = randomPolicy(next);
    for (const st of policy.statements) {
      for (const e of conditionEntries(st, data)) {
        assert.equal(e.keyLower, e.key.toLowerCase());
        seen++;
      }
    }
  }
  assert.ok(seen > 300, `entries seen: ${seen}`);
});

test('someActionSupportsKey answers as refs.some(actionSupportsKey) did', () => {
  const next = lcg(5503, 16);
  const data = getIamData();
  const services = data.listServices().filter((s) => s.actionCount > 0);
  const actions = services.slice(0, 60).flatMap((s) => data.matchActions(`${s.prefix}:*`).slice(0, 8));
  const keyPool = ['aws:resourcetag/team', 'aws:sourceip', 's3:prefix', 'ec2:region', 'iam:passedtoservice', 'made:up', ''];
  for (const a of actions.slice(0, 80)) {
    const info = data.getAction(a.service, a.name);
    for (const k of info?.conditionKeys ?? []) keyPool.push(k.toLowerCase());
  }
  for (let round = 0; round < 2000; round++) {
    const refs: { service: string; name: string }[] = [];
    for (let n = next(5); n > 0; n--) {
      const a = actions[next(actions.length)];
      // The caller's spelling of the action, now and then a name the data does not have.
      refs.push({ service: next(4) === 0 ? a.service.toUpperCase() : a.service, name: next(10) === 0 ? a.name + 'X' : a.name });
    }
    const key = keyPool[next(keyPool.length)];
    assert.equal(someActionSupportsKey(data, refs, key), refs.some((r) => actionSupportsKey(data, r.service, r.name, key)), `${JSON.stringify(refs)} ${key}`);
  }
});

test('MISSING_PAIRED_CONDITION_KEYS: keys named like Object.prototype members are ordinary keys', () => {
  const data = getIamData();
  const policy = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { constructor: '10.0.0.1', hasOwnProperty: '10.0.0.2', toString: 'x' } } }]);
  const findings = runChecks(policy, data);
  assert.ok(!findings.some((f) => f.code === 'INTERNAL_ERROR' && f.message.includes('MISSING_PAIRED_CONDITION_KEYS')), JSON.stringify(findings));
  assert.ok(!findings.some((f) => f.code === 'MISSING_PAIRED_CONDITION_KEYS'));
  const paired = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'AWS:VpcSourceIp': '10.0.0.1' } } }]);
  assert.ok(runChecks(paired, data).some((f) => f.code === 'MISSING_PAIRED_CONDITION_KEYS'));
  const withVpc = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.1' }, StringEquals: { 'AWS:SOURCEVPC': 'vpc-1' } } }]);
  assert.ok(!runChecks(withVpc, data).some((f) => f.code === 'MISSING_PAIRED_CONDITION_KEYS'));
});

test('factsOf(policy, data).arns, .conditionEntries, .conditionOperators and .principals are every statement\'s, statement by statement, the same objects', () => {
  const data = getIamData();
  const next = lcg(7);
  const RES = ['*', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/r', 'aws:s3:::x', 'arn:aws:ec2:us-east-1:1:instance/*', 'nope'];
  for (let n = 0; n < 300; n++) {
    const statements: Record<string, unknown>[] = [];
    for (let s = next(5); s > 0; s--) {
      const pick = () => RES[next(RES.length)];
      const st: Record<string, unknown> = { Effect: 'Allow', Action: 's3:GetObject' };
      if (next(3) !== 0) st.Resource = next(2) ? pick() : [pick(), pick(), pick()];
      if (next(4) === 0) st.NotResource = [pick(), pick()];
      if (next(3) === 0) st.Principal = next(2) ? '*' : { AWS: '123456789012' };
      if (next(4) === 0) st.NotPrincipal = { Service: 's3.amazonaws.com' };
      if (next(2) === 0) {
        const condition: Record<string, Record<string, string>> = {};
        for (let o = 1 + next(3); o > 0; o--) condition[OPERATORS[next(OPERATORS.length)]] = { [KEYS[next(KEYS.length)]]: 'x', [KEYS[next(KEYS.length)]]: 'y' };
        st.Condition = condition;
      }
      statements.push(st);
    }
    const policy = parse(statements.length ? statements : [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const facts = factsOf(policy, data);
    for (const field of ['arns', 'conditionEntries', 'conditionOperators'] as const) {
      const expected = policy.statements.flatMap((st): readonly unknown[] => statementFacts(st, data)[field]);
      const actual: readonly unknown[] = facts[field];
      assert.equal(actual.length, expected.length, field);
      for (let i = 0; i < expected.length; i++) assert.equal(actual[i], expected[i], field);
      assert.equal(facts[field], factsOf(policy, data)[field], `${field} memoised`);
    }
    const principals = policy.statements.flatMap((st) => [st.principal, st.notPrincipal].filter((p) => p !== undefined));
    assert.equal(facts.principals.length, principals.length, 'principals');
    for (let i = 0; i < principals.length; i++) assert.equal(facts.principals[i], principals[i], 'principals');
    assert.equal(facts.principals, factsOf(policy, data).principals, 'principals memoised');
  }
});
