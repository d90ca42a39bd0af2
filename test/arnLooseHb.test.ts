/**
 * someTemplateMayMatchLoosely (#16, hb) must answer as `templates.some(templateMayMatchLoosely)` for
 * user texts of every kind — literal, wildcard first, `?`, policy variables, odd case, empty,
 * non-ASCII, longer than the matcher judges — whatever shortcut it takes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { someTemplateMayMatchLoosely, splitArnFormat, templateMayMatchLoosely } from '../server/src/data/arn';
import { lcg } from './helpers/lcg';

const SERVICES = ['s3', 'ec2', 'iam', 'kms', 'lambda', 'logs', 'dynamodb', 'sns', 'sqs', 'apigateway', 'ssm', 'secretsmanager', 'states', 'glue', 'config', 'es', 'cloudtrail'];

test('someTemplateMayMatchLoosely answers as templates.some(templateMayMatchLoosely)', () => {
  const data = getIamData();
  const lists: string[][] = [[], ['*'], ['', 'x'], ['${Name}', 'Role/${RoleName}', 'é/${X}', '$x/${Y}', '?a/${Z}']];
  for (const sp of SERVICES) lists.push(data.listResourceTypes(sp).map((rt) => splitArnFormat(rt.arn)?.resource ?? '*'));
  const users = ['', '*', '?', 'r', 'R', 'role/app', 'Role/app', 'ROLE/*', 'instance/i-1', 'Instance/*', 'volume/*', '*/x', '?nstance/*', '${aws:username}', '${aws:username}/x', '$x/y', 'é/x', 'table/t/index/*', 'function:f', 'log-group:/aws/x:*', 'config-rule/aws-service-rule/x/y', 'secret:prod/db-AbCdEf', 'x'.repeat(2100), '*'.repeat(2100)];
  const next = lcg(7);
  const all = lists.flat();
  for (let i = 0; i < 400; i++) {
    const t = all[next(all.length)];
    const filled = t.replace(/\$\{[^}]*\}/g, () => ['x', '*', 'a/b', '', 'Ab', '${v}'][next(6)]);
    const cased = next(3) === 0 ? filled.toUpperCase() : filled;
    users.push(next(2) ? cased : cased.slice(0, next(cased.length + 1)) + ['', '*', '?', 'z'][next(4)]);
  }
  let yes = 0;
  for (const list of lists) {
    for (const u of users) {
      const want = list.some((t) => templateMayMatchLoosely(u, t));
      yes += want ? 1 : 0;
      assert.equal(someTemplateMayMatchLoosely(u, list), want, `${JSON.stringify(u.slice(0, 80))} vs ${JSON.stringify(list.slice(0, 5))}`);
      // A second call may read what the first memoised.
      assert.equal(someTemplateMayMatchLoosely(u, list), want);
    }
  }
  assert.ok(yes > 500, `matches: ${yes}`);
});
