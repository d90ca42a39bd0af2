/**
 * Rules own their fixes (checks/fixPayload.ts). Data-driven over the registry and the fixtures:
 * - every diagnostic code named in server/src/features/ is a code of a registered check;
 * - every fix kind a rule declares has a before/after fixture under test/fixtures/fixes/ where that
 *   fix is offered for a finding of the rule and, applied, removes the finding;
 * - on every check's invalid fixtures (opt-in checks turned on), no finding gets a fix of a kind
 *   its rule does not declare, none is "safe" unless declared so, and every payload a finding
 *   carries is of a declared kind (a payload no fix reads would be a dead fix);
 * - payloads survive the LSP round trip (`parseFixPayload`) and hostile data is rejected.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, isPolicyType, type PolicyDiagnostic } from '../server/src/service';
import { CHECKS, getCheck, type RuleConfig } from '../server/src/checks/registry';
import { FIX_KINDS, declaredFix, parseFixPayload, type FixKindName } from '../server/src/model/fixPayload';
import { applyTextEdits, type DiagnosticRef, type EngineCodeAction } from '../server/src/features/codeActions';
import type { PolicyType } from '../server/src/model';
import { FIXTURES, REPO_ROOT, policyTypeFromName } from './helpers/fixtures';

const service = new PolicyService();

/** Every opt-in check turned on at its default severity. */
const ALL_ON: RuleConfig = Object.fromEntries(CHECKS.filter((c) => c.defaultLevel === 'off').map((c) => [c.code, 'warning']));

function refOf(d: PolicyDiagnostic): DiagnosticRef {
  return { code: d.code, span: d.span, ...(d.data ? { data: d.data } : {}), message: d.message };
}

function validate(text: string, uri: string, policyType: PolicyType | undefined, rules: RuleConfig) {
  return service.validate({ uri, text }, { policyType, rules });
}

/** The actions offered for one diagnostic alone, with their edits. */
function actionsFor(text: string, uri: string, policyType: PolicyType | undefined, rules: RuleConfig, d: PolicyDiagnostic): EngineCodeAction[] {
  return service.codeActions({ uri, text }, { span: d.span, diagnostics: [refOf(d)] }, { policyType, rules }).filter((a) => a.diagnostics?.length);
}

function sameFinding(a: PolicyDiagnostic, b: PolicyDiagnostic): boolean {
  return a.code === b.code && a.message === b.message;
}

describe('fix links name registered codes', () => {
  const root = path.join(REPO_ROOT, 'server', 'src', 'features');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
    }
  };
  walk(root);
  test('there are feature files', () => assert.ok(files.length > 5));
  for (const file of files) {
    test(path.relative(REPO_ROOT, file), () => {
      const src = fs.readFileSync(file, 'utf8');
      // Quoted upper-snake identifiers with at least two parts: diagnostic codes.
      for (const m of src.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g)) {
        assert.ok(getCheck(m[1]), `${path.basename(file)} names ${m[1]}, which no check reports`);
      }
    });
  }
});

describe('declarations', () => {
  test('hasFix derives from the declared fixes; kinds are known and declared once', () => {
    for (const c of CHECKS) {
      const kinds = (c.fixes ?? []).map((f) => f.kind);
      assert.equal(c.hasFix, kinds.length > 0, c.code);
      for (const k of kinds) assert.ok(FIX_KINDS.includes(k), `${c.code}: unknown fix kind ${k}`);
      assert.equal(new Set(kinds).size, kinds.length, `${c.code}: a kind declared twice`);
    }
  });
});

describe('every declared fix has a before/after fixture where it removes the finding', () => {
  const root = path.join(FIXTURES, 'fixes');
  const covered = new Set<string>();
  const dirs = fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory()).sort();
  for (const name of dirs) {
    const dir = path.join(root, name);
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'fix.json'), 'utf8')) as { policyType?: string; rules?: RuleConfig };
    const policyType = isPolicyType(spec.policyType) ? spec.policyType : undefined;
    const beforeName = fs.readdirSync(dir).find((n) => n.startsWith('before.'))!;
    const uri = `file:///fixture/policy.${beforeName.slice('before.'.length)}`;
    const raw = fs.readFileSync(path.join(dir, beforeName), 'utf8');
    const text = raw.replace(/[«»]/g, '').replace('|', '');
    const rules = spec.rules ?? {};
    const before = validate(text, uri, policyType, rules).diagnostics;
    for (const d of before) {
      for (const a of actionsFor(text, uri, policyType, rules, d)) {
        if (!a.fix || !a.edits?.length) continue;
        const after = validate(applyTextEdits(text, a.edits), uri, policyType, rules).diagnostics;
        if (after.filter((x) => sameFinding(x, d)).length < before.filter((x) => sameFinding(x, d)).length) covered.add(`${d.code}/${a.fix}`);
      }
    }
  }
  for (const c of CHECKS) {
    for (const f of c.fixes ?? []) {
      test(`${c.code}: ${f.kind}`, () => {
        assert.ok(covered.has(`${c.code}/${f.kind}`), `no fixture in test/fixtures/fixes/ where the ${f.kind} fix of ${c.code} is offered and removes the finding`);
      });
    }
  }
});

