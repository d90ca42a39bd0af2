/**
 * The checks' own cost (#16, h16checks): the shortcuts answer exactly as the full computations.
 * - patternCovers' literal-run rejection never rejects a real coverage: compared, over every pair
 *   of short patterns, with a reference coverage DP written here from the definition;
 * - ARN/template intersection with shared DP rows gives the same answers whatever was asked before;
 * - statement facts ride on the statement without showing in its enumerable shape;
 * - REDUNDANT_STATEMENT's hash pre-filter still finds repeats written in another order, with
 *   repeats, or with another Sid, and nothing else;
 * - a policy too large for the findings cache is checked without fingerprinting, same findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData } from '../server/src/data/iamData';
import { arnSegmentMayNeedRegion, patternCovers, templateMayMatch } from '../server/src/data/arn';
import { PolicyService } from '../server/src/service';
import { statementFacts } from '../server/src/facts';
import { FindingsCache, MAX_CACHED_POLICY_CHARS } from '../server/src/checks/findingsCache';
import { runChecks } from '../server/src/checks/registry';

/** Reference: does glob `g` cover glob `s` (`*` any run, `?` one char, no variables)? DP over elements. */
function coversRef(g: string, s: string): boolean {
  // cov[i][j]: g[0..i) covers s[0..j)
  const cov: boolean[][] = Array.from({ length: g.length + 1 }, () => new Array<boolean>(s.length + 1).fill(false));
  cov[0][0] = true;
  for (let i = 1; i <= g.length; i++) {
    const eg = g[i - 1];
    cov[i][0] = cov[i - 1][0] && eg === '*';
    for (let j = 1; j <= s.length; j++) {
      const es = s[j - 1];
      if (eg === '*') cov[i][j] = cov[i - 1][j] || cov[i][j - 1];
      else if (eg === '?') cov[i][j] = cov[i - 1][j - 1] && es !== '*';
      else cov[i][j] = cov[i - 1][j - 1] && es === eg;
    }
  }
  return cov[g.length][s.length];
}

function allPatterns(alphabet: string[], maxLen: number): string[] {
  const out = [''];
  let level = [''];
  for (let l = 1; l <= maxLen; l++) {
    const next: string[] = [];
    for (const p of level) for (const c of alphabet) next.push(p + c);
    out.push(...next);
    level = next;
  }
  return out;
}

test('patternCovers agrees with a reference coverage DP on every pair of short patterns (the literal-run rejection loses nothing)', () => {
  const patterns = allPatterns(['a', 'b', '*', '?'], 4);
  let covered = 0;
  for (const g of patterns) {
    for (const s of patterns) {
      const want = coversRef(g, s);
      if (want) covered++;
      if (patternCovers(g, s) !== want) assert.fail(`patternCovers(${JSON.stringify(g)}, ${JSON.stringify(s)}) should be ${want}`);
    }
  }
  assert.ok(covered > 1000, 'the table exercises coverage, not only rejection');
});

test('patternCovers: literal runs found in order after a *, anchored before one', () => {
  const cases: [string, string, boolean][] = [
    ['*ab?d', 'abxabyd', true], // the first "ab" is not the one: a greedy anchored search would miss it
    ['*ab?d', 'abxab*d', false], // ? does not cover a run
    ['a?c*', 'abc${aws:username}', true],
    ['a?c*', 'a${x}c', false],
    ['arn:aws:ssm:*::document/AWS-*', 'arn:aws:ssm:*::document/AWSCodeDeployAgent-*', false],
    ['arn:aws:ssm:*::document/AWS*', 'arn:aws:ssm:*::document/AWSCodeDeployAgent-*', true],
    ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*', false],
    ['arn:aws:ec2:*:*:*/*', 'arn:aws:ec2:us-east-1:*:volume/*', true],
    ['*/x', 'a/*/x', true],
    ['*/x', 'a/x/*', false],
  ];
  for (const [g, s, want] of cases) assert.equal(patternCovers(g, s), want, `${g} covers ${s}`);
});

