/**
 * The reference-data shortcuts of #16 wave 5 (he5) answer as the code they stand for:
 * - templateMatch reads each template's literals once (memoised): it equals the character-by-character
 *   reading it replaced, on every condition-key template and key prefix of the data, spellings made
 *   from them, and random strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, locateDataDir } from '../server/src/data/iamData';
import { readTemplateLiterals, templateMatch } from '../server/src/data/wildcard';
import { lcg } from './helpers/lcg';

/** A fresh instance: nothing loaded or memoised by other tests. */
const data = new IamData(locateDataDir());

/** templateMatch as it was before wave 5: the template read character by character on every call. */
function templateMatchByChars(template: string, text: string): boolean {
  const literals: string[] = [];
  let i = 0;
  let lit = '';
  while (i < template.length) {
    if (template.startsWith('${', i)) {
      const end = template.indexOf('}', i + 2);
      if (end < 0) {
        lit += template.slice(i);
        break;
      }
      literals.push(lit);
      lit = '';
      i = end + 1;
    } else {
      lit += template[i++];
    }
  }
  literals.push(lit);
  if (literals.length === 1) return template === text;
  if (!text.startsWith(literals[0])) return false;
  let pos = literals[0].length;
  for (let k = 1; k < literals.length; k++) {
    const l = literals[k];
    if (k === literals.length - 1) return text.length - l.length >= pos + 1 && text.endsWith(l);
    const found = l === '' ? pos + 1 : text.indexOf(l, pos + 1);
    if (found < 0) return false;
    pos = found + l.length;
  }
  return true;
}

/** Texts a template may be matched against: the template with its holes filled (or emptied), cut, grown, and random. */
function textsFor(template: string, rnd: (n: number) => number): string[] {
  const fill = (by: () => string): string => template.replace(/\$\{[^}]*\}/g, by);
  const alphabet = 'ab/:.${}-x';
  const random = (n: number): string => Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
  return [
    template,
    fill(() => 'v'),
    fill(() => ''),
    fill(() => 'a/b'),
    fill(() => random(1 + rnd(4))),
    template.slice(0, rnd(template.length + 1)),
    template + random(2),
    random(2) + template,
    random(rnd(12)),
    '',
  ];
}

test('templateMatch (literals memoised) equals the character-by-character reading', () => {
  const templates = new Set<string>(['${a}', '${a}${b}', 'x${a}', '${a}x', 'a${b', 'a${b}c${d', '${}', 'a${b}${c}d', 'plain', '']);
  for (const k of data.listGlobalConditionKeys()) templates.add(k.key.toLowerCase());
  for (const s of data.listServices()) {
    for (const k of data.listServiceConditionKeys(s.prefix)) templates.add(k.key.toLowerCase());
    templates.add(s.prefix);
  }
  const rnd = lcg(5);
  const alphabet = 'a${}/';
  for (let n = 0; n < 300; n++) templates.add(Array.from({ length: rnd(10) }, () => alphabet[rnd(alphabet.length)]).join(''));
  let matched = 0;
  let checked = 0;
  for (const template of templates) {
    const texts = textsFor(template, rnd);
    for (const other of [...templates].slice(0, 5)) texts.push(other);
    for (const text of texts) {
      const expected = templateMatchByChars(template, text);
      // Twice: the first call reads the template, the second uses the memo.
      assert.equal(templateMatch(template, text), expected, `${template} ~ ${text}`);
      assert.equal(templateMatch(template, text), expected, `${template} ~ ${text} (memo)`);
      if (expected) matched++;
      checked++;
    }
  }
  assert.ok(matched > 1000 && checked > 10_000, `${matched} of ${checked}`);
  assert.equal(readTemplateLiterals('plain'), undefined);
  assert.deepEqual(readTemplateLiterals('a${b}c${d'), ['a', 'c${d']);
});
