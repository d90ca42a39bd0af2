/**
 * Issue #10 items 4, 9, 10: deep JSON, explicit limits, cheap non-policy detection. Inputs are
 * generated here (no large files in git); nothing here is timed (speed is `npm run bench`'s job):
 * the tests assert the bounded *behaviour* (what is read, what is reported, what is skipped).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseJson, topLevelKeys } from '../server/src/adapters/json/jsonTree';
import { parseHost } from '../server/src/adapters';
import { PolicyService } from '../server/src/service';
import { LIMITS, LIMIT_CODE, elementValues, walkValues, type ValueNode } from '../server/src/model';
import { documentSymbols, foldingSpans } from '../server/src/features/symbols';
import { getCheck } from '../server/src/checks/registry';
import { TestLspClient } from './helpers/lspClient';
import { FIXTURES } from './helpers/fixtures';

// ---------------------------------------------------------------------------------------------
// The iterative parser keeps jsonc-parser's parseTree results: same problems, same spans.

/** jsonc-parser's tree converted the way the adapter did before it parsed iteratively. */
function reference(text: string): { root?: unknown; problems: string[] } {
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch {
    return { problems: ['overflow'] };
  }
  const seen = new Set<number>();
  const problems = errors.filter((e) => !seen.has(e.offset) && seen.add(e.offset)).map((e) => `${e.offset}+${Math.max(0, Math.min(e.length, text.length - e.offset))} ${printParseErrorCode(e.error)}`);
  const conv = (n: JsonNode): unknown => {
    const span = `${n.offset}+${n.length}`;
    switch (n.type) {
      case 'object':
        return {
          span,
          props: (n.children ?? []).map((c) => {
            const [k, v] = c.children ?? [];
            return [k.value, `${k.offset}+${k.length}`, `${c.offset}+${c.length}`, v ? conv(v) : `null@${k.offset + k.length}`];
          }),
        };
      case 'array':
        return { span, items: (n.children ?? []).map(conv) };
      case 'number':
        return [span, Number(n.value), text.slice(n.offset, n.offset + n.length)];
      default:
        return [span, n.value ?? null];
    }
  };
  return { root: root && conv(root), problems };
}

function ours(text: string): { root?: unknown; problems: string[] } {
  const r = parseJson(text);
  const names: Record<string, string> = {
    'Invalid symbol': 'InvalidSymbol', 'Invalid number format': 'InvalidNumberFormat', 'Property name expected': 'PropertyNameExpected', 'Value expected': 'ValueExpected',
    'Colon expected': 'ColonExpected', 'Comma expected': 'CommaExpected', 'Closing brace expected': 'CloseBraceExpected', 'Closing bracket expected': 'CloseBracketExpected',
    'End of file expected': 'EndOfFileExpected', 'Comments are not allowed in IAM policies': 'InvalidCommentToken', 'Unexpected end of comment': 'UnexpectedEndOfComment',
    'Unexpected end of string': 'UnexpectedEndOfString', 'Unexpected end of number': 'UnexpectedEndOfNumber', 'Invalid unicode escape': 'InvalidUnicode',
    'Invalid escape character': 'InvalidEscapeCharacter', 'Invalid character': 'InvalidCharacter',
  };
  const problems = r.problems.map((p) => `${p.span.offset}+${p.span.length} ${names[p.message.replace(/^JSON syntax error: (.*)\.$/, '$1')] ?? p.message}`);
  const conv = (n: ValueNode): unknown => {
    const span = `${n.span.offset}+${n.span.length}`;
    switch (n.kind) {
      case 'object':
        return { span, props: n.properties.map((p) => [p.key, `${p.keySpan.offset}+${p.keySpan.length}`, `${p.span.offset}+${p.span.length}`, p.value.kind === 'null' && p.value.span.length === 0 ? `null@${p.value.span.offset}` : conv(p.value)]) };
      case 'array':
        return { span, items: n.items.map(conv) };
      case 'number':
        return [span, n.value, n.raw];
      case 'string':
      case 'boolean':
        return [span, n.value];
      default:
        return [span, null];
    }
  };
  return { root: r.root && conv(r.root), problems };
}

