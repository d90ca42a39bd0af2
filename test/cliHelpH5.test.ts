/**
 * `iam-policy-lint --help` names every CDK language the adapter reads (it said TypeScript,
 * JavaScript and Python after Java, C# and Go had landed) and cdk-iam-floyd. Each language is
 * tied to a file the CDK adapter accepts, so a language added there must be added to the help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../server/src/cli';
import { cdkLanguageOf } from '../server/src/adapters/cdk';
import { CANDIDATE_FILE } from '../server/src/adapters';

async function help(): Promise<string> {
  let out = '';
  const code = await main(['--help'], { stdout: (s: string) => void (out += s), stderr: () => undefined });
  assert.equal(code, 0);
  return out;
}

const LANGUAGES: [file: string, name: string][] = [
  ['stack.ts', 'TypeScript'],
  ['stack.js', 'JavaScript'],
  ['stack.py', 'Python'],
  ['Stack.java', 'Java'],
  ['Stack.cs', 'C#'],
  ['stack.go', 'Go'],
];

test('--help names every CDK language the adapter reads, and cdk-iam-floyd', async () => {
  const text = await help();
  const intro = text.slice(0, text.indexOf('Options:'));
  for (const [file, name] of LANGUAGES) {
    assert.ok(cdkLanguageOf({ uri: `file:///p/${file}`, text: '' }), `${file} is a CDK file`);
    assert.ok(CANDIDATE_FILE.test(file), `${file} is walked`);
    assert.ok(new RegExp(`(^|[ ,(])${name.replace(/[#+]/g, '\\$&')}([ ,)]|$)`, 'm').test(intro), `the help names ${name}:\n${intro}`);
  }
  assert.match(intro, /cdk-iam-floyd/);
  assert.match(intro, /import the CDK/);
});
