import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';

const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'syntaxes', 'iam-injection.tmLanguage.json'), 'utf8'));
const re = (name: string): RegExp => new RegExp(grammar.repository[name].match);

test('the injection grammar is contributed for JSON and YAML', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
  assert.ok(entry);
  assert.deepEqual(entry.injectTo, ['source.json', 'source.json.comments', 'source.yaml']);
  assert.ok(fs.existsSync(path.join(REPO_ROOT, entry.path)));
  assert.match(grammar.injectionSelector, /string\.quoted\.double\.json/);
});

test('grammar patterns split ARNs, actions, principals and variables', () => {
  assert.deepEqual(re('arn').exec('arn:aws:sqs:us-east-1:111122223333:jobs')?.slice(1), ['arn', ':', 'aws', ':', 'sqs', ':', 'us-east-1', ':', '111122223333', ':', 'jobs']);
  assert.equal(re('arn').exec('arn:aws:s3:::bucket/${aws:username}/*')?.[11], 'bucket/${aws:username}/*');
  assert.deepEqual(re('action').exec('ec2:Describe*')?.slice(1), ['ec2', ':', 'Describe*']);
  assert.equal(re('action').exec('arn:aws:s3:::b'), null);
  assert.deepEqual(re('service-principal').exec('lambda.amazonaws.com')?.slice(1), ['lambda', '.amazonaws.com']);
  assert.equal(re('variable').exec('home/${aws:username}/')?.[2], 'aws:username');
});
