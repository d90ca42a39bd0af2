/**
 * Mutation fuzzer for the engine (issue #10). Seeds are the repository's examples/ and test/fixtures
 * policies and templates; each document is a seed with a few mutations (byte flips, deletions,
 * duplicated lines and blocks, deep nesting, huge repeats, brackets/quotes/anchors/aliases/tags,
 * CRLF, BOM, NUL, …). Every document goes through what an editor asks for — parse, validate,
 * symbols, folding, code lenses, completion and hover at random offsets, code actions (eager, lazy
 * + resolve) and fix-all — and must satisfy the invariants: no exception escapes, no INTERNAL_ERROR,
 * every span inside the document, line/character positions as the server computes them, the
 * findings cache agreeing with a fresh run, and an end within a time bound.
 *
 * Documents run in a worker thread with a watchdog, so a hang is reported (with its seed) and the
 * run goes on. Deterministic: document i of a run depends only on (seed, i); `--seed S --only i`
 * reproduces it. `npm run fuzz -- --runs N` (scripts/fuzz.mjs) prints the report; test/fuzz.test.ts
 * runs a quick deterministic run as part of `npm test`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { performance } from 'perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyService, type PolicyDiagnostic, type EngineSettings } from '../../server/src/service';
import type { FeatureSymbol } from '../../server/src/features';
import { applyTextEdits, type DiagnosticRef, type EngineCodeAction } from '../../server/src/features/codeActions';
import { LineIndex, POLICY_TYPES, type ParseResult, type Span } from '../../server/src/model';
import type { HostDocument } from '../../server/src/adapters';

// ---- randomness ------------------------------------------------------------------------------

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over all output bits. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The seed of document `index` of a run: depends on nothing else. The run seed is hashed first and
 * the index added to the hash (a Weyl step) before the second hash, so two runs share a document
 * only by a 32-bit accident. Before (`v1`, kept for old reproductions: `--v1-doc-seeds`) the two
 * were combined as `seed ^ index`, so seeds 1–5 and 42 produced largely the same documents
 * (42/3339 was 43/3338).
 */
export function docSeed(seed: number, index: number, v1 = false): number {
  if (v1) {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }
  return fmix32((fmix32((seed ^ 0x5bf03635) >>> 0) + Math.imul(index >>> 0, 0x9e3779b9)) >>> 0);
}

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
/** Mostly small, sometimes large: 1..max with a log-uniform spread. */
const sized = (rng: Rng, max: number): number => Math.max(1, Math.floor(Math.exp(rng() * Math.log(max))));

// ---- seeds --------------------------------------------------------------------------------------

export interface SeedDoc {
  name: string;
  text: string;
}

const SEED_FILE = /\.(json|ya?ml|template)$/i;
/** CDK sources (TypeScript, JavaScript, Python, Java, C#, Go): a separate seed set (`--cdk`), so that the documents of a policy/template run stay what they were. */
const CDK_SEED_FILE = /\.(ts|js|py|java|cs|go)$/i;

function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'iam-policy-author') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('repository root not found');
}

