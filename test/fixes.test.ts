/**
 * Before/after tests for quick fixes and rewrites. Each folder test/fixtures/fixes/<name>/ holds:
 * - before.json: the document, with a `|` cursor or a `«…»` range where code actions are requested;
 * - fix.json: {"title": exact title of the action to apply} or {"fixAll": true}; optional
 *   "policyType", "rules" (rule levels, e.g. to turn on an opt-in check), "offered"/"notOffered"
 *   (titles that must / must not be among the actions);
 * - after.json: the document after applying it (snippet placeholders reduced to their defaults).
 * The generic checks run for every action offered by every fixture, not only the chosen one:
 * the result parses without problems and every diagnostic the action claims to fix is gone.
 * Regenerate after.json with UPDATE_FIXTURES=1 and review the diff.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { applyTextEdits, codeActions, fixAllAction, resolveCodeAction, snippetToPlain, type DiagnosticRef, type EngineCodeAction } from '../server/src/features/codeActions';
import { shrinkActions } from '../server/src/features/fixes/wildcards';
import { API_ACTION_MAP } from '../server/src/data/apiActionMap';
import { isPolicyType } from '../server/src/service';
import type { PolicyType, Span } from '../server/src/model';
import type { RuleConfig } from '../server/src/checks/registry';
import { FIXTURES, UPDATING } from './helpers/fixtures';

const service = new PolicyService();
const data = service.data;

interface FixSpec {
  title?: string;
  fixAll?: boolean;
  policyType?: string;
  offered?: string[];
  notOffered?: string[];
  /** Rule levels (e.g. to turn on an opt-in check). */
  rules?: RuleConfig;
}

function splitMarkers(raw: string): { text: string; span: Span } {
  const open = raw.indexOf('«');
  if (open >= 0) {
    const close = raw.indexOf('»', open);
    assert.ok(close > open, 'range marker « without »');
    const text = raw.slice(0, open) + raw.slice(open + 1, close) + raw.slice(close + 1);
    return { text, span: { offset: open, length: close - open - 1 } };
  }
  const c = raw.indexOf('|');
  assert.ok(c >= 0, 'no | cursor or «…» range marker in before.json');
  return { text: raw.slice(0, c) + raw.slice(c + 1), span: { offset: c, length: 0 } };
}

function validate(text: string, policyType: PolicyType | undefined, uri = 'file:///fixture/policy.json', rules?: RuleConfig) {
  return service.validate({ uri, text }, { policyType, ...(rules ? { rules } : {}) });
}

const beforeCache = new Map<string, ReturnType<typeof validate>>();
function validateCached(text: string, policyType: PolicyType | undefined, uri?: string, rules?: RuleConfig) {
  const key = `${policyType ?? ''}\u0000${uri ?? ''}\u0000${JSON.stringify(rules ?? {})}\u0000${text}`;
  let r = beforeCache.get(key);
  if (!r) beforeCache.set(key, (r = validate(text, policyType, uri, rules)));
  return r;
}

function refs(diags: PolicyDiagnostic[]): DiagnosticRef[] {
  return diags.map((d) => ({ code: d.code, span: d.span, data: d.data, message: d.message }));
}

