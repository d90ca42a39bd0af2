/**
 * Table-driven tests of the policy-variable parser and the condition value parsers that the
 * condition checks build on (the checks themselves are covered by test/fixtures/checks/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPolicyVariables, variableKeyStatus } from '../server/src/data/policyVariables';
import { hasHostBits, isBase64, isIsoDate, isNumeric, isPrivateRange, normalizeCidr, parseCidr } from '../server/src/checks/support/conditionValues';
import { lookupConditionKey } from '../server/src/facts';
import { getIamData } from '../server/src/data/iamData';

// text → [problem code or 'ok' per variable, …]
const VARIABLE_CASES: [string, string[]][] = [
  ['arn:aws:s3:::b/${aws:username}/*', ['ok']],
  ['${aws:PrincipalTag/team, \'none\'}', ['ok']],
  ["${aws:username,'x y'}", ['ok']],
  ["${aws:username , 'x'}", ['ok']],
  ['${*}${?}${$}', ['ok', 'ok', 'ok']],
  ['no variables here: $ { }', []],
  ['${}', ['EMPTY_VARIABLE']],
  ['${  }', ['EMPTY_VARIABLE']],
  ['${aws:username', ['MISSING_BRACE_IN_VARIABLE']],
  ['${aws:username/${aws:userid}', ['MISSING_BRACE_IN_VARIABLE', 'ok']],
  ['${aws: username}', ['UNSUPPORTED_SPACE_IN_VARIABLE']],
  ['${ aws:username}', ['UNSUPPORTED_SPACE_IN_VARIABLE']],
  ['${aws:user#name}', ['UNSUPPORTED_SYMBOL_IN_VARIABLE']],
  ['${aws:username, "x"}', ['UNSUPPORTED_SYMBOL_IN_VARIABLE']],
  ['${aws:username, \u2018x\u2019}', ['UNSUPPORTED_SYMBOL_IN_VARIABLE']],
  ["${aws:username, 'x}", ['MISSING_QUOTE_IN_VARIABLE']],
  ["${aws:username, x'}", ['MISSING_QUOTE_IN_VARIABLE']],
  ['${aws:username, x}', ['MISSING_QUOTE_IN_VARIABLE']],
  ['${aws:username,}', ['MISSING_QUOTE_IN_VARIABLE']],
];

test('policy variables: syntax problems', () => {
  for (const [text, expected] of VARIABLE_CASES) {
    const actual = findPolicyVariables(text).map((v) => v.problem?.code ?? 'ok');
    assert.deepEqual(actual, expected, text);
    for (const v of findPolicyVariables(text)) {
      assert.ok(v.start >= 0 && v.end <= text.length && v.start < v.end, `offsets inside ${text}`);
      if (v.problem) assert.ok(v.problem.start >= 0 && v.problem.start + v.problem.length <= text.length, `problem inside ${text}`);
    }
  }
});

test('policy variables: offsets, defaults, escapes', () => {
  const [a, b] = findPolicyVariables("x/${aws:username}/${aws:PrincipalTag/team, 'none'}");
  assert.deepEqual([a.start, a.end, a.name], [2, 17, 'aws:username']);
  assert.equal(b.defaultValue, 'none');
  assert.equal(findPolicyVariables('${?}')[0].escape, '?');
});

test('policy variables: known keys', () => {
  const data = getIamData();
  const cases: [string, string][] = [
    ['aws:username', 'known'],
    ['aws:PrincipalTag/team', 'known'],
    ['*', 'escape'],
    ['token.actions.githubusercontent.com:sub', 'known'],
    ['saml:sub', 'known'],
    ['s3:prefix', 'known'],
    ['aws:NoSuchKey', 'unknown'],
  ];
  for (const [name, status] of cases) assert.equal(variableKeyStatus(name, data), status, name);
});

test('CIDR parsing, host bits, normalization, private ranges', () => {
  const cases: [string, string | undefined, boolean, boolean][] = [
    // text, normalized (undefined = invalid), host bits, private
    ['203.0.113.0/24', '203.0.113.0/24', false, false],
    ['203.0.113.5/24', '203.0.113.0/24', true, false],
    ['10.1.2.3', '10.1.2.3/32', false, true],
    ['172.16.0.0/12', '172.16.0.0/12', false, true],
    ['172.32.0.0/16', '172.32.0.0/16', false, false],
    ['10.0.0.0/7', '10.0.0.0/7', false, false],
    ['0.0.0.0/0', '0.0.0.0/0', false, false],
    ['2001:db8::1/32', '2001:db8::/32', true, false],
    ['::ffff:192.0.2.1', '::ffff:c000:201/128', false, false],
    ['fd12:3456::/48', 'fd12:3456::/48', false, true],
    ['256.0.0.0', undefined, false, false],
    ['10.0.0.0/33', undefined, false, false],
    ['1.2.3', undefined, false, false],
    ['2001:db8:::/32', undefined, false, false],
    [' 10.0.0.0/8', undefined, false, false],
  ];
  for (const [text, normalized, hostBits, priv] of cases) {
    const c = parseCidr(text);
    assert.equal(c && normalizeCidr(c), normalized, text);
    if (c) {
      assert.equal(hasHostBits(c), hostBits, `${text} host bits`);
      assert.equal(isPrivateRange(c), priv, `${text} private`);
    }
  }
});

test('dates, numbers, base64', () => {
  for (const d of ['2025', '2025-01', '2025-01-31', '2025-01-31T12:00Z', '2025-01-31T12:00:00.5+02:00', '2024-02-29']) assert.ok(isIsoDate(d), d);
  for (const d of ['2025-13-01', '2025-02-30', '31/01/2025', '2025-01-31 12:00', 'today', '']) assert.ok(!isIsoDate(d), d);
  for (const n of ['1', '-2', '2.5', '1e3', '.5']) assert.ok(isNumeric(n), n);
  for (const n of ['ten', '1,000', '', '0x10']) assert.ok(!isNumeric(n), n);
  for (const b of ['', 'QQ==', 'QmluYXJ5']) assert.ok(isBase64(b), b);
  for (const b of ['abc', 'not base64!', 'QQ=']) assert.ok(!isBase64(b), b);
});

test('condition key lookup: global, service, templates, provider claims, unknown', () => {
  const data = getIamData();
  const cases: [string, string][] = [
    ['aws:SourceIp', 'global'],
    ['AWS:sourceip', 'global'],
    ['aws:ResourceTag/team', 'global'],
    ['s3:prefix', 'service'],
    ['s3:ExistingObjectTag/team', 'service'],
    ['ec2:ResourceTag/Name', 'service'],
    ['token.actions.githubusercontent.com:sub', 'federated'],
    ['oidc.eks.us-east-1.amazonaws.com/id/ABC:aud', 'federated'],
    ['cognito-identity.amazonaws.com:aud', 'service'],
    ['aws:NoSuchKey', 'unknown'],
    ['s3:NoSuchKey', 'unknown'],
    ['nocolon', 'unknown'],
    ['aws:', 'unknown'],
  ];
  for (const [key, kind] of cases) assert.equal(lookupConditionKey(key, data).kind, kind, key);
});
