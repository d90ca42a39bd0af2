/**
 * Issue #13 (h6): the per-policy limit problems (`policyLimitProblems`, adapters/index.ts) are
 * computed only for new or changed policies; a policy the adapter reused from its previous parse
 * (CDK, reuse.ts: the same object moved in place; Java/C#/Go, carry.ts: a copy noted as a shift)
 * takes its previous problems, moved. Counted through `limitStats`, never timed; and the problems
 * after edits equal a fresh parse's, also for a policy over a limit that an edit above it moved.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { initCdkFor } from '../server/src/adapters/cdk';
import { limitStats, parseHost } from '../server/src/adapters';
import { LIMITS, type ParseProblem } from '../server/src/model';
import { PolicyService } from '../server/src/service';
import { shiftOf } from '../server/src/model/derived';
import { generateCdkStack } from './bench/cdk-bench';
import { generateCdkStackIn } from './bench/cdkStacks';

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.ts', text: "import 'aws-cdk-lib';\n" }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/a.py', text: 'import aws_cdk\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///h6/A.java', text: 'import software.amazon.awscdk.Stack;\n' }), true);
});

function counted<T>(fn: () => T): { value: T; computed: number; reused: number } {
  const c = limitStats.computed;
  const r = limitStats.reused;
  const value = fn();
  return { value, computed: limitStats.computed - c, reused: limitStats.reused - r };
}

const key = (ps: readonly ParseProblem[]): string[] => ps.map((p) => `${p.code} ${p.span.offset}+${p.span.length} ${p.message}`).sort();

describe('limit problems only for new or changed policies (h6)', () => {
  test('3,000-line TypeScript stack: an edit inside one statement computes one policy, reuses the rest', () => {
    const uri = 'file:///h6/stack.ts';
    const service = new PolicyService(undefined, { cacheFindings: true });
    let text = generateCdkStack();
    let version = 1;
    const first = counted(() => service.parse({ uri, text, version }));
    const n = first.value.policies.length;
    assert.ok(n > 400, `${n} policies`);
    assert.equal(first.computed, n, 'the first parse computes every policy');
    // Typing inside an action string (a string-text edit) and a new line at the end of a line, each half-way down.
    const at = text.indexOf("actions: ['", text.length >> 1) + "actions: ['".length;
    text = text.slice(0, at) + 'x' + text.slice(at);
    const typed = counted(() => service.parse({ uri, text, version: ++version }));
    assert.equal(typed.value.policies.length, n);
    assert.ok(typed.computed <= 2, `${typed.computed} policies computed after one keystroke`);
    assert.equal(typed.computed + typed.reused, n);
    const eol = text.indexOf('\n', at);
    text = text.slice(0, eol) + '\n      ' + text.slice(eol);
    const line = counted(() => service.parse({ uri, text, version: ++version }));
    assert.ok(line.computed <= 2, `${line.computed} policies computed after a new line`);
    assert.equal(line.computed + line.reused, n);
  });

  test('Java (full extraction, policies carried as shifts): an edit inside one statement computes only the policies not carried', () => {
    const uri = 'file:///h6/Stack.java';
    const service = new PolicyService(undefined, { cacheFindings: true });
    let text = generateCdkStackIn('java');
    let version = 1;
    const n = service.parse({ uri, text, version }).policies.length;
    const at = text.indexOf('"s3:', text.length >> 1) + 1;
    text = text.slice(0, at) + 'x' + text.slice(at);
    const typed = counted(() => service.parse({ uri, text, version: ++version }));
    assert.equal(typed.value.policies.length, n);
    assert.ok(typed.computed <= 2, `${typed.computed} of ${n} policies computed after one keystroke`);
  });

  // A statement over the values limit below the edits: its LIMIT_EXCEEDED information must move with it.
  const many = (q: string): string => Array.from({ length: LIMITS.maxItemsPerElement + 2 }, (_, i) => `${q}s3:GetObject${i}${q}`).join(', ');
  const CASES: { name: string; ext: string; text: string }[] = [
    {
      name: 'TypeScript',
      ext: 'ts',
      text: [
        "import * as iam from 'aws-cdk-lib/aws-iam';",
        "const note = 'hello';",
        "const a = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });",
        `const big = new iam.PolicyStatement({ actions: [${many("'")}], resources: ['*'] });`,
        "const c = new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['*'] });",
        '',
      ].join('\n'),
    },
    {
      name: 'Python',
      ext: 'py',
      text: [
        'from aws_cdk import aws_iam as iam',
        "note = 'hello'",
        "a = iam.PolicyStatement(actions=['s3:GetObject'], resources=['*'])",
        `big = iam.PolicyStatement(actions=[${many("'")}], resources=['*'])`,
        '',
      ].join('\n'),
    },
    {
      name: 'Java',
      ext: 'java',
      text: [
        'import software.amazon.awscdk.services.iam.PolicyStatement;',
        'import java.util.List;',
        'class S {',
        '  void f() {',
        '    String note = "hello";',
        '    PolicyStatement a = PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build();',
        `    PolicyStatement big = PolicyStatement.Builder.create().actions(List.of(${many('"')})).resources(List.of("*")).build();`,
        '  }',
        '}',
        '',
      ].join('\n'),
    },
  ];
  for (const c of CASES) {
    test(`${c.name}: a policy over a limit, moved by edits above it, keeps its LIMIT_EXCEEDED at the right place`, () => {
      const uri = `file:///h6/limits.${c.ext}`;
      const service = new PolicyService(undefined, { cacheFindings: true });
      let text = c.text;
      let version = 1;
      const first = service.parse({ uri, text, version });
      assert.equal(first.problems.filter((p) => p.code === 'LIMIT_EXCEEDED').length, 1, 'the fixture is over the limit');
      // Typing inside a string above the statements (a string-text edit), then a comment line above everything.
      const edits: ((t: string) => string)[] = [
        (t) => t.replace('hello', 'helXlo'),
        (t) => t.replace('helXlo', 'helXYlo'),
        (t) => {
          const nl = t.indexOf('\n') + 1;
          return t.slice(0, nl) + (c.ext === 'py' ? '# x\n' : '// x\n') + t.slice(nl);
        },
      ];
      for (const edit of edits) {
        const prev = text;
        text = edit(text);
        const before = service.parse({ uri, text: prev, version }).policies;
        const { value, computed, reused } = counted(() => service.parse({ uri, text, version: ++version }));
        const fresh = parseHost({ uri: `file:///h6/fresh-${version}.${c.ext}`, text });
        assert.deepEqual(key(value.problems), key(fresh.problems));
        assert.equal(value.problems.filter((p) => p.code === 'LIMIT_EXCEEDED').length, 1);
        // Computed exactly for the policies the adapter did not reuse (the same object, or a copy noted as a shift).
        const fresh2 = value.policies.filter((p) => !before.includes(p) && !shiftOf(p)).length;
        assert.deepEqual({ computed, reused }, { computed: fresh2, reused: value.policies.length - fresh2 });
        assert.ok(reused >= 1);
      }
    });
  }
});
