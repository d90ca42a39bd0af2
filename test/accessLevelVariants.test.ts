/**
 * Issue #15: access-level variants are exact. Over every service in the reference data, a variant
 * named for access levels never contains an action listed under a more privileged level unless its
 * title says so; combined-level actions belong to every level they are listed under; code lens,
 * hover and fixes share one classification (features/accessLevels.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import type { ActionRef } from '../server/src/data/iamData';
import { expansionVariants, expansionVariantsOf, levelChoices } from '../server/src/features/fixes/wildcards';
import { ACCESS_LEVELS, accessLevelsOf, countLevels, levelRank, levelSummary } from '../server/src/features/accessLevels';
import { applyTextEdits, codeActions } from '../server/src/features/codeActions';
import { policySize } from '../server/src/model/serialize';

const service = new PolicyService();
const data = service.data;

/** The levels a variant label names ("only List and Read" → List, Read). */
function namedLevels(label: string): string[] {
  return ACCESS_LEVELS.filter((l) => label.includes(l));
}

test('no level-named variant holds a more privileged action unless its title says so (every service)', () => {
  let checked = 0;
  let including = 0;
  for (const { prefix } of data.listServices()) {
    const matches = data.matchActions(`${prefix}:*`);
    if (matches.length === 0) continue;
    for (const v of expansionVariants(data, matches)) {
      if (!v.levels) continue;
      checked++;
      const named = namedLevels(v.label);
      assert.deepEqual(named, v.levels, `${prefix}: "${v.label}" names its levels`);
      const max = Math.max(...named.map(levelRank));
      const above = v.actions.filter((a) => accessLevelsOf(a).some((l) => levelRank(l) > max));
      if (v.label.startsWith('only ')) {
        assert.deepEqual(above.map((a) => `${a.service}:${a.name} (${a.accessLevel})`), [], `${prefix}: "${v.label}"`);
      } else {
        including++;
        // "Write, including 14 that can also change permissions and 2 that can also change tags": the counts add up.
        const said = [...v.label.matchAll(/(\d+) that can also/g)].reduce((n, m) => n + Number(m[1]), 0);
        assert.equal(said, above.length, `${prefix}: "${v.label}"`);
        assert.ok(above.length > 0);
      }
      // Every action of the variant is listed under one of the named levels.
      for (const a of v.actions) assert.ok(accessLevelsOf(a).some((l) => named.includes(l)), `${prefix}: ${a.name} in "${v.label}"`);
    }
  }
  assert.ok(checked > 1000, `checked ${checked}`);
  assert.ok(including > 50, `${including} "including" variants`);
});

test('kept variants: the same lists for every request, the per-statement ones per statement', () => {
  // Variants of a pattern are kept (the editor asks again at every cursor move); what depends on the
  // statement (its resources, the preferred variant) must not leak from one request into another.
  const parse = (text: string) => service.parse({ uri: 'file:///kept.json', text }).policies[0].statements[0];
  const withArns = parse('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}]}');
  const star = parse('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}');
  const first = expansionVariantsOf(data, 's3:Get*', withArns);
  const preferred = first.find((v) => v.preferred);
  assert.equal(preferred?.key, 'resources');
  const second = expansionVariantsOf(data, 'S3:GET*', star);
  assert.equal(second.find((v) => v.preferred)?.key, 'all');
  assert.ok(!second.some((v) => v.key === 'resources'));
  assert.equal(first.find((v) => v.key === 'resources')?.preferred, true, 'the first answer is unchanged');
  // The lists are shared and frozen; each is the same as building it again, its size that of its JSON.
  assert.equal(second[0].actions, first[0].actions);
  assert.ok(Object.isFrozen(first[0].actions));
  const fresh = expansionVariants(data, data.matchActions('s3:Get*'), star);
  assert.deepEqual(second.map((v) => [v.key, v.label, v.actions, v.size]), fresh.map((v) => [v.key, v.label, v.actions, v.size]));
  for (const v of second) assert.equal(v.size, JSON.stringify(v.actions.map((a) => `${a.service}:${a.name}`)).length);
  assert.deepEqual(expansionVariantsOf(data, 's3:NoSuch*'), []);
});

test('a combined-level action belongs to every level it is listed under', () => {
  const matches = data.matchActions('s3:*');
  const byKey = new Map(expansionVariants(data, matches).map((v) => [v.key, v]));
  const names = (key: string) => byKey.get(key)?.actions.map((a) => a.name) ?? [];
  assert.ok(!names('level:W').includes('PutBucketPolicy'));
  assert.ok(names('level+:W').includes('PutBucketPolicy'));
  assert.match(byKey.get('level+:W')!.label, /^Write, including \d+ that can also change permissions and \d+ that can also change tags$/);
  assert.ok(names('level:P').includes('PutBucketPolicy'));
  assert.ok(names('level:W').includes('PutObject'));
  // The picker's rule: an action needs all of its levels ticked.
  const choice = (codes: string) => levelChoices(matches).find((c) => c.codes === codes)?.actions.map((a) => a.name) ?? [];
  assert.ok(!choice('W').includes('PutBucketPolicy'));
  assert.ok(choice('WP').includes('PutBucketPolicy'));
  assert.ok(!choice('WP').includes('PutObjectTagging'));
});

