/**
 * The ARN shortcuts of #16 wave 3 (hb3) answer as the code they stand for:
 * - RESOURCE_TYPE_MISMATCH's lazy walk (unmatchedArns: the Action values read only until every ARN
 *   has matched a type) finds exactly the ARNs the full candidate lists (candidateTypes) and
 *   matchesSomeList find, and judges exactly the statements they judge — over the fixtures, the AWS
 *   managed-policy corpus when present (/tmp/corpus), and random statements;
 * - splitArnFormat (colons found by indexOf, placeholders skipped) and formatServiceSegment equal
 *   the character walk they replaced, on every format of the data and on random strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import type { CheckContext } from '../server/src/checks/types';
import type { PolicyDocument, Statement } from '../server/src/model';
import type { IamData } from '../server/src/data/iamData';
import { arnServiceIndex, formatServiceSegment, splitArnFormat, type ArnFormat, type ParsedArn } from '../server/src/data/arn';
import { statementFacts } from '../server/src/facts';
import { candidateTypes, matchesSomeList, unmatchedArns } from '../server/src/checks/rules/security/resource-type-mismatch';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

/** The character walk splitArnFormat replaced (server/src/data/arnMatch.ts before wave 3): the reference it is compared with. */
function splitArnFormatByChars(format: string): ArnFormat | undefined {
  const f: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < format.length && f.length < 5; i++) {
    if (format[i] === '$' && format[i + 1] === '{') depth++;
    else if (format[i] === '}' && depth > 0) depth--;
    else if (format[i] === ':' && depth === 0) {
      f.push(format.slice(start, i));
      start = i + 1;
    }
  }
  f.push(format.slice(start));
  if (f.length < 6) return undefined;
  return { partition: f[1], service: f[2], region: f[3], account: f[4], resource: f[5] };
}

const service = new PolicyService();
const data: IamData = service.data;

function ctxOf(policy: PolicyDocument): CheckContext {
  return { data, policy, report: () => undefined };
}

/** The ARNs RESOURCE_TYPE_MISMATCH judges in a statement (its run's filter). */
function judgedArns(st: Statement): ParsedArn[] {
  const out: ParsedArn[] = [];
  for (const v of statementFacts(st, data).arns) {
    if (v.element !== 'Resource' || v.parse.kind !== 'arn') continue;
    const arn = v.parse.arn;
    if (arn.service.wild || arn.service.uncertain || arn.resource.uncertain || arn.region.uncertain || arn.account.uncertain) continue;
    out.push(arn);
  }
  return out;
}

/** The reference: the full candidate lists, then every ARN against all of them. */
function reference(ctx: CheckContext, st: Statement, arns: readonly ParsedArn[]): number[] | undefined {
  const c = candidateTypes(ctx, st);
  if (!c || !c.lists.some((l) => l.length > 0)) return undefined;
  const out: number[] = [];
  for (let k = 0; k < arns.length; k++) if (!matchesSomeList(arns[k], c.lists)) out.push(k);
  return out.length > 0 ? out : undefined;
}

/** Compares the lazy walk with the reference on every statement of a document; returns how many statements had ARNs and how many had findings. */
function compareDocument(text: string, label: string): [number, number] {
  let judged = 0;
  let found = 0;
  const r = service.validate({ uri: `file:///${label}`, text });
  for (const policy of r.parse.policies) {
    const ctx = ctxOf(policy);
    for (const st of policy.statements) {
      if (!st.resource) continue;
      const arns = judgedArns(st);
      if (arns.length === 0) continue;
      judged++;
      const expected = reference(ctx, st, arns);
      assert.deepEqual(unmatchedArns(ctx, st, arns), expected, label);
      if (expected) found++;
    }
  }
  return [judged, found];
}

