/**
 * Property tests (issue #16): random policy-shaped objects from our own seedable generator, each
 * rendered in every host format — a JSON policy file, a CloudFormation template in YAML (block
 * style and flow style) and in JSON, a CDK stack in TypeScript and in Python — and put through the
 * facade. Properties, for every document:
 *   1. no exception escapes (parse, validate, code actions) and there is no INTERNAL_ERROR;
 *   2. every diagnostic span lies inside the document;
 *   3. every quick fix offered for a diagnostic yields a document that parses (no new parse
 *      problem) and no longer has that diagnostic (fewer diagnostics with its code and message).
 * A bounded number of cases runs in `npm test`; PROPERTY_CASES=N PROPERTY_SEED=S run more. A
 * failure names the seed and case that reproduce it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rngFrom, type Rng } from './fuzz/fuzzer';
import { PolicyService, type EngineDocument, type PolicyDiagnostic } from '../server/src/service';
import { applyTextEdits, snippetToPlain } from '../server/src/features/codeActions';
import type { Span, TextEdit } from '../server/src/model';

const CASES = Number(process.env.PROPERTY_CASES ?? 12);
const SEED = Number(process.env.PROPERTY_SEED ?? 16);

// ---- the generator ------------------------------------------------------------------------------

type Json = string | Json[] | { [k: string]: Json };

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
const some = <T>(rng: Rng, xs: readonly T[], max: number): T[] => Array.from({ length: 1 + int(rng, max) }, () => pick(rng, xs));

const ACTIONS = [
  's3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:Get*', 's3:*', '*', 'iam:PassRole', 'sts:AssumeRole', 'kms:Decrypt', 'dynamodb:Query', 'ec2:RunInstances', 'lambda:InvokeFunction',
  // typos, case, unknown service, wildcard that matches nothing, API names
  's3:GetObjekt', 'S3:getobject', 'dynamodb:GetItme', 'foo:Bar', 's3:Frob*', 'ListBuckets', 's3:', 'iam:passrole',
];
const RESOURCES = [
  '*', 'arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*', 'arn:aws:iam::123456789012:role/app', 'arn:aws:kms:us-east-1:123456789012:key/abc', 'arn:aws:dynamodb:us-east-1:123456789012:table/t',
  'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:us-east-1::bucket', 'arn:aws:sqs:::q', 'not-an-arn', 'arn:aws:iam::12345:role/x', 'arn:aws:s3:::b?c*',
];
const PRINCIPALS: Json[] = ['*', { AWS: '*' }, { AWS: 'arn:aws:iam::123456789012:root' }, { AWS: '123456789012' }, { Service: 'lambda.amazonaws.com' }, { Service: 'lamda.amazonaws.com' }, { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }];
const CONDITIONS: Json[] = [
  { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringEqual: { 'aws:username': 'x' } },
  { StringLike: { 's3:prefix': ['home/', 'home/${aws:username}/*'] } },
  { IpAddress: { 'aws:SourceIP': '10.0.0.0/8' } },
  { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } },
  { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } },
  { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:topic' } },
];
const ODD_STRINGS = ["it's", 'say "hi"', 'back\\slash', 'colon: space', '# hash', '&anchor', '*star', 'é ü', '- dash', '{brace}', 'yes', 'null', '12'];

function statement(rng: Rng, i: number): Json {
  const st: { [k: string]: Json } = {};
  if (rng() < 0.6) st.Sid = rng() < 0.85 ? `S${i}` : pick(rng, ['has space', 'dup', 'x-1']);
  st.Effect = rng() < 0.9 ? pick(rng, ['Allow', 'Deny']) : pick(rng, ['allow', 'Permit']);
  const actions = some(rng, ACTIONS, 4);
  st[rng() < 0.85 ? 'Action' : 'NotAction'] = actions.length === 1 && rng() < 0.5 ? actions[0] : actions;
  if (rng() < 0.9) {
    const res = some(rng, RESOURCES, 3);
    st[rng() < 0.9 ? 'Resource' : 'NotResource'] = res.length === 1 && rng() < 0.5 ? res[0] : res;
  }
  if (rng() < 0.3) st.Principal = pick(rng, PRINCIPALS);
  if (rng() < 0.35) st.Condition = pick(rng, CONDITIONS);
  if (rng() < 0.08) st[pick(rng, ['Actions', 'effect', 'Odd'])] = pick(rng, ODD_STRINGS);
  return st;
}

/** A policy-shaped object: mostly valid structure, with typos, odd values and unusual shapes mixed in. */
export function randomPolicy(rng: Rng): { [k: string]: Json } {
  const p: { [k: string]: Json } = {};
  if (rng() < 0.85) p.Version = rng() < 0.9 ? '2012-10-17' : pick(rng, ['2008-10-17', '2012-10-18']);
  if (rng() < 0.1) p.Id = pick(rng, ODD_STRINGS);
  const n = 1 + int(rng, 4);
  const sts = Array.from({ length: n }, (_, i) => statement(rng, i));
  p.Statement = n === 1 && rng() < 0.3 ? sts[0] : sts;
  return p;
}

