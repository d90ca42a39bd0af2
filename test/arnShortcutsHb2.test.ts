/**
 * The ARN shortcuts of #16 (hb2) answer as the code they stand for: `literalCode` (a text's first
 * literal read once) rejects exactly the pairs firstLiteralsDiffer rejects, and never a pair the
 * full match accepts; the plain-string parse (colons found by indexOf) equals the token walk of the
 * same text; patternCovers (its leading literal run compared by startsWith) stays sound and exact
 * for literal specifics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLiteralsDiffer, literalCode, parseArn, patternCovers, templateMayMatchUncached } from '../server/src/data/arn';
import { globMatch } from '../server/src/data/wildcard';
import { lcg } from './helpers/lcg';

function randomText(next: (n: number) => number, alphabet: string, max: number): string {
  let s = '';
  const n = next(max + 1);
  for (let i = 0; i < n; i++) s += alphabet[next(alphabet.length)];
  return s;
}

test('literalCode rejects what firstLiteralsDiffer rejects, and nothing the full match accepts', () => {
  const next = lcg(11);
  const alphabet = 'aAbB/:*?${}éİ-';
  const texts = ['', '*', '?', '$', '${X}', 'x'.repeat(2100), 'é', 'A', 'a', '?a'];
  for (let i = 0; i < 3000; i++) texts.push(randomText(next, alphabet, 6));
  for (let i = 0; i < 20000; i++) {
    const u = texts[next(texts.length)];
    const t = texts[next(texts.length)];
    const cu = literalCode(u, true);
    const ct = literalCode(t, false);
    const rejects = cu >= 0 && ct >= 0 && cu !== ct;
    assert.equal(rejects, firstLiteralsDiffer(u, t), `${JSON.stringify(u.slice(0, 20))} ~ ${JSON.stringify(t.slice(0, 20))}`);
    if (rejects) assert.equal(templateMayMatchUncached(u, t), false, `${u} ~ ${t}`);
  }
});

test('the plain-string parse equals the token walk of the same text', () => {
  const next = lcg(5);
  const alphabet = 'aArRnN:*?/xé';
  const values = ['arn:aws:s3:::b', 'ARN:aws:s3:::b/*', 'arn:', 'arn', 'arn:a', 'arn:a:b:c:d', 'arn:a:b:c:d:', 'arn:a:b:c:d:e:f', 'arn:::::', 'arnx:a:b:c:d:e', '*', ''];
  for (let i = 0; i < 5000; i++) {
    const s = randomText(next, alphabet, 14);
    values.push(s, `arn:${s}`, `aRn:${s}`);
  }
  for (const v of values) assert.deepEqual(parseArn(v), parseArn([{ text: v }, { text: '' }]), v);
});

test('patternCovers: sound on bounded strings, exact for literal specifics', () => {
  const next = lcg(9);
  const prefixes = ['arn:aws:s3:::', 'arn:aws:s3:::ab', ''];
  const tails = 'ab/*?';
  // Every string over a/b// up to length 4 (after the prefix).
  const words: string[] = [''];
  for (let len = 1; len <= 4; len++) for (const w of words.filter((x) => x.length === len - 1)) for (const c of 'ab/') words.push(w + c);
  for (let i = 0; i < 4000; i++) {
    const p = prefixes[next(prefixes.length)];
    const g = p + randomText(next, tails, 4);
    const s = (next(4) === 0 ? prefixes[next(prefixes.length)] : p) + randomText(next, tails, 4);
    const covers = patternCovers(g, s);
    if (!s.includes('*') && !s.includes('?')) assert.equal(covers, globMatch(g, s), `${g} ⊇ ${s}`);
    else if (covers) {
      for (const w of words) {
        const text = p + w;
        if (globMatch(s, text)) assert.ok(globMatch(g, text), `${g} ⊇ ${s}, yet ${text}`);
      }
    }
  }
});
