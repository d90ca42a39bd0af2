/**
 * The facts layer (server/src/facts/) and the shape of checks/: facts are keyed by the data
 * instance they were computed with, every memo lives in facts/cache.ts, no rule imports another
 * rule, and facts/ imports only model/ and data/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { getIamData, type IamData } from '../server/src/data/iamData';
import { conditionEntries, factsOf, statementFacts } from '../server/src/facts';
import { PolicyService } from '../server/src/service';
import { REPO_ROOT } from './helpers/fixtures';

const SRC = path.join(REPO_ROOT, 'server', 'src');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
}

const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}';

test('condition entries are keyed by the data instance as well as the statement', () => {
  const service = new PolicyService();
  const policy = service.parse({ uri: 'file:///p.json', text: POLICY }).policies[0];
  const st = policy.statements[0];
  const real = getIamData();
  assert.equal(conditionEntries(st, real)[0].keyKind, 'global');
  // A data instance that knows no keys: the same statement must be read again against it.
  const empty = { getConditionKey: () => undefined } as unknown as IamData;
  assert.equal(conditionEntries(st, empty)[0].keyKind, 'unknown');
  assert.equal(conditionEntries(st, real)[0].keyKind, 'global');
});

test('policy facts are built once per (policy, data) and share the statement facts', () => {
  const service = new PolicyService();
  const policy = service.parse({ uri: 'file:///p.json', text: POLICY }).policies[0];
  const data = getIamData();
  const facts = factsOf(policy, data);
  assert.equal(factsOf(policy, data), facts);
  assert.equal(facts.statements[0], statementFacts(policy.statements[0], data));
  assert.deepEqual(facts.statements[0].actions.map((a) => a.value), ['s3:GetObject']);
  assert.ok(facts.statements[0].resolvedActions.some((a) => a.name === 'GetObject'));
});

test('no rule imports another rule', () => {
  const rules = path.join(SRC, 'checks', 'rules');
  const offenders: string[] = [];
  for (const file of tsFiles(rules)) {
    if (path.basename(file) === 'index.ts') continue;
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(rules + path.sep)) offenders.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('facts/ imports only model/, data/ and itself', () => {
  const facts = path.join(SRC, 'facts');
  const offenders: string[] = [];
  for (const file of tsFiles(facts)) {
    for (const spec of imports(file)) {
      const target = path.resolve(path.dirname(file), spec);
      const ok = [facts, path.join(SRC, 'model'), path.join(SRC, 'data')].some((d) => target === d || target.startsWith(d + path.sep));
      if (!ok) offenders.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('memo caches live only in facts/cache.ts', () => {
  const dirs = [path.join(SRC, 'checks'), path.join(SRC, 'facts')];
  const files = [...dirs.flatMap(tsFiles), ...['hover.ts', 'statementInfo.ts', 'codeLens.ts', 'context.ts'].map((f) => path.join(SRC, 'features', f))];
  const offenders: string[] = [];
  for (const file of files) {
    // findingsCache.ts is the server's findings cache (a different concern, owned by the engine).
    if (file.endsWith(path.join('facts', 'cache.ts')) || file.endsWith('findingsCache.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (/^(?:export )?(?:const|let) \w+\s*(?::[^=]+)?=\s*new WeakMap/m.test(text) || /^(?:const|let) \w*(?:[Cc]ache|[Mm]emo)\w*\s*(?::[^=]+)?=\s*new Map/m.test(text)) {
      offenders.push(path.relative(SRC, file));
    }
  }
  assert.deepEqual(offenders, []);
});