/** Every policy/template file (or, with `cdk`, every CDK source) under examples/ and test/fixtures/, in a stable order. */
export function loadSeeds(root = repoRoot(), cdk = false): SeedDoc[] {
  const pattern = cdk ? CDK_SEED_FILE : SEED_FILE;
  const out: SeedDoc[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && pattern.test(e.name) && !e.name.endsWith('.d.ts')) out.push({ name: path.relative(root, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test', 'fixtures'));
  return out;
}

// ---- mutations ----------------------------------------------------------------------------------

const CHARS = ['{', '}', '[', ']', '"', "'", ':', ',', '-', '?', '|', '>', '&', '*', '!', '#', '%', '@', '`', '\\', '\t', ' ', '\n', '\r', '\0', '$', '{', '}', '\u00a0', '\ufeff', '\u2028', '\ud800', '\udc00', 'é', '😀'];
const TOKENS = [
  '{', '}', '[', ']', '"', "'", ':', ': ', ', ', '- ', '? ', '|\n', '>-\n', '&a ', '*a', '&anchor ', '*anchor', '*missing', '<<: ', '<<: *a',
  '!Sub ', '!Ref ', '!GetAtt ', '!If ', '!Join ', '!Select ', '!Split ', '!FindInMap ', '!Base64 ', '!ImportValue ', '!Not ', '!Equals ', '!Foo ', '!!str ', '!!binary ', '!!map ', '!!seq ', '!<tag:yaml.org,2002:str> ', '!!int ',
  '---\n', '...\n', '%YAML 1.2\n---\n', '%TAG ! tag:x,2000:\n---\n', '# comment\n', '\t', '"\\u0000"', '"\\ud800"', '"\\', '\\"',
  '"Statement": [', '"Statement": {}', '"Effect": "Allow"', '"Effect": "Deny"', '"Action": "*"', '"Action": ["s3:*", "iam:PassRole"]', '"NotAction": "s3:Get*"', '"Resource": "*"', '"NotResource": []',
  '"Principal": "*"', '"Principal": {"AWS": "*"}', '"NotPrincipal": {"Service": "x"}', '"Condition": {"StringLike": {"aws:PrincipalTag/${aws:username}": ["a*"]}}', '"Condition": {}',
  '"Version": "2012-10-17"', '"Sid": ""', '"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"', '{"Fn::Sub": ["${X}", {"X": {"Fn::Sub": "${Y}"}}]}', '{"Fn::If": ["C", "a", {"Ref": "AWS::NoValue"}]}',
  '{"Ref": "AWS::NoValue"}', '{"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "B"}]]}', '{"Fn::GetAtt": ["R", "Arn"]}', 'Fn::Sub: ', 'Fn::If: [C, a, b]',
  '${aws:username}', '${', '${}', '${aws:', '$${x}', 'arn:aws:s3:::', 'arn:aws:iam::123456789012:role/', 'arn:*:*:*:*:*', 's3:Get*', 'iam:PassRole', 'sts:AssumeRole', '*', '?', 'AWS::IAM::Policy',
  'Type: AWS::IAM::Role\n', 'PolicyDocument:\n', 'Properties:\n', 'Resources:\n', 'AWSTemplateFormatVersion: "2010-09-09"\n', '"Resources": {', '"Type": "AWS::S3::BucketPolicy"',
  '1e999', '-0', '0x1F', '.inf', '~', 'null', 'true', 'yes', 'No', '2012-10-17', '12:30:00',
];

const JSON_NESTS = ['[', '{"a":', '{"Statement":', '{"Fn::Sub":', '{"Fn::If":["c",', '{"Condition":{"StringEquals":'];
const YAML_FLOW_NESTS = ['[', '{a: ', '{? ', '[!Sub ', '{Fn::Sub: ', '[[', '{a: [', '!If [c, '];

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** End of the bracketed block opening at `open` (rough: strings skipped, no YAML awareness). */
function matchingClose(text: string, open: number, limit = 200_000): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length && i < open + limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

type Mutator = (text: string, rng: Rng, seeds: SeedDoc[]) => string;

const at = (text: string, rng: Rng): number => int(rng, text.length + 1);
const insert = (text: string, pos: number, s: string): string => text.slice(0, pos) + s + text.slice(pos);

/** Near a structurally interesting place (after a colon, a bracket, a line start) more often than not. */
function interestingOffset(text: string, rng: Rng): number {
  if (rng() < 0.4 || text.length === 0) return at(text, rng);
  const start = at(text, rng);
  for (let i = start; i < Math.min(text.length, start + 400); i++) {
    const c = text[i];
    if (c === ':' || c === '[' || c === '{' || c === ',' || c === '\n' || c === '"') return i + 1;
  }
  return start;
}

const MUTATORS: Record<string, Mutator> = {
  flipChar(text, rng) {
    if (!text) return pick(rng, CHARS);
    const n = sized(rng, 16);
    let out = text;
    for (let k = 0; k < n; k++) {
      const p = int(rng, out.length);
      const c = rng() < 0.7 ? pick(rng, CHARS) : String.fromCharCode(int(rng, rng() < 0.9 ? 128 : 0x10000));
      out = out.slice(0, p) + c + out.slice(p + 1);
    }
    return out;
  },
  insertToken(text, rng) {
    let out = text;
    const n = sized(rng, 6);
    for (let k = 0; k < n; k++) out = insert(out, interestingOffset(out, rng), pick(rng, TOKENS));
    return out;
  },
  deleteSpan(text, rng) {
    if (!text) return text;
    const p = int(rng, text.length);
    return text.slice(0, p) + text.slice(p + sized(rng, rng() < 0.8 ? 32 : 2000));
  },
  deleteLines(text, rng) {
    const starts = lineStarts(text);
    const a = int(rng, starts.length);
    const b = Math.min(starts.length, a + sized(rng, 12));
    return text.slice(0, starts[a]) + (b < starts.length ? text.slice(starts[b]) : '');
  },
  duplicateLines(text, rng) {
    const starts = lineStarts(text);
    const a = int(rng, starts.length);
    const b = Math.min(starts.length, a + sized(rng, 12));
    const chunk = text.slice(starts[a], b < starts.length ? starts[b] : text.length);
    const to = starts[int(rng, starts.length)];
    return insert(text, rng() < 0.6 ? starts[a] : to, chunk.endsWith('\n') || !chunk ? chunk : `${chunk}\n`);
  },
  duplicateBlock(text, rng) {
    const opens: number[] = [];
    for (let i = 0; i < text.length; i++) if (text[i] === '{' || text[i] === '[') opens.push(i);
    if (opens.length === 0) return MUTATORS.duplicateLines(text, rng, []);
    const open = pick(rng, opens);
    const close = matchingClose(text, open);
    if (close < 0) return text;
    const block = text.slice(open, close);
    const times = sized(rng, rng() < 0.9 ? 4 : 200);
    const sep = pick(rng, [', ', ',\n', '\n', ' ', '']);
    return text.slice(0, close) + (sep + block).repeat(times) + text.slice(close);
  },
  swapLines(text, rng) {
    const lines = text.split('\n');
    if (lines.length < 2) return text;
    const a = int(rng, lines.length);
    const b = int(rng, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  reindent(text, rng) {
    const starts = lineStarts(text);
    const n = sized(rng, 6);
    let out = text;
    for (let k = 0; k < n; k++) {
      const s = lineStarts(out);
      const p = s[int(rng, Math.min(s.length, starts.length))];
      out = rng() < 0.5 ? insert(out, p, pick(rng, [' ', '  ', '\t', '    ', '        '])) : out.slice(0, p) + out.slice(p).replace(/^[ \t]{1,4}/, '');
    }
    return out;
  },
  deepNest(text, rng) {
    const yamlish = !/^\s*[{[]/.test(text);
    const depth = rng() < 0.85 ? sized(rng, 200) : 200 + sized(rng, 5000);
    const p = interestingOffset(text, rng);
    const close = rng() < 0.6;
    let open: string;
    let end = '';
    const style = !yamlish || rng() < 0.3 ? 'json' : pick(rng, ['flow', 'block', 'dashes'] as const);
    if (style === 'json') {
      const unit = pick(rng, JSON_NESTS);
      open = unit.repeat(depth) + (unit === '[' ? '' : '1');
      if (close) end = [...unit].filter((c) => c === '{' || c === '[').reverse().map((c) => (c === '{' ? '}' : ']')).join('').repeat(depth);
    } else if (style === 'flow') {
      const unit = pick(rng, YAML_FLOW_NESTS);
      open = unit.repeat(depth) + 'x';
      if (close) end = [...unit].filter((c) => c === '{' || c === '[').reverse().map((c) => (c === '{' ? '}' : ']')).join('').repeat(depth);
    } else if (style === 'block') {
      // block mappings / sequences, one level of indentation each
      let s = '\n';
      const d = Math.min(depth, 400);
      for (let i = 0; i < d; i++) s += `${' '.repeat(i)}${rng() < 0.5 ? `k${i}:` : '-'}\n`;
      open = s;
    } else {
      open = '- '.repeat(depth) + 'x';
    }
    return insert(text, p, open + end);
  },
  hugeRepeat(text, rng) {
    const p = at(text, rng);
    const src = text ? text.slice(p, p + sized(rng, 200)) : 'a';
    const unit = src || pick(rng, TOKENS);
    const budget = rng() < 0.97 ? 200_000 : 2_000_000;
    const times = Math.max(1, Math.min(sized(rng, 100_000), Math.floor(budget / unit.length)));
    return insert(text, p, unit.repeat(times));
  },
  hugeScalar(text, rng) {
    const p = interestingOffset(text, rng);
    const n = sized(rng, 300_000);
    const body = pick(rng, ['a', '*', 's3:', '${aws:username}', 'arn:aws:s3:::b/', '\\"', ' ', '9']).repeat(Math.ceil(n / 4));
    return insert(text, p, rng() < 0.5 ? `"${body}"` : body);
  },
  anchorsAliases(text, rng) {
    let out = text;
    const name = pick(rng, ['a', 'b', 'x1', 'anchor']);
    out = insert(out, interestingOffset(out, rng), ` &${name} `);
    const n = sized(rng, 30);
    for (let k = 0; k < n; k++) out = insert(out, interestingOffset(out, rng), ` *${name}`);
    if (rng() < 0.2) {
      // a small alias bomb
      const levels = sized(rng, 8);
      let bomb = '\nbomb0: &b0 [x, x, x]\n';
      for (let i = 1; i <= levels; i++) bomb += `bomb${i}: &b${i} [*b${i - 1}, *b${i - 1}, *b${i - 1}]\n`;
      out = insert(out, lineStarts(out).slice(-1)[0], bomb);
    }
    return out;
  },
  tags(text, rng) {
    let out = text;
    const n = sized(rng, 10);
    for (let k = 0; k < n; k++) out = insert(out, interestingOffset(out, rng), pick(rng, ['!Sub ', '!Ref ', '!GetAtt ', '!If ', '!Join ', '!Select ', '!Split ', '!Foo ', '!!str ', '!!map ', '!!binary ', '!<x> ', '!Sub [', '!Sub {']));
    if (rng() < 0.3) out = insert(out, at(out, rng), `!Sub ${'[!Sub '.repeat(sized(rng, 50))}x`);
    return out;
  },
  brackets(text, rng) {
    let out = text;
    const n = sized(rng, 20);
    for (let k = 0; k < n; k++) out = insert(out, at(out, rng), pick(rng, ['{', '}', '[', ']', '"', "'", ',', ':', '{}', '[]', '""', "''"]));
    return out;
  },
  crlf(text, rng) {
    const r = rng();
    if (r < 0.6) return text.replace(/\r?\n/g, '\r\n');
    if (r < 0.8) return text.replace(/\r?\n/g, () => (rng() < 0.5 ? '\r\n' : '\n'));
    if (r < 0.9) return text.replace(/\r?\n/g, '\r');
    return insert(text, at(text, rng), '\r');
  },
  bom(text, rng) {
    return rng() < 0.8 ? `\ufeff${text}` : insert(text, at(text, rng), '\ufeff');
  },
  nul(text, rng) {
    let out = text;
    const n = sized(rng, 8);
    for (let k = 0; k < n; k++) out = insert(out, at(out, rng), '\0'.repeat(sized(rng, 4)));
    return out;
  },
  unicode(text, rng) {
    let out = text;
    const n = sized(rng, 8);
    for (let k = 0; k < n; k++) out = insert(out, at(out, rng), pick(rng, ['😀', '\u0301', '\ud800', '\udfff', '\u2028', '\u2029', '\u00a0', '\u200b', 'ß', 'İ', '\ufffd', '\u0085']));
    return out;
  },
  truncate(text, rng) {
    return text.slice(0, at(text, rng));
  },
  splice(text, rng, seeds) {
    const other = pick(rng, seeds).text;
    const a = int(rng, other.length + 1);
    return insert(text, interestingOffset(text, rng), other.slice(a, a + sized(rng, 2000)));
  },
};

/** Tokens of CDK sources in TypeScript/JavaScript, Python, Java, C# and Go: constructs, literals, comments, template strings. */
const CDK_TOKENS = [
  'new iam.PolicyStatement({', 'new iam.PolicyStatement({ actions: [', '})', '}));', '({', '])', 'actions: [', "actions: ['s3:GetObject', 's3:PutObjekt']", 'resources: [', "resources: ['*']",
  'notActions: ', 'principals: [new iam.AnyPrincipal()]', 'new iam.ServicePrincipal(', 'new iam.ArnPrincipal(', "conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }", 'effect: iam.Effect.DENY',
  'iam.PolicyStatement(', 'iam.PolicyStatement(actions=[', 'resources=["*"]', 'effect=iam.Effect.ALLOW', 'conditions={', '.addToPolicy(', '.addToPrincipalPolicy(', '.addActions(', '.addResources(', '.addCondition(',
  'iam.PolicyDocument.fromJson({', 'PolicyDocument.from_json({', '"Statement": [', 'statements: [', 'statements=[', 'assumedBy: ', 'assumed_by=',
  "'", '"', '`', '${', '}`', '`${bucket.bucketArn}/*`', 'f"arn:aws:s3:::{name}/*"', '"""', "'''", '\\', '\n', '//', '/*', '*/', '# ', '...', '...rest', '?.', '!', 'as any', ': string', '=>', 'lambda x: x',
  '(', ')', '[', ']', '{', '}', ',', ';', ':', '=', '\t', '    ', '\n    ', '\r\n', 'import * as iam from "aws-cdk-lib/aws-iam";\n', 'from aws_cdk import aws_iam as iam\n',
  // Java, C#, Go
  'PolicyStatement.Builder.create()', '.actions(List.of("s3:GetObject", "s3:PutObjekt"))', '.resources(Arrays.asList("*"))', '.principals(List.of(new AnyPrincipal()))', '.build()', '.build();',
  'new PolicyStatement(new PolicyStatementProps {', 'Actions = new [] { "s3:*", "iam:PassRole" },', 'Resources = new [] { "*" }', 'Effect = Effect.DENY,', 'new Dictionary<string, object> {', '@"arn:aws:s3:::b"', '$"arn:aws:s3:::{name}/*"',
  'awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{', 'Actions: jsii.Strings("s3:GetObjekt"),', 'Resources: jsii.Strings("*"),', 'jsii.String(', '&[]awsiam.PolicyStatement{', 'map[string]interface{}{', '`arn:aws:s3:::raw`', ':= ', 'var ', 'List.of(', 'new [] {',
  'import software.amazon.awscdk.services.iam.*;\n', 'using Amazon.CDK.AWS.IAM;\n', '"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n',
];

const CDK_MUTATORS: Record<string, Mutator> = {
  cdkToken(text, rng) {
    let out = text;
    const n = sized(rng, 8);
    for (let k = 0; k < n; k++) out = insert(out, interestingOffset(out, rng), pick(rng, CDK_TOKENS));
    return out;
  },
};

const MUTATOR_NAMES = Object.keys(MUTATORS);
/** CDK documents: the generic mutations and CDK tokens (twice the weight). */
const CDK_MUTATOR_NAMES = [...MUTATOR_NAMES, 'cdkToken', 'cdkToken'];
const mutator = (name: string): Mutator => MUTATORS[name] ?? CDK_MUTATORS[name];
const EXTENSIONS = ['.json', '.yaml', '.yml', '.template', '.json', '.yaml'];
const MAX_DOC_CHARS = 4_000_000;

export interface FuzzDoc {
  index: number;
  seed: number;
  from: string;
  ops: string[];
  doc: HostDocument;
  settings: EngineSettings;
}

/** Document `index` of the run with this seed: a seed file with 1–8 mutations (CDK seeds: CDK mutations too). */
export function makeDoc(seeds: SeedDoc[], seed: number, index: number, maxChars = MAX_DOC_CHARS, v1DocSeeds = false): FuzzDoc {
  const cdk = seeds.length > 0 && CDK_SEED_FILE.test(seeds[0].name);
  const s = docSeed(seed, index, v1DocSeeds);
  const rng = rngFrom(s);
  const from = seeds[int(rng, seeds.length)];
  let text = from.text;
  const ops: string[] = [];
  const n = 1 + Math.min(7, Math.floor(-Math.log2(1 - rng() * 0.999)));
  for (let k = 0; k < n; k++) {
    const name = pick(rng, cdk ? CDK_MUTATOR_NAMES : MUTATOR_NAMES);
    ops.push(name);
    text = mutator(name)(text, rng, seeds);
    if (text.length > maxChars) text = text.slice(0, maxChars);
  }
  let ext = path.extname(from.name) || '.json';
  if (rng() < 0.1) ext = pick(rng, cdk ? ['.ts', '.js', '.py', '.mts', '.cjs', '.java', '.cs', '.go'] : EXTENSIONS);
  const languageId = rng() < 0.15 ? pick(rng, cdk ? ['typescript', 'javascript', 'python', 'typescriptreact', 'plaintext', 'java', 'csharp', 'go'] : ['json', 'jsonc', 'yaml', 'plaintext']) : undefined;
  const settings: EngineSettings = {};
  if (rng() < 0.15) settings.policyType = pick(rng, POLICY_TYPES);
  if (rng() < 0.05) settings.rules = { INVALID_ACTION: 'off', MISSING_VERSION: 'error' };
  const doc: HostDocument & { version: number } = { uri: `file:///fuzz/${index}/doc${ext}`, text, version: 1, ...(languageId ? { languageId } : {}) };
  return { index, seed: s, from: from.name, ops, doc, settings };
}

// ---- invariants ------------------------------------------------------------------------------------

export type IssueKind = 'crash' | 'internal-error' | 'invalid-range' | 'cache-mismatch';

export interface Issue {
  kind: IssueKind;
  /** The operation that broke it (validate, completion@123, codeActions, …). */
  where: string;
  message: string;
}

function spanOk(span: Span | undefined, length: number): boolean {
  return !!span && Number.isInteger(span.offset) && Number.isInteger(span.length) && span.offset >= 0 && span.length >= 0 && span.offset + span.length <= length;
}

function describeSpan(span: Span | undefined): string {
  return span ? `{offset: ${span.offset}, length: ${span.length}}` : 'undefined';
}

const refsOf = (diags: PolicyDiagnostic[]): DiagnosticRef[] => diags.map((d) => ({ code: d.code, span: d.span, data: d.data, message: d.message }));

/**
 * Runs every operation on one document and returns what broke. Never throws. `rng` picks the
 * offsets and ranges the position features are asked about.
 */
export function checkDocument(service: PolicyService, cached: PolicyService, doc: HostDocument, settings: EngineSettings, rng: Rng, timing?: { where: string; ms: number }): Issue[] {
  const issues: Issue[] = [];
  const len = doc.text.length;
  const guard = <T>(where: string, f: () => T): T | undefined => {
    const t = performance.now();
    try {
      return f();
    } catch (err) {
      issues.push({ kind: 'crash', where, message: String((err as Error)?.stack ?? err).split('\n').slice(0, 4).join(' | ') });
      return undefined;
    } finally {
      const ms = performance.now() - t;
      if (timing && ms > timing.ms) {
        timing.ms = ms;
        timing.where = where;
      }
    }
  };
  const span = (where: string, s: Span | undefined): void => {
    if (!spanOk(s, len)) issues.push({ kind: 'invalid-range', where, message: `span ${describeSpan(s)} outside a document of length ${len}` });
  };

  const parse = guard<ParseResult>('parse', () => service.parse(doc, settings));
  if (!parse) return issues;
  for (const p of parse.problems) span(`parse problem ${p.code}`, p.span);
  const result = guard('validate', () => service.validate(doc, settings));
  const diagnostics = result?.diagnostics ?? [];
  const lines = new LineIndex(doc.text);
  const td = TextDocument.create(doc.uri, 'plaintext', 1, doc.text);
  for (const d of diagnostics) {
    if (d.code === 'INTERNAL_ERROR') issues.push({ kind: 'internal-error', where: 'validate', message: d.message });
    span(`diagnostic ${d.code}`, d.span);
    for (const o of [d.span.offset, d.span.offset + d.span.length]) {
      const mine = lines.positionAt(o);
      const server = td.positionAt(o);
      if (mine.line !== server.line || mine.character !== server.character) {
        issues.push({ kind: 'invalid-range', where: `LineIndex ${d.code}`, message: `offset ${o}: ${mine.line}:${mine.character}, the server says ${server.line}:${server.character}` });
      }
    }
  }

  // The server's findings cache must agree with a fresh run (it saw other documents before).
  const again = guard('validate (findings cache)', () => cached.validate(doc, settings));
  if (again && result) {
    const key = (d: PolicyDiagnostic): string => `${d.code}@${d.span.offset}+${d.span.length}:${d.message}`;
    const a = diagnostics.map(key).join('\n');
    const b = again.diagnostics.map(key).join('\n');
    if (a !== b) issues.push({ kind: 'cache-mismatch', where: 'validate (findings cache)', message: `${diagnostics.length} fresh vs ${again.diagnostics.length} cached diagnostics differ` });
  }

  const walkSymbols = (syms: FeatureSymbol[], depth: number): void => {
    for (const s of syms) {
      span(`symbol ${s.kind}`, s.span);
      span(`symbol ${s.kind} selection`, s.selectionSpan);
      if (depth < 200) walkSymbols(s.children, depth + 1);
    }
  };
  const syms = guard('symbols', () => service.symbols(doc, settings));
  if (syms) walkSymbols(syms, 0);
  for (const f of guard('folding', () => service.folds(doc, settings)) ?? []) span('fold', f.span);
  for (const l of guard('codeLens', () => service.lenses(doc, settings)) ?? []) span('codeLens', l.span);

  // Position features at random offsets, biased to where diagnostics are.
  const offsets = new Set<number>([0, len]);
  for (let k = 0; k < 6; k++) offsets.add(int(rng, len + 1));
  for (const d of diagnostics.slice(0, 3)) offsets.add(d.span.offset).add(d.span.offset + d.span.length);
  for (const o of offsets) {
    const c = guard(`completion@${o}`, () => service.complete(doc, o, settings));
    for (const item of c?.items ?? []) span(`completion@${o} ${item.label.slice(0, 40)}`, item.replace);
    const h = guard(`hover@${o}`, () => service.hover(doc, o, settings));
    if (h) span(`hover@${o}`, h.span);
  }

  // Code actions: at random ranges and at diagnostics, eager and lazy + resolve; then fix-all.
  let revalidated = 0;
  const checkAction = (where: string, a: EngineCodeAction | undefined): void => {
    if (!a?.edits) return;
    const before = issues.length;
    const sorted = [...a.edits].sort((x, y) => x.offset - y.offset);
    for (const e of sorted) span(`${where} edit`, e);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].offset < sorted[i - 1].offset + sorted[i - 1].length) issues.push({ kind: 'invalid-range', where: `${where} edit`, message: 'overlapping edits' });
    }
    // Re-validating every offered action's result would dominate the run: the first few and fix-all.
    if (issues.length > before || (revalidated++ >= 3 && where !== 'fixAll')) return;
    const fixed = guard(`${where} apply`, () => applyTextEdits(doc.text, a.edits!));
    if (fixed === undefined) return;
    const after = guard(`${where} re-validate`, () => service.validate({ ...doc, text: fixed }, settings));
    for (const d of after?.diagnostics ?? []) if (d.code === 'INTERNAL_ERROR') issues.push({ kind: 'internal-error', where: `${where} re-validate`, message: d.message });
  };
  const ranges: Span[] = [];
  for (let k = 0; k < 2; k++) {
    const o = int(rng, len + 1);
    ranges.push({ offset: o, length: Math.min(len - o, int(rng, 40)) });
  }
  for (const d of diagnostics.slice(0, 4)) ranges.push(d.span);
  for (const r of ranges) {
    const inRange = diagnostics.filter((d) => d.span.offset <= r.offset + r.length && r.offset <= d.span.offset + d.span.length);
    const request = { span: r, diagnostics: refsOf(inRange) };
    const where = `codeActions@${r.offset}+${r.length}`;
    for (const a of guard(where, () => service.codeActions(doc, request, settings)) ?? []) checkAction(`${where} "${a.title.slice(0, 60)}"`, a);
    const lazy = guard(`${where} lazy`, () => service.codeActions(doc, { ...request, lazy: true }, settings)) ?? [];
    const deferred = lazy.find((a) => !a.edits);
    if (deferred) checkAction(`${where} resolve`, guard(`${where} resolve`, () => service.resolveCodeAction(doc, { ...request, lazy: true }, deferred.id, settings)));
  }
  checkAction('fixAll', guard('fixAll', () => service.fixAll(doc, settings, refsOf(diagnostics))));
  return issues;
}

// ---- runs --------------------------------------------------------------------------------------------

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** First document index (with runs = 1: reproduce one document). */
  start?: number;
  /** A document taking longer than this is reported as slow (not a failure). */
  slowMs?: number;
  /** A document taking longer than this is a hang: the worker is stopped and the run goes on. */
  hangMs?: number;
  /** Documents are cut to this many characters (default 4,000,000; a quick run may want less). */
  maxChars?: number;
  /** Documents from the old `seed ^ index` document seeds (docSeed `v1`), to reproduce a finding reported before they changed. */
  v1DocSeeds?: boolean;
  /** Mutate CDK sources (TypeScript, JavaScript, Python, Java, C#, Go) instead of policies and templates. */
  cdk?: boolean;
  /** Heap limit of the worker (MB, default 2048): running out is reported as a crash of that document. */
  maxHeapMb?: number;
  /** Stops the run early (Ctrl-C, a time limit): the report covers the documents done so far. */
  signal?: AbortSignal;
  /** Called after each document (progress). */
  onDocument?: (done: number, report: FuzzReport) => void;
}

export interface FuzzFinding {
  kind: IssueKind | 'hang' | 'slow';
  index: number;
  docSeed: number;
  from: string;
  ops: string[];
  size: number;
  where: string;
  message: string;
  ms?: number;
}

export interface FuzzReport {
  seed: number;
  documents: number;
  crashes: number;
  internalErrors: number;
  invalidRanges: number;
  cacheMismatches: number;
  hangs: number;
  slow: number;
  slowestMs: number;
  slowestIndex: number;
  totalChars: number;
  peakRssMb: number;
  elapsedMs: number;
  /** True when the run was stopped before its last document. */
  aborted: boolean;
  /** Failures (every hang, and up to 3 of each distinct signature) and the slowest slow documents. */
  findings: FuzzFinding[];
}

/** True when the report has a failure (slow documents are reported, not failures). */
export function failed(r: FuzzReport): boolean {
  return r.crashes + r.internalErrors + r.invalidRanges + r.cacheMismatches + r.hangs > 0;
}

interface DocMessage {
  type: 'start' | 'done';
  index: number;
  docSeed: number;
  from: string;
  ops: string[];
  size: number;
  ms?: number;
  wallMs?: number;
  slowestOp?: string;
  issues?: Issue[];
}

/** A finding's signature for grouping: kind, operation and message without numbers. */
export function signature(f: { kind: string; where: string; message: string }): string {
  return `${f.kind} ${f.where.replace(/[@\d+"].*$/, '')} ${f.message.replace(/\d+/g, 'N').slice(0, 160)}`;
}

/** Time a worker may take to load and warm up before its first document. */
const WARM_UP_MS = 300_000;

/** Runs `runs` documents in a worker thread under a watchdog. */
export function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { runs, seed } = options;
  const start = options.start ?? 0;
  const end = start + runs;
  const slowMs = options.slowMs ?? 1000;
  const hangMs = options.hangMs ?? 30_000;
  const t0 = performance.now();
  const report: FuzzReport = { seed, documents: 0, crashes: 0, internalErrors: 0, invalidRanges: 0, cacheMismatches: 0, hangs: 0, slow: 0, slowestMs: 0, slowestIndex: -1, totalChars: 0, peakRssMb: 0, elapsedMs: 0, aborted: false, findings: [] };
  const perSignature = new Map<string, number>();
  const slowest: FuzzFinding[] = [];
  const record = (f: FuzzFinding): void => {
    const sig = signature(f);
    const n = perSignature.get(sig) ?? 0;
    perSignature.set(sig, n + 1);
    if (f.kind === 'hang' || n < 3) report.findings.push(f);
  };
  return new Promise((resolve, reject) => {
    let current: DocMessage | undefined;
    let next = start;
    let timer: NodeJS.Timeout | undefined;
    let active: Worker | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      report.elapsedMs = Math.round(performance.now() - t0);
      report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      slowest.sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0));
      report.findings.push(...slowest.slice(0, 10));
      resolve(report);
    };
    options.signal?.addEventListener('abort', () => {
      report.aborted = true;
      const w = active;
      active = undefined;
      if (w) void w.terminate();
      finish();
    });
    const launch = (): void => {
      if (done) return;
      if (next >= end || options.signal?.aborted) return finish();
      const worker = (active = new Worker(__filename, { workerData: { fuzzWorker: true, seed, start: next, end, maxChars: options.maxChars, cdk: !!options.cdk, v1DocSeeds: !!options.v1DocSeeds },
        execArgv: process.execArgv.filter((a) => a === '--enable-source-maps'),
        // A document that blows the heap fails alone (reported as a crash), not the machine.
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
      }));
      let stopped = false;
      // Until the worker's first message it loads and warms up (seconds on a loaded machine): not a
      // document's time. A warm-up under the document bound was stopped and relaunched forever.
      let warming = true;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          if (done) return;
          stopped = true;
          const c = current;
          if (c) {
            report.documents++;
            report.hangs++;
            record({ kind: 'hang', index: c.index, docSeed: c.docSeed, from: c.from, ops: c.ops, size: c.size, where: 'document', message: `no result within ${hangMs} ms`, ms: hangMs });
            next = c.index + 1;
            options.onDocument?.(report.documents, report);
          }
          current = undefined;
          void worker.terminate().then(launch, launch);
        }, warming ? Math.max(hangMs, WARM_UP_MS) : hangMs);
      };
      arm();
      worker.on('message', (m: DocMessage) => {
        if (stopped || done) return;
        warming = false;
        arm();
        if (m.type === 'start') {
          current = m;
          return;
        }
        current = undefined;
        next = m.index + 1;
        report.documents++;
        report.totalChars += m.size;
        const ms = m.ms ?? 0;
        if (ms > report.slowestMs) {
          report.slowestMs = Math.round(ms);
          report.slowestIndex = m.index;
        }
        const base = { index: m.index, docSeed: m.docSeed, from: m.from, ops: m.ops, size: m.size, ms: Math.round(ms) };
        for (const issue of m.issues ?? []) {
          if (issue.kind === 'crash') report.crashes++;
          else if (issue.kind === 'internal-error') report.internalErrors++;
          else if (issue.kind === 'invalid-range') report.invalidRanges++;
          else report.cacheMismatches++;
          record({ ...base, kind: issue.kind, where: issue.where, message: issue.message });
        }
        if (ms > slowMs) {
          report.slow++;
          slowest.push({ ...base, kind: 'slow', where: 'document', message: `${Math.round(ms)} ms CPU, ${Math.round(m.wallMs ?? 0)} ms wall (bound ${slowMs} ms CPU); slowest operation: ${m.slowestOp}` });
          if (slowest.length > 50) {
            slowest.sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0));
            slowest.length = 10;
          }
        }
        options.onDocument?.(report.documents, report);
      });
      worker.on('error', (err) => {
        if (stopped || done) return;
        stopped = true;
        // An error escaping the worker (out of memory, a stack overflow outside a guard) is a crash of the current document.
        const c = current;
        if (c) {
          report.documents++;
          report.crashes++;
          record({ kind: 'crash', index: c.index, docSeed: c.docSeed, from: c.from, ops: c.ops, size: c.size, where: 'worker', message: String(err?.stack ?? err).split('\n').slice(0, 3).join(' | ') });
          next = c.index + 1;
          current = undefined;
          launch();
        } else {
          if (timer) clearTimeout(timer);
          done = true;
          reject(err);
        }
      });
      worker.on('exit', () => {
        if (stopped || done) return;
        stopped = true;
        if (timer) clearTimeout(timer);
        if (next >= end) finish();
        else launch();
      });
    };
    launch();
  });
}

