/**
 * Names of Object.prototype members (`constructor`, `__proto__`, `toString`, …) written wherever a
 * policy holds a user-chosen name — condition operators and keys, actions, services, resources,
 * principal types, element names, Sid, Effect — must be treated as the unknown names they are:
 * no check may look them up in a plain object and crash (INTERNAL_ERROR) or skip them. Every
 * check runs (opt-in ones turned on) under every policy type, in JSON and in a CloudFormation
 * template.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKS, defaultSeverity } from '../server/src/checks/registry';
import { PolicyService } from '../server/src/service';
import { POLICY_TYPES } from '../server/src/model/types';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];

const rules = Object.fromEntries(CHECKS.map((c) => [c.code, defaultSeverity(c)]));

function policyWith(n: string): object {
  return {
    Version: '2012-10-17',
    Id: n,
    Statement: [
      {
        Sid: n,
        Effect: 'Allow',
        Action: [n, `s3:${n}`, `${n}:GetObject`, `${n}:*`, `iam:${n}*`],
        Resource: [n, `arn:aws:${n}:::x`, `arn:aws:s3:::${n}`, `arn:${n}:iam::123456789012:role/${n}`],
        Condition: {
          [n]: { [n]: 'x', [`aws:${n}`]: 'y', [`${n}:${n}`]: 'z' },
          StringEquals: { [n]: '1', [`s3:${n}`]: '2', [`aws:PrincipalTag/${n}`]: n, [`aws:${n}`]: [n] },
          [`ForAllValues:${n}`]: { [`aws:TagKeys`]: [n] },
          [`${n}IfExists`]: { 'aws:SourceIp': n },
          Bool: { [`aws:${n}`]: n },
        },
      },
      {
        Effect: 'Allow',
        Principal: { [n]: 'x', AWS: [n, `arn:aws:iam::${n}:root`], Service: `${n}.amazonaws.com`, Federated: n },
        Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
        Resource: '*',
        Condition: { StringEquals: { [`${n}:aud`]: n, [`${n}.amazonaws.com:sub`]: n } },
      },
      { Effect: n, NotAction: n, NotResource: n, [n]: n },
      { Effect: 'Deny', NotPrincipal: { [n]: n }, Action: '*', Resource: '*', Condition: { [n]: n } },
    ],
  };
}

const service = new PolicyService();

test('Object.prototype member names anywhere in a policy: no check crashes, under every policy type', () => {
  const failures: string[] = [];
  for (const n of NAMES) {
    const text = JSON.stringify(policyWith(n), null, 2);
    for (const policyType of POLICY_TYPES) {
      const { diagnostics } = service.validate({ uri: `file:///proto-${n}.${policyType}.json`, text }, { policyType, rules });
      for (const d of diagnostics) if (d.code === 'INTERNAL_ERROR') failures.push(`${n} (${policyType}): ${d.message}`);
    }
    const template = `Resources:\n  ${n}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${JSON.stringify(policyWith(n))}\n`;
    const { diagnostics } = service.validate({ uri: `file:///proto-${n}.yaml`, text: template }, { rules });
    for (const d of diagnostics) if (d.code === 'INTERNAL_ERROR') failures.push(`${n} (template): ${d.message}`);
  }
  assert.deepEqual(failures, []);
});

test('Object.prototype member names are reported as the unknown names they are', () => {
  const missing: string[] = [];
  for (const n of NAMES) {
    const text = JSON.stringify(policyWith(n), null, 2);
    const { diagnostics } = service.validate({ uri: `file:///proto-${n}.json`, text }, { policyType: 'identity', rules });
    const expect: [string, string][] = [
      ['INVALID_SERVICE_IN_ACTION', `"${n}"`],
      ['INVALID_ACTION', `"s3:${n}"`],
      ['INVALID_CONDITION_OPERATOR', `"${n}"`],
      ['INVALID_GLOBAL_CONDITION_KEY', `"aws:${n}"`],
      ['INVALID_SERVICE_CONDITION_KEY', `"s3:${n}"`],
    ];
    for (const [code, quoted] of expect) if (!diagnostics.some((d) => d.code === code && d.message.includes(quoted))) missing.push(`${n}: no ${code} naming ${quoted}`);
  }
  assert.deepEqual(missing, []);
});

test('Object.prototype member names: hover, completion, code actions, fix-all, symbols and lenses answer without throwing', () => {
  const failures: string[] = [];
  for (const n of NAMES) {
    const text = JSON.stringify(policyWith(n), null, 2);
    const doc = { uri: `file:///proto-${n}.json`, text };
    const settings = { policyType: 'identity' as const, rules };
    const attempt = (what: string, f: () => unknown) => {
      try {
        f();
      } catch (err) {
        failures.push(`${n} ${what}: ${(err as Error).message}`);
      }
    };
    const { diagnostics } = service.validate(doc, settings);
    for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
      for (let offset = at; offset <= at + n.length; offset++) {
        attempt(`hover@${offset}`, () => service.hover(doc, offset, settings));
        attempt(`complete@${offset}`, () => service.complete(doc, offset, settings));
      }
      const span = { offset: at, length: n.length };
      attempt(`codeActions@${at}`, () => service.codeActions(doc, { span, diagnostics: diagnostics.filter((d) => d.span.offset <= at && at <= d.span.offset + d.span.length) }, settings));
    }
    attempt('fixAll', () => service.fixAll(doc, settings));
    attempt('symbols', () => service.symbols(doc, settings));
    attempt('folds', () => service.folds(doc, settings));
    attempt('lenses', () => service.lenses(doc, settings));
  }
  assert.deepEqual(failures, []);
});

test('the names are really in the texts (a computed __proto__ key survives JSON.stringify)', () => {
  const text = JSON.stringify(policyWith('__proto__'));
  assert.match(text, /"__proto__":\{"__proto__":"x"/);
  assert.match(text, /"Sid":"__proto__"/);
});