describe('no finding gets an undeclared fix (check fixtures, opt-in checks on)', () => {
  const checksDir = path.join(FIXTURES, 'checks');
  const offered = new Set<string>();
  for (const dir of fs.readdirSync(checksDir).sort()) {
    const files = fs.readdirSync(path.join(checksDir, dir)).filter((n) => n.startsWith('invalid') && n.endsWith('.json'));
    for (const name of files) {
      test(`${dir}/${name}`, () => {
        const text = fs.readFileSync(path.join(checksDir, dir, name), 'utf8');
        const policyType = policyTypeFromName(name);
        const uri = `file:///fixture/${name}`;
        const { diagnostics } = validate(text, uri, policyType, ALL_ON);
        for (const d of diagnostics) {
          const fixes = getCheck(d.code)?.fixes;
          if (d.data) {
            assert.ok(declaredFix(fixes, d.data.fix), `${d.code} carries a ${d.data.fix} payload it does not declare`);
            // The payload survives the LSP round trip ({code, ...payload} and back).
            assert.deepEqual(parseFixPayload(JSON.parse(JSON.stringify({ code: d.code, ...d.data }))), d.data, `${d.code}: payload round trip`);
          }
          for (const a of service.codeActions({ uri, text }, { span: d.span, diagnostics: [refOf(d)], lazy: true }, { policyType, rules: ALL_ON })) {
            for (const linked of a.diagnostics ?? []) {
              assert.ok(a.fix, `"${a.title}" resolves ${linked.code} but names no fix kind`);
              const decl = declaredFix(getCheck(linked.code)?.fixes, a.fix as FixKindName);
              assert.ok(decl, `${linked.code} gets an undeclared ${a.fix} fix: "${a.title}"`);
              if (a.safe) assert.notEqual(decl!.safe, false, `${linked.code}: "${a.title}" is safe but its ${a.fix} fix is declared unsafe`);
              offered.add(`${linked.code}/${a.fix}`);
            }
          }
        }
      });
    }
  }
  test('the sweep saw fixes offered', () => assert.ok(offered.size > 40, `${offered.size}`));
});

describe('payloads from a client are validated', () => {
  test('every member round-trips; unknown fields are dropped', () => {
    const members: unknown[] = [
      { fix: 'replace', replacements: ['a', 'b'] },
      { fix: 'changeOperator', operators: ['StringLike'], unsafe: true },
      { fix: 'restructure', value: { AWS: '111122223333' } },
      { fix: 'insert', key: 'Principal', value: { AWS: { $snippet: '${1:123456789012}' } }, after: 'Effect' },
      { fix: 'remove', target: 'property' },
      { fix: 'keepOnly', keep: '3600' },
      { fix: 'addCondition', key: 'aws:SourceArn' },
    ];
    for (const m of members) assert.deepEqual(parseFixPayload(m), m);
    assert.deepEqual(parseFixPayload({ code: 'X', fix: 'remove', target: 'item', extra: 1 }), { fix: 'remove', target: 'item' });
  });
  test('anything else is rejected, never thrown on', () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 100; i++) cur = (cur.a = {}) as Record<string, unknown>;
    const hostile: unknown[] = [
      undefined,
      null,
      'replace',
      [],
      { replacements: ['a'] }, // the old untyped shape
      { fix: 'replace' },
      { fix: 'replace', replacements: [] },
      { fix: 'replace', replacements: [1] },
      { fix: 'replace', replacements: 'a' },
      { fix: 'insert', key: 'Principal' },
      { fix: 'insert', key: 'K', value: deep },
      { fix: 'insert', key: 'K', value: () => 1 },
      { fix: 'insert', key: 'K', value: Number.NaN },
      { fix: 'remove' },
      { fix: 'remove', target: 'document' },
      { fix: 'keepOnly', keep: 3600 },
      { fix: 'addCondition', key: { toString: 'x' } },
      { fix: 'replace', replacements: ['a'], unsafe: 'yes' },
      { fix: 'eval', code: '1' },
      Object.defineProperty({}, 'fix', {
        get() {
          throw new Error('boom');
        },
      }),
    ];
    for (const h of hostile) assert.equal(parseFixPayload(h), undefined, JSON.stringify(h) ?? String(h));
  });
  test('a forged payload on a diagnostic gets no fix its rule does not declare', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }\n  ]\n}\n';
    const uri = 'file:///forged.json';
    const at = text.indexOf('"s3:GetObject"');
    const forged = { code: 'INVALID_ACTION', span: { offset: at, length: 14 }, data: { fix: 'remove', target: 'property' } } as unknown as DiagnosticRef;
    const garbage = { code: 'INVALID_ACTION', span: { offset: at, length: 14 }, data: { replacements: [{ $snippet: 'x' }] } } as unknown as DiagnosticRef;
    for (const d of [forged, garbage]) assert.deepEqual(service.codeActions({ uri, text }, { span: d.span, diagnostics: [d] }).filter((a) => a.diagnostics?.length), []);
  });
});
