/**
 * Templates CloudFormation's tooling (PyYAML) accepts must read without errors, to PyYAML's values,
 * with exact ranges; templates it rejects get one error where PyYAML finds it and the rest of the
 * template is still checked (issue #12).
 *
 * test/fixtures/cfn-pyyaml/accepted/X.yaml: X.yaml.pyyaml.json holds the values PyYAML read
 * (recorded by the dev-only pyyaml_values.py; no Python here), X.yaml.expected the diagnostics.
 * rejected/X.yaml: X.yaml.pyyaml.json holds the lines of PyYAML's error, X.yaml.expected ours.
 * Regenerate the .expected files with UPDATE_FIXTURES=1 node scripts/test.mjs cfn-pyyaml.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import type { ValueNode } from '../server/src/model';
import { parseYaml, parseYamlPyYamlOnly, MAX_SYNTAX_ERRORS } from '../server/src/adapters/cfn/yamlTree';
import { parseYamlIncremental, splitTemplate } from '../server/src/adapters/cfn/yamlChunks';
import { LineIndex } from '../server/src/model';
import { FIXTURES, expectedFor, formatDiagnostics, listFiles } from './helpers/fixtures';

const service = new PolicyService();
const DIR = path.join(FIXTURES, 'cfn-pyyaml');
const isYaml = (n: string): boolean => /\.ya?ml$/.test(n);

/** The plain value of a raw tree, as PyYAML's loader builds it (a repeated key: the last one wins). */
function plain(n: ValueNode | undefined): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.properties) o[p.key] = plain(p.value);
      return o;
    }
    case 'array':
      return n.items.map(plain);
    case 'null':
      return null;
    case 'unknown':
      return `<unknown ${n.label ?? ''}>`;
    default:
      return n.value;
  }
}

/** Every span inside the text, and every string with a valueSpan spelled exactly there. */
function checkSpans(text: string, root: ValueNode | undefined, file: string): void {
  const stack: ValueNode[] = root ? [root] : [];
  const inside = (o: number, l: number): boolean => o >= 0 && l >= 0 && o + l <= text.length;
  while (stack.length) {
    const n = stack.pop()!;
    assert.ok(inside(n.span.offset, n.span.length), `${file}: span of ${n.path.join('.')} inside the text`);
    if (n.kind === 'string' && n.valueSpan) assert.equal(text.slice(n.valueSpan.offset, n.valueSpan.offset + n.valueSpan.length), n.value, `${file}: valueSpan of ${n.path.join('.')}`);
    if (n.kind === 'object') {
      for (const p of n.properties) {
        assert.ok(inside(p.keySpan.offset, p.keySpan.length), `${file}: key span of ${p.path.join('.')}`);
        const keyText = text.slice(p.keySpan.offset, p.keySpan.offset + p.keySpan.length);
        // A key is spelled as written: plain, quoted, or a short-form tag standing for its long form.
        assert.ok(keyText === p.key || keyText.slice(1, -1) === p.key || keyText.startsWith('!'), `${file}: key ${p.key} at its span (${JSON.stringify(keyText)})`);
        stack.push(p.value);
      }
    } else if (n.kind === 'array') stack.push(...n.items);
  }
}

function validate(file: string, text: string) {
  return service.validate({ uri: `file://${file}`, text });
}

