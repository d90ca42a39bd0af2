/**
 * Incremental extraction (server/src/adapters/cdk/reuse.ts): after an edit only the constructs the
 * edit touched are extracted again, the others' policies are reused with moved spans. These tests
 * compare the policies of an incremental parse with those of a full parse after random edits, and
 * check that reuse happens where it should (and not where a followed variable changed).
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initCdkFor, parseCdk, type CdkParseResult } from '../server/src/adapters/cdk';
import { propsObjects } from '../server/src/adapters/cdk/extract';
import type { ObjectNode, PolicyDocument, ValueNode } from '../server/src/model';
import { FindingsCache } from '../server/src/checks/findingsCache';
import { generateCdkStack } from './bench/cdk-bench';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///a.py', text: 'import aws_cdk\n' }), true);
});

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, 'cdk', 'diagnostics', name), 'utf8');
}

/** The props-object spans the renderer keeps beside the model (must move with the policy too). */
function propsSpans(ps: PolicyDocument[]): unknown[] {
  const out: unknown[] = [];
  const visit = (n: ValueNode): void => {
    if (n.kind === 'object') {
      const s = propsObjects.get(n as ObjectNode);
      if (s) out.push(s);
      for (const p of n.properties) visit(p.value);
    } else if (n.kind === 'array') for (const i of n.items) visit(i);
  };
  for (const p of ps) visit(p.root);
  return out;
}

const PIECES: Record<'typescript' | 'python', string[]> = {
  typescript: ['x', '', '\n', "'", '(', ')', '{', '}', '[', ']', ',', '/*', '*/', '`', 'st', 'ACTIONS', 'role', 'bucket', "'s3:PutObject', ", "new iam.PolicyStatement({ actions: ['s3:GetObject'] });\n", 'const ACTIONS = [\'kms:Decrypt\'];\n', 'role.addToPolicy(st);', 'st.addActions(\'sqs:SendMessage\');\n'],
  python: ['x', '', '\n', "'", '(', ')', '[', ']', ',', '#', '    ', 'role', "iam.PolicyStatement(actions=['s3:GetObject'])\n", 'a = 1\n', 'f"{x}"'],
};

function randomEdits(lang: 'typescript' | 'python', start: string, count: number, seed: number): void {
  const rnd = lcg(seed);
  const uri = lang === 'python' ? 'file:///inc.py' : 'file:///inc.ts';
  let text = start;
  let prev: CdkParseResult = parseCdk({ uri, text });
  try {
    for (let i = 0; i < count; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(4) === 0 ? rnd(16) : rnd(2);
      const ins = PIECES[lang][rnd(PIECES[lang].length)];
      const next = text.slice(0, at) + ins + text.slice(at + del);
      const inc = parseCdk({ uri, text: next }, { tree: prev.tree!, text });
      prev.tree!.delete();
      prev = inc;
      text = next;
      const full = parseCdk({ uri, text: next });
      full.tree!.delete();
      const what = `edit ${i} at ${at} (-${del} +${JSON.stringify(ins)})`;
      assert.deepEqual(inc.policies, full.policies, `${what}: incremental policies are the full parse's`);
      assert.deepEqual(propsSpans(inc.policies), propsSpans(full.policies), `${what}: props objects moved`);
    }
  } finally {
    prev.tree?.delete();
  }
}

const SMALL_TS = `import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const ACTIONS = ['s3:GetObject', 's3:ListBucket'];

export class S extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bucket = new s3.Bucket(this, 'B');
    const role = new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const st = new iam.PolicyStatement({ actions: ACTIONS });
    st.addResources('arn:aws:s3:::b/*');
    role.addToPolicy(st);
    role.addToPolicy(new iam.PolicyStatement({ actions: [...ACTIONS, 'kms:Decrypt'], resources: ['*'] }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:*'], resources: [bucket.arnForObjects('*')] }));
    new iam.ManagedPolicy(this, 'M', { statements: [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] }), st] });
  }
}
`;

