/**
 * Speed work of issue #16, wave 4 (helper hc4): each shortcut against the general path it replaced.
 *
 * - The checks read a statement's facts from `factsOf(policy, data).statements[i]` instead of
 *   `statementFacts(policy.statements[i], data)`: the same objects, for every statement and data
 *   instance (random policies, two instances, either asked first).
 * - actionSupportsKey and the actions' condition keys are memoised with a module-level builder
 *   (nodeDataMemo) instead of a closure: the answers of the former reading of the reference data
 *   (the action's keys, its resource types' keys, by the caller's spelling of the action), over
 *   real actions spelled in random case and keys of their own, of other actions and made up.
 * - PRIVILEGE_ESCALATION looks its target actions up once per data instance: its findings are the
 *   same under a second data instance, and again under the first (a stale table of the other
 *   instance's actions would miss every literal action the policies name).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, getIamData, locateDataDir } from '../server/src/data/iamData';
import { templateMatch } from '../server/src/data/wildcard';
import { actionSupportsKey, factsOf, statementFacts } from '../server/src/facts';
import { PolicyService } from '../server/src/service';
import { getCheck } from '../server/src/checks/registry';
import type { PolicyDocument } from '../server/src/model';
import { lcg } from './helpers/lcg';

const parse = (statements: Record<string, unknown>[]): PolicyDocument =>
  new PolicyService().parse({ uri: 'file:///p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, { policyType: 'identity' }).policies[0];

/** Named actions (most of them privilege-escalation targets) and, now and then, wildcards. */
const ACTIONS = ['iam:PassRole', 'iam:CreatePolicyVersion', 'ec2:RunInstances', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 's3:GetObject', 'sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'glue:CreateDevEndpoint', 'cloudformation:CreateStack', 'IAM:passrole', 'iam:AttachUserPolicy', 'iam:createaccesskey'];
const WILDCARDS = ['iam:*', 'iam:Put*', '*', 'datapipeline:*', 'lambda:Create*'];

function randomPolicy(next: (n: number) => number): PolicyDocument {
  const statements: Record<string, unknown>[] = [];
  const n = 1 + next(4);
  for (let s = 0; s < n; s++) {
    const actions: string[] = [];
    for (let k = next(5); k >= 0; k--) actions.push(next(8) === 0 ? WILDCARDS[next(WILDCARDS.length)] : ACTIONS[next(ACTIONS.length)]);
    const st: Record<string, unknown> = { Effect: next(5) === 0 ? 'Deny' : 'Allow', [next(8) === 0 ? 'NotAction' : 'Action']: actions, Resource: next(3) === 0 ? 'arn:aws:iam::123456789012:user/${aws:username}' : '*' };
    if (next(4) === 0) st.Condition = { StringEquals: { 'iam:PassedToService': next(2) ? 'lambda.amazonaws.com' : 'ec2.amazonaws.com' } };
    statements.push(st);
  }
  return parse(statements);
}

test('factsOf(policy, data).statements[i] is statementFacts(policy.statements[i], data), under two data instances', () => {
  const next = lcg(4401, 16);
  const a = getIamData();
  const b = new IamData(locateDataDir());
  for (let round = 0; round < 300; round++) {
    const policy = randomPolicy(next);
    // Either the policy's facts or a statement's are asked first, and either instance first.
    const [first, second] = next(2) ? [a, b] : [b, a];
    if (next(2)) statementFacts(policy.statements[next(policy.statements.length)], first);
    for (const data of [first, second]) {
      const all = factsOf(policy, data).statements;
      assert.equal(all.length, policy.statements.length);
      for (let i = 0; i < all.length; i++) {
        assert.equal(all[i], statementFacts(policy.statements[i], data));
        assert.equal(all[i].statement, policy.statements[i]);
        assert.equal(all[i].data, data);
      }
    }
  }
});

/** The former actionSupportsKey: the action's keys read anew with the caller's spelling, matched exactly or as a template. */
function supportsKeyReference(data: IamData, service: string, name: string, keyLower: string): boolean {
  const a = data.getAction(service, name);
  if (!a) return false;
  const keys = [...a.conditionKeys];
  for (const r of a.resourceTypes) {
    keys.push(...r.conditionKeys);
    const rt = data.getResourceType(service, r.name);
    if (rt) keys.push(...rt.conditionKeys);
  }
  return keys.some((k) => {
    const d = k.toLowerCase();
    return d === keyLower || (d.includes('${') && templateMatch(d, keyLower));
  });
}

const randomCase = (s: string, next: (n: number) => number): string => [...s].map((c) => (next(3) === 0 ? c.toUpperCase() : next(3) === 0 ? c.toLowerCase() : c)).join('');

test('actionSupportsKey gives the answers of the former reading of the data, over real actions in random case', () => {
  const next = lcg(4402, 16);
  const data = getIamData();
  const services = data.listServices().filter((s) => s.actionCount > 0);
  const seenKeys: string[] = ['aws:resourcetag/team', 'aws:requesttag/x', 'aws:tagkeys', 'made:up', 's3:prefix', 'ec2:resourcetag/a/b'];
  let supported = 0;
  let asked = 0;
  for (let round = 0; round < 600; round++) {
    const svc = services[next(services.length)].prefix;
    const names = data.actionNames(svc);
    const name = names[next(names.length)];
    const info = data.getAction(svc, name)!;
    for (const k of info.conditionKeys) if (seenKeys.length < 400) seenKeys.push(k.toLowerCase().replace('${tagkey}', 'team'));
    const service = randomCase(svc, next);
    const spelled = randomCase(name, next);
    for (let j = 0; j < 6; j++) {
      const key = seenKeys[next(seenKeys.length)];
      const want = supportsKeyReference(data, service, spelled, key);
      assert.equal(actionSupportsKey(data, service, spelled, key), want, `${service}:${spelled} ${key}`);
      asked++;
      if (want) supported++;
    }
  }
  assert.ok(supported > 100 && supported < asked, `supported ${supported} of ${asked}`);
});

test('PRIVILEGE_ESCALATION: the same findings under another data instance, and again under the first', () => {
  const check = getCheck('PRIVILEGE_ESCALATION')!;
  const next = lcg(4403, 16);
  const a = getIamData();
  const b = new IamData(locateDataDir());
  const run = (policy: PolicyDocument, data: IamData): string[] => {
    const out: string[] = [];
    check.run(policy, { data, policy, report: (span, message) => out.push(`${span.offset} ${message}`) });
    return out;
  };
  let found = 0;
  for (let round = 0; round < 300; round++) {
    const policy = randomPolicy(next);
    const first = run(policy, a);
    // Facts are per statement and data instance; the table of target actions per data instance.
    assert.deepEqual(run(policy, b), first);
    assert.deepEqual(run(policy, a), first);
    if (first.length > 0) found++;
  }
  assert.ok(found > 50, `policies with findings: ${found}`);
});
