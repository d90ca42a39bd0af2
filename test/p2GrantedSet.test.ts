/**
 * grantedSet (facts/actions.ts) after its rewrite (literal values through the memoised actionRefOf,
 * distinct actions counted by their shared ActionRefs, `service:*` without a set of names, the `*`
 * answer built once per data instance) against the straightforward version it replaced, kept here
 * as the oracle, over random lists of Action values: the same services, counts, value indexes and
 * order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIamData, type IamData } from '../server/src/data/iamData';
import { hasWildcard } from '../server/src/data/wildcard';
import { actionRefOf, grantedSet, grantedSetOf, type GrantedSet, type ServiceGrant } from '../server/src/facts/actions';
import { lcg } from './helpers/lcg';

/** The version before the rewrite (2fd6965), verbatim but for the memo of access levels. */
function oracle(data: IamData, values: readonly string[]): GrantedSet {
  const levels = (service: string) => {
    const all = data.matchActions(`${service}:*`).map((a) => a.accessLevel);
    return { permissions: all.some((l) => l.includes('Permissions management')), write: all.some((l) => l.includes('Write')) };
  };
  const serviceGrant = (service: string, total: number, by: number[]): ServiceGrant => ({ service, granted: total, total, by, ...levels(service) });
  if (values.length === 0) return { full: [], everything: false };
  if (values.some((v) => v === '*' || v === '*:*')) {
    return { full: data.listServices().map((s) => serviceGrant(s.prefix, s.actionCount, [])), everything: true };
  }
  const bound = new Map<string, number>();
  let general = false;
  for (const v of values) {
    const colon = v.indexOf(':');
    if (colon <= 0) continue;
    const sp = v.slice(0, colon).toLowerCase();
    if (hasWildcard(sp)) {
      general = true;
      continue;
    }
    const total = data.actionNames(sp).length;
    if (total === 0) continue;
    bound.set(sp, (bound.get(sp) ?? 0) + (hasWildcard(v.slice(colon + 1)) ? data.matchActions(v).length : 1));
  }
  const candidate = (service: string) => general || (bound.get(service) ?? 0) >= data.actionNames(service).length;
  if (!general) {
    let any = false;
    for (const sp of bound.keys()) if ((any = candidate(sp))) break;
    if (!any) return { full: [], everything: false };
  }
  const per = new Map<string, { names: Set<string>; by: number[] }>();
  values.forEach((v, i) => {
    const colon = v.indexOf(':');
    if (colon <= 0) return;
    const sp = v.slice(0, colon).toLowerCase();
    if (!hasWildcard(sp) && !candidate(sp)) return;
    for (const a of data.matchActions(v)) {
      let e = per.get(a.service);
      if (!e) per.set(a.service, (e = { names: new Set(), by: [] }));
      e.names.add(a.name.toLowerCase());
      if (e.by[e.by.length - 1] !== i) e.by.push(i);
    }
  });
  const full: ServiceGrant[] = [];
  for (const [service, e] of per) {
    const total = data.actionNames(service).length;
    if (total > 0 && e.names.size === total) full.push(serviceGrant(service, total, e.by));
  }
  return { full, everything: full.length === data.listServices().filter((s) => s.actionCount > 0).length };
}

const plain = (g: GrantedSet) => ({ everything: g.everything, full: g.full.map((s) => ({ ...s, by: [...s.by] })) });

test('grantedSet gives what the straightforward version gave, over random Action lists', () => {
  const data = getIamData();
  // Small services (listed in full or nearly), a few large ones, wildcards of every shape, unknown
  // and malformed values, odd case.
  const small = data
    .listServices()
    .filter((s) => s.actionCount > 0 && s.actionCount <= 6)
    .slice(0, 12)
    .map((s) => s.prefix);
  const pool: string[] = ['s3:*', 'S3:get*', 's3:GetObject', 'iam:PassRole', 'iam:*', 'ec2:Describe*', 'ec2:describe?pcs', 's*:*', '*:Get*', 'nosuch:Thing', 's3:NoSuchAction', 's3:', ':x', 'nocolon', 'IAM:passrole', 'sts:AssumeRole', 'sts:*'];
  for (const sp of small) {
    for (const a of data.actionNames(sp)) pool.push(`${sp}:${a}`, `${sp.toUpperCase()}:${a.toLowerCase()}`);
    pool.push(`${sp}:*`, `${sp}:${data.actionNames(sp)[0].slice(0, 3)}*`);
  }
  const next = lcg(1606);
  let fullSeen = 0;
  for (let round = 0; round < 600; round++) {
    const values: string[] = [];
    if (round % 3 === 0) {
      // Every action of one small service, in a random order, sometimes missing one.
      const sp = small[next(small.length)];
      const names = [...data.actionNames(sp)];
      for (let i = names.length - 1; i > 0; i--) {
        const j = next(i + 1);
        [names[i], names[j]] = [names[j], names[i]];
      }
      if (next(4) === 0) names.pop();
      values.push(...names.map((a) => (next(2) ? `${sp}:${a}` : `${sp}:${a.toLowerCase()}`)));
    }
    const extra = next(6);
    for (let i = 0; i < extra; i++) values.splice(next(values.length + 1), 0, pool[next(pool.length)]);
    if (round % 50 === 7) values.push('*');
    const want = plain(oracle(data, values));
    fullSeen += want.full.length > 0 ? 1 : 0;
    assert.deepEqual(plain(grantedSet(data, values)), want, JSON.stringify(values));
    assert.deepEqual(plain(grantedSetOf(data, values.map((value) => ({ value, lower: value.toLowerCase() })), values.map((value) => actionRefOf(data, value)))), want, JSON.stringify(values));
  }
  assert.ok(fullSeen > 100, `rounds with a fully granted service: ${fullSeen}`);
});

test('the answer for "*" is shared per data instance and cannot be changed by a reader', () => {
  const data = getIamData();
  const a = grantedSet(data, ['*']);
  assert.equal(grantedSet(data, ['s3:GetObject', '*:*']), a);
  assert.ok(a.everything && Object.isFrozen(a) && Object.isFrozen(a.full) && Object.isFrozen(a.full[0].by));
});