describe('cfn-pyyaml: templates PyYAML accepts read to its values, without errors', () => {
  for (const file of listFiles(path.join(DIR, 'accepted'), isYaml)) {
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    test(`${name}: PyYAML's values`, () => {
      const tree = parseYaml(text);
      assert.deepEqual(tree.problems, []);
      const expected = JSON.parse(fs.readFileSync(`${file}.pyyaml.json`, 'utf8'));
      assert.deepEqual(tree.roots.map((r) => plain(r.root)), expected);
      for (const r of tree.roots) checkSpans(text, r.root, name);
    });
    test(`${name}: diagnostics at their places`, () => {
      const { diagnostics, parse } = validate(file, text);
      assert.equal(parse.format, 'cfn-yaml');
      assert.ok(!diagnostics.some((d) => d.code === 'YAML_SYNTAX_ERROR'), 'no syntax error');
      const actual = formatDiagnostics(text, diagnostics);
      assert.equal(actual, expectedFor(file, actual));
    });
  }

  test('a large template read in pieces: a piece cut inside a quoted scalar or flow collection falls back to one read', () => {
    // Lines at the resources' indentation inside a quoted scalar and a flow mapping look like cuts.
    const entry = (i: number): string =>
      `  Quoted${i}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Sub '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]\n  }'\n` +
      `  Flow${i}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: '2012-10-17',\n  Statement: [{Effect: Allow, Action: 'sqs:SendMesage', Resource: '*'}]\n  }\n`;
    const big = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Array.from({ length: 60 }, (_, i) => entry(i)).join('')}`;
    assert.ok(splitTemplate(big), 'large enough to be read in pieces');
    const whole = parseYaml(big);
    assert.deepEqual(whole.problems, []);
    const pieces = parseYamlIncremental(big);
    assert.deepEqual(pieces.problems, []);
    assert.deepEqual(plain(pieces.roots[0].root), plain(whole.roots[0].root));
    const { diagnostics, parse } = validate('/big.yaml', big);
    assert.equal(parse.policies.length, 120);
    assert.ok(!diagnostics.some((d) => d.code === 'YAML_SYNTAX_ERROR'));
    assert.equal(diagnostics.filter((d) => d.code === 'INVALID_ACTION').length, 120);
  });
});

describe('cfn-pyyaml: templates PyYAML rejects get its error, once, and the rest is checked', () => {
  for (const file of listFiles(path.join(DIR, 'rejected'), isYaml)) {
    const name = path.basename(file);
    test(name, () => {
      const text = fs.readFileSync(file, 'utf8');
      const { diagnostics, parse } = validate(file, text);
      const syntax = diagnostics.filter((d) => d.code === 'YAML_SYNTAX_ERROR');
      assert.ok(syntax.length >= 1 && syntax.length <= 3, `one error and at most a few follow-ons (got ${syntax.length})`);
      const py = JSON.parse(fs.readFileSync(`${file}.pyyaml.json`, 'utf8')) as { problemLine: number; contextLine: number | null };
      const line = new LineIndex(text).positionAt(syntax[0].span.offset).line;
      // On PyYAML's line, or (a quote left open) at the opening quote, naming PyYAML's line.
      const onPyLine = line === py.problemLine || line === py.contextLine || syntax[0].message.includes(`on line ${py.problemLine + 1},`);
      assert.ok(onPyLine, `the first error on PyYAML's line (${py.problemLine}/${py.contextLine}), got ${line}: ${syntax[0].message}`);
      // The resources after the broken one are still read and checked.
      assert.ok(parse.policies.some((p) => /^(Second|C)\./.test(p.label)), 'later policies found');
      const actual = formatDiagnostics(text, diagnostics);
      assert.equal(actual, expectedFor(file, actual));
    });
  }

  test(`a file of many broken entries reports at most ${MAX_SYNTAX_ERRORS} errors`, () => {
    const entry = (i: number): string => `  R${i}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {"Statement": [{"Effect": "Allow" "Action": "s3:*"}]}\n`;
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Array.from({ length: 40 }, (_, i) => entry(i)).join('')}`;
    const syntax = validate('/many.yaml', text).diagnostics.filter((d) => d.code === 'YAML_SYNTAX_ERROR');
    assert.ok(syntax.length >= 1 && syntax.length <= MAX_SYNTAX_ERRORS, `got ${syntax.length}`);
  });
});

describe('cfn-pyyaml: PyYAML grammar and the yaml package agree where both accept a file', () => {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (isYaml(e.name)) files.push(p);
    }
  };
  walk(FIXTURES);
  test(`${files.length} YAML fixtures: same values and spans`, () => {
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const viaYaml = parseYaml(text);
      if (viaYaml.problems.some((p) => p.code === 'YAML_SYNTAX_ERROR')) continue;
      const viaPy = parseYamlPyYamlOnly(text);
      if (viaPy.error) continue; // YAML 1.2 only (e.g. tabs): the yaml package's reading stands
      assert.deepEqual(viaPy.roots, viaYaml.roots, path.relative(FIXTURES, file));
      compared++;
    }
    assert.ok(compared > 20, `compared ${compared}`);
  });
});