// ---- host renderings ----------------------------------------------------------------------------

const YAML_WORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
function yamlScalar(s: string, rng: Rng): string {
  if (/^[A-Za-z][A-Za-z0-9:/*._-]*$/.test(s) && !YAML_WORDS.test(s) && !s.endsWith(':') && rng() < 0.7) return s;
  return rng() < 0.5 ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);
}
const quotedSingle = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function yamlBlock(v: Json, indent: string, rng: Rng): string[] {
  if (typeof v === 'string') return [yamlScalar(v, rng)];
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    return v.flatMap((x) => {
      const lines = yamlBlock(x, `${indent}  `, rng);
      if (typeof x === 'string' || (Array.isArray(x) && x.length === 0)) return [`\n${indent}- ${lines[0]}`];
      // a mapping in a sequence: its first key on the dash line
      const body = lines.join('');
      return [`\n${indent}- ${body.slice(indent.length + 3)}`];
    });
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return ['{}'];
  return keys.map((k) => {
    const x = v[k];
    const key = yamlScalar(k, rng);
    if (typeof x === 'string' || (Array.isArray(x) && x.length === 0) || (!Array.isArray(x) && Object.keys(x).length === 0)) return `\n${indent}${key}: ${yamlBlock(x, indent, rng)[0]}`;
    return `\n${indent}${key}:${yamlBlock(x, `${indent}  `, rng).join('')}`;
  });
}

function yamlFlow(v: Json): string {
  if (typeof v === 'string') return quotedSingle(v);
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  return `{${Object.keys(v).map((k) => `${quotedSingle(k)}: ${yamlFlow(v[k])}`).join(', ')}}`;
}

export interface Rendered {
  host: string;
  doc: EngineDocument;
}

export function render(policy: { [k: string]: Json }, rng: Rng, id: string): Rendered[] {
  const json = JSON.stringify(policy, null, rng() < 0.5 ? 2 : 4);
  const block = yamlBlock(policy, '        ', rng).join('');
  const flow = yamlFlow(policy);
  const tsBody = JSON.stringify(policy, null, 2).replace(/\n/g, '\n      ');
  return [
    { host: 'json', doc: { uri: `file:///prop/${id}.json`, text: rng() < 0.2 ? JSON.stringify(policy) : `${json}\n`, languageId: 'json' } },
    {
      host: 'cfn-yaml-block',
      doc: { uri: `file:///prop/${id}-block.yaml`, languageId: 'yaml', text: `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:${block}\n` },
    },
    {
      host: 'cfn-yaml-flow',
      doc: { uri: `file:///prop/${id}-flow.yaml`, languageId: 'yaml', text: `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${flow}\n` },
    },
    {
      host: 'cfn-json',
      doc: { uri: `file:///prop/${id}-template.json`, languageId: 'json', text: `${JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy } } } }, null, 2)}\n` },
    },
    {
      host: 'cdk-ts',
      doc: {
        uri: `file:///prop/${id}.ts`,
        languageId: 'typescript',
        text: [
          "import * as cdk from 'aws-cdk-lib';",
          "import * as iam from 'aws-cdk-lib/aws-iam';",
          "import { Construct } from 'constructs';",
          '',
          'export class PropStack extends cdk.Stack {',
          '  constructor(scope: Construct, id: string) {',
          '    super(scope, id);',
          "    new iam.ManagedPolicy(this, 'Policy', {",
          `      document: iam.PolicyDocument.fromJson(${tsBody}),`,
          '    });',
          '  }',
          '}',
          '',
        ].join('\n'),
      },
    },
    {
      host: 'cdk-py',
      doc: {
        uri: `file:///prop/${id}.py`,
        languageId: 'python',
        text: [
          'from aws_cdk import Stack',
          'from aws_cdk import aws_iam as iam',
          'from constructs import Construct',
          '',
          '',
          'class PropStack(Stack):',
          '    def __init__(self, scope: Construct, construct_id: str) -> None:',
          '        super().__init__(scope, construct_id)',
          '        iam.ManagedPolicy(self, "Policy", document=iam.PolicyDocument.from_json(',
          `            ${JSON.stringify(policy, null, 4).replace(/\n/g, '\n            ')}`,
          '        ))',
          '',
        ].join('\n'),
      },
    },
  ];
}

// ---- the properties -----------------------------------------------------------------------------

const service = new PolicyService();

/**
 * Where a diagnostic's span is after the edits: moved by the edits before it, or `consumed` by an
 * edit that overlaps it (then `at` is the span of that edit's new text).
 */
function mapSpan(span: Span, edits: readonly TextEdit[]): { consumed: boolean; at: Span } {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.offset - b.offset)) {
    const len = (e.snippet ? snippetToPlain(e.newText) : e.newText).length;
    if (e.offset + e.length <= span.offset) delta += len - e.length; // before it (an insertion at its start too)
    else if (e.offset >= span.offset + span.length) break; // after it
    else return { consumed: true, at: { offset: e.offset + delta, length: len } };
  }
  return { consumed: false, at: { offset: span.offset + delta, length: span.length } };
}
const parseProblems = (r: { parse: { problems: { code: string }[] } }): number => r.parse.problems.filter((p) => p.code !== 'LIMIT_EXCEEDED').length;

function checkDocument(doc: EngineDocument, where: string): { diagnostics: number; fixes: number } {
  const len = doc.text.length;
  const before = service.validate(doc);
  assert.ok(!before.diagnostics.some((d) => d.code === 'INTERNAL_ERROR'), `${where}: INTERNAL_ERROR\n${doc.text}`);
  // Every rendering is a well-formed document: it parses without problems and holds the policy.
  assert.equal(parseProblems(before), 0, `${where}: parse problems ${before.parse.problems.map((p) => `${p.code} ${p.message}`).join('; ')}\n${doc.text}`);
  assert.equal(before.parse.policies.length, 1, `${where}: ${before.parse.policies.length} policies found\n${doc.text}`);
  for (const d of before.diagnostics) {
    assert.ok(Number.isInteger(d.span.offset) && d.span.offset >= 0 && d.span.length >= 0 && d.span.offset + d.span.length <= len, `${where}: ${d.code} span ${JSON.stringify(d.span)} outside 0..${len}`);
  }
  let fixes = 0;
  for (const d of before.diagnostics) {
    const ref = { code: d.code, span: d.span, data: d.data, message: d.message };
    // Lazy: costly rewrites (wildcard expansions) come without edits and are left out; quick fixes have theirs.
    const actions = service.codeActions(doc, { span: d.span, diagnostics: [ref], lazy: true });
    for (const a of actions) {
      if (!a.diagnostics?.some((x) => x.code === d.code) || !a.edits?.length) continue;
      fixes++;
      for (const e of a.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= len, `${where}: "${a.title}" edits outside the document`);
      const text = applyTextEdits(doc.text, a.edits);
      const after = service.validate({ uri: doc.uri.replace('/prop/', '/prop-after/'), languageId: doc.languageId, text });
      const what = `${where}: "${a.title}" for ${d.code} (${d.message})`;
      assert.ok(parseProblems(after) === 0, `${what} leaves a document that does not parse: ${after.parse.problems.map((p) => p.message).join('; ')}\n${text}`);
      assert.ok(after.parse.policies.length >= 1, `${what} leaves no policy\n${text}`);
      // Gone from its place: where the edit rewrote it, or where it moved to when the edit was elsewhere.
      const { consumed, at } = mapSpan(d.span, a.edits);
      const same = (x: PolicyDiagnostic): boolean => x.code === d.code && x.message === d.message;
      if (!consumed) assert.ok(!after.diagnostics.some((x) => same(x) && x.span.offset === at.offset), `${what} does not remove it\n${text}`);
      else if (at.length > 0) assert.ok(!after.diagnostics.some((x) => same(x) && x.span.offset >= at.offset && x.span.offset < at.offset + at.length), `${what} does not remove it\n${text}`);
      // Deleted: what follows moved into its place (a duplicate may now be reported there), so one fewer of its code.
      else assert.ok(after.diagnostics.filter((x) => x.code === d.code).length < before.diagnostics.filter((x) => x.code === d.code).length, `${what} does not remove it\n${text}`);
    }
  }
  return { diagnostics: before.diagnostics.length, fixes };
}

test(`property: ${CASES} random policies (seed ${SEED}) in every host format keep the engine's invariants`, { timeout: 15 * 60_000 }, async () => {
  const totals = new Map<string, { docs: number; diagnostics: number; fixes: number }>();
  for (let c = 0; c < CASES; c++) {
    const rng = rngFrom((SEED * 0x9e3779b1 + c) >>> 0);
    const policy = randomPolicy(rng);
    for (const r of render(policy, rng, `c${c}`)) {
      r.doc.version = 1; // the parse is kept while the fixes of its diagnostics are asked for
      await service.prepare(r.doc); // the CDK grammars load once
      const where = `seed ${SEED} case ${c} ${r.host}`;
      let result: { diagnostics: number; fixes: number } | undefined;
      try {
        result = checkDocument(r.doc, where);
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        assert.fail(`${where}: exception ${String((err as Error)?.stack ?? err)}\n${r.doc.text}`);
      }
      service.close(r.doc.uri);
      const t = totals.get(r.host) ?? { docs: 0, diagnostics: 0, fixes: 0 };
      t.docs++;
      t.diagnostics += result.diagnostics;
      t.fixes += result.fixes;
      totals.set(r.host, t);
    }
  }
  // The generator reaches what the properties are about: diagnostics and fixes in every host.
  for (const [host, t] of totals) {
    assert.ok(t.diagnostics > 0, `${host}: no diagnostics in ${t.docs} documents`);
    assert.ok(t.fixes > 0, `${host}: no fix offered in ${t.docs} documents`);
  }
  assert.equal(totals.size, 6);
});
