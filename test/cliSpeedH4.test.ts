/**
 * Issue #16, CLI speed and memory (h4): every shortcut taken on the hot path gives the same answer
 * as the general code it bypasses.
 * - parseArn of a plain string (split at colons) = the token walk over the same text as parts;
 * - jsonStringLength = JSON.stringify(s).length, and policySize (counted, nothing built) = the
 *   length of the serialized policy, over every fixture policy in every host format;
 * - the JSON report written file by file = JSON.stringify of the whole report, and the CLI hands
 *   each file's outcome on as it is linted (nothing kept per file);
 * - the CLI's V8 tuning yields to a flag given to node itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseArn } from '../server/src/data/arn';
import { jsonStringLength, nodeSize, policySize, serializePolicy, serializeValue } from '../server/src/model/serialize';
import { PolicyService } from '../server/src/service';
import { JsonReportWriter, renderJson, renderText, summarize, TextReportWriter, writeJson, type FileReport } from '../server/src/cli/report';
import { lintFiles } from '../server/src/cli/workers';
import { tuneV8ForOneShot } from '../server/src/cli/index';
import { parseJson } from '../server/src/adapters/json/jsonTree';
import { FIXTURES } from './helpers/fixtures';

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('parseArn: a plain string parses as the same text given as parts (the token walk)', () => {
  const samples = [
    '',
    '*',
    '**',
    'a',
    'ar',
    'arn',
    'arn:',
    'ARN:aws:s3:::bucket',
    'Arn:aws:s3:::bucket/*',
    'arn:aws:s3:::bucket/key?',
    'arn:aws:iam::123456789012:role/x',
    'arn:aws:iam::123456789012',
    'arn:aws:iam::',
    'arn:::::',
    ':::::',
    'arn:aws:ec2:us-east-1:*:instance/*',
    'arn:aws:lambda:*:*:function:f:1',
    'arn:aws:logs:*:*:log-group:/aws/lambda/*:*',
    'İrn:aws:s3:::b',
    'arn:aws:s3:::b/$',
    'arn:aws:s3:::b/${aws:username',
    'aws:s3:::bucket',
    'execute-api:/stage/GET/pets',
    'arn:aws-cn:s3:::b',
    'arn:*:*:*:*:*',
  ];
  const next = rng(16);
  const alphabet = ['a', 'r', 'n', ':', ':', ':', '*', '?', 'A', 'R', 'N', '/', 's', '3', '-', '1', 'İ', 'é', '$', '{', '}'];
  for (let i = 0; i < 3000; i++) {
    let s = next() < 0.5 ? 'arn:' : '';
    const len = Math.floor(next() * 24);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(next() * alphabet.length)];
    if (!s.includes('${')) samples.push(s);
  }
  for (const s of samples) assert.deepEqual(parseArn(s), parseArn([{ text: s }]), JSON.stringify(s));
});

test('jsonStringLength counts what JSON.stringify writes (escapes, control characters, surrogates)', () => {
  const fixed = ['', 'abc', '"', '\\', '\b\f\n\r\t', '\u0000\u0001\u001f', '\u007f', 'é€', '😀', '\ud83d', '\ude00', 'a\ud83db', '\ude00\ud83d', '\u2028\u2029', '</script>'];
  for (const s of fixed) assert.equal(jsonStringLength(s), JSON.stringify(s).length, JSON.stringify(s));
  const next = rng(4);
  const pool = [0, 8, 9, 10, 12, 13, 31, 32, 34, 47, 92, 97, 127, 233, 0x2028, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00, 0xdfff, 0xe000, 0xffff];
  for (let i = 0; i < 5000; i++) {
    const len = Math.floor(next() * 12);
    let s = '';
    for (let k = 0; k < len; k++) s += String.fromCharCode(pool[Math.floor(next() * pool.length)]);
    assert.equal(jsonStringLength(s), JSON.stringify(s).length, JSON.stringify(s));
  }
});

function fixtureFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) fixtureFiles(p, out);
    else if (/\.(json|ya?ml|template)$/.test(e.name) && !e.name.endsWith('.expected.json')) out.push(p);
  }
  return out;
}

test('policySize (counted) = the serialized policy length, for every fixture policy in every host format', () => {
  const service = new PolicyService();
  let policies = 0;
  for (const file of fixtureFiles(FIXTURES)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 512 * 1024) continue;
    const parse = service.parse({ uri: `file://${file}`, text });
    for (const policy of parse.policies) {
      policies++;
      const serialized = serializePolicy(policy);
      assert.deepEqual(policySize(policy), { size: serialized.text.length, approximate: serialized.approximate }, file);
      for (const st of policy.statements) {
        const r = serializeValue(st.node);
        assert.deepEqual(nodeSize(st.node), { size: r.text.length, approximate: r.approximate }, file);
      }
    }
  }
  assert.ok(policies > 200, `only ${policies} fixture policies found`);
});

const META = { tool: 'iam-policy-lint', version: '0.0.0', dataVersion: 'd', dataDate: '2026-01-01' };

function report(name: string, n: number): FileReport {
  return {
    path: name,
    format: 'json',
    policies: 1,
    policyTypes: ['identity'],
    diagnostics: Array.from({ length: n }, (_, i) => ({
      code: 'X',
      message: `m${i} "quoted" — é\n`,
      severity: i % 2 ? 'warning' : 'error',
      source: 'iam-policy-author',
      origin: 'check',
      href: 'https://example.com',
      policy: { label: name, hostPath: ['Resources', 'R', 0], type: 'identity' },
      range: { start: { line: i, character: 1 }, end: { line: i, character: 5 } },
    })),
  };
}

test('the JSON report written file by file is JSON.stringify of the whole report', () => {
  const big = Array.from({ length: 400 }, (_, i) => report(`f${i}.json`, i % 7));
  for (const [reports, unreadable] of [
    [[], []],
    [[], ['x: no such file or directory']],
    [[report('a.json', 0)], []],
    [[report('a.json', 2), report('b "c".json', 1)], ['z: permission denied (EACCES)']],
    [big, []],
  ] as [FileReport[], string[]][]) {
    const expected =
      JSON.stringify(
        {
          ...META,
          files: reports,
          summary: JSON.parse(renderJson(reports, META, unreadable)).summary,
          ...(unreadable.length ? { errors: unreadable } : {}),
        },
        null,
        2,
      ) + '\n';
    const chunks: string[] = [];
    writeJson(reports, META, unreadable, (s) => chunks.push(s));
    assert.equal(chunks.join(''), expected);
    assert.equal(renderJson(reports, META, unreadable), expected);
    if (reports === big) assert.ok(chunks.length > 1, 'a large report is written in several pieces');
  }
});

test('the CLI V8 tuning yields to an --interrupt-budget given to node itself', () => {
  assert.equal(tuneV8ForOneShot(['--interrupt-budget=1000'], ''), false);
  assert.equal(tuneV8ForOneShot([], '--max-old-space-size=100 --interrupt-budget=5000'), false);
});

test('JSON reader: valueSpan set exactly when the string has no escape (compared in place), and a value shares its property path', () => {
  const texts = ['{"a": "x"}', '{"a": "\\u0041"}', '{"a": "', '{"a": "b', '"', '""', '["\\"q", "plain", "é", "tab\\t"]', '{"Statement": [{"Action": "s3:*", "Resource": ["arn:aws:s3:::b/*"]}]}', '{"a": {"b": [1, "c"]}}'];
  const walk = (n: import('../server/src/model').ValueNode, text: string): void => {
    if (n.kind === 'string') {
      // The previous formula: the text between the token's quotes sliced out and compared.
      const inner = text.slice(n.span.offset + 1, n.span.offset + n.span.length - 1);
      const exact = inner === n.value && text[n.span.offset] === '"' && text[n.span.offset + n.span.length - 1] === '"';
      assert.deepEqual(n.valueSpan, exact ? { offset: n.span.offset + 1, length: n.value.length } : undefined, JSON.stringify(text));
    } else if (n.kind === 'array') n.items.forEach((it, i) => (assert.deepEqual(it.path, [...n.path, i]), walk(it, text)));
    else if (n.kind === 'object') {
      for (const p of n.properties) {
        assert.deepEqual(p.path, [...n.path, p.key]);
        assert.deepEqual(p.value.path, p.path);
        walk(p.value, text);
      }
    }
  };
  for (const text of texts) {
    const root = parseJson(text).root;
    if (root) walk(root, text);
  }
});

test('lintFiles with `each`: outcomes in file order, none kept; the streaming writer counts the summary', async () => {
  const seen: string[] = [];
  const kept = await lintFiles(['a', 'b', 'c'], async (f) => ({ error: f }), { workers: 0, script: '', argv: [], cwd: '.' }, (o) => seen.push(o.error!));
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.deepEqual(kept, []);
  const reports = [report('a.json', 3), report('b.json', 0), report('c.json', 5)];
  const w = new JsonReportWriter(META, () => {});
  for (const r of reports) w.file(r);
  assert.deepEqual(w.summary(2), summarize(reports, 2));
});

test('the text report written file by file: the lines of every file, a blank line, the summary', () => {
  const reports = [report('a.json', 2), report('b.json', 0), report('c.json', 1)];
  const lines = reports.flatMap((r) => r.diagnostics.map((d) => `${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.severity}  ${d.code}  ${d.message}`));
  const text = renderText(reports, false, 1);
  assert.equal(text, `${lines.join('\n')}\n\n✖ 3 problems (2 errors, 1 warning, 0 info) in 3 policies across 3 files; 1 file could not be read\n`);
  assert.equal(renderText([], false), '✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 policies across 0 files\n');
  const w = new TextReportWriter(false, () => {});
  for (const r of reports) w.file(r);
  assert.deepEqual(w.summary(1), summarize(reports, 1));
});