/** The worker: makes and checks documents [start, end), reporting each before and after. */
async function workerMain(): Promise<void> {
  const { seed, start, end, maxChars, cdk, v1DocSeeds } = workerData as { seed: number; start: number; end: number; maxChars?: number; cdk?: boolean; v1DocSeeds?: boolean };
  const seeds = loadSeeds(undefined, cdk);
  const service = new PolicyService();
  const cached = new PolicyService(service.data, { cacheFindings: true });
  // Warm up (data index, JIT) so the first document's time is its own.
  for (const s of seeds.filter((_, k) => k % 25 === 0)) {
    const doc = { uri: `file:///warm/${s.name}`, text: s.text };
    await service.prepare(doc); // a CDK grammar; a large template's pieces read ahead
    checkDocument(service, cached, doc, {}, rngFrom(1));
  }
  for (let i = start; i < end; i++) {
    const fd = makeDoc(seeds, seed, i, maxChars, v1DocSeeds);
    const base = { index: i, docSeed: fd.seed, from: fd.from, ops: fd.ops, size: fd.doc.text.length };
    parentPort!.postMessage({ type: 'start', ...base });
    // The cache sees the seed document first, as an editor sees a file before an edit.
    try {
      cached.validate({ ...fd.doc, text: seeds.find((s) => s.name === fd.from)!.text }, fd.settings);
    } catch {
      /* reported by checkDocument if it matters */
    }
    // CPU time (the process's, in practice this thread's): wall time on a shared machine says more about the neighbours.
    const cpu = process.cpuUsage();
    const t = performance.now();
    const timing = { where: '', ms: 0 };
    try {
      await service.prepare(fd.doc); // the asynchronous part, as the server awaits it before validating
    } catch (err) {
      parentPort!.postMessage({ type: 'done', ...base, ms: 0, wallMs: 0, slowestOp: '', issues: [{ kind: 'crash', where: 'prepare', message: String((err as Error)?.stack ?? err).split('\n').slice(0, 4).join(' | ') }] });
      continue;
    }
    const issues = checkDocument(service, cached, fd.doc, fd.settings, rngFrom(fd.seed ^ 0x5bd1e995), timing);
    const wallMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000;
    parentPort!.postMessage({ type: 'done', ...base, ms, wallMs, slowestOp: `${timing.where} ${Math.round(timing.ms)} ms wall`, issues });
  }
}

if (!isMainThread && (workerData as { fuzzWorker?: boolean } | undefined)?.fuzzWorker) void workerMain();