test('the iterative JSON parser gives jsonc-parser parseTree’s problems and spans on valid, broken and cut-off text', () => {
  const samples: string[] = [
    '', ' ', '{}', '[]', '1', '"x"', 'null', 'true', '{"a":1}', '{"a":}', '{"a"}', '{"a" 1}', '{"a":1,}', '{,"a":1}', '{"a":1 "b":2}', '{"a": : 1}', '[1,,2]', '[1 2]', '[,]', '[1,]',
    '{"a":[1,{"b":null}],"c":{"d":"e\\u0041"}}', '{"a": 01}', '{"a": -}', '{"a": 1e}', '{"a": "\\x"}', '{"a": "\\u12"}', '{"a": "x\ny"}', '// c\n{}', '/* c */{}', '{"a":1}/*', '{"a":1} x', '{"a":1}}',
    '{"a":[}', '{"a":{]}', '\u0000{"Statement":1}', '{"Statement":[{"Effect":', '{"a": tru}', '{"a":"b",,"c":1}', '{"a": [1, 2', '{"a" : {"b": [ {"c" : 1 } ] } , "d": [ ] }', "{'a':1}", '{"a":1,"a":2}',
  ];
  // Every fixture policy, whole and cut at many points (a file being typed).
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
  const files = walk(path.join(FIXTURES, 'checks')).slice(0, 60);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    samples.push(text);
    for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 12))) samples.push(text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 1));
  }
  for (const s of samples) assert.deepEqual(ours(s), reference(s), JSON.stringify(s.slice(0, 200)));
});

// ---------------------------------------------------------------------------------------------
// Item 4: deeply nested JSON is read without recursion; one clear problem; the policy is checked.

const service = new PolicyService();

function deepPolicy(depth: number): string {
  return `{\n  "Version": "2012-10-17",\n  "Id": ${'['.repeat(depth)}${']'.repeat(depth)},\n  "Statement": [{"Effect": "Allow", "Action": ["*", "s3:GetObjekt"], "Resource": "*"}]\n}\n`;
}

