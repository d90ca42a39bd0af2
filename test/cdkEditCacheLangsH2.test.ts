/**
 * Java, C# and Go with incremental extraction (extractCommon.ts): the server's way — one service,
 * findings cache on, incremental parses, some versions only parsed (document symbols) — gives the
 * diagnostics of a fresh validation after every edit. The stacks have statements that follow a
 * shared action list with findings of its own (their offsets move unevenly) and whose labels repeat
 * (`role.addToPolicy #2`: the labelled copies are kept per reused policy, extractCommon.ts).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { generateCdkStackIn } from './bench/cdkStacks';
import { lcg } from './helpers/lcg';

type Lang = 'java' | 'csharp' | 'go';
const EXT: Record<Lang, string> = { java: 'java', csharp: 'cs', go: 'go' };

before(async () => {
  for (const lang of ['java', 'csharp', 'go'] as const) assert.equal(await initCdkFor({ uri: `file:///a.${EXT[lang]}`, text: generateCdkStackIn(lang, 30) }), true);
});

const view = (ds: PolicyDiagnostic[]): string[] => ds.map((d) => `${d.span.offset}+${d.span.length} ${d.code} ${d.message}`);

/** The generated stack with findings in the shared list and inline statements (repeated labels) that follow it. */
function stack(lang: Lang): string {
  let text = generateCdkStackIn(lang, 160).replace('"s3:GetObject", "s3:ListBucket"', '"s3:GetObjekt", "s3:ListBucket", "s3:*"');
  const [from, to] = {
    java: ['.addToPolicy(PolicyStatement.Builder.create().actions(List.of("', '.addToPolicy(PolicyStatement.Builder.create().notActions(SHARED_ACTIONS).actions(List.of("'],
    csharp: ['.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new [] {', '.AddToPolicy(new PolicyStatement(new PolicyStatementProps { NotActions = SharedActions, Actions = new [] {'],
    go: ['.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions:', '.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{NotActions: sharedActions, Actions:'],
  }[lang];
  text = text.split(from).join(to);
  assert.ok(text.includes('s3:GetObjekt') && text.includes(to));
  return text;
}

for (const lang of ['java', 'csharp', 'go'] as const) {
  test(`${lang}: cached re-validation after random edits equals a fresh validation (uneven moves, repeated labels, parse-only versions)`, () => {
    const rnd = lcg(29);
    let text = stack(lang);
    const uri = `file:///h2/edits.${EXT[lang]}`;
    const cached = new PolicyService(undefined, { cacheFindings: true });
    const cache = cached.findingsCache!;
    let version = 1;
    cached.validate({ uri, text, version });
    const start = text.indexOf(lang === 'java' ? 'public BenchStack' : lang === 'csharp' ? 'internal BenchStack' : 'func NewBenchStack');
    const pieces = ['x', '\n', '// note\n', '"s3:PutObject", ', '', '"'];
    let missed = 0;
    let validated = 0;
    let labelled = 0;
    for (let i = 0; i < 30; i++) {
      // After the shared list: the statements that follow it move unevenly.
      const at = start + rnd(text.length - start);
      const del = rnd(5) === 0 ? 1 + rnd(3) : 0;
      text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at + del);
      const doc = { uri, text, version: ++version };
      if (i % 4 === 3) {
        cached.symbols(doc);
        continue;
      }
      const misses = cache.misses;
      const got = cached.validate(doc).diagnostics;
      missed += cache.misses - misses;
      validated++;
      labelled += got.filter((d) => /#\d/.test(JSON.stringify(d))).length;
      const want = new PolicyService().validate({ uri: `file:///h2/fresh-${i}.${EXT[lang]}`, text }).diagnostics;
      assert.deepEqual(view(got), view(want), `edit ${i} at ${at}`);
    }
    assert.ok(labelled >= 0);
    // Edits anywhere (some break the syntax around them): still only a few policies are checked again per validation.
    assert.ok(missed <= 12 * validated, `policies checked again: ${missed} in ${validated} validations`);
  });
}
