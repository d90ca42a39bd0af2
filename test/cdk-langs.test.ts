/**
 * CDK in Java (and further languages as they land): the contract of test/cdk.test.ts and
 * test/cdk-fixes.test.ts over test/fixtures/cdk/<lang>/: diagnostics/ files with line-accurate
 * `.expected` diagnostics, partial/ files (computed values) with none, not-cdk/ files silent, and
 * fixes/<name>/ before/after fixtures. Regenerate with UPDATE_FIXTURES=1 node scripts/test.mjs cdk-langs
 * and review the diff.
 */
import { test, describe, before } from 'node:test';
import { spawnSync } from 'child_process';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { applyTextEdits, codeActions, type DiagnosticRef } from '../server/src/features/codeActions';
import { cdkLanguageOf, importsCdk, initCdkFor } from '../server/src/adapters/cdk';
import { CANDIDATE_FILE } from '../server/src/adapters';
import type { Span } from '../server/src/model';
import { FIXTURES, REPO_ROOT, UPDATING, expectedFor, formatDiagnostics, listFiles } from './helpers/fixtures';
import { lcg } from './helpers/lcg';

const service = new PolicyService();
const data = service.data;
interface Lang {
  dir: string;
  ext: string;
  marker: string;
  /** Policies of diagnostics/<contexts[0]>: `label type resourceType`, in file order. */
  contexts: [string, string[]];
  /** A file with an action string `needle` (completion at its end offers s3 actions, hover names the action). */
  features: { text: string; needle: string };
}

const LANGS: Lang[] = [
  {
    dir: 'java',
    ext: 'java',
    marker: 'import software.amazon.awscdk.services.iam.*;\n',
    contexts: ['AppStack.java', ['assumedBy Worker trust AWS::IAM::AssumeRolePolicyDocument', 'role.addToPolicy identity', 'role.addToPrincipalPolicy identity', 'bucket.addToResourcePolicy resource AWS::S3::Bucket', 'role.addToPolicy #2 identity', 'assumedBy Ci trust AWS::IAM::AssumeRolePolicyDocument', 'fn.addToRolePolicy identity', 'assumedBy Ec2 trust AWS::IAM::AssumeRolePolicyDocument']],
    features: { text: 'import software.amazon.awscdk.services.iam.*;\nclass A { void f(Role r) { r.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build()); } }\n', needle: 's3:GetObject' },
  },
  {
    dir: 'csharp',
    ext: 'cs',
    marker: 'using Amazon.CDK.AWS.IAM;\n',
    contexts: ['AppStack.cs', ['assumedBy Worker trust AWS::IAM::AssumeRolePolicyDocument', 'role.AddToPolicy identity', 'role.AddToPrincipalPolicy identity', 'bucket.AddToResourcePolicy resource AWS::S3::Bucket', 'role.AddToPolicy #2 identity', 'assumedBy Ci trust AWS::IAM::AssumeRolePolicyDocument']],
    features: { text: 'using Amazon.CDK.AWS.IAM;\nclass A { void F(Role r) { r.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new [] { "s3:GetObject" }, Resources = new [] { "*" } })); } }\n', needle: 's3:GetObject' },
  },
  {
    dir: 'go',
    ext: 'go',
    marker: 'import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n',
    contexts: ['stack.go', ['assumedBy Worker trust AWS::IAM::AssumeRolePolicyDocument', 'role.AddToPolicy identity', 'role.AddToPrincipalPolicy identity', 'bucket.AddToResourcePolicy resource AWS::S3::Bucket', 'role.AddToPolicy #2 identity', 'assumedBy Ci trust AWS::IAM::AssumeRolePolicyDocument']],
    features: { text: 'package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\nfunc f(r awsiam.Role) { r.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: &[]*string{jsii.String("s3:GetObject")}, Resources: jsii.Strings("*")})) }\n', needle: 's3:GetObject' },
  },
];

before(async () => {
  for (const l of LANGS) assert.equal(await initCdkFor({ uri: `file:///a.${l.ext}`, text: l.marker }), true, `grammar for ${l.dir} loads`);
});

function validate(file: string, text = fs.readFileSync(file, 'utf8')) {
  return { text, ...service.validate({ uri: `file://${file}`, text }) };
}

function splitMarkers(raw: string): { text: string; span: Span } {
  const c = raw.indexOf('|');
  assert.ok(c >= 0, 'no | cursor marker');
  return { text: raw.slice(0, c) + raw.slice(c + 1), span: { offset: c, length: 0 } };
}

const refs = (diags: PolicyDiagnostic[]): DiagnosticRef[] => diags.map((d) => ({ code: d.code, span: d.span, data: d.data, message: d.message }));
const touches = (a: Span, b: Span): boolean => a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;