describe('cdk incremental extraction', () => {
  test('TypeScript fixture: 150 random edits give the policies of a full parse', () => {
    randomEdits('typescript', fixture('stack.ts'), 150, 3);
  });
  test('TypeScript with followed variables and builder calls: 200 random edits', () => {
    randomEdits('typescript', SMALL_TS, 200, 5);
  });
  test('Python fixture: 100 random edits', () => {
    randomEdits('python', fixture('stack.py'), 100, 13);
  });
  test('generated stack: 30 random edits', () => {
    randomEdits('typescript', generateCdkStack(300), 30, 17);
  });

  test('an edit inside one statement reuses every other policy (unchanged before it, shifted after it)', () => {
    const text = generateCdkStack(400);
    const uri = 'file:///reuse.ts';
    const first = parseCdk({ uri, text });
    const offsets = first.policies.map((p) => p.root.span.offset);
    const at = text.indexOf("actions: ['", text.length >> 1) + 12;
    const next = text.slice(0, at) + 'x' + text.slice(at);
    const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text });
    first.tree!.delete();
    inc.tree!.delete();
    assert.equal(inc.policies.length, first.policies.length);
    let same = 0;
    for (let i = 0; i < inc.policies.length; i++) {
      if (inc.policies[i] === first.policies[i]) same++;
      if (offsets[i] > at) assert.equal(inc.policies[i].root.span.offset, offsets[i] + 1, `policy ${i} moved`);
    }
    // Reused: unchanged or moved in place (same objects); the edited one is new.
    // (those that follow SHARED_ACTIONS above the edit are copies: their offsets moved unevenly)
    assert.ok(same >= inc.policies.length * 0.75, `policies are reused (${same} of ${inc.policies.length})`);
    const edited = JSON.stringify(inc.policies.map((p) => p.root)).match(/"value":"[a-z0-9]*x[a-z0-9]*:/g);
    assert.equal(edited?.length, 1, `the edited action: ${String(edited)} ${next.slice(at - 20, at + 20)}`);
  });

  test('an edit inside `const ACTIONS = [...]` re-extracts the statements that follow it', () => {
    const uri = 'file:///actions.ts';
    const first = parseCdk({ uri, text: SMALL_TS });
    const at = SMALL_TS.indexOf("'s3:ListBucket'") + 1;
    const next = SMALL_TS.slice(0, at) + 's3:DeleteBucket' + SMALL_TS.slice(at + 's3:ListBucket'.length);
    const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text: SMALL_TS });
    first.tree!.delete();
    inc.tree!.delete();
    const actions = (p: PolicyDocument): string[] => p.statements.flatMap((s) => (s.action?.value.kind === 'array' ? s.action.value.items : s.action ? [s.action.value] : []).map((v) => (v.kind === 'string' ? v.value : '?')));
    const all = inc.policies.flatMap(actions);
    assert.ok(!all.includes('s3:ListBucket'), all.join(' '));
    // the inline spread and `st` (taken into the ManagedPolicy)
    assert.equal(all.filter((a) => a === 's3:DeleteBucket').length, 2, all.join(' '));
  });

  test('labels carry no line numbers: adding a line above keeps every fingerprint (findings cache hits)', () => {
    const text = generateCdkStack(400);
    const uri = 'file:///labels.ts';
    const first = parseCdk({ uri, text });
    const next = text.replace("const SHARED_ACTIONS", '// a new comment line\nconst SHARED_ACTIONS');
    const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text });
    first.tree!.delete();
    inc.tree!.delete();
    const cache = new FindingsCache();
    assert.equal(new Set(first.policies.map((p) => p.label)).size, first.policies.length, 'labels are unique');
    const before = first.policies.map((p) => new FindingsCache().keyOf(p, 'k'));
    const after = inc.policies.map((p) => cache.keyOf(p, 'k'));
    assert.deepEqual(after, before);
  });

});
