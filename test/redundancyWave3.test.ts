/**
 * Wave 3 shortcuts of checks/support/redundancy.ts against the quadratic definition (for each
 * entry: the first earlier equal entry, else the first wildcard entry — shortest literal prefix
 * first, then list order — that covers it):
 * - long Action lists holding wildcards or unknown names (coveredActions: patterns grouped by
 *   service, values naming actions finding their group by the action's service);
 * - short lists (coveredSmall: pairwise, no maps), actions and ARNs.
 * Random lists (real actions in any case, patterns in and across services, `*`, `*:get*`, `?`,
 * unknown names, repeats, non-ASCII case pairs) and, when /tmp/corpus is there, every list of
 * the AWS managed policies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redundantActionEntries, redundantEntries, redundantResourceEntries } from '../server/src/checks/support/redundancy';
import { actionRefsOf, knownValues } from '../server/src/facts';
import { getIamData } from '../server/src/data/iamData';
import type { PropertyNode, StringNode, ValueNode } from '../server/src/model';
import { lcg } from './helpers/lcg';
import { redundancyReference } from './helpers/redundancyReference';

function str(value: string, i: number): StringNode {
  return { kind: 'string', value, span: { offset: i, length: value.length + 2 }, path: ['Action', i] } as unknown as StringNode;
}

function prop(values: string[]): PropertyNode {
  const value = { kind: 'array', items: values.map(str), span: { offset: 0, length: 1 }, path: ['Action'] } as unknown as ValueNode;
  return { key: 'Action', value, keySpan: { offset: 0, length: 8 }, path: ['Action'] } as unknown as PropertyNode;
}

/** The definition, written the simple way (quadratic): test/helpers/redundancyReference.ts. */
function reference(values: string[], caseInsensitive: boolean): string[] {
  return redundancyReference(values, caseInsensitive).map((e) => `${e.index}<${e.by}`);
}

const shown = (entries: readonly { node: StringNode; by: string }[]) => entries.map((e) => `${(e.node.path as unknown[])[1]}<${e.by}`);

function actions(values: string[]): string[] {
  const v = knownValues(prop(values));
  return shown(redundantActionEntries(v, actionRefsOf(getIamData(), v)));
}

function randomCase(s: string, next: (n: number) => number): string {
  const k = next(4);
  if (k === 0) return s.toUpperCase();
  if (k === 1) return s.toLowerCase();
  if (k === 2) return s;
  let o = '';
  for (const c of s) o += next(2) ? c.toUpperCase() : c.toLowerCase();
  return o;
}

const SERVICES = ['s3', 'ec2', 'iam', 'kms', 'sqs', 'lambda', 'dynamodb', 'logs'];
const EXTRA = ['*', '*:get*', '*:Describe*', 's*:Get*', ':get*', 'nosuch:Get*', 'nosuch:GetThing', 's3', 'svc*', 'ec2:*', '*:*', 'S3:Get?bject', 'kms:*crypt*', 'iam:Get*Policy', 's3:GetObject*', 'é:x*', 'É:X', '\u0130am:get*', 'i\u0307am:Get*'];

test('redundantActionEntries (long lists with wildcards or unknown names) = the definition', () => {
  const data = getIamData();
  const names = new Map(SERVICES.map((s) => [s, data.actionNames(s)]));
  const next = lcg(20261202);
  let found = 0;
  for (let round = 0; round < 1500; round++) {
    const n = next(3) === 0 ? 2 + next(15) : 17 + next(next(5) === 0 ? 300 : 60);
    const out: string[] = [];
    const few = SERVICES.slice(0, 1 + next(SERVICES.length));
    for (let i = 0; i < n; i++) {
      const r = next(10);
      if (out.length > 0 && r === 0) out.push(randomCase(out[next(out.length)], next));
      else if (r <= 2) out.push(EXTRA[next(EXTRA.length)]);
      else {
        const svc = few[next(few.length)];
        const list = names.get(svc)!;
        const name = list[next(list.length)] ?? 'X';
        const w = next(6);
        // A known action, or a wildcard pattern from its name (a prefix, a `?`, an inner `*`).
        const v = w < 3 ? `${svc}:${name}` : w === 3 ? `${svc}:${name.slice(0, 1 + next(name.length))}*` : w === 4 ? `${svc}:${name.slice(0, 2)}?${name.slice(3)}` : `${svc}:*${name.slice(3)}`;
        out.push(randomCase(v, next));
      }
    }
    const want = reference(out, true);
    assert.deepEqual(actions(out), want, JSON.stringify(out));
    assert.deepEqual(shown(redundantEntries(prop(out), true)), want, JSON.stringify(out));
    found += want.length;
  }
  assert.ok(found > 5000, `the lists have redundant entries to find (${found})`);
});

test('coveredSmall (short lists) = the definition, actions and ARNs', () => {
  const next = lcg(20261203);
  const PIECES = ['arn:aws:s3:::', 'bucket', '/', '*', '?', 'a', 'A', '${aws:username}', '\u0130', 'i\u0307', ':', 'x*y'];
  for (let round = 0; round < 4000; round++) {
    const n = 2 + next(15);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (out.length > 0 && next(5) === 0) out.push(out[next(out.length)]);
      else {
        let v = '';
        for (let p = 1 + next(5); p > 0; p--) v += PIECES[next(PIECES.length)];
        out.push(v);
      }
    }
    for (const ci of [true, false]) assert.deepEqual(shown(redundantEntries(prop(out), ci)), reference(out, ci), JSON.stringify({ out, ci }));
    assert.deepEqual(shown(redundantResourceEntries(knownValues(prop(out)))), reference(out, false), JSON.stringify(out));
  }
});

test('the AWS managed policies (/tmp/corpus): every Action, NotAction and Resource list = the definition', (t) => {
  const dir = '/tmp/corpus';
  if (!fs.existsSync(dir)) {
    t.skip('no /tmp/corpus');
    return;
  }
  let lists = 0;
  for (const f of fs.readdirSync(dir)) {
    let doc: { Statement?: unknown };
    try {
      doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch {
      continue;
    }
    const sts = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const st of sts as Record<string, unknown>[]) {
      if (!st || typeof st !== 'object') continue;
      for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        const v = st[key];
        if (!Array.isArray(v) || v.length < 2 || !v.every((x) => typeof x === 'string')) continue;
        lists++;
        const ci = key.endsWith('Action');
        const want = reference(v, ci);
        if (ci) assert.deepEqual(actions(v), want, `${f} ${key}`);
        else assert.deepEqual(shown(redundantResourceEntries(knownValues(prop(v)))), want, `${f} ${key}`);
        assert.deepEqual(shown(redundantEntries(prop(v), ci)), want, `${f} ${key}`);
      }
    }
  }
  assert.ok(lists > 1000);
});