test('code lens and hover count a combined-level action under each of its levels', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutBucketPolicy","s3:PutObject"],"Resource":"*"}]}';
  const doc = { uri: 'file:///levels.json', text };
  assert.equal(service.lenses(doc)[0].title, '2 actions: 2 Write, 1 Permissions management (1 listed under more than one level)');
  const star = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
  const h = service.hover({ uri: 'file:///star.json', text: star }, star.indexOf('s3:*') + 4);
  const lens = service.lenses({ uri: 'file:///star.json', text: star })[0].title;
  // The same counts in both.
  const counts = lens.slice(lens.indexOf(': ') + 2);
  assert.ok(h && h.markdown.includes(counts.replaceAll(', ', ' · ')), `${lens}\n${h?.markdown}`);
});

test('on s3:* the "only Write" title is exact and the recommended variant is preferred', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}]}';
  const doc = { uri: 'file:///pref.json', text };
  const { parse, diagnostics } = service.validate(doc);
  const d = diagnostics.find((x) => x.code === 'SERVICE_WILDCARD_ACTION');
  assert.ok(d, diagnostics.map((x) => x.code).join());
  const actions = codeActions(text, parse, data, { span: d!.span, diagnostics: [{ code: d!.code, span: d!.span, data: d!.data, message: d!.message }], lazy: true });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.some((t) => /^Expand "s3:\*" to \d+ actions, only Write \(/.test(t)), titles.join('\n'));
  assert.ok(titles.some((t) => /^Expand "s3:\*" to \d+ actions, Write, including \d+ that can also change permissions/.test(t)), titles.join('\n'));
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1);
  assert.match(preferred[0].title, /only those that apply to the statement's resources/);
});

test('code lens titles: kept counts for `*` and a single pattern, merged counts for a list (the same as counting the union)', () => {
  // The oracle counts the union of the known patterns' actions, as the lens did for every statement.
  const expected = (element: 'Action' | 'NotAction', values: string[]): string => {
    const seen = new Map<string, ActionRef>();
    for (const v of values.includes('*') ? ['*'] : values) for (const a of data.matchActions(v)) seen.set(`${a.service}:${a.name}`.toLowerCase(), a);
    const n = seen.size;
    const levels = countLevels(seen.values());
    return `${element === 'Action' ? `${n} action${n === 1 ? '' : 's'}` : `all actions except ${n}`}: ${levelSummary(levels)}`;
  };
  const cases: ['Action' | 'NotAction', string | string[]][] = [
    ['Action', '*'],
    ['Action', ['*', 's3:GetObject']],
    ['Action', 's3:Get*'],
    ['Action', 'S3:GET*'],
    ['NotAction', 'iam:*'],
    ['Action', ['s3:Get*', 'S3:GetObject', 's3:List*']],
    ['Action', 'ec2:DescribeInstances'],
  ];
  for (const [element, value] of cases) {
    for (let round = 0; round < 2; round++) {
      const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', [element]: value, Resource: '*' }] });
      const title = service.lenses({ uri: `file:///lens-${round}.json`, text })[0]?.title;
      assert.equal(title, expected(element, Array.isArray(value) ? value : [value]), `${element}: ${JSON.stringify(value)}, round ${round}`);
    }
  }
});

test('an expansion title states the size of the policy the edit makes (counted without building the value)', () => {
  // The titles count the new list from the action records (the value is built only for the edit):
  // they must say what the edited policy measures, with repeats of other items dropped, items
  // that need escaping, and a lone wildcard that is not in a list.
  const docs = [
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:Get*","Resource":"*"}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:getobject","S3:Get*","s3:GetObject","ec2:Describe*","x\\"y"],"Resource":"*"}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:*"],"Resource":"arn:aws:kms:*:111122223333:key/*"}]}',
  ];
  let checked = 0;
  for (const text of docs) {
    const doc = { uri: 'file:///sizes.json', text };
    for (const pattern of ['sqs:Get*', 'S3:Get*', 'kms:*']) {
      const at = text.indexOf(pattern);
      if (at < 0) continue;
      for (const a of service.codeActions(doc, { span: { offset: at + 1, length: 0 }, diagnostics: [] })) {
        if (!a.title.startsWith('Expand') || !a.edits) continue;
        const after = Number(/→ ([\d,]+)/.exec(a.title)![1].replace(/,/g, ''));
        const edited = service.parse({ uri: 'file:///sizes-after.json', text: applyTextEdits(text, a.edits) }).policies[0];
        assert.equal(policySize(edited).size, after, a.title);
        checked++;
      }
    }
  }
  assert.ok(checked >= 6, `${checked} titles checked`);
});
