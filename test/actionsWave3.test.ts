/**
 * Speed work of issue #16, wave 3 (helper ha3): each shortcut against the general path it skips.
 *
 * - fullyKnown (facts/actions.ts) reads a known string or a flat list of them in place: the same
 *   answer as `elementValues(…).every(knownString)` over random nodes (partial strings, nested lists,
 *   alternatives, non-strings, lists longer than the element limit).
 * - SERVICE_WILDCARD_ACTION skips the granted set of a statement with fewer than MIN_ACTIONS (10)
 *   values that each name an action: such a set never fully grants a service of 10 or more actions.
 * - CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS asks the statement's own actions before the service-wide
 *   list of attached keys: its findings are those of the check in its former order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { actionSupportsKey, conditionEntries, fullyKnown, grantedSet, keyAttachedToActions, statementFacts, valueActions } from '../server/src/facts';
import { elementValues, knownString, type PropertyNode, type ValueNode } from '../server/src/model';
import { LIMITS } from '../server/src/model/limits';
import { PolicyService } from '../server/src/service';
import { CHECKS } from '../server/src/checks/registry';
import { lcg } from './helpers/lcg';

const span = { offset: 0, length: 0 };

function randomNode(next: (n: number) => number, depth: number): ValueNode {
  const r = next(10);
  if (r < 4) return { kind: 'string', value: `s3:Get${next(5)}`, span, path: [] };
  if (r === 4) return { kind: 'string', value: 'arn:${?}', parts: [{ text: 'arn:' }, { hole: 'x' }], span, path: [] };
  if (r === 5) return { kind: 'number', value: 1, raw: '1', span, path: [] };
  if (r === 6 && depth < 3) return { kind: 'unknown', label: 'Fn::If', alternatives: [randomNode(next, depth + 1), randomNode(next, depth + 1)], span, path: [] } as ValueNode;
  if (r >= 7 && depth < 3) {
    // Now and then a list longer than the element limit (at the top only), with at most one other node, late.
    const long = depth === 0 && next(20) === 0;
    const n = long ? LIMITS.maxItemsPerElement + next(3) : next(6);
    const items: ValueNode[] = [];
    // Mostly known strings, so that the all-known lists (the fast path) and late misses are both common.
    for (let i = 0; i < n; i++) items.push(!long && next(8) === 0 ? randomNode(next, depth + 1) : { kind: 'string', value: `iam:Pass${i}`, span, path: [] });
    if (long && next(2) === 0) items[n - 1 - next(3)] = randomNode(next, 3);
    return { kind: 'array', items, span, path: [] };
  }
  return { kind: 'string', value: '*', span, path: [] };
}

test('fullyKnown: the answer of elementValues(…).every(knownString), over random nodes', () => {
  const next = lcg(3303);
  let fast = 0;
  for (let round = 0; round < 4000; round++) {
    const value = randomNode(next, 0);
    const prop = { key: 'Action', keySpan: span, value, span, path: [] } as PropertyNode;
    const want = elementValues(value).every((n) => knownString(n) !== undefined);
    if (fullyKnown(prop) !== want) assert.fail(JSON.stringify(value).slice(0, 300));
    if (want && value.kind === 'array') fast++;
  }
  assert.equal(fullyKnown(undefined), true);
  assert.ok(fast > 200, `all-known lists: ${fast}`);
});

const parse = (statements: Record<string, unknown>[]) =>
  new PolicyService().parse({ uri: 'file:///p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }).policies[0];

test('a statement of fewer than 10 values that all name actions fully grants no service of 10 or more actions', () => {
  const data = getIamData();
  const next = lcg(9110);
  // Small services listed in full (granted), large ones, odd case.
  const services = data.listServices().filter((s) => s.actionCount > 0);
  let fullSmall = 0;
  for (let round = 0; round < 1500; round++) {
    const s = services[next(services.length)];
    const names = data.actionNames(s.prefix);
    const values: string[] = [];
    const n = round % 2 === 0 ? Math.min(names.length, 9) : 1 + next(9);
    for (let i = 0; i < n; i++) {
      const other = next(3) === 0 ? services[next(services.length)] : s;
      const on = data.actionNames(other.prefix);
      const name = round % 2 === 0 && other === s ? names[i] : on[next(on.length)];
      values.push(`${next(4) === 0 ? other.prefix.toUpperCase() : other.prefix}:${next(4) === 0 ? name.toLowerCase() : name}`);
    }
    const facts = statementFacts(parse([{ Effect: 'Allow', Action: values, Resource: '*' }]).statements[0], data);
    if (!(facts.actionRefs.every((r) => r !== undefined) && values.length < 10)) continue;
    const g = facts.grantedSet;
    assert.ok(g.full.every((x) => x.total < 10) && !g.everything, JSON.stringify(values));
    assert.deepEqual(grantedSet(data, values).full.map((x) => x.total < 10), grantedSet(data, values).full.map(() => true));
    if (g.full.length > 0) fullSmall++;
  }
  assert.ok(fullSmall > 20, `statements fully granting a small service: ${fullSmall}`);
});

test('SERVICE_WILDCARD_ACTION with the shortcut reports what the granted set says, over random statements', () => {
  const data = getIamData();
  const check = CHECKS.find((c) => c.code === 'SERVICE_WILDCARD_ACTION')!;
  const next = lcg(7071);
  const pool = ['s3:GetObject', 'S3:getobject', 's3:Get*', 'iam:PassRole', 'nosuch:Thing', 's3:NoSuch', 'kms:*'];
  const small = data.listServices().filter((s) => s.actionCount >= 10 && s.actionCount <= 12);
  for (let round = 0; round < 300; round++) {
    const s = small[next(small.length)];
    const names = data.actionNames(s.prefix).map((a) => `${s.prefix}:${a}`);
    const values = names.slice(0, names.length - next(3));
    for (let k = next(3); k > 0; k--) values.splice(next(values.length + 1), 0, pool[next(pool.length)]);
    if (next(3) === 0) values.length = Math.min(values.length, 9);
    const policy = parse([{ Effect: 'Allow', Action: values, Resource: next(2) ? '*' : 'arn:aws:s3:::b' }]);
    const found: string[] = [];
    check.run(policy, { data, report: (_span: unknown, message: string) => found.push(message) } as never);
    // The general answer: the granted set's services of 10 or more actions with write or permissions actions.
    const g = statementFacts(policy.statements[0], data).grantedSet;
    const judged = g.full.filter((x) => x.total >= 10 && (x.write || x.permissions) && !values.some((v) => v.toLowerCase() === `${x.service}:*`));
    assert.equal(found.some((m) => m.includes(`the same as "${s.prefix}:*"`) || m.includes('every action of')), judged.some((x) => x.service === s.prefix) || judged.length > 1, JSON.stringify(values));
  }
});

test('CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS reports what its former order reported, over random statements', () => {
  const data = getIamData();
  const check = CHECKS.find((c) => c.code === 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS')!;
  const next = lcg(4242);
  const actions = ['s3:GetObject', 's3:ListBucket', 's3:Put*', 'ec2:RunInstances', 'ec2:Describe*', 'kms:Decrypt', 'kms:*', 'iam:PassRole', 'sqs:SendMessage', 'lambda:InvokeFunction', 'nosuch:X'];
  const keys = ['s3:prefix', 's3:x-amz-acl', 'ec2:InstanceType', 'ec2:Region', 'kms:ViaService', 'kms:EncryptionContext:x', 'iam:PassedToService', 'sqs:x', 'lambda:FunctionArn', 'aws:SourceIp', 'glue:RoleAssumedBy'];
  const operators = ['StringEquals', 'StringLike', 'StringEqualsIfExists', 'Null', 'ArnLike'];
  let reports = 0;
  for (let round = 0; round < 400; round++) {
    const acts = Array.from({ length: 1 + next(3) }, () => actions[next(actions.length)]);
    const cond: Record<string, Record<string, string>> = {};
    for (let k = 1 + next(3); k > 0; k--) (cond[operators[next(operators.length)]] ??= {})[keys[next(keys.length)]] = 'v';
    const policy = parse([{ Effect: next(2) ? 'Allow' : 'Deny', Action: acts, Resource: '*', Condition: cond }]);
    const found: string[] = [];
    check.run(policy, { data, report: (_span: unknown, message: string) => found.push(message) } as never);
    // The former order: the service-wide attached keys first, then the statement's actions.
    const st = policy.statements[0];
    const facts = statementFacts(st, data);
    const refs = facts.actions.map((v, i) => valueActions(data, v.value, facts.actionRefs[i]));
    const want: string[] = [];
    if (refs.every((r) => r && r.length > 0)) {
      const all = refs.flatMap((r) => [...r!]);
      const services = new Set(all.map((r) => r.service));
      for (const e of conditionEntries(st, data)) {
        if (e.keyKind !== 'service' || e.key.toLowerCase().startsWith('aws:')) continue;
        const op = e.operatorProperty.key.toLowerCase();
        if (op.endsWith('ifexists') || op === 'null') continue;
        const lower = e.key.toLowerCase();
        const ks = e.keyInfo?.service;
        if (!ks || !services.has(ks) || !keyAttachedToActions(data, ks, lower)) continue;
        if (all.some((r) => actionSupportsKey(data, r.service, r.name, lower))) continue;
        want.push(e.key);
      }
    }
    assert.deepEqual(
      found.map((m) => /condition key "([^"]+)"/.exec(m)![1]),
      want,
      JSON.stringify({ acts, cond }),
    );
    reports += found.length;
  }
  assert.ok(reports > 20, `findings: ${reports}`);
});
