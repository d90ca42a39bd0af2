/**
 * Issue #12 (part B): the typo rule of INVALID_ACTION / INVALID_ARN_RESOURCE (isTypo) and the
 * looser ARN template reading INVALID_ARN_RESOURCE judges with (templateMayMatchLoosely).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTypo } from '../server/src/data/editDistance';
import { templateMayMatch, templateMayMatchLoosely } from '../server/src/data/arn';

test('isTypo: case, small edits and transpositions are typos; a missing or extra word is not', () => {
  const cases: [string, string, boolean][] = [
    ['getobject', 'GetObject', true],
    ['GetObjekt', 'GetObject', true],
    ['GetObjetc', 'GetObject', true],
    ['Querry', 'Query', true],
    ['DescribeInstance', 'DescribeInstances', true],
    ['UpdateBudget', 'UpdateBudgetAction', false],
    ['UpdateFunctionConfig', 'UpdateFunctionConfiguration', false],
    ['BatchGet', 'BatchGetItem', false],
    ['GetItem', 'BatchGetItem', false],
    ['UpdateFunctionConfig', 'UpdateFunctionUrlConfig', false],
    ['Get', 'Put', false],
    ['GetPaymentPreferences', 'ListPaymentPreferences', false],
    ['GteObject', 'GetObject', true],
    ['GetObjekt2', 'GetObject', true],
    ['ReEncrypt', 'ReEncryptTo', false],
    ['endpointconfig', 'endpoint-config', true],
    ['connector-profile', 'connectorprofile', true],
    ['zzzzzzzz', 'GetObject', false],
    ['instances', 'instance', true],
    ['config-rules', 'config-rule', true],
  ];
  for (const [w, c, expected] of cases) assert.equal(isTypo(w, c), expected, `${w} ~ ${c}`);
});

test('templateMayMatchLoosely: the last placeholder spans several segments', () => {
  const cases: [string, string, boolean, boolean][] = [
    // user resource, format resource, strict, loose
    ['config-rule/aws-service-rule/securityhub.amazonaws.com/x', 'config-rule/${ConfigRuleId}', false, true],
    ['channel/aws-service-channel/inspector2/abc', 'channel/${ChannelId}', false, true],
    ['domain/*/_cluster/settings', 'domain/${DomainName}', false, true],
    ['schema/reg/schema', 'schema/${SchemaName}', false, true],
    ['table/db/t', 'table/${DatabaseName}/${TableName}', true, true],
    ['table/db', 'table/${DatabaseName}/${TableName}', false, false],
    ['stack/my-stack', 'stack/${StackName}/${Id}', false, false],
    ['config-rules/x', 'config-rule/${ConfigRuleId}', false, false],
    ['domain', 'domain/${DomainName}', false, false],
  ];
  for (const [u, t, strict, loose] of cases) {
    assert.equal(templateMayMatch(u, t), strict, `strict ${u} ~ ${t}`);
    assert.equal(templateMayMatchLoosely(u, t), loose, `loose ${u} ~ ${t}`);
  }
});
