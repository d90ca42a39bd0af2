/**
 * Before/after fixtures for quick fixes in CDK source (the contract of test/fixes.test.ts, applied
 * to test/fixtures/cdk/fixes/<name>/): before.<ts|js|py> with a `|` cursor or `«…»` range,
 * fix.json {"title": …}, after.<ext>. Every action offered must leave a file that still parses to
 * policies and no longer has the diagnostics it claims to fix; the chosen one must give after.<ext>.
 * Regenerate with UPDATE_FIXTURES=1 and review the diff.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService, type PolicyDiagnostic } from '../server/src/service';
import { applyTextEdits, codeActions, snippetToPlain, type DiagnosticRef, type EngineCodeAction } from '../server/src/features/codeActions';
import { initCdkFor } from '../server/src/adapters/cdk';
import type { Span } from '../server/src/model';
import { FIXTURES, UPDATING } from './helpers/fixtures';

const service = new PolicyService();
const data = service.data;

before(async () => {
  for (const uri of ['file:///a.ts', 'file:///a.js', 'file:///a.py']) await initCdkFor({ uri, text: uri.endsWith('.py') ? 'import aws_cdk' : "'aws-cdk-lib'" });
});

function splitMarkers(raw: string): { text: string; span: Span } {
  const open = raw.indexOf('«');
  if (open >= 0) {
    const close = raw.indexOf('»', open);
    return { text: raw.slice(0, open) + raw.slice(open + 1, close) + raw.slice(close + 1), span: { offset: open, length: close - open - 1 } };
  }
  const c = raw.indexOf('|');
  assert.ok(c >= 0, 'no | cursor or «…» range marker');
  return { text: raw.slice(0, c) + raw.slice(c + 1), span: { offset: c, length: 0 } };
}

const refs = (diags: PolicyDiagnostic[]): DiagnosticRef[] => diags.map((d) => ({ code: d.code, span: d.span, data: d.data, message: d.message }));
const touches = (a: Span, b: Span): boolean => a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;

function assertFixWorks(text: string, action: EngineCodeAction, uri: string): string {
  assert.ok(action.edits && action.edits.length > 0, `"${action.title}" has no edits`);
  for (const e of action.edits!) {
    assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `"${action.title}": edit outside the document`);
    if (e.snippet) assert.doesNotMatch(snippetToPlain(e.newText), /\$\{\d/, `"${action.title}": malformed snippet`);
  }
  const result = applyTextEdits(text, action.edits!);
  const before = service.validate({ uri, text });
  const after = service.validate({ uri, text: result });
  assert.ok(after.parse.policies.length >= before.parse.policies.length, `"${action.title}" loses a policy:\n${result}`);
  // The source still parses where the policy is: every statement keeps its elements.
  const shape = (r: typeof before): string => r.parse.policies.map((p) => p.statements.map((s) => [s.action, s.resource, s.principal].map((x) => (x ? 1 : 0)).join('')).join(',')).join(';');
  assert.ok(shape(after).length >= shape(before).length, `"${action.title}" breaks the statement:\n${result}`);
  for (const d of action.diagnostics ?? []) {
    const count = (ds: PolicyDiagnostic[]): number => ds.filter((x) => x.code === d.code && x.message === d.message).length;
    assert.ok(count(after.diagnostics) < count(before.diagnostics), `"${action.title}" does not fix ${d.code}: ${d.message}\n${result}`);
  }
  return result;
}

const root = path.join(FIXTURES, 'cdk', 'fixes');
const names = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory()).sort() : [];

describe('cdk fixes (before/after fixtures)', () => {
  test('there are fixtures for every language', () => {
    for (const ext of ['ts', 'js', 'py']) assert.ok(names.some((n) => fs.existsSync(path.join(root, n, `before.${ext}`))), ext);
  });
  for (const name of names) {
    test(name, () => {
      const dir = path.join(root, name);
      const spec = JSON.parse(fs.readFileSync(path.join(dir, 'fix.json'), 'utf8')) as { title: string; offered?: string[] };
      const beforeName = fs.readdirSync(dir).find((n) => n.startsWith('before.'))!;
      const ext = beforeName.slice('before.'.length);
      const uri = `file:///fixture/stack.${ext}`;
      const { text, span } = splitMarkers(fs.readFileSync(path.join(dir, beforeName), 'utf8'));
      const { parse, diagnostics } = service.validate({ uri, text });
      assert.ok(parse.format.startsWith('cdk-'));
      const inRange = refs(diagnostics.filter((d) => touches(d.span, span)));
      const actions = codeActions(text, parse, data, { span, diagnostics: inRange });
      const titles = actions.map((a) => a.title);
      for (const t of spec.offered ?? []) assert.ok(titles.includes(t), `"${t}" not offered; offered:\n${titles.join('\n')}`);
      for (const a of actions) assertFixWorks(text, a, uri);
      const chosen = actions.find((a) => a.title === spec.title);
      assert.ok(chosen, `no action titled "${spec.title}"; offered:\n${titles.join('\n')}`);
      const result = assertFixWorks(text, chosen!, uri);
      const afterFile = path.join(dir, `after.${ext}`);
      if (UPDATING) fs.writeFileSync(afterFile, result);
      assert.equal(result, fs.readFileSync(afterFile, 'utf8'));
    });
  }
});
