/**
 * Data-driven check tests. Every registered check has a folder test/fixtures/checks/<code>/ with
 * at least one `valid*` fixture (must not produce that code) and one `invalid*` fixture whose
 * `.expected` file lists exactly the findings of that code (line:col-line:col severity CODE message).
 * A policy type in a fixture name (`invalid.trust.json`) forces that policy type.
 * Regenerate expected files with UPDATE_FIXTURES=1 npm test, then review the diff.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, defaultSeverity } from '../server/src/checks/registry';
import { PolicyService } from '../server/src/service';
import { FIXTURES, codeDir, expectedFor, formatDiagnostics, listFiles, policyTypeFromName } from './helpers/fixtures';

const service = new PolicyService();

function diagnosticsFor(file: string, code: string) {
  const text = fs.readFileSync(file, 'utf8');
  // Opt-in checks (defaultLevel 'off') are turned on for their own fixtures.
  const check = CHECKS.find((c) => c.code === code);
  const rules = check?.defaultLevel === 'off' ? { [code]: defaultSeverity(check) } : undefined;
  const { diagnostics } = service.validate({ uri: `file://${file}`, text }, { policyType: policyTypeFromName(file), rules });
  return { text, diagnostics: diagnostics.filter((d) => d.code === code), all: diagnostics };
}

for (const check of CHECKS) {
  const dir = path.join(FIXTURES, 'checks', codeDir(check.code));
  const files = listFiles(dir, (n) => !n.endsWith('.expected') && !n.endsWith('.md'));
  describe(`check ${check.code}`, () => {
    test('has valid and invalid fixtures', () => {
      assert.ok(files.some((f) => path.basename(f).startsWith('valid')), `no valid fixture in ${dir}`);
      assert.ok(files.some((f) => path.basename(f).startsWith('invalid')), `no invalid fixture in ${dir}`);
    });
    for (const file of files) {
      const name = path.basename(file);
      if (name.startsWith('valid')) {
        test(name, () => {
          const { text, diagnostics } = diagnosticsFor(file, check.code);
          assert.equal(formatDiagnostics(text, diagnostics), '', `${name} must not produce ${check.code}`);
        });
      } else if (name.startsWith('invalid')) {
        test(name, () => {
          const { text, diagnostics } = diagnosticsFor(file, check.code);
          const actual = formatDiagnostics(text, diagnostics);
          assert.ok(diagnostics.length > 0, `${name} must produce ${check.code}`);
          assert.equal(actual, expectedFor(file, actual));
        });
      }
    }
  });
}

test('every check has a unique code and documentation link', () => {
  const codes = new Set<string>();
  for (const c of CHECKS) {
    assert.ok(!codes.has(c.code), `duplicate code ${c.code}`);
    codes.add(c.code);
    assert.match(c.docs, /^https:\/\//, `${c.code} has no docs URL`);
    assert.ok(c.description.length > 10, `${c.code} has no description`);
  }
});
