/**
 * The reference-data shortcuts of #16 wave 5 (he5) answer as the code they stand for:
 * - templateMatch reads each template's literals once (memoised): it equals the character-by-character
 *   reading it replaced, on every condition-key template and key prefix of the data, spellings made
 *   from them, and random strings;
 * - matchesAnyAction (no list built, stops at the first match) equals `matchActions(p).length > 0`,
 *   before and after matchActions memoised the pattern, on patterns made from every service's
 *   action names and random ones;
 * - intersects (element kinds read once per element, a dead row ends the DP) equals the DP it
 *   replaced, on every ARN format of the data against user texts made from them and random
 *   element lists;
 * - findAction/getAction refuse a name with a wildcard without the binary search: no action name
 *   of the data has one, and the answers equal a case-insensitive search of the names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, locateDataDir } from '../server/src/data/iamData';
import { readTemplateLiterals, templateMatch } from '../server/src/data/wildcard';
import { intersects, K_LIT, K_RUN, K_RUN_NO_SLASH, lit, ONE, RUN, templateElems, userElems, type Elem } from '../server/src/data/arnPattern';
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

/** Action patterns: names cut and given wildcards, case changed, runs of stars, wildcard services, random text. */
function actionPatterns(d: IamData, rnd: (n: number) => number): string[] {
  const out = ['*', '**', 'nosuchservice:*', 's3', ':', 's3:', '*:*', 's*:get*', '*3:Get*', 'ec2:**Tag*', 'iam:*****', '?3:GetObject'];
  const alphabet = 'aeGt*?:s3x';
  for (const s of d.listServices()) {
    const names = d.actionNames(s.prefix);
    for (let k = 0; k < 4 && names.length > 0; k++) {
      const name = names[rnd(names.length)];
      const cut = name.slice(0, rnd(name.length + 1));
      const mid = name.slice(rnd(name.length), name.length);
      out.push(`${s.prefix}:${cut}*`, `${s.prefix}:${cut}`, `${s.prefix}:*${mid}`, `${s.prefix}:*${mid.slice(0, 3)}*`, `${s.prefix.toUpperCase()}:${cut.toLowerCase()}?*`, `${s.prefix}:${name.replace(/[aeiou]/, '?')}`, `${s.prefix}:${cut}**x*`);
    }
  }
  for (let n = 0; n < 500; n++) out.push(Array.from({ length: 1 + rnd(10) }, () => alphabet[rnd(alphabet.length)]).join(''));
  return out;
}

test('matchesAnyAction equals matchActions(p).length > 0, before and after the memo holds p', () => {
  const d = new IamData(locateDataDir());
  const patterns = actionPatterns(d, lcg(55));
  let any = 0;
  let none = 0;
  for (const p of patterns) {
    const before = d.matchesAnyAction(p);
    const expected = d.matchActions(p).length > 0;
    assert.equal(before, expected, p);
    assert.equal(d.matchesAnyAction(p), expected, `${p} (memoised)`);
    if (expected) any++;
    else none++;
  }
  assert.ok(any > 1500 && none > 300, `${any} match, ${none} do not`);
});

const isLit = (e: Elem): boolean => e.kind === K_LIT;
const isRun = (e: Elem): boolean => e.kind === K_RUN || e.kind === K_RUN_NO_SLASH;

/** intersects as it was before wave 5: element kinds read per cell, every row computed. */
function intersectsByShapes(a: Elem[], b: Elem[]): boolean {
  if (a.length > 2048 || b.length > 2048) return true;
  let lo = 0;
  while (lo < a.length && lo < b.length && isLit(a[lo]) && isLit(b[lo])) {
    if (a[lo].lit !== b[lo].lit) return false;
    lo++;
  }
  let ea = a.length;
  let eb = b.length;
  while (ea > lo && eb > lo && isLit(a[ea - 1]) && isLit(b[eb - 1])) {
    if (a[ea - 1].lit !== b[eb - 1].lit) return false;
    ea--;
    eb--;
  }
  const m = eb - lo;
  let prev = new Uint8Array(m + 1);
  let cur = new Uint8Array(m + 1);
  prev[0] = 1;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] && isRun(b[lo + j - 1]) ? 1 : 0;
  for (let i = lo; i < ea; i++) {
    const x = a[i];
    const xRun = isRun(x);
    cur[0] = prev[0] && xRun ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const y = b[lo + j - 1];
      let v = 0;
      if (xRun && (prev[j] || cur[j - 1])) v = 1;
      else if (isRun(y) && (cur[j - 1] || (prev[j] && !(y.kind === K_RUN_NO_SLASH && isLit(x) && x.lit === '/')))) v = 1;
      if (!v && prev[j - 1]) {
        if (isLit(x) && isLit(y)) v = x.lit === y.lit ? 1 : 0;
        else if (!xRun && !isRun(y)) v = 1;
      }
      if (!v && xRun && isRun(y) && prev[j - 1]) v = 1;
      cur[j] = v;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] === 1;
}

