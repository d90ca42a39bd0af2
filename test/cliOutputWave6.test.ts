/**
 * #16 wave 6 (hh6): the CLI's one-pass encoding of what it writes gives the bytes it replaces:
 * utf8Bytes (TextEncoder.encodeInto into a buffer of three bytes per unit) gives the bytes of
 *   `Buffer.from(s, 'utf8')`, which is how a stream encodes a string written to it, on random
 *   strings of ASCII, every control character, U+2028/U+2029, BMP characters, surrogate pairs and
 *   lone surrogates (both halves, at either end), long and built of pieces (a cons string).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8Bytes } from '../server/src/cli/files';
import { lcg } from './helpers/lcg';

const PIECES = ['a', 'Z', '0', ' ', '"', '\\', '{', '\u2028', '\u2029', '\u00e9', '\u00ff', '\u0100', '\u2026', '\uffff', '\ufeff', '\ud83d\ude00', '\ud800', '\udfff', '\udc00', '\udbff'];
for (let c = 0; c < 32; c++) PIECES.push(String.fromCharCode(c));
PIECES.push('\x7f', '\x80');

function randomString(rand: (n: number) => number, max: number): string {
  const n = rand(max);
  let s = '';
  for (let i = 0; i < n; i++) {
    // Mostly ASCII, as in reports; now and then any piece.
    if (rand(10) < 7) s += String.fromCharCode(32 + rand(95));
    else s += PIECES[rand(PIECES.length)];
  }
  return s;
}

test('utf8Bytes gives the bytes of Buffer.from(s, "utf8") (what a stream writes for a string)', () => {
  const rand = lcg(2026_12_03, 8);
  for (let k = 0; k < 3000; k++) {
    const s = randomString(rand, k < 2500 ? 40 : 9000);
    assert.deepEqual(utf8Bytes(s), Buffer.from(s, 'utf8'), JSON.stringify(s));
  }
  for (const s of ['', '\ud800', '\udc00', 'x\ud800', '\udc00x', '\ud800\ud800\udc00', '\u2028'.repeat(5000), 'a'.repeat(70000), '\ud83d\ude00'.repeat(3000)])
    assert.deepEqual(utf8Bytes(s), Buffer.from(s, 'utf8'), JSON.stringify(s.slice(0, 20)));
  // A string built of pieces (a cons string, as the report's chunks are).
  let cons = '';
  for (let i = 0; i < 2000; i++) cons += `{"message": "\u2026 ${i} \ud800"},\n`;
  assert.deepEqual(utf8Bytes(cons), Buffer.from(cons, 'utf8'));
});
