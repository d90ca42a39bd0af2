import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { FINGERPRINTED_FIELDS, policyFingerprint } from '../server/src/checks/findingsCache';
import type { PolicyDocument, ValueNode } from '../server/src/model';
import { FIXTURES, policyTypeFromName } from './helpers/fixtures';

/** Every policy-bearing fixture: check fixtures, CloudFormation templates (real ones too). */
function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml|template)$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(FIXTURES, 'checks'));
  walk(path.join(FIXTURES, 'cfn'));
  return out.sort();
}

const uriOf = (file: string): string => `file://${file}`;
const settingsOf = (file: string) => {
  const policyType = policyTypeFromName(file);
  return policyType ? { policyType } : {};
};

function shifted(ds: PolicyDiagnostic[], delta: number): PolicyDiagnostic[] {
  return ds.map((d) => ({ ...d, span: { offset: d.span.offset + delta, length: d.span.length } }));
}

test('findings cache: every fixture validates the same with cached, shifted findings as without the cache', () => {
  const files = corpus();
  assert.ok(files.length > 100, `corpus has ${files.length} files`);
  const cached = new PolicyService(undefined, { cacheFindings: true });
  let policies = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const uri = uriOf(file);
    const settings = settingsOf(file);
    // Reference: a fresh service, nothing cached.
    const reference = new PolicyService(cached.data).validate({ uri, text }, settings).diagnostics;
    // Warm the shared service, then validate the same document moved down by a blank prefix:
    // every policy is a hit whose findings must come back at the new offsets.
    cached.validate({ uri, text }, settings);
    const prefix = '\n\n  \n';
    const hitsBefore = cached.findingsCache!.hits;
    const moved = cached.validate({ uri, text: prefix + text }, settings);
    const n = moved.parse.policies.length;
    policies += n;
    assert.equal(cached.findingsCache!.hits - hitsBefore, n, `${path.relative(FIXTURES, file)}: every policy is a cache hit`);
    const expected = shifted(reference, prefix.length).filter((d) => !d.code.endsWith('SYNTAX_ERROR'));
    const actual = moved.diagnostics.filter((d) => !d.code.endsWith('SYNTAX_ERROR'));
    assert.deepEqual(actual, expected, path.relative(FIXTURES, file));
  }
  assert.ok(policies > 100, `${policies} policies compared`);
});

test('findings cache: adapters set no model field that the fingerprint does not read', () => {
  const service = new PolicyService(undefined, { cacheFindings: true });
  const allowed = {
    node: new Set<string>(FINGERPRINTED_FIELDS.node),
    property: new Set<string>(FINGERPRINTED_FIELDS.property),
    policy: new Set<string>(FINGERPRINTED_FIELDS.policy),
    statement: new Set<string>(FINGERPRINTED_FIELDS.statement),
  };
  const extra = (obj: object, set: Set<string>, where: string): void => {
    for (const k of Object.keys(obj)) assert.ok(set.has(k), `${where}: field "${k}" is not fingerprinted`);
  };
  const visit = (n: ValueNode, where: string): void => {
    extra(n, allowed.node, where);
    if (n.kind === 'array') n.items.forEach((i) => visit(i, where));
    if (n.kind === 'object') {
      for (const p of n.properties) {
        extra(p, allowed.property, where);
        visit(p.value, where);
      }
    }
    if (n.kind === 'unknown') n.alternatives?.forEach((a) => visit(a, where));
  };
  for (const file of corpus()) {
    const parse = service.parse({ uri: uriOf(file), text: fs.readFileSync(file, 'utf8') }, settingsOf(file));
    for (const p of parse.policies) {
      const where = path.relative(FIXTURES, file);
      extra(p, allowed.policy, where);
      for (const st of p.statements) extra(st, allowed.statement, where);
      visit(p.root, where);
    }
  }
});

