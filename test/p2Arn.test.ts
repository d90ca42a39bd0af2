/**
 * data/arn.ts after the speed work of issue 16: templateMayMatch's first-character shortcut and
 * candidateResourceTypes' reuse of the previous type's Region/account answer give the answers of
 * the full match, over every field of every ARN format of a sample of services against user texts
 * of every kind (literals, wildcards, variables, odd case, empty, non-ASCII).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { candidateResourceTypes, parseArn, splitArnFormat, templateMayMatch, templateMayMatchUncached, type ArnFieldName, type ParsedArn } from '../server/src/data/arn';
import { lcg } from './helpers/lcg';

const SERVICES = ['s3', 'ec2', 'iam', 'kms', 'lambda', 'logs', 'dynamodb', 'sns', 'sqs', 'apigateway', 'ssm', 'secretsmanager', 'states', 'glue'];

test('templateMayMatch answers as the full match does', () => {
  const data = getIamData();
  const templates = new Set<string>(['', '*', '${Region}', 'x', '?']);
  for (const sp of SERVICES) {
    for (const rt of data.listResourceTypes(sp)) {
      const f = splitArnFormat(rt.arn);
      if (f) for (const t of [f.partition, f.service, f.region, f.account, f.resource]) templates.add(t);
    }
  }
  const users = ['', '*', '?', 'us-east-1', 'US-EAST-1', '123456789012', 'aws', 'my-bucket', 'my-bucket/*', 'instance/i-123', 'Instance/*', 'table/t/index/*', '${aws:username}', '${aws:username}/x', '$x', 'é-bucket', '*/x', '?nstance/*', 'function:f', 'secret:prod/db-AbCdEf', 'log-group:/aws/lambda/f:*', 'role/a/b', 'key/1234'];
  const next = lcg(16);
  const tl = [...templates];
  // Random texts near the templates: a template's literal start with its holes filled or cut.
  for (let i = 0; i < 300; i++) {
    const t = tl[next(tl.length)];
    const filled = t.replace(/\$\{[^}]*\}/g, () => ['x', '*', 'a/b', '', 'Ab'][next(5)]);
    users.push(next(2) ? filled : filled.slice(0, next(filled.length + 1)) + ['', '*', '?'][next(3)]);
  }
  let yes = 0;
  for (const t of tl) {
    for (const u of users) {
      const want = templateMayMatchUncached(u, t);
      yes += want ? 1 : 0;
      assert.equal(templateMayMatch(u, t), want, `${JSON.stringify(u)} vs ${JSON.stringify(t)}`);
    }
  }
  assert.ok(yes > 1000, `matches: ${yes}`);
});

test('candidateResourceTypes keeps every type whose fields all match (answers reused per repeated template)', () => {
  const data = getIamData();
  const arns = ['arn:aws:s3:::b/k', 'arn:aws:s3:::b', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'arn:aws:ec2:*:*:*', 'arn:aws:ec2::123456789012:instance/i-1', 'arn:aws:iam::123456789012:role/r', 'arn:aws:iam:us-east-1:123456789012:role/r', 'arn:aws:logs:us-east-1:1:log-group:/aws/x:*', 'arn:aws:kms:*:123456789012:key/*', 'arn:aws:ec2:us-east-1::image/ami-1', 'arn:aws:ec2:${aws:region}:123456789012:volume/*', 'arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*', 'arn:aws:sns:US-EAST-1:123456789012:t', 'arn:aws:lambda:us-east-1:123456789012:function:f'];
  let found = 0;
  for (const text of arns) {
    const p = parseArn(text);
    assert.equal(p.kind, 'arn', text);
    const arn = (p as { arn: ParsedArn }).arn;
    for (const ignore of [undefined, 'region', 'account', 'resource'] as (ArnFieldName | undefined)[]) {
      const want = data
        .listResourceTypes(arn.service.text.toLowerCase())
        .filter((rt) => {
          const f = splitArnFormat(rt.arn);
          return !!f && f.service.toLowerCase() === arn.service.text.toLowerCase() && (ignore === 'region' || templateMayMatchUncached(arn.region.text, f.region)) && (ignore === 'account' || templateMayMatchUncached(arn.account.text, f.account)) && (ignore === 'resource' || templateMayMatchUncached(arn.resource.text, f.resource));
        })
        .map((rt) => rt.name);
      const got = candidateResourceTypes(data, arn, ignore).map((c) => c.type.name);
      assert.deepEqual(got, want, `${text} ignoring ${ignore}`);
      found += got.length;
    }
  }
  assert.ok(found > 20, `types found: ${found}`);
});