function files(dir: string, re: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

test('RESOURCE_TYPE_MISMATCH: the lazy walk equals the full lists on the fixtures and the managed-policy corpus', () => {
  let judged = 0;
  let found = 0;
  const all = [...files(path.join(FIXTURES, 'checks'), /\.json$/), ...files('/tmp/corpus', /\.json$/)];
  for (const f of all) {
    const [j, n] = compareDocument(fs.readFileSync(f, 'utf8'), path.basename(f));
    judged += j;
    found += n;
  }
  assert.ok(judged > 50, `${judged} statements judged`);
  assert.ok(found > 5, `${found} statements with findings`);
});

test('RESOURCE_TYPE_MISMATCH: the lazy walk equals the full lists on random statements', () => {
  const next = lcg(31, 8);
  const services = ['s3', 'ec2', 'iam', 'lambda', 'sqs', 'dynamodb', 'logs', 'kms', 'sns', 'cloudtrail'];
  const actions: string[] = ['s3:Get*', 'ec2:Describe*', 'iam:*Role*', 'lambda:Invoke?unction', 'sqs:nosuch*', 'nosuch:Get*', 'ec2:NoSuchAction', 's3:*', '*', 'ec2:*'];
  const arns: string[] = ['*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:ec2:*:*:instance/*', 'arn:aws:iam::*:role/x', 'arn:aws:s3:::${aws:username}/*', 'arn:aws:nosuch:::x'];
  for (const s of services) {
    const refs = data.matchActions(`${s}:*`);
    for (let i = 0; i < 12 && refs.length > 0; i++) {
      const a = refs[next(refs.length)];
      actions.push(`${a.service}:${a.name}`);
    }
    for (const rt of data.listResourceTypes(s)) {
      // The format with its placeholders filled in, sometimes with a wildcard or a wrong literal.
      const filled = rt.arn
        .replace('${Partition}', 'aws')
        .replace('${Region}', next(3) === 0 ? '*' : 'us-east-1')
        .replace('${Account}', next(3) === 0 ? '*' : '123456789012')
        .replace(/\$\{[^}]*\}/g, () => ['x', '*', 'a/b', 'x?'][next(4)]);
      arns.push(filled);
      if (next(3) === 0) arns.push(filled.replace(/:([^:]*)$/, (_m, r: string) => `:z${r}`));
    }
  }
  let found = 0;
  for (let i = 0; i < 1500; i++) {
    const acts: string[] = [];
    for (let n = 1 + next(6); n > 0; n--) acts.push(actions[next(actions.length)]);
    const res: string[] = [];
    for (let n = 1 + next(4); n > 0; n--) res.push(arns[next(arns.length)]);
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: acts, Resource: res }] };
    found += compareDocument(JSON.stringify(doc), `random-${i}.json`)[1];
  }
  assert.ok(found > 50, `${found} statements with findings`);
});

test('splitArnFormat and formatServiceSegment equal the character walk on the data and random strings', () => {
  const formats: string[] = [];
  for (const s of data.listServices()) for (const rt of data.listResourceTypes(s.prefix)) formats.push(rt.arn);
  assert.ok(formats.length > 1000, `${formats.length} formats`);
  const next = lcg(17, 8);
  const alphabet = '$${}}::ab';
  for (let i = 0; i < 30000; i++) {
    let t = '';
    for (let n = next(24); n > 0; n--) t += alphabet[next(alphabet.length)];
    formats.push(t, `arn:${t}`, `arn:\${Partition}:${t}:x:y:z`);
  }
  formats.push('', ':::::', 'a:b:c:d:e', '${:::::}', '${a}${b:}:::::', '}::::${', 'arn:${P}:s:${R}:${A}:${x', 'arn:${${a:b}}:s:r:a:x');
  for (const f of formats) {
    const expected = splitArnFormatByChars(f);
    assert.deepEqual(splitArnFormat(f), expected, f);
    assert.equal(formatServiceSegment(f), expected?.service, f);
  }
});

test('arnServiceIndex: every service segment of the data and the services using it', () => {
  const expected = new Map<string, string[]>();
  for (const s of data.listServices()) {
    for (const rt of data.listResourceTypes(s.prefix)) {
      const f = splitArnFormatByChars(rt.arn);
      if (!f) continue;
      const seg = f.service.toLowerCase();
      const list = expected.get(seg) ?? [];
      if (!list.includes(s.prefix)) list.push(s.prefix);
      expected.set(seg, list);
    }
  }
  assert.deepEqual([...arnServiceIndex(data)], [...expected]);
});