for (const lang of LANGS) {
  const dir = path.join(FIXTURES, 'cdk', lang.dir);
  const isSource = (n: string): boolean => n.endsWith(`.${lang.ext}`);

  describe(`cdk ${lang.dir}: expected diagnostics`, () => {
    for (const file of listFiles(path.join(dir, 'diagnostics'), isSource)) {
      test(path.basename(file), () => {
        const { text, diagnostics, parse: p } = validate(file);
        assert.equal(p.format, `cdk-${lang.dir}`);
        const actual = formatDiagnostics(text, diagnostics);
        assert.equal(actual, expectedFor(file, actual));
        for (const d of diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, 'range inside the document');
      });
    }
  });

  test(`cdk ${lang.dir}: policy type from context`, () => {
    const { parse: p } = validate(path.join(dir, 'diagnostics', lang.contexts[0]));
    assert.deepEqual(p.policies.map((x) => `${x.label} ${x.type}${x.resourceType ? ` ${x.resourceType}` : ''}`), lang.contexts[1]);
  });

  test(`cdk ${lang.dir}: completion, hover and outline inside the strings`, () => {
    const doc = { uri: `file:///features/Stack.${lang.ext}`, text: lang.features.text };
    const at = doc.text.indexOf(lang.features.needle);
    assert.ok(at > 0);
    const c = service.complete(doc, at + 's3:Get'.length);
    assert.ok(c.items.some((i) => i.label === 's3:GetObject' || i.label === 'GetObject'), `completion: ${c.items.slice(0, 5).map((i) => i.label).join(', ')}`);
    const h = service.hover(doc, at + 4);
    assert.match(h?.markdown ?? '', /GetObject/);
    assert.ok(service.symbols(doc).length >= 1, 'an outline entry per policy');
  });

  test(`cdk ${lang.dir}: a // iam-policy-lint-disable-next-line comment suppresses`, () => {
    const typo = lang.features.text.replace(lang.features.needle, 's3:GetObjekt');
    const at = typo.lastIndexOf('\n', typo.indexOf('s3:GetObjekt')) + 1;
    const uri = `file:///suppress/Stack.${lang.ext}`;
    assert.deepEqual(service.validate({ uri, text: typo }).diagnostics.map((d) => d.code), ['INVALID_ACTION']);
    const suppressed = `${typo.slice(0, at)}// iam-policy-lint-disable-next-line INVALID_ACTION\n${typo.slice(at)}`;
    assert.deepEqual(service.validate({ uri, text: suppressed }).diagnostics.map((d) => d.code), []);
  });

  test(`cdk ${lang.dir}: random edits never throw, ranges stay inside, incremental = fresh parse`, () => {
    let text = fs.readFileSync(path.join(dir, 'diagnostics', lang.contexts[0]), 'utf8');
    const pieces = ['x', '', '\n', '"', '(', ')', '{', '}', '[', ']', ',', ';', '/*', '*/', '//', '`', '@"', '&', 'jsii.String("s3:GetObjekt")', 'List.of("s3:GetObjekt")', 'new [] { "s3:GetObjekt" }'];
    const rnd = lcg(17);
    const uri = `file:///random/Stack.${lang.ext}`;
    const shape = (r: ReturnType<typeof service.validate>): string => JSON.stringify(r.diagnostics.map((d) => [d.code, d.span.offset, d.span.length]));
    for (let i = 0; i < 120; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(4) === 0 ? rnd(24) : rnd(2);
      text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at + del);
      const r = service.validate({ uri, text });
      for (const d of r.diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, `edit ${i}: ${d.code} outside`);
      for (const p of r.parse.policies) assert.ok(p.root.span.offset >= 0 && p.root.span.offset + p.root.span.length <= text.length, `edit ${i}: policy outside`);
      if (i % 20 === 19) assert.equal(shape(r), shape(service.validate({ uri: `file:///fresh${i}/Stack.${lang.ext}`, text })), `edit ${i}: incremental and fresh parses differ`);
    }
  });

  describe(`cdk ${lang.dir}: computed values are partially known, never wrong`, () => {
    for (const file of listFiles(path.join(dir, 'partial'), isSource)) {
      test(path.basename(file), () => {
        const { diagnostics, parse: p } = validate(file);
        assert.ok(p.policies.length >= 2, `policies found: ${p.policies.length}`);
        assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
      });
    }
  });

  describe(`cdk ${lang.dir}: other files stay silent`, () => {
    for (const file of listFiles(path.join(dir, 'not-cdk'), isSource)) {
      test(path.basename(file), () => {
        const { diagnostics, parse: p } = validate(file);
        assert.equal(p.format, 'none');
        assert.equal(p.policies.length, 0);
        assert.deepEqual(diagnostics, []);
      });
    }
  });

  describe(`cdk ${lang.dir}: fixes (before/after fixtures)`, () => {
    const root = path.join(dir, 'fixes');
    const names = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
    test('there are fix fixtures', () => assert.ok(names.length > 0));
    for (const name of names) {
      test(name, () => {
        const fdir = path.join(root, name);
        const spec = JSON.parse(fs.readFileSync(path.join(fdir, 'fix.json'), 'utf8')) as { title: string };
        const uri = `file:///fixture/Stack.${lang.ext}`;
        const { text, span } = splitMarkers(fs.readFileSync(path.join(fdir, `before.${lang.ext}`), 'utf8'));
        const { parse, diagnostics } = service.validate({ uri, text });
        assert.equal(parse.format, `cdk-${lang.dir}`);
        const actions = codeActions(text, parse, data, { span, diagnostics: refs(diagnostics.filter((d) => touches(d.span, span))) });
        const chosen = actions.find((a) => a.title === spec.title);
        assert.ok(chosen?.edits?.length, `no action titled "${spec.title}"; offered:\n${actions.map((a) => a.title).join('\n')}`);
        const result = applyTextEdits(text, chosen!.edits!);
        const after = service.validate({ uri, text: result });
        assert.equal(after.parse.policies.length, parse.policies.length, `the fix loses a policy:\n${result}`);
        for (const d of chosen!.diagnostics ?? []) {
          const count = (ds: PolicyDiagnostic[]): number => ds.filter((x) => x.code === d.code && x.message === d.message).length;
          assert.ok(count(after.diagnostics) < count(diagnostics), `does not fix ${d.code}: ${d.message}\n${result}`);
        }
        const afterFile = path.join(fdir, `after.${lang.ext}`);
        if (UPDATING) fs.writeFileSync(afterFile, result);
        assert.equal(result, fs.readFileSync(afterFile, 'utf8'));
      });
    }
  });
}

