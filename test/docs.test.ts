/**
 * docs/checks.md is generated from the check registry: code, finding type and severity, policy
 * types, one-line description, quick fix (the rule's declared fix kinds), documentation link, and for our own checks a section
 * with their longer documentation. This test fails when the committed file differs from what the
 * registry renders; `UPDATE_FIXTURES=1 npm test` rewrites it (review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, defaultSeverity } from '../server/src/checks/registry';
import { OWN_DOCS, type Check } from '../server/src/checks/types';
import type { FixKindName } from '../server/src/model/fixPayload';
import { REPO_ROOT, UPDATING } from './helpers/fixtures';

const DOC = path.join(REPO_ROOT, 'docs', 'checks.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function anchor(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

function severityText(c: Check): string {
  const s = `${c.findingType} (${defaultSeverity(c)})`;
  return c.defaultLevel === 'off' ? `${s}, off by default` : s;
}

function policyTypes(c: Check): string {
  return c.policyTypes === 'all' ? 'all' : c.policyTypes.join(', ');
}

const FIX_LABEL: Record<FixKindName, string> = {
  replace: 'replace',
  changeOperator: 'change operator',
  restructure: 'restructure value',
  insert: 'insert element',
  remove: 'remove',
  keepOnly: 'keep one value',
  addCondition: 'add condition',
  apiName: 'IAM action for an API name',
  expandWildcard: 'expand wildcard',
  arnTemplates: 'ARN templates',
};

/** The quick fix column: derived from the rule's declared fixes (kinds, and whether fix-all applies them). */
function fixText(c: Check): string {
  if (!c.fixes?.length) return 'no';
  return c.fixes.map((f) => `${FIX_LABEL[f.kind]}${f.safe === true ? ' (fix-all)' : f.safe === 'caseOnly' ? ' (fix-all if only letter case changes)' : ''}`).join(', ');
}

function docsLink(c: Check): string {
  return c.origin === 'access-analyzer' ? `[AWS](${c.docs})` : `[below](#${anchor(c.code)})`;
}

export function renderChecksDoc(checks: readonly Check[]): string {
  const aa = checks.filter((c) => c.origin === 'access-analyzer').length;
  const own = checks.length - aa;
  const lines: string[] = [
    '# Checks',
    '',
    '<!-- Generated from server/src/checks/registry.ts by test/docs.test.ts. Do not edit by hand: run `UPDATE_FIXTURES=1 npm test` and review the diff. -->',
    '',
    `${checks.length} checks: ${aa} of IAM Access Analyzer's documented policy checks, run offline under Access Analyzer's own issue codes, and ${own} of our own.`,
    '',
    'Finding types map to severities: ERROR → error, SECURITY_WARNING and WARNING → warning, SUGGESTION → info. Change a check\'s level or turn it off with the `iamPolicy.rules` setting or the CLI\'s `--rule CODE=level` (`off`, `error`, `warning`, `info`, `hint`). Checks marked "off by default" run only when a rule turns them on.',
    '',
    'The "Quick fix" column lists the fixes a check declares (its findings get no others); "(fix-all)" marks fixes that "Fix all" applies without review.',
    '',
    '| Code | Finding type (severity) | Policy types | What it finds and what to do | Quick fix | Docs |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of checks) {
    lines.push(`| \`${c.code}\` | ${severityText(c)} | ${policyTypes(c)} | ${cell(c.description)} | ${fixText(c)} | ${docsLink(c)} |`);
  }
  const documented = checks.filter((c) => c.origin === 'iam-policy-author' || c.details);
  if (documented.length) {
    lines.push('', '## Check details', '');
    for (const c of documented) {
      lines.push(`<a id="${anchor(c.code)}"></a>`, '', `### ${c.code}: ${c.title}`, '');
      lines.push(`${severityText(c)}; policy types: ${policyTypes(c)}; quick fix: ${fixText(c)}.`, '');
      lines.push(c.description, '');
      if (c.details) lines.push(c.details, '');
      if (c.origin === 'access-analyzer') lines.push(`Access Analyzer documentation: ${c.docs}`, '');
    }
  }
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

test('docs/checks.md is generated from the check registry', () => {
  const actual = renderChecksDoc(CHECKS);
  if (UPDATING) {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, actual);
    return;
  }
  assert.ok(fs.existsSync(DOC), 'docs/checks.md is missing: run UPDATE_FIXTURES=1 npm test');
  const committed = fs.readFileSync(DOC, 'utf8').replace(/\r\n/g, '\n');
  assert.equal(committed, actual, 'docs/checks.md is out of date: run UPDATE_FIXTURES=1 npm test and review the diff');
});

test('every check of our own links to its section in docs/checks.md', () => {
  const text = renderChecksDoc(CHECKS);
  for (const c of CHECKS.filter((k) => k.origin === 'iam-policy-author')) {
    assert.ok(c.docs.startsWith(`${OWN_DOCS}#`), `${c.code}: docs link should point into docs/checks.md`);
    const fragment = c.docs.slice(c.docs.indexOf('#') + 1);
    assert.ok(text.includes(`<a id="${fragment}"></a>`), `${c.code}: no section with anchor ${fragment}`);
  }
});

test('the rendered table has one row per check', () => {
  const text = renderChecksDoc(CHECKS);
  for (const c of CHECKS) assert.ok(text.includes(`| \`${c.code}\` |`), `${c.code} missing from the table`);
  assert.equal(text.split('\n').filter((l) => l.startsWith('| `')).length, CHECKS.length);
});
