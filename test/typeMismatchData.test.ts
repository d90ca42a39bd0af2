/**
 * TYPE_MISMATCH finding data: the operators it suggests keep the negation and the IfExists /
 * ForAllValues / ForAnyValue qualifiers of the operator they replace, so a fix built from the
 * data alone never inverts or widens a condition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';

const service = new PolicyService();

function replacementsFor(operator: string, key: string, value: unknown = 'x'): unknown {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: value } } }] };
  const { diagnostics } = service.validate({ uri: 'file:///p.json', text: JSON.stringify(policy, null, 2) });
  const d = diagnostics.filter((x) => x.code === 'TYPE_MISMATCH');
  assert.equal(d.length, 1, `${operator} on ${key}: ${diagnostics.map((x) => x.code).join(', ')}`);
  const data = d[0].data;
  return data?.fix === 'changeOperator' ? data.operators : [];
}

// [operator, key, expected replacements]
const table: [string, string, string[]][] = [
  ['StringEquals', 'aws:CurrentTime', ['DateEquals']],
  ['StringNotEquals', 'aws:CurrentTime', ['DateNotEquals']],
  ['StringNotEqualsIfExists', 'aws:CurrentTime', ['DateNotEqualsIfExists']],
  ['NumericNotEquals', 'aws:CurrentTime', ['DateNotEquals']],
  ['NumericLessThan', 'aws:CurrentTime', ['DateLessThan']],
  ['NumericGreaterThanEqualsIfExists', 'aws:CurrentTime', ['DateGreaterThanEqualsIfExists']],
  ['DateLessThan', 's3:max-keys', ['NumericLessThan']],
  ['StringNotLike', 'aws:SourceIp', ['NotIpAddress']],
  ['StringEqualsIfExists', 'aws:SourceIp', ['IpAddressIfExists']],
  ['ForAnyValue:StringNotEquals', 'aws:SourceIp', ['ForAnyValue:NotIpAddress']],
  ['ForAllValues:StringEquals', 's3:max-keys', ['ForAllValues:NumericEquals']],
  ['StringNotEquals', 's3:max-keys', ['NumericNotEquals']],
  // Arn operators on String keys are no mismatch (#12, as Access Analyzer); on an IP key they are.
  ['ArnNotLike', 'aws:SourceIp', ['NotIpAddress']],
  ['ArnLike', 'aws:SourceIp', ['IpAddress']],
  ['StringEquals', 'aws:MultiFactorAuthPresent', ['Bool']],
  ['StringEqualsIfExists', 'aws:MultiFactorAuthPresent', ['BoolIfExists']],
  // Bool has no negated form: no operator can say "not equal" for a Boolean key.
  ['StringNotEquals', 'aws:MultiFactorAuthPresent', []],
];

for (const [operator, key, expected] of table) {
  test(`${operator} on ${key} → ${expected.join(', ') || 'no operator replacement'}`, () => {
    assert.deepEqual(replacementsFor(operator, key, operator.startsWith('For') ? ['x'] : 'x') ?? [], expected);
  });
}
