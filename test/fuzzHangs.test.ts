/**
 * Issue #16 item 4: the fuzz hangs (`npm run fuzz -- --runs 20000 --seed 42 --only 3339`, also seed
 * 42 documents 11650 and 17850, seed 43 document 3338 = the same document as 42/3339), each as a
 * small reproduction of its shape. Nothing is timed: each test asserts the bounded behaviour that
 * keeps the work linear (errors counted but not all reported, the YAML size cut, what is still
 * checked), and fails on the code before the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost } from '../server/src/adapters';
import { yamlCut } from '../server/src/adapters/cfn';
import { parseYaml, parseYamlText } from '../server/src/adapters/cfn/yamlTree';
import { PolicyService } from '../server/src/service';
import { LIMITS, LIMIT_CODE } from '../server/src/model';

const KMS_HEAD = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Key:',
  '    Type: AWS::KMS::Key',
  '    Properties:',
  '      KeyPolicy: !Sub',
  "      - '{",
  '        "Version": "2012-10-17",',
  '        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${Account}:root"},',
  '      "Action": "kms:*", "Resource": "*"}]',
  "      }'",
];

// 42/3339 and 43/3338: a `!Sub` list entry repeated thousands of times as `- {A}'` (a flow mapping
// followed by a quote that runs on to the next line's): the `yaml` package reports several errors
// per line, and each became a problem (and a diagnostic) — 77,000 for the 200 KB document.
test("fuzz 42/3339: a template with an error on every line reports the first ones and one LIMIT_EXCEEDED", () => {
  const text = [...KMS_HEAD, ...Array.from({ length: 300 }, () => "      - {A}'"), '  Topic:', '    Type: AWS::SNS::Topic', ''].join('\n');
  // The `yaml` package's reading, which every full parse and every template piece goes through first.
  const stackTraceLimit = Error.stackTraceLimit;
  const read = parseYamlText(text);
  assert.equal(Error.stackTraceLimit, stackTraceLimit, 'the stack trace limit is restored');
  assert.ok(read.syntaxErrors > LIMITS.maxSyntaxErrors, `errors counted: ${read.syntaxErrors}`);
  assert.equal(read.tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR').length, LIMITS.maxSyntaxErrors);
  assert.ok(read.unreported && read.tree.problems.includes(read.unreported));
  assert.equal(read.unreported.severity, 'info');
  assert.equal(read.unreported.message, `${(read.syntaxErrors - LIMITS.maxSyntaxErrors).toLocaleString('en-US')} more YAML syntax errors after these 100 are not reported.`);
  // Through PyYAML's grammar and its recovery: a few errors, each with its place.
  const tree = parseYaml(text);
  const syntax = tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR');
  assert.ok(syntax.length >= 1 && syntax.length <= LIMITS.maxSyntaxErrors, `syntax errors reported: ${syntax.length}`);
  const service = new PolicyService();
  const { diagnostics } = service.validate({ uri: 'file:///fuzz-3339.yaml', text, languageId: 'yaml' });
  assert.ok(diagnostics.length <= LIMITS.maxSyntaxErrors + 5, `diagnostics: ${diagnostics.length}`);
  for (const d of diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length);
});

test('the YAML reader counts the errors beyond LIMITS.maxSyntaxErrors in one information', () => {
  // Read without PyYAML's recovery in front (a piece of a template): the `yaml` package's errors as they are.
  const text = ['Resources:', ...Array.from({ length: 150 }, (_, i) => `  K${i}: {A}'\n    x: '`)].join('\n');
  const first = parseYaml(text, { recover: false, pyyamlFirst: false });
  const all = parseYaml(text);
  for (const tree of [first, all]) {
    assert.ok(tree.problems.filter((p) => p.code === 'YAML_SYNTAX_ERROR').length <= LIMITS.maxSyntaxErrors);
    assert.ok(tree.problems.filter((p) => p.code === LIMIT_CODE).length <= 1);
  }
});

// 42/11650: an 820 KB JSON policy whose one long line is `arn:aws:s3:::b/` repeated: 273,591
// syntax errors, each a diagnostic (and an LSP conversion) in every request.
test('fuzz 42/11650: a JSON policy with thousands of syntax errors reports the first 100 and one LIMIT_EXCEEDED', () => {
  const text = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrg"${'arn:aws:s3:::b/'.repeat(3000)}}}}]\n}\n`;
  const r = parseHost({ uri: 'file:///fuzz-11650.json', text, languageId: 'json' });
  const syntax = r.problems.filter((p) => p.code === 'JSON_SYNTAX_ERROR');
  assert.equal(syntax.length, LIMITS.maxSyntaxErrors);
  const limit = r.problems.filter((p) => p.code === LIMIT_CODE);
  assert.equal(limit.length, 1);
  assert.match(limit[0].message, /^[\d,]+ more JSON syntax errors after these 100 are not reported\.$/);
  assert.equal(limit[0].severity, 'info');
  const last = syntax[syntax.length - 1].span;
  assert.equal(limit[0].span.offset, last.offset + last.length);
});

// 42/17850: a 1.5 MB template (a fixture repeated, NULs, a huge scalar) had no size cut: the whole
// text went through the `yaml` package, PyYAML's grammar and sixteen recovery re-reads.
test('fuzz 42/17850: a YAML template beyond LIMITS.maxYamlChars is read up to a resource boundary, with one LIMIT_EXCEEDED', () => {
  const policy = (name: string, action: string): string[] => [
    `  ${name}:`,
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    `          - Effect: Allow`,
    `            Action: ${action}`,
    "            Resource: '*'",
  ];
  // Comment lines are cheap to read: the document is large, the work small.
  const filler = '    # ' + 'x'.repeat(90);
  const fillerLines = Math.ceil(LIMITS.maxYamlChars / (filler.length + 1));
  const before = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', ...policy('First', 's3:GetObjekt')].join('\n') + '\n';
  const middle = policy('Second', 's3:PutObjekt').join('\n') + '\n' + Array.from({ length: fillerLines }, () => filler).join('\n') + '\n';
  const text = before + middle + policy('Third', 's3:ListBukket').join('\n') + '\n';
  assert.ok(text.length > LIMITS.maxYamlChars);
  const r = parseHost({ uri: 'file:///fuzz-17850.yaml', text, languageId: 'yaml' });
  assert.equal(r.format, 'cfn-yaml');
  // `  Third:` lies past the limit: the cut falls at `  Second:` (the last resource starting within it).
  const cut = text.indexOf('  Second:');
  assert.deepEqual(r.policies.map((p) => p.hostPath[1]), ['First'], 'only the policy before the cut');
  const limit = r.problems.filter((p) => p.code === LIMIT_CODE);
  assert.equal(limit.length, 1);
  assert.equal(limit[0].severity, 'info');
  assert.deepEqual(limit[0].span, { offset: cut, length: 0 });
  assert.match(limit[0].message, /^This YAML document has [\d,]+ characters; only the first [\d,]+ \(up to line \d+\) were read and checked\.$/);
  assert.ok(!r.problems.some((p) => p.code === 'YAML_SYNTAX_ERROR'), 'the cut makes no syntax error');
  // What fits is still checked: the first policy's misspelt action is reported.
  const { diagnostics } = new PolicyService().validate({ uri: 'file:///fuzz-17850b.yaml', text, languageId: 'yaml' });
  assert.ok(diagnostics.some((d) => d.span.offset === text.indexOf('s3:GetObjekt')), 'the first policy is checked');
  assert.ok(!diagnostics.some((d) => d.span.offset >= cut && d.code !== LIMIT_CODE), 'nothing past the cut');
});

test('yamlCut: at a top-level key or a resource entry within the limit, else at a line break', () => {
  const t = 'A: 1\nResources:\n  R1:\n    Type: X\n    P: 1\n  R2:\n    Type: Y\n    Q: [1,\n      2]\nOutputs: {}\n';
  assert.equal(yamlCut(t, t.indexOf('Outputs') + 3), t.indexOf('Outputs'));
  assert.equal(yamlCut(t, t.indexOf('Q:')), t.indexOf('  R2:'));
  assert.equal(yamlCut(t, t.indexOf('    P:') + 2), t.indexOf('  R1:'));
  // No key line at all: the last line break.
  const flat = 'x\n  - a\n  - b\n  - c\n';
  assert.equal(yamlCut(flat, flat.length - 2), flat.lastIndexOf('  - c'));
});