test('intersects equals the DP it replaced, on the data’s ARN formats and random patterns', () => {
  const rnd = lcg(555);
  const formats: string[] = [];
  for (const s of data.listServices()) for (const rt of data.listResourceTypes(s.prefix)) formats.push(rt.arn);
  /** User texts from a format: placeholders filled with values, wildcards, variables; cut; random edits. */
  const userTexts = (f: string): string[] => {
    const fill = (by: () => string): string => f.replace(/\$\{[^}]*\}/g, by);
    const pick = (): string => ['x', 'a/b', '*', '?', 'my-*', '${aws:username}', '', 'É'][rnd(8)];
    const t = fill(pick);
    const cut = t.slice(0, rnd(t.length + 1));
    return [t, fill(() => 'v'), `${cut}*`, cut, t.replace('/', '*'), t.toUpperCase(), `${t}/extra`, '*'];
  };
  let yes = 0;
  let checked = 0;
  for (let k = 0; k < formats.length; k++) {
    const f = formats[k];
    const others = [f, formats[rnd(formats.length)], formats[rnd(formats.length)]];
    for (const template of others) {
      for (const spanLast of [false, true]) {
        const te = templateElems(template, true, spanLast);
        for (const u of userTexts(f)) {
          const ue = userElems(u, true);
          const expected = intersectsByShapes(ue, te);
          assert.equal(intersects(ue, te), expected, `${u} ~ ${template}`);
          if (expected) yes++;
          checked++;
        }
      }
    }
  }
  // Random element lists on both sides (runs without '/' on both, '?' in templates too).
  const noSlash = templateElems('${BucketName}', true)[0];
  assert.ok(noSlash.kind === K_RUN_NO_SLASH && noSlash.lit === '');
  const pool: Elem[] = [RUN, ONE, noSlash, lit('a'), lit('b'), lit('/'), lit('é'), lit('É'.toLowerCase())];
  const random = (): Elem[] => Array.from({ length: rnd(9) }, () => pool[rnd(pool.length)]);
  for (let n = 0; n < 20_000; n++) {
    const a = random();
    const b = random();
    const expected = intersectsByShapes(a, b);
    assert.equal(intersects(a, b), expected, JSON.stringify([a, b]));
    if (expected) yes++;
    checked++;
  }
  assert.ok(yes > 10_000 && checked - yes > 10_000, `${yes} of ${checked}`);
});

test('a name with a wildcard names no action: the same answer as a search of the names', () => {
  const rnd = lcg(5555);
  let names = 0;
  for (const s of data.listServices()) {
    const list = data.actionNames(s.prefix);
    for (const name of list) assert.ok(!name.includes('*') && !name.includes('?'), `${s.prefix}:${name}`);
    names += list.length;
    if (list.length === 0) continue;
    for (let k = 0; k < 3; k++) {
      const name = list[rnd(list.length)];
      const at = rnd(name.length + 1);
      for (const spelled of [name, name.toLowerCase(), name.toUpperCase(), `${name.slice(0, at)}*`, `${name.slice(0, at)}?${name.slice(at + 1)}`, `*${name.slice(at)}`, name.replace(/[a-z]/, '?'), `${name}*`]) {
        const lower = spelled.toLowerCase();
        const expected = list.find((n) => n.toLowerCase() === lower);
        assert.equal(data.findAction(s.prefix, spelled)?.name, expected, `${s.prefix}:${spelled}`);
        assert.equal(data.getAction(s.prefix, spelled)?.name, expected, `${s.prefix}:${spelled}`);
      }
    }
  }
  assert.ok(names > 20_000, `${names} names`);
});
