/**
 * Behaviour of the security check group beyond the per-check fixtures: opt-in checks, fix data
 * carried by findings, and robustness on malformed policies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { SECURITY_CHECKS } from '../server/src/checks/rules/security';
import { codeActions } from '../server/src/features/codeActions';
import type { PolicyType } from '../server/src/model';

const service = new PolicyService();

function run(policy: unknown, opts: { policyType?: PolicyType; rules?: Record<string, 'off' | 'error' | 'warning' | 'info' | 'hint'> } = {}) {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  return service.validate({ uri: 'file:///test/policy.json', text }, opts).diagnostics;
}

const adminNoMfa = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }] };

test('opt-in checks are off by default and run when a rule turns them on', () => {
  assert.equal(run(adminNoMfa).filter((d) => d.code === 'SENSITIVE_ACTION_WITHOUT_MFA').length, 0);
  const on = run(adminNoMfa, { rules: { SENSITIVE_ACTION_WITHOUT_MFA: 'warning' } }).filter((d) => d.code === 'SENSITIVE_ACTION_WITHOUT_MFA');
  assert.equal(on.length, 1);
  assert.equal(on[0].severity, 'warning');
  assert.deepEqual(on[0].data, { fix: 'addCondition', key: 'aws:MultiFactorAuthPresent' });

  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  assert.equal(run(trust).filter((d) => d.code === 'TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION').length, 0);
  assert.equal(run(trust, { rules: { TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION: 'info' } }).filter((d) => d.code === 'TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION').length, 1);
});

test('findings with an obvious fix carry structured data, not just a message', () => {
  const passRole = run({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }).find((d) => d.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
  assert.deepEqual(passRole?.data, { fix: 'addCondition', key: 'iam:PassedToService' });
  const bucket = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
  assert.deepEqual(run(bucket).find((d) => d.code === 'PUBLIC_PRINCIPAL')?.data, { fix: 'addCondition', key: 'aws:PrincipalOrgID' });
  const svc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }] };
  assert.deepEqual(run(svc).find((d) => d.code === 'SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION')?.data, { fix: 'addCondition', key: 'aws:SourceArn' });
});

test('policy types gate the checks: identity-only checks stay silent on SCPs', () => {
  const fullAccess = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const codes = (t: PolicyType) => new Set(run(fullAccess, { policyType: t }).map((d) => d.code));
  assert.ok(codes('identity').has('FULL_ADMIN_ACCESS'));
  assert.ok(codes('identity').has('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'));
  assert.ok(!codes('scp').has('FULL_ADMIN_ACCESS'));
  assert.ok(!codes('scp').has('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'));
  assert.ok(!codes('boundary').has('FULL_ADMIN_ACCESS'));
});

test('security checks never throw on malformed policies', () => {
  const odd: unknown[] = [
    { Statement: 'nope' },
    { Statement: [null, 1, 'x', []] },
    { Statement: [{ Effect: 'Allow', Action: [1, true, null, {}], Resource: [{}], Principal: ['*'], Condition: 'x' }] },
    { Statement: [{ Effect: 'Allow', NotAction: {}, NotResource: 7, NotPrincipal: '*', Condition: { StringEquals: 'x', Null: [] } }] },
    { Statement: [{ Effect: 'Deny', Action: ['iam:', ':', '*:', 'iam:PassRole'], Resource: ['arn:', 'arn:aws:s3', 'arn:aws:iam::*:role/${', '*'], Condition: { StringEquals: { 'aws:ResourceTag/': 'x', '': 'y' } } }] },
    { Statement: [{ Effect: 'Allow', Principal: { AWS: [], Service: {}, Federated: 3 }, Action: 'sts:AssumeRole' }] },
    '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"',
  ];
  const codes = new Set(SECURITY_CHECKS.map((c) => c.code));
  for (const policy of odd) {
    for (const policyType of ['identity', 'resource', 'trust', 'scp'] as const) {
      const rules = Object.fromEntries([...codes].map((c) => [c, 'info' as const]));
      const diags = run(policy, { policyType, rules });
      assert.equal(diags.filter((d) => d.code === 'INTERNAL_ERROR').length, 0, JSON.stringify(diags.filter((d) => d.code === 'INTERNAL_ERROR')));
    }
  }
});

test('wildcards are judged by what they match: iam:Pass* covers iam:PassRole, iam:Get* does not', () => {
  const with_ = (action: string) => new Set(run({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }).map((d) => d.code));
  assert.ok(with_('iam:Pass*').has('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'));
  assert.ok(with_('iam:?assRole').has('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'));
  assert.ok(!with_('iam:Get*').has('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'));
  assert.ok(with_('iam:Put*').has('PRIVILEGE_ESCALATION'));
  assert.ok(!with_('iam:Get*').has('PRIVILEGE_ESCALATION'));
});

test('every security check that declares a quick fix gets one offered for its finding', () => {
  const stmt = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [s] });
  const examples: Record<string, { policy: unknown; policyType?: PolicyType }> = {
    PASS_ROLE_WITH_NOT_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/x' }) },
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:Pass*', NotResource: 'arn:aws:iam::111122223333:role/x' }) },
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: { policy: stmt({ Effect: 'Allow', NotAction: 's3:*', NotResource: 'arn:aws:iam::111122223333:role/x' }) },
    PASS_ROLE_WITH_STAR_IN_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) },
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) },
    PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: { policy: stmt({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }) },
    RESOURCE_STAR_FOR_RESOURCE_LEVEL_ACTION: { policy: stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    PUBLIC_PRINCIPAL: { policy: stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    CROSS_ACCOUNT_PRINCIPAL_WITHOUT_CONDITION: { policy: stmt({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION: { policy: stmt({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }) },
    TRUST_SERVICE_PRINCIPAL_WITHOUT_SOURCE_CONDITION: { policy: stmt({ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' }), policyType: 'trust' },
    SENSITIVE_ACTION_WITHOUT_MFA: { policy: stmt({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }) },
    // Expanding the wildcard action (a rewrite linked to the finding).
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:Create*', Resource: '*' }) },
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: { policy: stmt({ Effect: 'Allow', Action: 'iam:Create*', NotResource: 'arn:aws:iam::111122223333:role/x' }) },
    SERVICE_WILDCARD_ACTION: { policy: stmt({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) },
  };
  const withFix = SECURITY_CHECKS.filter((c) => c.hasFix).map((c) => c.code);
  assert.deepEqual(withFix.slice().sort(), Object.keys(examples).sort(), 'examples must cover exactly the checks declaring hasFix');
  for (const code of withFix) {
    const { policy, policyType } = examples[code];
    const text = JSON.stringify(policy, null, 2);
    const { parse, diagnostics } = service.validate({ uri: 'file:///test/policy.json', text }, { policyType, rules: { [code]: 'warning' } });
    const d = diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code}: example produces no finding`);
    const actions = codeActions(text, parse, service.data, { span: d.span, diagnostics: [{ code: d.code, span: d.span, data: d.data, message: d.message }] });
    assert.ok(actions.length > 0, `${code}: no quick fix offered`);
  }
});
