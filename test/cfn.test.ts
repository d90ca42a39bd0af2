/**
 * CloudFormation / SAM templates (YAML and JSON). Data-driven: every template under
 * test/fixtures/cfn/ (and real/) has a `.expected` file listing all its diagnostics
 * (line:col-line:col severity CODE message); files under not-templates/ must stay silent.
 * Regenerate with UPDATE_FIXTURES=1 npm test -- cfn, then review the diff line by line.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import { parseHost } from '../server/src/adapters';
import { POLICY_LOCATIONS, locationsMarkdownTable } from '../server/src/adapters/cfn/locations';
import { elementStrings, knownString, type EditIntent, type ParseResult, type PolicyDocument, type TextEdit, type ValueNode } from '../server/src/model';
import { parseEmbeddedJson } from '../server/src/adapters/cfn/embedded';
import { FIXTURES, REPO_ROOT, expectedFor, formatDiagnostics, listFiles } from './helpers/fixtures';
import { parseYaml } from '../server/src/adapters/cfn/yamlTree';
import { parseYamlIncremental, splitTemplate } from '../server/src/adapters/cfn/yamlChunks';
import { generateTemplate } from './bench/cfn-bench';

const service = new PolicyService();
const DIR = path.join(FIXTURES, 'cfn');
const isTemplateFixture = (n: string): boolean => /\.(ya?ml|json|template)$/i.test(n);

function validate(file: string, text = fs.readFileSync(file, 'utf8')) {
  return { text, ...service.validate({ uri: `file://${file}`, text }) };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

function parse(text: string, uri = 'file:///t.yaml'): ParseResult {
  return parseHost({ uri, text });
}

describe('cfn fixtures: expected diagnostics', () => {
  for (const sub of ['', 'real']) {
    for (const file of listFiles(path.join(DIR, sub), isTemplateFixture)) {
      test(path.relative(DIR, file), () => {
        const { text, diagnostics, parse: p } = validate(file);
        assert.ok(p.format.startsWith('cfn-'), `${file} is a template (got ${p.format})`);
        const actual = formatDiagnostics(text, diagnostics);
        assert.equal(actual, expectedFor(file, actual));
        for (const d of diagnostics) assert.ok(d.span.offset >= 0 && d.span.offset + d.span.length <= text.length, 'range inside the document');
      });
    }
  }
});

describe('cfn: non-template YAML stays silent', () => {
  for (const file of listFiles(path.join(DIR, 'not-templates'))) {
    test(path.basename(file), () => {
      const { diagnostics, parse: p } = validate(file);
      assert.equal(p.policies.length, 0);
      assert.deepEqual(diagnostics, []);
    });
  }
});

function policiesOf(file: string): PolicyDocument[] {
  return parse(fs.readFileSync(path.join(DIR, file), 'utf8'), `file://${path.join(DIR, file)}`).policies;
}

describe('cfn: policy locations and types', () => {
  test('roles.yaml: every policy found with its context type', () => {
    const found = policiesOf('roles.yaml').map((p) => `${p.label} ${p.type} ${p.resourceType ?? '-'}`);
    assert.deepEqual(found, [
      'AppRole.AssumeRolePolicyDocument trust AWS::IAM::AssumeRolePolicyDocument',
      'AppRole.Policies[0].PolicyDocument identity -',
      'AppRole.Policies[1].PolicyDocument identity -',
      'ManagedPolicy.PolicyDocument identity -',
      'QueuePolicy.PolicyDocument resource -',
    ]);
  });

  test('SAM: inline documents only; template names and managed policies are recognised', () => {
    const found = policiesOf('sam.yaml').map((p) => `${p.label} ${p.type}`);
    assert.deepEqual(found, ['Fn.Policies[4] identity', 'Single.Policies identity']);
  });

  test('JSON template: SCP by Type, tag policies ignored, JSON-string policy', () => {
    const found = policiesOf('template.json').map((p) => `${p.label} ${p.type} ${p.resourceType ?? '-'}`);
    assert.deepEqual(found, ['BucketPolicy.PolicyDocument resource AWS::S3::Bucket', 'Logs.PolicyDocument resource -', 'Key.KeyPolicy resource -', 'Scp.Content scp -']);
  });

  test('the location table covers at least 30 resource types', () => {
    assert.ok(new Set(POLICY_LOCATIONS.map((l) => l.resourceType)).size >= 30);
  });

  test('docs/cloudformation.md holds the generated table', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'cloudformation.md'), 'utf8');
    assert.ok(doc.includes(locationsMarkdownTable()), 'docs/cloudformation.md is out of date: paste locationsMarkdownTable() output');
  });
});

describe('cfn: intrinsics', () => {
  const policy = (yaml: string): PolicyDocument => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n${yaml.replace(/^/gm, '        ')}\n`;
    const r = parse(text);
    assert.equal(r.policies.length, 1);
    return r.policies[0];
  };

  test('!Sub becomes a partial string with holes; ${!Literal} stays literal', () => {
    const p = policy("Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub 'arn:${AWS::Partition}:s3:::${!Literal}/${Bucket}'");
    const res = p.statements[0].resource!.value;
    assert.equal(res.kind, 'string');
    if (res.kind !== 'string') return;
    assert.deepEqual(res.parts, [{ text: 'arn:' }, { hole: 'AWS::Partition' }, { text: ':s3:::${Literal}/' }, { hole: 'Bucket' }]);
    assert.equal(knownString(res), undefined);
  });

  test('Fn::Sub with a variable map inlines literal variables', () => {
    const p = policy("Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub ['arn:aws:s3:::${B}/*', {B: my-bucket}]");
    const res = p.statements[0].resource!.value;
    assert.equal(res.kind === 'string' && res.value, 'arn:aws:s3:::my-bucket/*');
    assert.equal(res.kind === 'string' && res.parts, undefined);
  });

  test('Fn::If in Action yields both branches; AWS::NoValue removes the element', () => {
    const p = policy('Statement:\n  - Effect: Allow\n    Action:\n      - !If [C, s3:GetObject, s3:PutObject]\n      - !If [C, !Ref AWS::NoValue, s3:ListBucket]\n      - !Ref AWS::NoValue\n    Resource: "*"');
    const actions = elementStrings(p.statements[0].action!.value).map((s) => s.value);
    assert.deepEqual(actions, ['s3:GetObject', 's3:PutObject', 's3:ListBucket']);
    const arr = p.statements[0].action!.value;
    assert.equal(arr.kind === 'array' && arr.items.length, 2);
  });

  test('nested Fn::If in Statement: each branch is a statement', () => {
    const p = policy('Statement:\n  - !If\n    - A\n    - !If [B, {Effect: Allow, Action: s3:GetObject, Resource: "*"}, {Effect: Deny, Action: s3:PutObject, Resource: "*"}]\n    - !Ref AWS::NoValue');
    assert.deepEqual(p.statements.map((s) => [s.index, knownString(s.effect?.value)]), [[0, 'Allow'], [0, 'Deny']]);
  });

  test('!Ref of a parameter with AllowedValues offers its values', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  A:\n    Type: String\n    AllowedValues: [s3:GetObject, s3:PutObject]\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: !Ref A\n            Resource: '*'\n`;
    const p = parse(text).policies[0];
    assert.deepEqual(elementStrings(p.statements[0].action!.value).map((s) => s.value), ['s3:GetObject', 's3:PutObject']);
  });
});

describe('cfn: YAML fidelity', () => {
  test('anchors and aliases expand with the anchor text ranges', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - &read\n            Effect: Allow\n            Action: s3:GetObjekt\n            Resource: '*'\n  Q:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - *read\n`;
    const r = service.validate({ uri: 'file:///a.yaml', text });
    assert.equal(r.parse.policies.length, 2);
    const bad = r.diagnostics.filter((d) => d.code === 'INVALID_ACTION');
    assert.equal(bad.length, 2);
    for (const d of bad) assert.equal(text.slice(d.span.offset, d.span.offset + d.span.length), 's3:GetObjekt');
  });

  test('an alias bomb is bounded', () => {
    let text = `AWSTemplateFormatVersion: '2010-09-09'\nMappings:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n`;
    for (let i = 1; i < 12; i++) text += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: *a11\n            Resource: '*'\n`;
    const t0 = process.hrtime.bigint();
    const r = service.validate({ uri: 'file:///bomb.yaml', text });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.ok(r.diagnostics.some((d) => d.code === 'YAML_SYNTAX_ERROR' && /aliases/.test(d.message)));
  });

  test('multi-document files: every template document is read', () => {
    const doc = (a: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: ${a}\n            Resource: '*'\n`;
    const r = parse(`${doc('s3:GetObject')}---\n${doc('s3:PutObject')}`);
    assert.equal(r.policies.length, 2);
  });

  test('parsing never throws on hostile input', () => {
    const inputs = ['AWSTemplateFormatVersion: [', 'Resources:\n  X: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: !If}}', 'Resources: !Ref', 'AWSTemplateFormatVersion: x\nResources:\n  P:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyDocument: "{\\"Statement\\": [\\u00"', '\u0000\u0001AWSTemplateFormatVersion: \t- ]'];
    for (const text of inputs) {
      const r = service.validate({ uri: 'file:///h.yaml', text });
      for (const d of r.diagnostics) assert.ok(d.span.offset + d.span.length <= text.length);
    }
  });
});

describe('cfn: embedded JSON offsets', () => {
  test('escaped JSON string: spans map to the host characters', () => {
    const host = '"{\\"Action\\": \\"s3:Get\\"}"';
    const value = JSON.parse(host) as string;
    const src = { kind: 'string' as const, value, span: { offset: 0, length: host.length }, path: [] };
    const { root } = parseEmbeddedJson(host, src, value);
    assert.equal(root?.kind, 'object');
    if (root?.kind !== 'object') return;
    const v = root.properties[0].value as ValueNode & { valueSpan?: { offset: number; length: number } };
    assert.equal(host.slice(v.span.offset, v.span.offset + v.span.length), '\\"s3:Get\\"');
    assert.equal(v.valueSpan && host.slice(v.valueSpan.offset, v.valueSpan.offset + v.valueSpan.length), 's3:Get');
  });
});

describe('cfn: YAML edits keep the style', () => {
  const base = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action:\n              - s3:GetObjekt\n              - s3:PutObject\n            Resource: '*'\n`;
  const run = (text: string, mk: (p: PolicyDocument) => EditIntent): string => {
    const r = parse(text);
    const edits = r.renderer!.render(mk(r.policies[0]));
    assert.ok(edits, 'renders');
    return applyEdits(text, edits!);
  };
  const st = (p: PolicyDocument) => p.statements[0];
  const actionItems = (p: PolicyDocument) => (st(p).action!.value as { items: ValueNode[] }).items;

  test('replace a block sequence item', () => {
    const out = run(base, (p) => ({ kind: 'replaceValue', node: actionItems(p)[0], value: 's3:GetObject' }));
    assert.equal(out, base.replace('s3:GetObjekt', 's3:GetObject'));
  });
  test('insert a property in a block mapping at the siblings indentation', () => {
    const out = run(base, (p) => ({ kind: 'insertProperty', object: st(p).node as never, key: 'Sid', value: 'Read', position: 'first' }));
    assert.ok(out.includes('          - Sid: Read\n            Effect: Allow\n'), out);
    const out2 = run(base, (p) => ({ kind: 'insertProperty', object: st(p).node as never, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } } }));
    assert.ok(out2.endsWith("            Resource: '*'\n            Condition:\n              Bool:\n                aws:SecureTransport: 'true'\n"), out2);
  });
  test('append to and delete from a block sequence', () => {
    const out = run(base, (p) => ({ kind: 'appendItem', array: st(p).action!.value, value: 's3:ListBucket' }));
    assert.ok(out.includes('              - s3:PutObject\n              - s3:ListBucket\n'), out);
    const out2 = run(base, (p) => ({ kind: 'deleteItem', array: st(p).action!.value, item: actionItems(p)[0] }));
    assert.ok(out2.includes('            Action:\n              - s3:PutObject\n            Resource'), out2);
  });
  test('delete a property line; flow collections stay flow', () => {
    const out = run(base, (p) => ({ kind: 'deleteProperty', object: st(p).node as never, property: st(p).resource! }));
    assert.ok(!out.includes("Resource: '*'") && out.endsWith('- s3:PutObject\n'), out);
    const flow = base.replace('Action:\n              - s3:GetObjekt\n              - s3:PutObject', 'Action: [s3:GetObjekt, s3:PutObject]');
    const out2 = run(flow, (p) => ({ kind: 'appendItem', array: st(p).action!.value, value: 's3:ListBucket' }));
    assert.ok(out2.includes('Action: [s3:GetObjekt, s3:PutObject, s3:ListBucket]'), out2);
  });
  test('scalars are quoted when YAML would read them differently; a string becomes a block list under its key', () => {
    const text = base.replace('Action:\n              - s3:GetObjekt\n              - s3:PutObject', 'Action: s3:GetObject');
    const out = run(text, (p) => ({ kind: 'replaceValue', node: st(p).action!.value, value: ['s3:GetObject', 'yes', '*'] }));
    assert.ok(out.includes("Action:\n              - s3:GetObject\n              - 'yes'\n              - '*'\n            Resource"), out);
  });
  test('computed values are not edited', () => {
    const text = base.replace("Resource: '*'", "Resource: !Sub 'arn:${AWS::Partition}:s3:::b/*'");
    const r = parse(text);
    assert.equal(r.renderer!.render({ kind: 'replaceValue', node: r.policies[0].statements[0].resource!.value, value: '*' }), undefined);
  });
});

describe('cfn: incremental YAML parse of large templates', () => {
  const strip = (v: unknown): string => JSON.stringify(v, (k, val) => (k === 'path' ? undefined : val));
  test('the generated benchmark template has 5,000 lines and 150 policies', () => {
    const text = generateTemplate();
    assert.ok(text.split('\n').length >= 5000);
    assert.equal(parse(text).policies.length, 150);
    assert.ok(splitTemplate(text), 'the template is cut into pieces');
  });
  test('piece-wise parsing (with cache hits and shifted pieces) equals one full parse', () => {
    const base = generateTemplate(40, 1500).replace('Action: sts:AssumeRole', 'Action: sts:AssumeRolle');
    const edits = [base, base.replace('Sid: S1x0', 'Sid: S1x0 # a longer comment'), base.replace('s3:GetObject', 's3:GetObjekt'), base.replace('Sid: S5x1', 'Sid: [S5x1')];
    for (const text of edits) {
      const inc = parseYamlIncremental(text);
      const full = parseYaml(text);
      assert.equal(strip(inc.roots[0].root), strip(full.roots[0].root));
      assert.equal(strip(inc.problems.map((p) => p.span)), strip(full.problems.map((p) => p.span)));
      const a = service.validate({ uri: 'file:///big.yaml', text });
      assert.ok(a.diagnostics.length > 0);
    }
  });
});
