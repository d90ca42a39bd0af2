/**
 * The reference-data changes of #16 wave 6 (hg6) answer as the code they stand for:
 * - pattern elements have one shape ({kind, lit}, in that order): userElems and templateElems
 *   give the elements the characters stand for (kind and literal as before: `*` run, `?` one,
 *   `${…}` run, a placeholder without `/` a run without slash, anything else the literal, lower-cased
 *   when asked), on the data's ARN formats and random texts;
 * - the matchers keep the elements of the user text asked last (lowerUserElems):
 *   templateMayMatch, templateMayMatchLoosely and someTemplateMayMatchLoosely, called in runs of one
 *   text and interleaved with other texts (equal texts as other string objects too), answer as the
 *   uncached full match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamData, locateDataDir } from '../server/src/data/iamData';
import { intersects, K_LIT, K_ONE, K_RUN, K_RUN_NO_SLASH, templateElems, userElems, type Elem } from '../server/src/data/arnPattern';
import { someTemplateMayMatchLoosely, templateMayMatch, templateMayMatchLoosely, templateMayMatchUncached } from '../server/src/data/arnMatch';
import { lcg } from './helpers/lcg';

const data = new IamData(locateDataDir());

function formats(): string[] {
  const out: string[] = [];
  for (const s of data.listServices()) for (const rt of data.listResourceTypes(s.prefix)) out.push(rt.arn);
  return out;
}

/** userElems read anew, character by character, in the words of the element kinds. */
function userKinds(text: string, lower: boolean): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') out.push([K_RUN, '']);
    else if (c === '?') out.push([K_ONE, '']);
    else if (c === '$' && text[i + 1] === '{' && text.indexOf('}', i + 2) >= 0) {
      out.push([K_RUN, '']);
      i = text.indexOf('}', i + 2);
    } else out.push([K_LIT, lower ? c.toLowerCase() : c]);
  }
  return out;
}

const shape = (es: readonly Elem[]): [number, string][] => es.map((e) => [e.kind, e.lit]);

test('every element has the one shape {kind, lit}, and userElems gives the kinds the characters stand for', () => {
  const rnd = lcg(6061);
  const texts = formats().slice(0, 3000);
  const alphabet = ['a', 'B', '*', '?', '/', ':', '$', '{', '}', '${x}', 'é', 'É', '-'];
  for (let n = 0; n < 3000; n++) texts.push(Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join(''));
  for (const t of texts) {
    for (const lower of [true, false]) {
      const es = userElems(t, lower);
      for (const e of es) {
        assert.deepEqual(Object.keys(e), ['kind', 'lit']);
        assert.ok(Object.isFrozen(e));
        assert.equal(e.lit === '', e.kind !== K_LIT, JSON.stringify(e));
      }
      assert.deepEqual(shape(es), userKinds(t, lower), t);
    }
    for (const e of templateElems(t, true)) {
      assert.deepEqual(Object.keys(e), ['kind', 'lit']);
      assert.ok(e.kind === K_LIT || e.kind === K_RUN || e.kind === K_RUN_NO_SLASH);
    }
  }
  // A placeholder that names one path segment is a run without `/`; a literal `/` does not meet it.
  assert.equal(templateElems('${BucketName}', true)[0].kind, K_RUN_NO_SLASH);
  assert.equal(intersects(userElems('a/b', true), templateElems('${BucketName}', true)), false);
  assert.equal(intersects(userElems('a/b', true), templateElems('${BucketName}', true, true)), true);
});

test('the matchers, keeping the last text’s elements, answer as the uncached match in runs and interleaved', () => {
  const rnd = lcg(6062);
  const all = formats();
  const resources = all.map((f) => f.split(':').slice(5).join(':')).filter((r) => r.length > 0);
  // User texts, each with the template it was made from (or none), which its runs then include.
  const users: [string, string | undefined][] = ['*', '', 'bucket/*', 'instance/i-123', 'a/b', '?', '${aws:username}', 'table/t/*', 'role/*', 'function:f', 'É*'].map((u) => [u, undefined]);
  for (let k = 0; k < 200; k++) {
    const r = resources[rnd(resources.length)];
    users.push([r.replace(/\$\{[^}]*\}/g, () => ['x', '*', 'a/b', '?', ''][rnd(5)]), r]);
  }
  let yes = 0;
  let checked = 0;
  for (let n = 0; n < 6000; n++) {
    // A run of templates for one text (the callers' pattern), sometimes an equal text as another string object.
    const [base, from] = users[rnd(users.length)];
    const u = rnd(3) === 0 ? [...base].join('') : base;
    const run = Array.from({ length: 1 + rnd(6) }, () => resources[rnd(resources.length)]);
    if (from !== undefined) run.splice(rnd(run.length + 1), 0, from);
    for (const t of run) {
      const expected = templateMayMatchUncached(u, t);
      assert.equal(templateMayMatch(u, t), expected, `${u} ~ ${t}`);
      const loose = intersects(userElems(u, true), templateElems(t, true, true));
      assert.equal(templateMayMatchLoosely(u, t), loose, `${u} ~ ${t} (loosely)`);
      if (expected) yes++;
      checked++;
    }
    assert.equal(
      someTemplateMayMatchLoosely(u, run),
      run.some((t) => intersects(userElems(u, true), templateElems(t, true, true))),
      `${u} ~ some of ${run.join(' ')}`,
    );
  }
  assert.ok(yes > 1000 && checked - yes > 1000, `${yes} of ${checked}`);
});