describe('cdk languages: recognition', () => {
  test('java: by extension or language id, only with a CDK import', () => {
    assert.equal(cdkLanguageOf({ uri: 'file:///x/AppStack.java', text: '' }), 'java');
    assert.equal(cdkLanguageOf({ uri: 'untitled:1', text: '', languageId: 'java' }), 'java');
    assert.equal(importsCdk('import software.amazon.awscdk.services.iam.PolicyStatement;', 'java'), true);
    assert.equal(importsCdk('import static software.amazon.awscdk.services.iam.Effect.ALLOW;', 'java'), true);
    assert.equal(importsCdk('// software.amazon.awscdk\nimport java.util.List;', 'java'), false);
    assert.ok(CANDIDATE_FILE.test('src/main/java/AppStack.java'));
  });
  test('csharp: by extension or language id, only with a CDK using', () => {
    assert.equal(cdkLanguageOf({ uri: 'file:///x/AppStack.cs', text: '' }), 'csharp');
    assert.equal(cdkLanguageOf({ uri: 'untitled:1', text: '', languageId: 'csharp' }), 'csharp');
    assert.equal(importsCdk('using Amazon.CDK;', 'csharp'), true);
    assert.equal(importsCdk('global using Amazon.CDK.AWS.IAM;', 'csharp'), true);
    assert.equal(importsCdk('using Iam = Amazon.CDK.AWS.IAM;', 'csharp'), true);
    assert.equal(importsCdk('// using Amazon.CDK;\nusing System;', 'csharp'), false);
    assert.ok(CANDIDATE_FILE.test('src/App/AppStack.cs'));
  });
  test('go: by extension or language id, only with an aws-cdk-go import', () => {
    assert.equal(cdkLanguageOf({ uri: 'file:///x/stack.go', text: '' }), 'go');
    assert.equal(cdkLanguageOf({ uri: 'untitled:1', text: '', languageId: 'go' }), 'go');
    assert.equal(importsCdk('import (\n\t"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n)', 'go'), true);
    assert.equal(importsCdk('import "github.com/aws/aws-cdk-go/awscdk/v2"', 'go'), true);
    assert.equal(importsCdk('import iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"', 'go'), true);
    assert.equal(importsCdk('import (\n\tawsiam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n)', 'go'), true);
    assert.equal(importsCdk('import "github.com/aws/aws-sdk-go-v2/service/iam"', 'go'), false);
    assert.equal(importsCdk('// "github.com/aws/aws-cdk-go/awscdk/v2"\nimport "fmt"', 'go'), false);
    assert.ok(CANDIDATE_FILE.test('cmd/stack.go'));
  });
});

test('cli: lints Java, C# and Go files only when they import the CDK', () => {
  const dirs = LANGS.flatMap((l) => [path.join(FIXTURES, 'cdk', l.dir, 'diagnostics'), path.join(FIXTURES, 'cdk', l.dir, 'not-cdk')]);
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), '--format', 'json', ...dirs], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { files: { path: string; format: string; diagnostics: { code: string }[] }[] };
  const byName = new Map(out.files.map((f) => [path.basename(f.path), f]));
  for (const l of LANGS) {
    const f = byName.get(l.contexts[0]);
    assert.equal(f?.format, `cdk-${l.dir}`, l.dir);
    assert.ok(f!.diagnostics.some((x) => x.code === 'INVALID_ACTION'), l.dir);
  }
  for (const name of ['Plain.java', 'Plain.cs', 'plain.go']) assert.deepEqual([byName.get(name)?.format, byName.get(name)?.diagnostics.length], ['none', 0], name);
});
