/**
 * Incremental extraction for Java, C# and Go (server/src/adapters/cdk/extractCommon.ts: chunks kept
 * from the previous extraction outside the edit, units of reuse.ts). A property test: after random
 * edits of the fixtures and of a generated stack, the incremental parse's policies (and the
 * renderer's marks on their nodes, which decide how fixes are written) equal a full parse's. And a
 * count-based test: an edit inside one statement re-extracts that construct only and re-reads only
 * the chunks on the path to it (langExtractStats, no timing).
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initCdkFor, parseCdk, type CdkParseResult } from '../server/src/adapters/cdk';
import { langExtractStats } from '../server/src/adapters/cdk/extractLang';
import type { RenderMeta } from '../server/src/adapters/cdk/values';
import type { ArrayNode, ObjectNode, PolicyDocument, ValueNode } from '../server/src/model';
import { generateCdkStackIn } from './bench/cdkStacks';
import { FIXTURES } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

type Lang = 'java' | 'csharp' | 'go';
const EXT: Record<Lang, string> = { java: 'java', csharp: 'cs', go: 'go' };

before(async () => {
  assert.equal(await initCdkFor({ uri: 'file:///a.java', text: 'import software.amazon.awscdk.Stack;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///a.cs', text: 'using Amazon.CDK;\n' }), true);
  assert.equal(await initCdkFor({ uri: 'file:///a.go', text: 'import "github.com/aws/aws-cdk-go/awscdk/v2"\n' }), true);
});

/** Every source file of a language's fixtures (diagnostics, partial values, fixes' before files). */
function fixtures(lang: Lang): { name: string; text: string }[] {
  const dir = path.join(FIXTURES, 'cdk', lang);
  const out: { name: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(`.${EXT[lang]}`) && !p.includes('not-cdk') && !e.name.startsWith('after.')) out.push({ name: path.relative(dir, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Text pieces a random edit inserts: tokens, names the fixtures use, whole constructs and uses. */
const PIECES: Record<Lang, string[]> = {
  java: ['x', '', '\n', '"', '(', ')', '{', '}', ';', ',', '.', '/*', '*/', '//', 'st', 'role', 'doc', 'bucket', 'SHARED_ACTIONS', '"s3:PutObject", ',
    'PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build()',
    'PolicyStatement st = new PolicyStatement();\n', 'st.addActions("sqs:SendMessage");\n', 'role.addToPolicy(st);\n',
    'List<String> SHARED_ACTIONS = List.of("kms:Decrypt");\n', 'doc.addStatements(st);\n', '.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))'],
  csharp: ['x', '', '\n', '"', '(', ')', '{', '}', ';', ',', '.', '/*', '*/', '//', 'st', 'role', 'doc', 'bucket', 'SharedActions', '"s3:PutObject", ',
    'new PolicyStatement(new PolicyStatementProps { Actions = new [] { "s3:GetObject" }, Resources = new [] { "*" } })',
    'var st = new PolicyStatement();\n', 'st.AddActions("sqs:SendMessage");\n', 'role.AddToPolicy(st);\n',
    'string[] SharedActions = { "kms:Decrypt" };\n', 'doc.AddStatements(st);\n', 'AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),'],
  go: ['x', '', '\n', '"', '`', '(', ')', '{', '}', ',', '.', '&', '/*', '*/', '//', 'st', 'role', 'doc', 'bucket', 'queueActions', 'sharedActions', 'jsii.String("s3:PutObject"), ',
    'awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*")})',
    'st := awsiam.NewPolicyStatement(nil)\n', 'st.AddActions(jsii.String("sqs:SendMessage"))\n', 'role.AddToPolicy(st)\n',
    'var sharedActions = jsii.Strings("kms:Decrypt")\n', 'doc.AddStatements(st)\n', 'AssumedBy: awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),\n'],
};

/** The renderer's marks (RenderMeta, and Go's `jsii.String(…)` item spans) of every node, in model order. */
function marks(r: CdkParseResult): unknown[] {
  if (!r.renderer) return [];
  const { meta, wrapped } = r.renderer as unknown as { meta: RenderMeta; wrapped?: WeakMap<ArrayNode, { startIndex: number; endIndex: number }[]> };
  const out: unknown[] = [];
  const visit = (n: ValueNode, depth: number): void => {
    if (depth > 100) return;
    out.push([meta.synthetic.has(n) ? 's' : '', meta.args.has(n as ArrayNode) ? 'a' : '', meta.props.has(n as ObjectNode) ? 'p' : '', n.kind === 'array' ? wrapped?.get(n)?.map((x) => [x.startIndex, x.endIndex]) : undefined]);
    if (n.kind === 'array') for (const i of n.items) visit(i, depth + 1);
    else if (n.kind === 'object')
      for (const p of n.properties) {
        out.push(meta.synthetic.has(p) ? 's' : '');
        visit(p.value, depth + 1);
      }
    else if (n.kind === 'unknown') for (const a of n.alternatives ?? []) visit(a, depth + 1);
  };
  for (const p of r.policies) visit(p.root, 0);
  return out;
}

/** The policies as plain data (what the features read), without the views that repeat the root. */
function plain(ps: PolicyDocument[]): unknown {
  return JSON.parse(JSON.stringify(ps));
}

function randomEdits(lang: Lang, start: string, count: number, seed: number, label: string): number {
  const rnd = lcg(seed);
  const uri = `file:///inc-h2.${EXT[lang]}`;
  let text = start;
  let prev: CdkParseResult = parseCdk({ uri, text });
  let reused = 0;
  try {
    for (let i = 0; i < count; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(4) === 0 ? rnd(24) : rnd(2);
      const ins = PIECES[lang][rnd(PIECES[lang].length)];
      const next = text.slice(0, at) + ins + text.slice(at + del);
      // (an edit may remove the CDK import: then there is no tree, and the next parse is a full one)
      const inc = parseCdk({ uri, text: next }, prev.tree ? { tree: prev.tree, text } : undefined);
      reused += langExtractStats.unitsReused;
      if (inc.tree !== prev.tree) prev.tree?.delete();
      prev = inc;
      text = next;
      const full = parseCdk({ uri, text: next });
      full.tree?.delete();
      const what = `${label}: edit ${i} at ${at} (-${del} +${JSON.stringify(ins)})`;
      assert.deepEqual(plain(inc.policies), plain(full.policies), `${what}: incremental policies are the full parse's`);
      assert.deepEqual(marks(inc), marks(full), `${what}: the renderer's marks`);
    }
  } finally {
    prev.tree?.delete();
  }
  return reused;
}

for (const lang of ['java', 'csharp', 'go'] as Lang[]) {
  describe(`cdk ${lang}: incremental extraction equals a full extraction`, () => {
    const files = fixtures(lang);
    test('there are fixtures', () => assert.ok(files.length >= 5, String(files.length)));
    for (const [i, f] of files.entries()) {
      test(`${f.name}: 60 random edits`, () => {
        randomEdits(lang, f.text, 60, 7 + i * 31, f.name);
      });
    }
    test('generated stack: 80 random edits (units are reused)', () => {
      const reused = randomEdits(lang, generateCdkStackIn(lang, 300), 80, 101, 'generated');
      assert.ok(reused > 0, 'some units were reused');
    });
  });

  describe(`cdk ${lang}: an edit inside one statement re-extracts only that construct`, () => {
    test('one unit extracted, every other policy the same object, few chunks read', () => {
      const text = generateCdkStackIn(lang, 1500);
      const uri = `file:///count-h2.${EXT[lang]}`;
      const first = parseCdk({ uri, text });
      const units = langExtractStats.unitsExtracted;
      const chunks = langExtractStats.chunksScanned;
      assert.ok(units > 300 && chunks > 300, `the first parse extracts everything (${units} units, ${chunks} chunks)`);
      // Typing in the first action of an inline statement (its own statement; no variable, no name another unit looks up).
      const open = lang === 'java' ? '.sid("S' : lang === 'csharp' ? 'Sid = "S' : 'Sid:       jsii.String("S';
      const at = text.indexOf(open, text.length >> 1) + open.length;
      const next = text.slice(0, at) + '9' + text.slice(at);
      const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text });
      first.tree!.delete();
      inc.tree!.delete();
      assert.equal(langExtractStats.unitsExtracted, 1, 'one unit extracted again');
      assert.equal(langExtractStats.unitsReused, units - 1, 'every other unit reused');
      assert.ok(langExtractStats.chunksScanned <= 12, `only the chunks on the path to the edit are read (${langExtractStats.chunksScanned})`);
      assert.ok(langExtractStats.nodesScanned < 400, `nodes read (${langExtractStats.nodesScanned})`);
      assert.equal(inc.policies.length, first.policies.length);
      const kept = new Set(first.policies);
      const changed = inc.policies.filter((p) => !kept.has(p));
      assert.equal(changed.length, 1, `one new policy object (${changed.map((p) => p.label).join(', ')})`);
      assert.match(JSON.stringify(changed[0].root), /"value":"S9\d+"/, 'the new one is the edited statement');
      // Reused policies after the edit moved with it.
      const full = parseCdk({ uri: `file:///count-h2-full.${EXT[lang]}`, text: next });
      full.tree!.delete();
      assert.deepEqual(plain(inc.policies), plain(full.policies));
    });

    test('an edit in a shared declaration re-extracts the units that follow it', () => {
      const text = generateCdkStackIn(lang, 400);
      const uri = `file:///shared-h2.${EXT[lang]}`;
      const first = parseCdk({ uri, text });
      const name = lang === 'java' ? 'SHARED_ACTIONS' : lang === 'csharp' ? 'SharedActions' : 'sharedActions';
      const at = text.indexOf('"s3:ListBucket"', text.indexOf(name)) + 1;
      const next = text.slice(0, at) + 's3:DeleteBucket' + text.slice(at + 's3:ListBucket'.length);
      const users = (text.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0) - 1;
      const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text });
      first.tree!.delete();
      inc.tree!.delete();
      assert.ok(users > 3);
      assert.equal(langExtractStats.unitsExtracted, users, 'the statements that follow the declaration');
      const full = parseCdk({ uri: `file:///shared-h2-full.${EXT[lang]}`, text: next });
      full.tree!.delete();
      assert.deepEqual(plain(inc.policies), plain(full.policies));
      assert.ok(!JSON.stringify(plain(inc.policies)).includes('s3:ListBucket'));
    });
  });
}