function touches(a: Span, b: Span): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/** The generic contract of a fix: the result parses cleanly and the diagnostics it claims to fix are gone. */
function assertFixWorks(text: string, action: EngineCodeAction, policyType: PolicyType | undefined, uri?: string, rules?: RuleConfig): string {
  assert.ok(action.edits && action.edits.length > 0, `"${action.title}" has no edits`);
  for (const e of action.edits!) {
    assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `"${action.title}": edit outside the document`);
    if (e.snippet) assert.doesNotMatch(snippetToPlain(e.newText), /\$\{\d/, `"${action.title}": malformed snippet`);
  }
  const result = applyTextEdits(text, action.edits!);
  const after = validate(result, policyType, uri, rules);
  const before = validateCached(text, policyType, uri, rules);
  // The result parses (a document that had syntax errors gets no new ones).
  // (LIMIT_EXCEEDED is information about work skipped — e.g. "*" expanded to 22,091 actions — not a parse problem.)
  const parseProblems = (r: { parse: { problems: { code: string }[] } }) => r.parse.problems.filter((p) => p.code !== 'LIMIT_EXCEEDED');
  assert.ok(parseProblems(after).length <= parseProblems(before).length, `"${action.title}" leaves a document that does not parse:\n${result.slice(0, 2000)}\n${after.parse.problems.map((p) => p.message).join('\n')}`);
  assert.ok(after.parse.policies.length > 0, `"${action.title}" leaves no policy`);
  for (const d of action.diagnostics ?? []) {
    const count = (ds: PolicyDiagnostic[]): number => ds.filter((x) => x.code === d.code && x.message === d.message).length;
    assert.ok(count(after.diagnostics) < count(before.diagnostics), `"${action.title}" does not fix ${d.code}: ${d.message}\n${result}`);
  }
  return result;
}

const root = path.join(FIXTURES, 'fixes');
const names = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory()).sort() : [];

describe('fixes (before/after fixtures)', () => {
  test('there are fixtures', () => assert.ok(names.length >= 10));
  for (const name of names) {
    test(name, () => {
      const dir = path.join(root, name);
      const spec = JSON.parse(fs.readFileSync(path.join(dir, 'fix.json'), 'utf8')) as FixSpec;
      const policyType = isPolicyType(spec.policyType) ? spec.policyType : undefined;
      // before.<ext>/after.<ext>: the extension picks the host adapter (json, yaml for CloudFormation).
      const beforeName = fs.readdirSync(dir).find((n) => n.startsWith('before.'))!;
      const ext = beforeName.slice('before.'.length);
      const uri = `file:///fixture/policy.${ext}`;
      const { text, span } = splitMarkers(fs.readFileSync(path.join(dir, beforeName), 'utf8'));
      const { parse, diagnostics } = validate(text, policyType, uri, spec.rules);
      const inRange = refs(diagnostics.filter((d) => touches(d.span, span)));
      const actions = codeActions(text, parse, data, { span, diagnostics: inRange });
      const titles = actions.map((a) => a.title);
      for (const t of spec.offered ?? []) assert.ok(titles.includes(t), `"${t}" not offered; offered:\n${titles.join('\n')}`);
      for (const t of spec.notOffered ?? []) assert.ok(!titles.some((x) => x.startsWith(t)), `"${t}" must not be offered`);
      // Every action offered here satisfies the generic contract.
      for (const a of actions) assertFixWorks(text, a, policyType, uri, spec.rules);
      // Lazy requests defer costly edits; resolving gives the same edit.
      const lazy = codeActions(text, parse, data, { span, diagnostics: inRange, lazy: true });
      assert.deepEqual(lazy.map((a) => a.title), titles);
      for (const a of lazy) {
        if (a.edits) continue;
        const resolved = resolveCodeAction(text, parse, data, { span, diagnostics: inRange }, a.id);
        assert.deepEqual(resolved?.edits, actions.find((x) => x.id === a.id)?.edits, `resolve of "${a.title}"`);
      }
      let chosen: EngineCodeAction | undefined;
      if (spec.fixAll) {
        chosen = fixAllAction(text, parse, data, refs(diagnostics));
        assert.ok(chosen, 'no fix-all action');
      } else {
        chosen = actions.find((a) => a.title === spec.title);
        assert.ok(chosen, `no action titled "${spec.title}"; offered:\n${titles.join('\n')}`);
      }
      const result = assertFixWorks(text, chosen!, policyType, uri, spec.rules);
      const afterFile = path.join(dir, `after.${ext}`);
      if (UPDATING) fs.writeFileSync(afterFile, result);
      assert.equal(result, fs.readFileSync(afterFile, 'utf8'));
    });
  }
});

