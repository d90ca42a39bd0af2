/**
 * Wave 5: the one-pass JSON reader (adapters/json/jsonFast.ts) reads numbers, `true`, `false` and
 * `null` in a function of their own (`scalarNode`), apart from its loop. The model must be what the
 * scanner-based reader (`parseJsonTokens`, the oracle) builds for every scalar token, regular or
 * not, in every place a value can stand (root, array item, property value, before `,` `]` `}`,
 * spaces and line breaks), and the fast reader must read the regular ones itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, parseJsonTokens } from '../server/src/adapters/json/jsonTree';
import { readWellFormedJson } from '../server/src/adapters/json/jsonFast';
import { LIMITS } from '../server/src/model';

/** parseJson (fast reader first) against the oracle; returns whether the fast reader read the text. */
function same(text: string): boolean {
  const { blank: _blank, ...got } = parseJson(text);
  assert.deepStrictEqual(got, parseJsonTokens(text), JSON.stringify(text));
  return readWellFormedJson(text, LIMITS.maxDepth) !== undefined;
}

const REGULAR = ['0', '-0', '7', '-12', '3.25', '-0.5', '1e3', '1E+3', '2e-7', '12.5E10', '123456789012345678901234567890', 'true', 'false', 'null'];
const IRREGULAR = ['-', '01', '1.', '.5', '1e', '1e+', '+1', '--1', '0x1', 'tru', 'truex', 'True', 'fals', 'falsey', 'nul', 'nulll', 'NaN', 'Infinity', 'undefined', 't', 'f', 'n', '1true', 'true1', 'null0', '1-1'];

/** Every place a value stands in a document, `$` for the value. */
const PLACES = ['$', ' $ ', '\n$\n', '[$]', '[ $ ]', '[$,$]', '["a",$]', '[$,"a"]', '[\n  $\n]', '{"k":$}', '{"k": $ }', '{"k":$,"l":1}', '{"Statement":[{"Effect":"Allow","Condition":{"Bool":{"aws:SecureTransport":$}}}]}', '[[$]]', '{"a":[{"b":$}]}', '[$\t]', '[$\r\n]'];

test('scalars in every place: the same model from both readers, regular ones read by the fast reader', () => {
  for (const place of PLACES) {
    for (const v of REGULAR) {
      const text = place.split('$').join(v);
      assert.ok(same(text), `fast reader read ${JSON.stringify(text)}`);
    }
    for (const v of IRREGULAR) same(place.split('$').join(v));
  }
});

test('random documents of scalars, strings and containers: the same model from both readers', () => {
  let seed = 20261203;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const value = (depth: number): string => {
    const r = next();
    if (depth > 3 || r < 0.45) return next() < 0.9 ? pick(REGULAR) : pick(IRREGULAR);
    if (r < 0.6) return JSON.stringify(pick(['s3:GetObject', '*', '', 'true', '12']));
    const n = Math.floor(next() * 4);
    const sep = pick([',', ', ', ',\n  ']);
    if (r < 0.8) return `[${Array.from({ length: n }, () => value(depth + 1)).join(sep)}]`;
    return `{${Array.from({ length: n }, (_, k) => `"k${k}": ${value(depth + 1)}`).join(sep)}}`;
  };
  let fast = 0;
  for (let i = 0; i < 3000; i++) if (same(value(0))) fast++;
  assert.ok(fast > 500, `fast reader read ${fast} of 3000`);
});

test('a run that meets its first false, number and null only after many policies of strings and true: the same models', () => {
  const strings = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":true}}}]}';
  for (let i = 0; i < 400; i++) assert.ok(same(strings));
  for (const v of ['false', '12', '-1.5e3', 'null', 'true', 'nul', 'falsy', '1.']) same(strings.replace('true', v));
});

test('a text that ends at its value or after spaces: read by the fast reader, the same model, blank the whitespace outside strings', () => {
  for (const body of ['{"Statement":[]}', '{"a": true}', '[1, "x"]', '"s"', '7', 'null', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}']) {
    for (const tail of ['', '\n', ' ', '\r\n', '\n\n  ', '\t']) {
      const text = body + tail;
      assert.ok(same(text), `fast reader read ${JSON.stringify(text)}`);
      const outside = text.replace(/"[^"]*"/g, '');
      assert.equal(parseJson(text).blank, outside.length - outside.replace(/[ \t\r\n]/g, '').length, JSON.stringify(text));
    }
  }
});
