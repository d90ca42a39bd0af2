/**
 * Issue #13 (real CDK code must not produce false errors): an ECR repository's resource policy names
 * no Resource (the policy applies to the repository), and a statement given to
 * `iam.Grant.addStatementToResourcePolicy` gets its resources from CDK. Both gave MISSING_RESOURCE
 * when the repository was only a declared (typed) variable. A bucket's statement without Resource
 * still does. Fixtures in test/fixtures/cdk/implicit-resource/, one per language.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';
import { resourceElementOf } from '../server/src/adapters/cdk/tables';

const dir = path.join(__dirname, '..', '..', 'test', 'fixtures', 'cdk', 'implicit-resource');
const fixtureDir = fs.existsSync(dir) ? dir : path.join(process.cwd(), 'test', 'fixtures', 'cdk', 'implicit-resource');

// [file, the 1-based lines of the MISSING_RESOURCE findings (the bucket statement's only), policies typed resource]
const CASES: [string, number[], number][] = [
  ['declared-repo.ts', [27], 3],
  ['declared_repo.py', [9], 2],
  ['DeclaredRepo.java', [12], 2],
  ['DeclaredRepo.cs', [14], 2],
  ['declared_repo.go', [15], 2],
];

const service = new PolicyService();

before(async () => {
  for (const [file] of CASES) {
    const text = fs.readFileSync(path.join(fixtureDir, file), 'utf8');
    assert.equal(await initCdkFor({ uri: `file:///s4/${file}`, text }), true, `grammar for ${file}`);
  }
});

for (const [file, lines, resourcePolicies] of CASES) {
  test(`${file}: MISSING_RESOURCE only on the bucket statement`, () => {
    const text = fs.readFileSync(path.join(fixtureDir, file), 'utf8');
    const doc = { uri: `file:///s4/${file}`, text };
    const parsed = service.parse(doc, {});
    assert.equal(parsed.policies.filter((p) => p.type === 'resource').length, resourcePolicies, 'every statement is a resource policy');
    const found = service.validate(doc, {}).diagnostics.filter((d) => d.code === 'MISSING_RESOURCE').map((d) => text.slice(0, d.span.offset).split('\n').length);
    assert.deepEqual(found, lines);
  });
}

test('resourceElementOf: constructed class or declared type', () => {
  assert.equal(resourceElementOf('Repository', 'repo', ''), 'implicit');
  assert.equal(resourceElementOf('Bucket', 'repo', 'repo: ecr.IRepository'), undefined, 'a constructed class wins');
  const yes: [string, string][] = [
    ['repo', 'declare const repo: ecr.IRepository;'],
    ['repo', 'constructor(private readonly repo?: Repository) {}'],
    ['repo', 'def f(repo: ecr.IRepository):'],
    ['repo', 'IRepository repo = other;'],
    ['repo', 'public void F(ecr.Repository repo) {}'],
    ['repo', 'func f(repo awsecr.IRepository) {}'],
    ['repo', 'var repo *awsecr.Repository'],
  ];
  for (const [name, text] of yes) assert.equal(resourceElementOf(undefined, name, text), 'implicit', text);
  const no: [string, string][] = [
    ['bucket', 'declare const bucket: s3.IBucket; const repo: ecr.IRepository'],
    ['repo', 'declare const repo: s3.IBucket; // Repository'],
    ['myrepo', 'declare const repo: ecr.IRepository;'],
    ['this.repo', 'repo: ecr.IRepository'],
  ];
  for (const [name, text] of no) assert.equal(resourceElementOf(undefined, name, text), undefined, text);
});
