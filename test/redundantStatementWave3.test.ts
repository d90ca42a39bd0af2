/**
 * REDUNDANT_STATEMENT's length-hash filter (wave 3): a statement whose length hash (strings and
 * property names by their lengths) is unique in its policy is not compared further. Random
 * policies whose statements often have the same shape and lengths (`s3:GetObject` and
 * `s3:PutObject`), repeat another up to key order, repeated items and Sid, or differ in one value:
 * the findings are those of the definition (canonical text: keys sorted, arrays of items sorted
 * and de-duplicated, Sid left out), computed here on the parsed JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { lcg } from './helpers/lcg';

function canon(v: unknown, skipSid = false): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${[...new Set(v.map((x) => canon(x)))].sort().join(',')}]`;
  const props = Object.entries(v as Record<string, unknown>)
    .filter(([k]) => !(skipSid && k === 'Sid'))
    .map(([k, x]) => `${JSON.stringify(k)}:${canon(x)}`);
  return `{${props.sort().join(',')}}`;
}

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:RunInstances', 'ec2:StopInstances', 'iam:PassRole', 'iam:GetRole', 's3:*'];
const RESOURCES = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', 'arn:aws:s3:::bb/*', 'arn:aws:iam::123456789012:role/x'];

function shuffle<T>(a: T[], next: (n: number) => number): T[] {
  const o = a.slice();
  for (let i = o.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [o[i], o[j]] = [o[j], o[i]];
  }
  return o;
}

function randomStatement(next: (n: number) => number): Record<string, unknown> {
  const st: Record<string, unknown> = { Effect: next(4) ? 'Allow' : 'Deny' };
  const pick = (list: string[]) => {
    const n = 1 + next(3);
    const a = Array.from({ length: n }, () => list[next(list.length)]);
    return n === 1 && next(2) ? a[0] : a;
  };
  st[next(5) ? 'Action' : 'NotAction'] = pick(ACTIONS);
  st[next(6) ? 'Resource' : 'NotResource'] = pick(RESOURCES);
  const c = next(5);
  if (c === 0) st.Condition = { Bool: { 'aws:SecureTransport': next(2) ? 'true' : true } };
  else if (c === 1) st.Condition = { StringEquals: { 'aws:PrincipalTag/team': pick(['red', 'blu', 'green']) }, NumericLessThan: { 's3:max-keys': next(2) ? 10 : 20 } };
  else if (c === 2) st.Condition = { Null: { 'aws:TokenIssueTime': null } };
  return st;
}

/** The same statement written otherwise: keys in another order, array items reordered or repeated, another Sid. */
function rewrite(st: Record<string, unknown>, next: (n: number) => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (next(2)) out.Sid = `S${next(100)}`;
  for (const k of shuffle(Object.keys(st), next)) {
    if (k === 'Sid') continue;
    const v = st[k];
    out[k] = Array.isArray(v) ? shuffle(next(2) ? [...v, v[0]] : v, next) : v;
  }
  return out;
}

test('REDUNDANT_STATEMENT = the canonical-text definition on random policies', () => {
  const service = new PolicyService();
  const next = lcg(20261204);
  let found = 0;
  for (let round = 0; round < 600; round++) {
    const statements: Record<string, unknown>[] = [];
    const n = 2 + next(12);
    for (let i = 0; i < n; i++) {
      if (statements.length > 0 && next(3) === 0) statements.push(rewrite(statements[next(statements.length)], next));
      else {
        const st = randomStatement(next);
        if (next(3) === 0) st.Sid = `Sid${i}`;
        statements.push(st);
      }
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const seen = new Map<string, number>();
    const want: string[] = [];
    statements.forEach((st, i) => {
      const key = canon(st, true);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else want.push(`${i}: This statement repeats statement ${first + 1}. Remove it.`);
    });
    const got = service
      .validate({ uri: `file:///rs${round}.json`, text }, { policyType: 'identity' })
      .diagnostics.filter((d) => d.code === 'REDUNDANT_STATEMENT')
      .map((d) => `${statementAt(text, text.slice(0, d.span.offset).split("\n").length - 1)}: ${d.message}`);
    assert.deepEqual(got, want, text);
    found += want.length;
  }
  assert.ok(found > 300, `repeats to find (${found})`);
});

/** The index of the statement a diagnostic's line falls in (each statement's `{` opens a line of its own, two spaces in). */
function statementAt(text: string, line: number): number {
  const lines = text.split('\n');
  let index = -1;
  for (let l = 0; l <= line; l++) if (lines[l] === '    {') index++;
  return index;
}
