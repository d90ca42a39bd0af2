/**
 * CheckMeta.requires: a check declares the statement elements its findings come from, and the
 * engine skips it on a policy without them (checks/registry.ts runChecks, policyElements). Every
 * such check is run here directly — not through the engine — on every fixture and example policy
 * (JSON, CloudFormation YAML/JSON, CDK in every language), as each policy type, wherever the policy
 * lacks one of its required elements: it must find nothing there, or the skip would lose findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, policyElements, requiredMask, runChecks } from '../server/src/checks/registry';
import type { Finding } from '../server/src/checks/types';
import { PolicyService } from '../server/src/service';
import { POLICY_TYPES, type PolicyDocument } from '../server/src/model';
import { FIXTURES, REPO_ROOT, policyTypeFromName } from './helpers/fixtures';

const HOSTS = /\.(json|ya?ml|template|ts|js|py|java|cs|go)$/;

function hostFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hostFiles(p, out);
    else if (HOSTS.test(e.name) && !e.name.includes('.expected') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function allPolicies(): Promise<{ file: string; policy: PolicyDocument }[]> {
  const service = new PolicyService();
  const out: { file: string; policy: PolicyDocument }[] = [];
  for (const file of [...hostFiles(FIXTURES), ...hostFiles(path.join(REPO_ROOT, 'examples'))]) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 512 * 1024) continue;
    const doc = { uri: `file://${file}`, text };
    await service.prepare(doc);
    for (const policy of service.parse(doc, { policyType: policyTypeFromName(file) }).policies) out.push({ file, policy });
  }
  return out;
}

function findings(policy: PolicyDocument, run: (p: PolicyDocument, ctx: Parameters<(typeof CHECKS)[number]['run']>[1]) => void): Finding[] {
  const found: Finding[] = [];
  const service = new PolicyService();
  try {
    run(policy, { data: service.data, policy, report: (span, message) => found.push({ code: '', message, span, severity: 'error' }) });
  } catch {
    /* a failure is INTERNAL_ERROR, not a finding, and other tests catch it */
  }
  return found;
}

test('a check that requires elements finds nothing in any fixture or example policy without them, as any policy type', async () => {
  const policies = await allPolicies();
  assert.ok(policies.length > 500, `fixture policies: ${policies.length}`);
  const requiring = CHECKS.filter((c) => requiredMask(c) !== 0);
  assert.ok(requiring.length >= 50, `checks with requires: ${requiring.length}`);
  let judged = 0;
  for (const { file, policy } of policies) {
    const elements = policyElements(policy);
    for (const type of POLICY_TYPES) {
      const asType = { ...policy, type };
      for (const check of requiring) {
        const need = requiredMask(check);
        if ((need & elements) === need) continue;
        if (check.policyTypes !== 'all' && !check.policyTypes.includes(type)) continue;
        judged++;
        const found = findings(asType, check.run.bind(check));
        assert.deepEqual(found, [], `${check.code} requires ${check.requires!.join(', ')} but found ${found.length} in ${path.relative(REPO_ROOT, file)} as ${type}: ${found[0]?.message}`);
      }
    }
  }
  assert.ok(judged > 10000, `pairs judged: ${judged}`);
});

test('every check that requires elements reports on its own invalid fixtures (they have the elements)', async () => {
  // The other side: a fixture that makes the check report is not skipped by the engine.
  const policies = await allPolicies();
  const byCode = new Map<string, number>();
  for (const { policy } of policies) {
    for (const f of runChecks(policy, new PolicyService().data)) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  }
  for (const check of CHECKS.filter((c) => requiredMask(c) !== 0 && c.defaultLevel !== 'off')) {
    assert.ok((byCode.get(check.code) ?? 0) > 0, `${check.code}: no finding through the engine on any fixture`);
  }
});

test("'Variable': the JSON adapter marks a policy variable-free only when its text has no \"${\" and no escape", () => {
  const service = new PolicyService();
  const policyOf = (uri: string, text: string) => service.parse({ uri, text }).policies[0];
  const json = (resource: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${resource}"}]}`;
  assert.equal(policyOf('file:///a.json', json('arn:aws:s3:::b/$x/{y}')).variableFree, true);
  assert.equal(policyOf('file:///a.json', json('arn:aws:s3:::b/${aws:username}')).variableFree, undefined);
  // "\u0024{" decodes to "${": an escape anywhere keeps the variable checks.
  assert.equal(policyOf('file:///a.json', json('arn:aws:s3:::b/\\u0024{aws:username')).variableFree, undefined);
  // Other hosts do not say.
  const yaml = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n';
  const fromYaml = policyOf('file:///t.yaml', yaml);
  assert.ok(fromYaml, 'the template holds a policy');
  assert.equal(fromYaml.variableFree, undefined);
  const variable = CHECKS.filter((c) => c.requires?.includes('Variable')).map((c) => c.code);
  assert.equal(variable.length, 8, variable.join(', '));
  assert.equal(policyElements(policyOf('file:///a.json', json('*'))) & requiredMask(CHECKS.find((c) => c.code === 'MISSING_BRACE_IN_VARIABLE')!), 0);
});
