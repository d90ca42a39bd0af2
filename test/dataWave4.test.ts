/**
 * The reference-data shortcuts of #16 wave 4 (hb4) answer as the code they stand for:
 * - data format 5: the index's per-action resource-type flags (actionHasResourceTypes reads no
 *   service file) equal the actions' resource-type lists, and its per-service ARN service segments
 *   equal the segments of the service's resource-type ARN formats, on every action and service of
 *   the data;
 * - servicesForArnSegment (which reads those segments instead of the service's formats) equals the
 *   formats-based computation it replaced, on every segment and prefix of the data and random strings;
 * - parseOperator's table of documented spellings equals the general parse, on every documented
 *   spelling, case and qualifier variants, and random strings; allOperatorNames is one shared list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, locateDataDir } from '../server/src/data/iamData';
import { arnServiceIndex, formatServiceSegment, servicesForArnSegment, splitArnFormat } from '../server/src/data/arn';
import { allOperatorNames, parseOperator, parseOperatorGeneral } from '../server/src/data/operators';
import { lcg } from './helpers/lcg';

/** A fresh instance: nothing loaded or memoised by other tests. */
const data = new IamData(locateDataDir());

test('format 5: every action’s resource-type flag is its resource-type list’s emptiness', () => {
  let withTypes = 0;
  let without = 0;
  // A second instance: its records are foreign to `data`, so data.actionHasResourceTypes takes the general path.
  const other = new IamData(locateDataDir());
  for (const s of data.listServices()) {
    for (const name of data.actionNames(s.prefix)) {
      const ref = data.findAction(s.prefix, name)!;
      const flag = data.actionHasResourceTypes(ref);
      const expected = data.getAction(s.prefix, name)!.resourceTypes.length > 0;
      assert.equal(flag, expected, `${s.prefix}:${name}`);
      assert.equal(data.actionHasResourceTypes(other.findAction(s.prefix, name)!), expected, `${s.prefix}:${name} (foreign ref)`);
      assert.equal(data.actionHasResourceTypes({ service: s.prefix, name: name.toUpperCase(), accessLevel: ref.accessLevel }), expected, `${s.prefix}:${name} (plain ref)`);
      if (expected) withTypes++;
      else without++;
    }
  }
  assert.ok(withTypes > 10_000 && without > 1_000, `${withTypes} with, ${without} without`);
  assert.equal(data.actionHasResourceTypes({ service: 'nosuchservice', name: 'Get', accessLevel: 'Read' }), false);
});

test('format 5: every service’s ARN service segments are those of its resource types’ formats, in first-use order', () => {
  for (const s of data.listServices()) {
    const expected: string[] = [];
    for (const rt of data.listResourceTypes(s.prefix)) {
      const seg = formatServiceSegment(rt.arn)?.toLowerCase();
      if (seg !== undefined && !expected.includes(seg)) expected.push(seg);
    }
    assert.deepEqual([...data.arnServiceSegments(s.prefix)], expected, s.prefix);
    assert.deepEqual([...data.arnServiceSegments(s.prefix.toUpperCase())], expected, s.prefix);
  }
  assert.deepEqual([...data.arnServiceSegments('nosuchservice')], []);
});

/** servicesForArnSegment as it was before wave 4: the service's own formats read for its segment. */
function servicesForArnSegmentByFormats(d: IamData, segment: string): string[] {
  const lower = segment.toLowerCase();
  const direct = d.hasService(lower) ? [lower] : [];
  const ownUses = direct.length > 0 && d.listResourceTypes(lower).some((rt) => splitArnFormat(rt.arn)?.service.toLowerCase() === lower);
  if (ownUses) return direct;
  const fromIndex = arnServiceIndex(d).get(lower) ?? [];
  return [...new Set([...direct, ...fromIndex])];
}

test('servicesForArnSegment equals the formats-based computation on every segment, prefix and random strings', () => {
  const fresh = new IamData(locateDataDir());
  const segments = new Set<string>([...arnServiceIndex(data).keys()]);
  for (const s of data.listServices()) {
    segments.add(s.prefix);
    segments.add(s.prefix.toUpperCase());
  }
  const rnd = lcg(4);
  const alphabet = 'abcdes3-2:*?';
  for (let i = 0; i < 500; i++) {
    let t = '';
    for (let n = rnd(8); n >= 0; n--) t += alphabet[rnd(alphabet.length)];
    segments.add(t);
  }
  let indirect = 0;
  for (const seg of segments) {
    const got = servicesForArnSegment(fresh, seg);
    const expected = servicesForArnSegmentByFormats(data, seg);
    assert.deepEqual([...got], expected, seg);
    if (expected.length > 0 && expected[0] !== seg.toLowerCase()) indirect++;
  }
  assert.ok(indirect >= 3, `${indirect} segments of services under another prefix`);
});

test('parseOperator: the documented spellings’ table answers as the general parse', () => {
  const names = allOperatorNames();
  assert.equal(allOperatorNames(), names, 'one shared list');
  assert.ok(Object.isFrozen(names));
  assert.ok(names.length > 100);
  const inputs = new Set<string>(names);
  const rnd = lcg(16);
  for (const n of names) {
    inputs.add(n.toLowerCase());
    inputs.add(n.toUpperCase());
    // One character's case flipped.
    const i = rnd(n.length);
    const c = n[i];
    inputs.add(n.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + n.slice(i + 1));
    inputs.add(`${n}IfExists`);
    inputs.add(`${n}ifexists`);
    inputs.add(`ForAnyValue:${n}`);
    inputs.add(` ${n}`);
    inputs.add(n.slice(0, -1));
  }
  for (const t of ['', ':', 'ForAllValues:', 'Null', 'NullIfExists', 'IfExists', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) inputs.add(t);
  const alphabet = 'StringEqualsLikeNotIfExists:ForAnyValue';
  for (let i = 0; i < 2000; i++) {
    let t = '';
    for (let n = rnd(30); n >= 0; n--) t += alphabet[rnd(alphabet.length)];
    inputs.add(t);
  }
  let documented = 0;
  for (const raw of inputs) {
    const fast = parseOperator(raw);
    assert.deepEqual(fast, parseOperatorGeneral(raw), raw);
    if (fast && !fast.caseMismatch) documented++;
  }
  assert.ok(documented >= names.length);
  for (const n of names) assert.equal(parseOperator(n)?.caseMismatch, false, n);
});
