/**
 * The one-pass JSON reader's string fast path (wave 3: the closing quote and the next `\`, line
 * feed, carriage return and tab found by native searches, cached per text, any other control
 * character anywhere sending every string to the character loop): the same model as the
 * scanner-based reader on random texts whose strings and spaces hold escapes, raw line breaks,
 * tabs, carriage returns and other control characters, before, inside and after strings, in
 * keys and values; regular texts are still read by the fast reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, parseJsonTokens } from '../server/src/adapters/json/jsonTree';
import { readWellFormedJson } from '../server/src/adapters/json/jsonFast';
import { lcg } from './helpers/lcg';

const PIECES = ['a', 'Action', 's3:GetObject', 'é', ' ', '\\n', '\\"', '\\\\', '\\u0041', '\\t', '\n', '\r', '\t', '\u0001', '\u001f', '\u007f', '\u0000', '/', '\\/', '\\x'];
/** parseJson's model and problems (its `blank` count is compared in test/parseWave4.test.ts). */
function modelOf(text: string): ReturnType<typeof parseJsonTokens> {
  const { root, problems } = parseJson(text);
  return { root, problems };
}

const SPACES = [' ', '', '\n', '\r\n', '\t', '  ', '\n    '];

test('strings with escapes and control characters: the same model as the scanner-based reader', () => {
  const next = lcg(20261205);
  let fast = 0;
  let slow = 0;
  for (let round = 0; round < 4000; round++) {
    const sp = () => SPACES[next(SPACES.length)];
    const str = () => {
      let s = '"';
      const n = next(5);
      for (let i = 0; i < n; i++) s += next(3) ? PIECES[next(4)] : PIECES[next(PIECES.length)];
      return s + '"';
    };
    const props: string[] = [];
    for (let i = 1 + next(6); i > 0; i--) {
      const v = next(3) === 0 ? `[${sp()}${str()}${sp()},${sp()}${str()}${sp()}]` : str();
      props.push(`${sp()}${str()}${sp()}:${sp()}${v}${sp()}`);
    }
    const text = `${sp()}{${props.join(',')}}${sp()}`;
    const got = modelOf(text);
    assert.deepStrictEqual(got, parseJsonTokens(text), JSON.stringify(text));
    if (readWellFormedJson(text, 64) !== undefined) fast++;
    else slow++;
    // A regular text (the strings' escapes only) must be read by the fast reader.
    const regular = JSON.stringify(JSON.parse(JSON.stringify({ k: text })), null, next(2) ? 2 : undefined);
    assert.notEqual(readWellFormedJson(regular, 64), undefined);
    assert.deepStrictEqual(modelOf(regular), parseJsonTokens(regular));
  }
  assert.ok(fast > 300 && slow > 300, `both readers exercised (${fast} fast, ${slow} given up)`);
});