test('a policy with an Id nested 8,000 and 200,000 levels deep is still checked, with one LIMIT_EXCEEDED information', () => {
  for (const depth of [8000, 200000]) {
    const text = deepPolicy(depth);
    const { parse, diagnostics } = service.validate({ uri: 'file:///deep.json', text });
    assert.equal(parse.policies.length, 1, `depth ${depth}: the policy is found`);
    assert.ok(diagnostics.some((d) => d.code === 'INVALID_ACTION'), `depth ${depth}: the invalid action is reported`);
    const limits = diagnostics.filter((d) => d.code === LIMIT_CODE);
    assert.equal(limits.length, 1, 'one limit information');
    assert.equal(limits[0].severity, 'info');
    assert.match(limits[0].message, /nested more than 64 levels/);
    assert.equal(limits[0].href, getCheck(LIMIT_CODE)!.docs);
    assert.ok(!diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR'));
    // Model walks and features stay within bounds (no stack overflow, no value deeper than the limit).
    let maxPath = 0;
    walkValues(parse.policies[0].root, (n) => (maxPath = Math.max(maxPath, n.path.length)));
    assert.ok(maxPath <= LIMITS.maxDepth + 1);
    assert.equal(documentSymbols(parse).length, 1);
    assert.ok(foldingSpans(parse).length > 0);
  }
});

test('deep nesting with a syntax error below the depth limit is still reported', () => {
  const text = `{"Statement": [], "Id": ${'['.repeat(10000)}1 2${']'.repeat(10000)}}`;
  const r = parseJson(text);
  assert.ok(r.problems.some((p) => p.code === 'JSON_SYNTAX_ERROR' && p.message.includes('Comma expected') && p.span.offset === text.indexOf('2')));
  assert.equal(r.problems.filter((p) => p.code === LIMIT_CODE).length, 1);
});

test('5,000 levels (under the old recursion limit) and the old hostile inputs still parse', () => {
  const r = parseHost({ uri: 'file:///d.json', text: deepPolicy(5000) });
  assert.equal(r.policies.length, 1);
  for (const s of ['{"Statement":' + '['.repeat(100000), '['.repeat(100000), '{"a":'.repeat(100000)]) {
    const p = parseJson(s);
    assert.ok(p.problems.length > 0);
  }
});

// ---------------------------------------------------------------------------------------------
// Item 9: explicit limits; what fits is checked; one information says what was skipped.

function statement(i: number): string {
  return JSON.stringify({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'ec2:DescribeInstances'], Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:s3:::bucket-${i}`] });
}

test('a policy larger than the document limit is read up to the limit, checked, and says so once', () => {
  const bad = '{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}';
  const parts: string[] = [bad];
  let size = bad.length;
  for (let i = 0; size < LIMITS.maxDocumentChars + 200000; i++) {
    const s = statement(i);
    parts.push(s);
    size += s.length + 2;
  }
  const text = `{"Version":"2012-10-17","Statement":[\n${parts.join(',\n')}\n]}`;
  const { parse, diagnostics } = service.validate({ uri: 'file:///big.json', text });
  assert.equal(parse.policies.length, 1);
  assert.ok(diagnostics.some((d) => d.code === 'INVALID_ACTION'), 'the statements read are checked');
  assert.ok(!diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR' || d.code === 'MISSING_RESOURCE'), 'the cut produces no false syntax or missing-element findings');
  const limits = diagnostics.filter((d) => d.code === LIMIT_CODE);
  assert.ok(limits.some((d) => /only the first 2,097,152 were read/.test(d.message) && d.severity === 'info'), JSON.stringify(limits));
  assert.ok(limits.some((d) => /statements; only the first 1,000 are checked/.test(d.message)));
  assert.ok(parse.policies[0].statements.length <= LIMITS.maxStatements);
  for (const d of diagnostics) assert.ok(d.span.offset + d.span.length <= text.length);
});

test('statements beyond the statement limit are not checked, and that is said once', () => {
  const n = LIMITS.maxStatements + 5;
  const sts = Array.from({ length: n }, (_, i) => (i === n - 1 ? '{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}' : statement(i)));
  const text = `{"Version":"2012-10-17","Statement":[${sts.join(',')}]}`;
  const { parse, diagnostics } = service.validate({ uri: 'file:///many.json', text });
  assert.equal(parse.policies[0].statements.length, LIMITS.maxStatements);
  assert.ok(!diagnostics.some((d) => d.code === 'INVALID_ACTION'), 'statement 1,005 is beyond the limit');
  const limits = diagnostics.filter((d) => d.code === LIMIT_CODE);
  assert.equal(limits.length, 1);
  assert.match(limits[0].message, /1,005 statements; only the first 1,000 are checked/);
});

test('an element with more items than the limit: the first ones are checked, once said', () => {
  const n = LIMITS.maxItemsPerElement + 10;
  const actions = Array.from({ length: n }, (_, i) => (i === n - 1 ? 's3:GetObjekt' : `s3:Get${'x'.repeat(i % 7)}*`));
  actions[3] = 'ec2:DescribeInstancez';
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  const { parse, diagnostics } = service.validate({ uri: 'file:///wild.json', text });
  assert.equal(elementValues(parse.policies[0].statements[0].action!.value).length, LIMITS.maxItemsPerElement);
  assert.ok(diagnostics.some((d) => d.code === 'INVALID_ACTION' && d.message.includes('DescribeInstancez')));
  assert.ok(!diagnostics.some((d) => d.message.includes('s3:GetObjekt')), 'the last item is beyond the limit');
  const limits = diagnostics.filter((d) => d.code === LIMIT_CODE);
  assert.equal(limits.length, 1);
  assert.match(limits[0].message, /Action has 5,010 values; only the first 5,000 are checked/);
});

test('LIMIT_EXCEEDED is a registered information code with a docs link, and can be turned off', () => {
  const check = getCheck(LIMIT_CODE)!;
  assert.ok(check, 'registered');
  assert.match(check.docs, /docs\/checks\.md#limit-exceeded$/);
  const { diagnostics } = service.validate({ uri: 'file:///deep.json', text: deepPolicy(100) }, { rules: { [LIMIT_CODE]: 'off' } });
  assert.ok(!diagnostics.some((d) => d.code === LIMIT_CODE));
});

// ---------------------------------------------------------------------------------------------
// Item 10: a large JSON file that holds no policy costs no tree.

test('top-level keys are read without a tree', () => {
  assert.deepEqual([...topLevelKeys('{"a": {"Statement": 1}, "b": [{"c": 2}], "Statement": []}')!], ['a', 'b', 'Statement']);
  assert.equal(topLevelKeys('[{"Statement": []}]'), undefined);
  assert.deepEqual([...topLevelKeys('{"a": "Statement", "x": 1')!], ['a', 'x']);
});

test('large JSON files that hold no policy yield nothing and build no tree; a large policy is still found', () => {
  const rows = Array.from({ length: 20000 }, (_, i) => JSON.stringify({ id: i, Statement: 'not at the top', tags: ['a'] }));
  const array = `[${rows.join(',\n')}]`;
  const object = `{${rows.map((r, i) => `"k${i}": ${r}`).join(',\n')}}`;
  assert.ok(array.length > LIMITS.precheckAboveChars && object.length > LIMITS.precheckAboveChars);
  for (const text of [array, object]) {
    const r = parseHost({ uri: 'file:///data.json', text });
    assert.deepEqual(r.policies, []);
    assert.deepEqual(r.problems, []);
  }
  const policy = `{"Statement": [${rows.map(() => '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}').slice(0, 900).join(',\n')}], "Data": ${array}}`;
  assert.ok(policy.length > LIMITS.precheckAboveChars);
  assert.equal(parseHost({ uri: 'file:///p.json', text: policy }).policies.length, 1);
});

// ---------------------------------------------------------------------------------------------
// Through the server (LSP over stdio).

const clients: TestLspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

test('server: deep JSON is checked with one limit information; a large non-policy JSON file is silent', async () => {
  const c = new TestLspClient();
  clients.push(c);
  await c.initialize({});
  const uri = 'file:///work/deep-policy.json';
  await c.open(uri, deepPolicy(8000));
  const pub = await c.waitForDiagnostics((p) => p.uri === uri, 30000);
  const codes = pub.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('INVALID_ACTION'), JSON.stringify(codes));
  const limit = pub.diagnostics.filter((d) => d.code === LIMIT_CODE);
  assert.equal(limit.length, 1);
  assert.equal(limit[0].severity, 3, 'information');
  assert.match(limit[0].codeDescription!.href, /docs\/checks\.md#limit-exceeded$/);
  assert.equal(limit[0].range.start.line, 2, 'on the Id value');

  const data = 'file:///work/data.json';
  const rows = Array.from({ length: 30000 }, (_, i) => JSON.stringify({ id: i, name: `item ${i}`, tags: ['a', 'b'] }));
  await c.open(data, `[${rows.join(',\n')}]`);
  const silent = await c.waitForDiagnostics((p) => p.uri === data, 30000);
  assert.deepEqual(silent.diagnostics, []);
  const symbols = (await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: data } })) as unknown[];
  assert.deepEqual(symbols, []);
});
