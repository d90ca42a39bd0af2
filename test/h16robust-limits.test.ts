/**
 * Issue #16: a document past the size limits is checked, or checked in part with one clear
 * information (LIMIT_EXCEEDED) saying what was skipped, and never hangs — one test per host that
 * has a size limit. Nothing is timed: each asserts what was read, what was checked, and (for YAML)
 * how many characters the readers read. CDK sources have their own limits: test/cdkLimitsH5.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost } from '../server/src/adapters';
import { parseJson } from '../server/src/adapters/json/jsonTree';
import { releaseYamlPieces } from '../server/src/adapters/cfn/yamlChunks';
import { yamlReads } from '../server/src/adapters/cfn/yamlTree';
import { LIMITS, LIMIT_CODE } from '../server/src/model';

const statement = (i: number): string => `{"Sid":"S${i}","Effect":"Allow","Action":["s3:GetObject","s3:PutObjekt"],"Resource":"arn:aws:s3:::bucket-${i}/*"}`;

test('JSON policy past LIMITS.maxDocumentChars: read up to the limit, the first statements checked, one information per limit', () => {
  const n = Math.ceil(LIMITS.maxDocumentChars / statement(0).length) + 500;
  const text = `{"Version":"2012-10-17","Statement":[\n${Array.from({ length: n }, (_, i) => statement(i)).join(',\n')}\n]}\n`;
  const r = parseHost({ uri: 'file:///limits/big-policy.json', text });
  assert.equal(r.format, 'json');
  assert.equal(r.policies.length, 1);
  const limits = r.problems.filter((p) => p.code === LIMIT_CODE);
  assert.deepEqual(limits.map((p) => p.severity), ['info', 'info']);
  assert.ok(limits.some((p) => /^This document has [\d,]+ characters; only the first 2,097,152 were read and checked\.$/.test(p.message)));
  assert.ok(limits.some((p) => /^This policy has [\d,]+ statements; only the first 1,000 are checked\.$/.test(p.message)));
  assert.ok(!r.problems.some((p) => p.code === 'JSON_SYNTAX_ERROR'), 'the cut is not a syntax error');
  assert.equal(r.policies[0].statements.length, LIMITS.maxStatements);
});

test('CloudFormation JSON template past LIMITS.maxDocumentChars: the resources read in full are checked, one information', () => {
  const resource = (i: number): string => `"P${i}":{"Type":"AWS::IAM::ManagedPolicy","Properties":{"PolicyDocument":{"Version":"2012-10-17","Statement":[${statement(i)}]}}}`;
  const n = Math.ceil(LIMITS.maxDocumentChars / resource(0).length) + 300;
  const head = '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{\n';
  const text = `${head}${Array.from({ length: n }, (_, i) => resource(i)).join(',\n')}\n}}\n`;
  const r = parseHost({ uri: 'file:///limits/big-template.json', text });
  assert.equal(r.format, 'cfn-json');
  // Every resource that ends before the cut is read and its policy checked (before: none, the unfinished Resources map was left out whole).
  let complete = 0;
  for (let i = 0, at = head.length; i < n; at += resource(i).length + 2, i++) if (at + resource(i).length <= LIMITS.maxDocumentChars) complete++;
  assert.ok(complete > 1000);
  assert.equal(r.policies.length, complete);
  assert.ok(r.policies.every((p) => p.root.span.offset + p.root.span.length <= LIMITS.maxDocumentChars));
  const limits = r.problems.filter((p) => p.code === LIMIT_CODE);
  assert.equal(limits.length, 1);
  assert.equal(limits[0].severity, 'info');
  assert.match(limits[0].message, /^This document has [\d,]+ characters; only the first 2,097,152 were read and checked\.$/);
});

test('a statement object cut by the limit is not read in part (no findings from what is missing)', () => {
  const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}}';
  const cut = text.indexOf('"Condition"') + 5;
  const { root, problems } = parseJson(text, { maxChars: cut });
  assert.equal(root?.kind, 'object');
  const st = root?.kind === 'object' ? root.properties.find((p) => p.key === 'Statement') : undefined;
  assert.equal(st?.value.kind, 'unknown', 'the unfinished statement is unknown, not an Allow without its condition');
  assert.equal(problems.filter((p) => p.code === LIMIT_CODE).length, 1);
});

test('CloudFormation YAML template past LIMITS.maxYamlChars: read up to a resource boundary, checked, one information, reads bounded', () => {
  const resource = (i: number): string =>
    [`  P${i}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', `            Action: [s3:GetObject, s3:PutObjekt]`, `            Resource: 'arn:aws:s3:::bucket-${i}/*'`, ''].join('\n');
  const n = Math.ceil((LIMITS.maxYamlChars * 1.2) / resource(0).length);
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Array.from({ length: n }, (_, i) => resource(i)).join('')}`;
  assert.ok(text.length > LIMITS.maxYamlChars);
  const uri = 'file:///limits/big-template.yaml';
  const before = yamlReads.yaml + yamlReads.pyyaml;
  const parse = parseHost({ uri, text, languageId: 'yaml' });
  const read = yamlReads.yaml + yamlReads.pyyaml - before;
  assert.ok(read <= 2 * LIMITS.maxYamlChars, `read ${read} characters`);
  assert.equal(parse.format, 'cfn-yaml');
  const limits = parse.problems.filter((d) => d.code === LIMIT_CODE);
  assert.equal(limits.length, 1);
  assert.equal(limits[0].severity, 'info');
  assert.match(limits[0].message, /^This YAML document has [\d,]+ characters; only the first [\d,]+ \(up to line [\d,]+\) were read and checked\.$/);
  const cut = limits[0].span.offset;
  assert.ok(cut <= LIMITS.maxYamlChars && text.slice(cut).startsWith('  P'), 'cut at a resource');
  // Every resource before the cut is read (and so checked by validate); none after it.
  assert.equal(parse.policies.length, text.slice(0, cut).split('\n  P').length - 1);
  assert.ok(parse.policies.every((p) => p.root.span.offset < cut));
  assert.ok(!parse.problems.some((d) => d.code === 'YAML_SYNTAX_ERROR'));
  releaseYamlPieces(uri);
});