test('templateMayMatch answers the same whatever longer or shorter matches ran before (shared DP rows)', () => {
  const templates = ['${BucketName}/${ObjectName}', '${BucketName}', 'trail/${TrailName}', 'a${Id}b', 'x/${Path}'];
  const users = ['my-bucket/key', 'my-bucket', 'trail/t1', 'a-b', 'x/y/z', '*', 'a*', '*/key', 'my-bucket/*', 'trail/*/x', '${aws:username}', 'a?b'];
  const first = templates.map((t) => users.map((u) => templateMayMatch(u, t)));
  // A long pair in between grows the shared rows.
  templateMayMatch('*'.repeat(300) + '/x', 'y/' + '${Name}/'.repeat(40));
  const again = templates.map((t) => users.map((u) => templateMayMatch(u, t)));
  assert.deepEqual(again, first);
  assert.equal(templateMayMatch('my-bucket/key', '${BucketName}'), false, 'a one-segment placeholder takes no /');
  assert.equal(templateMayMatch('my-bucket/key', '${BucketName}/${ObjectName}'), true);
});

test('arnSegmentMayNeedRegion: false only where no resource type of the segment has a Region in its format', () => {
  const data = getIamData();
  assert.equal(arnSegmentMayNeedRegion(data, 'ec2'), true);
  assert.equal(arnSegmentMayNeedRegion(data, 'iam'), false);
  assert.equal(arnSegmentMayNeedRegion(data, 's3'), true, 'access points and S3 Express directory buckets have a Region');
  assert.equal(arnSegmentMayNeedRegion(data, 'no-such-service'), false);
});

const policy = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

test('statement facts are kept on the statement, invisible to its enumerable shape', () => {
  const service = new PolicyService();
  const text = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  const doc = { uri: 'file:///facts-slot.json', text };
  const parsed = service.parse(doc, { policyType: 'identity' });
  const st = parsed.policies[0].statements[0];
  const before = Object.keys(st);
  const facts = statementFacts(st, service.data);
  assert.equal(statementFacts(st, service.data), facts, 'built once');
  assert.deepEqual(Object.keys(st), before);
  assert.deepEqual(JSON.parse(JSON.stringify(st.path)), ['Statement', 0]);
  assert.deepEqual(st, service.parse({ ...doc, uri: 'file:///facts-slot-2.json' }, { policyType: 'identity' }).policies[0].statements[0], 'deep-equal to a fresh parse');
  // Another data instance gets its own facts.
  const other = new (service.data.constructor as new () => typeof service.data)();
  assert.notEqual(statementFacts(st, other), facts);
  assert.equal(statementFacts(st, other), statementFacts(st, other));
});

test('REDUNDANT_STATEMENT: repeats found through the hash pre-filter (order, repeats and Sid ignored), distinct statements never', () => {
  const service = new PolicyService();
  const text = policy([
    { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' },
    { Sid: 'B', Resource: 'arn:aws:s3:::b/*', Action: ['s3:PutObject', 's3:GetObject', 's3:GetObject'], Effect: 'Allow' },
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::c/*' },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    { Effect: 'Allow', Resource: 'arn:aws:s3:::b/*', Action: 's3:GetObject', Condition: { Bool: { 'aws:SecureTransport': true } } },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  ]);
  const found = service
    .validate({ uri: 'file:///redundant-statement.json', text }, { policyType: 'identity' })
    .diagnostics.filter((d) => d.code === 'REDUNDANT_STATEMENT')
    .map((d) => d.message);
  assert.deepEqual(found, ['This statement repeats statement 1. Remove it.', 'This statement repeats statement 5. Remove it.']);
});

test('a policy past the findings cache size is checked without the cache, with the same findings', () => {
  const data = getIamData();
  const statements = Array.from({ length: 900 }, (_, i) => ({ Sid: `S${i}${'x'.repeat(600)}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:getobject'], Resource: `arn:aws:s3:::bucket-${i}/*` }));
  const text = policy(statements);
  assert.ok(text.length > MAX_CACHED_POLICY_CHARS);
  const service = new PolicyService();
  const p = service.parse({ uri: 'file:///big.json', text }, { policyType: 'identity' }).policies[0];
  const cache = new FindingsCache();
  const findings = cache.get(p, 'config', () => runChecks(p, data));
  assert.equal(cache.bypassed, 1);
  assert.equal(cache.stats().entries, 0, 'nothing cached, no fingerprint');
  assert.deepEqual(findings, runChecks(p, data));
  assert.ok(findings.some((f) => f.code === 'REDUNDANT_ACTION'));
  // A small policy still goes through the cache.
  const small = service.parse({ uri: 'file:///small.json', text: policy(statements.slice(0, 1)) }, { policyType: 'identity' }).policies[0];
  cache.get(small, 'config', () => runChecks(small, data));
  cache.get(small, 'config', () => runChecks(small, data));
  assert.equal(cache.stats().hits, 1);
});