function parseOne(text: string, uri = 'file:///t/template.yaml'): PolicyDocument[] {
  return new PolicyService().parse({ uri, text }).policies;
}

const TEMPLATE = (action: string, resource: string, pad = '') => `${pad}AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: {Type: String}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ${action}
            Resource: ${resource}
`;

test('findings cache: the fingerprint moves with the policy and changes with any value', () => {
  const base = policyFingerprint(parseOne(TEMPLATE('s3:GetObject', "!Sub 'arn:aws:s3:::b-${Stage}/*'"))[0]);
  // Same policy further down the file: same fingerprint.
  assert.equal(policyFingerprint(parseOne(TEMPLATE('s3:GetObject', "!Sub 'arn:aws:s3:::b-${Stage}/*'", '# moved\n\n'))[0]), base);
  // A different action, a different hole in a partial value, a known value instead of a partial one,
  // a reference instead of a value, a value written in another style (quotes change valueSpan/raw spans).
  const variants = [
    TEMPLATE('s3:GetObjekt', "!Sub 'arn:aws:s3:::b-${Stage}/*'"),
    TEMPLATE('s3:GetObject', "!Sub 'arn:aws:s3:::b-${AWS::Region}/*'"),
    TEMPLATE('s3:GetObject', "'arn:aws:s3:::b-${Stage}/*'"),
    TEMPLATE('s3:GetObject', '!Ref Stage'),
    TEMPLATE('s3:GetObject', '!GetAtt Stage.Arn'),
    TEMPLATE("'s3:GetObject'", "!Sub 'arn:aws:s3:::b-${Stage}/*'"),
  ];
  const seen = new Set([base]);
  for (const v of variants) {
    const fp = policyFingerprint(parseOne(v)[0]);
    assert.ok(!seen.has(fp), `fingerprint differs for:\n${v}`);
    seen.add(fp);
  }
  // The policy type and resource type are part of it too.
  const p = parseOne(TEMPLATE('s3:GetObject', "'*'"))[0];
  assert.notEqual(policyFingerprint({ ...p, type: 'resource' }), policyFingerprint(p));
  assert.notEqual(policyFingerprint({ ...p, resourceType: 'AWS::S3::Bucket' }), policyFingerprint(p));
});

test('findings cache: an edit inside one policy re-runs only that policy; the others come back shifted', () => {
  const service = new PolicyService(undefined, { cacheFindings: true });
  const two = (first: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  A:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ${first}
            Resource: '*'
  B:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: '*'
`;
  const uri = 'file:///t/two.yaml';
  const before = service.validate({ uri, text: two('s3:GetObject') });
  const misses = service.findingsCache!.misses;
  const hits = service.findingsCache!.hits;
  const text = two('s3:GetObjectTorrentX');
  const after = service.validate({ uri, text });
  assert.equal(service.findingsCache!.misses - misses, 1);
  assert.equal(service.findingsCache!.hits - hits, 1);
  // B's INVALID_ACTION moved by the length of the edit and still points at its value.
  const b = after.diagnostics.find((d) => d.code === 'INVALID_ACTION' && text.slice(d.span.offset, d.span.offset + d.span.length).includes('GetObjekt'));
  assert.ok(b, 'B still reported at its new place');
  const bBefore = before.diagnostics.find((d) => d.code === 'INVALID_ACTION' && d.span.offset > before.parse.policies[1].root.span.offset);
  assert.equal(b.span.offset - bBefore!.span.offset, 'TorrentX'.length);
  // A's new action is reported: the edited policy was checked again.
  assert.ok(after.diagnostics.some((d) => d.code === 'INVALID_ACTION' && text.slice(d.span.offset, d.span.offset + d.span.length).includes('TorrentX')));
  // Different rules are a different cache entry.
  const off = service.validate({ uri, text }, { rules: { INVALID_ACTION: 'off' } });
  assert.ok(!off.diagnostics.some((d) => d.code === 'INVALID_ACTION'));
});