/** A document held in a variable, given its context by a Role's `inlinePolicies` written further down. */
const LINKED: Record<Lang, string> = {
  java: `import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.*;

public class S extends Stack {
    public S(final Construct scope, final String id) {
        super(scope, id);
        PolicyDocument doc = PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build()))
                .build();
        Role role = Role.Builder.create(this, "Worker")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of(
                        "Logs",
                        doc))
                .build();
    }
}
`,
  csharp: `using System.Collections.Generic;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;

public class S : Stack
{
    internal S(Construct scope, string id) : base(scope, id)
    {
        var doc = new PolicyDocument(new PolicyDocumentProps { Statements = new [] { new PolicyStatement(new PolicyStatementProps { Actions = new [] { "s3:GetObject" }, Resources = new [] { "*" } }) } });
        var role = new Role(this, "Worker", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                {
                    "Logs",
                    doc
                }
            }
        });
    }
}
`,
  go: `package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

func NewS(stack awscdk.Stack) {
	doc := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*")})}})
	awsiam.NewRole(stack, jsii.String("Worker"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"Logs":
				doc,
		},
	})
}
`,
};

describe('cdk Java, C#, Go: a context one unit gives another', () => {
  for (const lang of ['java', 'csharp', 'go'] as Lang[]) {
    test(`${lang}: renaming an inline policy (a line that does not name the document) relabels the reused document`, () => {
      const text = LINKED[lang];
      const uri = `file:///linked-h2.${EXT[lang]}`;
      const first = parseCdk({ uri, text });
      assert.ok(first.policies.some((p) => p.label === 'inlinePolicies.Logs'), first.policies.map((p) => p.label).join(', '));
      const at = text.indexOf('"Logs"') + 1;
      const next = text.slice(0, at) + 'Audit' + text.slice(at + 4);
      const inc = parseCdk({ uri, text: next }, { tree: first.tree!, text });
      first.tree!.delete();
      inc.tree!.delete();
      const labels = inc.policies.map((p) => p.label);
      assert.ok(labels.includes('inlinePolicies.Audit') && !labels.includes('inlinePolicies.Logs'), labels.join(', '));
      // The document's own unit was left alone by the edit: it is extracted again only because its given context changed.
      assert.equal(langExtractStats.unitsExtracted, 2, 'the Role and the document');
    });
  }
});