describe('fix-all', () => {
  test('applies only safe fixes and never a snippet', () => {
    const text = '{\n  "Statement": [\n    { "Effect": "allow", "Action": "s3:GetObjekt", "Resource": "*" }\n  ]\n}\n';
    const { parse, diagnostics } = validate(text, undefined);
    const fixAll = fixAllAction(text, parse, data, refs(diagnostics));
    assert.ok(fixAll);
    const result = applyTextEdits(text, fixAll!.edits!);
    assert.match(result, /"Version": "2012-10-17"/);
    assert.match(result, /"Effect": "Allow"/);
    // A spelling guess is not safe: the action stays for the user to review.
    assert.match(result, /s3:GetObjekt/);
  });
});

describe('shrink to wildcards', () => {
  test('never changes the set of actions matched today', () => {
    const inputs = [
      data.matchActions('s3:Get*').map((a) => `${a.service}:${a.name}`),
      [...data.matchActions('s3:List*').map((a) => `${a.service}:${a.name}`), 's3:PutObject', 'ec2:DescribeInstances'],
      data.matchActions('sqs:*').map((a) => `${a.service}:${a.name}`),
      data.matchActions('iam:Get*').map((a) => `${a.service}:${a.name}`).slice(1),
    ];
    for (const values of inputs) {
      const r = shrinkActions(data, values);
      if (!r) continue;
      const set = (vs: string[]) => new Set(vs.flatMap((v) => data.matchActions(v).map((a) => `${a.service}:${a.name}`.toLowerCase())));
      assert.deepEqual([...set(r.values)].sort(), [...set(values)].sort());
      assert.ok(r.values.join('').length < values.join('').length);
    }
    assert.deepEqual(shrinkActions(data, data.matchActions('sqs:*').map((a) => `${a.service}:${a.name}`))?.values, ['sqs:*']);
  });
  test('offers nothing when no wildcard matches only listed actions', () => {
    assert.equal(shrinkActions(data, ['s3:GetObject', 's3:PutObject']), undefined);
  });
});

// ARN template matching (used to keep the actions that apply to a statement's resources) is tested in arn.test.ts.

describe('API name table', () => {
  test('keys are not IAM actions and every target is one', () => {
    for (const [api, actions] of Object.entries(API_ACTION_MAP)) {
      const [svc, name] = api.split(':');
      assert.equal(data.findAction(svc, name), undefined, `${api} is an IAM action itself`);
      for (const a of actions) {
        const [s, n] = a.split(':');
        assert.ok(data.findAction(s, n), `${a} (for ${api}) is not an IAM action`);
        assert.equal(data.findAction(s, n)!.name, n, `${a} is not spelled as in the data`);
      }
    }
  });
});

describe('every fix offered on the check fixtures keeps the contract', () => {
  const checksDir = path.join(FIXTURES, 'checks');
  const dirs = fs.existsSync(checksDir) ? fs.readdirSync(checksDir).sort() : [];
  for (const dir of dirs) {
    const files = fs.readdirSync(path.join(checksDir, dir)).filter((n) => n.startsWith('invalid') && n.endsWith('.json'));
    for (const name of files) {
      test(`${dir}/${name}`, () => {
        const text = fs.readFileSync(path.join(checksDir, dir, name), 'utf8');
        const typeSegment = name.split('.').slice(1, -1).find((p) => isPolicyType(p));
        const policyType = isPolicyType(typeSegment) ? typeSegment : undefined;
        const { parse, diagnostics } = validate(text, policyType);
        for (const d of diagnostics) {
          // Lazy: huge expansions (checked by the fixtures above) are left out of this sweep.
          const actions = codeActions(text, parse, data, { span: d.span, diagnostics: refs([d]), lazy: true });
          for (const a of actions) if (a.edits && a.diagnostics?.length) assertFixWorks(text, a, policyType);
        }
        const all = fixAllAction(text, parse, data, refs(diagnostics));
        if (all) assertFixWorks(text, all, policyType);
      });
    }
  }
});
