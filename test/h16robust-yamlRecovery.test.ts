/**
 * Issue #16 (fuzz 42/17850: a 1 MB template, mangled in one resource, cost a minute of CPU in the
 * fuzzer; a keystroke that breaks one resource of a 20,000-line template cost 2–5 s): a large
 * template with a syntax error in one resource is read piece by piece, the broken piece alone with
 * recovery. Nothing is timed: the tests count the characters the YAML readers read (`yamlReads`)
 * and assert that the work of a re-parse follows the broken piece, not the size of the template.
 * Before the fix the whole text was read again (the `yaml` package twice, PyYAML up to 17 times)
 * on every parse of a broken text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlIncremental, releaseYamlPieces, splitTemplate, WHOLE_RECOVERY_CHARS } from '../server/src/adapters/cfn/yamlChunks';
import { MAX_SYNTAX_ERRORS, yamlReads } from '../server/src/adapters/cfn/yamlTree';
import { parseHost } from '../server/src/adapters';
import { LIMITS, LIMIT_CODE } from '../server/src/model';
import { generateTemplate } from './bench/cfn-bench';

const readsOf = (f: () => void): number => {
  const before = yamlReads.yaml + yamlReads.pyyaml;
  f();
  return yamlReads.yaml + yamlReads.pyyaml - before;
};

/** A generated template with `lines` lines whose resource holding `Sid: S<k>x1` has an unclosed flow sequence. */
function brokenTemplate(lines: number, k = 5): { good: string; bad: string; piece: string } {
  const good = generateTemplate(Math.round(lines * 0.03), lines);
  const bad = good.replace(`Sid: S${k}x1\n`, `Sid: [S${k}x1\n`);
  assert.notEqual(bad, good);
  const at = bad.indexOf(`[S${k}x1`);
  const piece = splitTemplate(bad)!.find((p) => p.offset <= at && at < p.offset + p.text.length)!.text;
  return { good, bad, piece };
}

test('a broken resource in a large template costs reads in proportion to that resource, not to the template', () => {
  const reads: number[] = [];
  for (const lines of [2500, 7500]) {
    const { good, bad, piece } = brokenTemplate(lines);
    assert.ok(good.length > WHOLE_RECOVERY_CHARS, `template of ${good.length} characters`);
    const owner = `file:///recovery-${lines}.yaml`;
    parseYamlIncremental(good, owner); // the editor's parse before the keystroke
    let tree!: ReturnType<typeof parseYamlIncremental>;
    const n = readsOf(() => (tree = parseYamlIncremental(bad, owner)));
    reads.push(n);
    // The broken piece is read alone, joined with at most 8 next pieces, and with recovery: a few dozen times its size at most.
    assert.ok(n < 60 * piece.length, `read ${n} characters for a piece of ${piece.length}`);
    assert.ok(n < good.length, `read ${n} characters of a ${good.length}-character template`);
    const errors = tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR');
    assert.equal(errors.length, 1);
    assert.ok(bad.slice(errors[0].span.offset - 40, errors[0].span.offset + 40).includes('[S5x1') || errors[0].span.offset > bad.indexOf('[S5x1'));
    assert.ok(tree.skipped?.length, 'the broken entry is left out');
    // The same broken text again (another request, another service): nothing is read.
    assert.equal(readsOf(() => parseYamlIncremental(bad, owner)), 0);
    // Every resource but the broken one is still read: all policies outside it are checked.
    if (lines > 2500) continue;
    const all = parseHost({ uri: `file:///all-${lines}.yaml`, text: good, languageId: 'yaml' }).policies.length;
    const kept = parseHost({ uri: owner, text: bad, languageId: 'yaml' }).policies.length;
    assert.ok(kept >= all - 2 && kept < all, `${kept} of ${all} policies`);
    releaseYamlPieces(owner);
    releaseYamlPieces(`file:///all-${lines}.yaml`);
  }
  // Three times the template, the same work (the same piece is broken).
  assert.ok(reads[1] <= reads[0] * 1.5, `reads ${reads.join(' → ')}`);
});

test('many broken resources: recovery reads at most LIMITS.yamlRecoveryChars in all, errors capped with one information', () => {
  const good = generateTemplate(120, 4000);
  // Every statement's Sid opens a flow sequence: every policy resource is broken.
  const bad = good.replace(/Sid: (S\d+x\d+)\n/g, 'Sid: [$1\n');
  const owner = 'file:///many-broken.yaml';
  let tree!: ReturnType<typeof parseYamlIncremental>;
  const n = readsOf(() => (tree = parseYamlIncremental(bad, owner)));
  // Plain reads of each piece and its joins (each piece read with up to 8 next ones) plus the recovery budget.
  assert.ok(n <= 10 * bad.length + LIMITS.yamlRecoveryChars, `read ${n} characters of a ${bad.length}-character template`);
  const errors = tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR');
  assert.equal(errors.length, MAX_SYNTAX_ERRORS);
  const limit = tree.problems.filter((p) => p.code === LIMIT_CODE);
  assert.equal(limit.length, 1);
  assert.match(limit[0].message, /^[\d,]+ more YAML syntax errors after these 5 are not reported\.$/);
  for (const p of tree.problems) assert.ok(p.span.offset >= 0 && p.span.offset + p.span.length <= bad.length);
  releaseYamlPieces(owner);
});

test('a template up to WHOLE_RECOVERY_CHARS is still read whole with recovery (PyYAML semantics, as before)', () => {
  const good = generateTemplate(40, 1500);
  assert.ok(good.length > 20000 && good.length <= WHOLE_RECOVERY_CHARS);
  const bad = good.replace('Sid: S5x1\n', 'Sid: [S5x1\n');
  const n = readsOf(() => parseYamlIncremental(bad, 'file:///small-broken.yaml'));
  assert.ok(n > 2 * bad.length, 'the whole text is read again');
  releaseYamlPieces('file:///small-broken.yaml');
});
