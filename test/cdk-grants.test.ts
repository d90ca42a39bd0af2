/**
 * CDK grants (`bucket.grantRead(role)`): a hover note on the method name saying it is CDK's
 * least-privilege path, and no diagnostics. TypeScript, JavaScript and Python.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyService } from '../server/src/service';
import { initCdkFor } from '../server/src/adapters/cdk';

const service = new PolicyService();

const TS = `import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
const bucket = new s3.Bucket(this, 'B');
const role = new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
bucket.grantRead(role);
table.grantReadWriteData(fn);
key.grant(role, 'kms:Decrypt');
// bucket.grantWrite(role) in a comment
const s = 'x.grantPut(y)';
role.grantee;
grantRead(role);
`;

const PY = `from aws_cdk import aws_s3 as s3
bucket = s3.Bucket(self, "B")
bucket.grant_read(role)
table.grant_read_write_data(fn)
# bucket.grant_write(role)
`;

function hoverAt(uri: string, text: string, needle: string, delta = 2) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return service.hover({ uri, text }, at + delta);
}

describe('cdk grants', () => {
  before(async () => {
    for (const uri of ['file:///g.ts', 'file:///g.py', 'file:///g.js']) await initCdkFor({ uri, text: uri.endsWith('.py') ? 'import aws_cdk' : "'aws-cdk-lib'" });
  });

  test('TypeScript: a hover on grantRead / grantReadWriteData / grant names CDK\'s least-privilege path', () => {
    const uri = 'file:///g.ts';
    for (const name of ['grantRead', 'grantReadWriteData', 'grant']) {
      const h = hoverAt(uri, TS, `.${name}(`, 2);
      assert.ok(h, name);
      assert.match(h.markdown, new RegExp(`^\\*\\*${name}\\(…\\)\\*\\* · CDK grant`));
      assert.match(h.markdown, /least-privilege path/);
      assert.deepEqual(h.span, { offset: TS.indexOf(`.${name}(`) + 1, length: name.length });
    }
  });

  test('not in comments, strings, property reads or plain function calls', () => {
    const uri = 'file:///g.ts';
    for (const needle of ['grantWrite(role) in a comment', 'grantPut(y)', 'grantee;', 'grantRead(role);\n`']) {
      const at = needle === 'grantRead(role);\n`' ? TS.lastIndexOf('grantRead(role)') : TS.indexOf(needle);
      const h = service.hover({ uri, text: TS }, at + 2);
      assert.ok(!h || !/CDK grant/.test(h.markdown), needle);
    }
  });

  test('no diagnostics on grants', () => {
    assert.deepEqual(service.validate({ uri: 'file:///g.ts', text: TS }).diagnostics.map((d) => d.code), []);
    assert.deepEqual(service.validate({ uri: 'file:///g.py', text: PY }).diagnostics.map((d) => d.code), []);
  });

  test('Python: grant_read and grant_read_write_data', () => {
    const uri = 'file:///g.py';
    for (const name of ['grant_read', 'grant_read_write_data']) {
      const h = hoverAt(uri, PY, `.${name}(`, 3);
      assert.ok(h, name);
      assert.match(h.markdown, /CDK grant/);
    }
    const comment = service.hover({ uri, text: PY }, PY.indexOf('grant_write') + 2);
    assert.ok(!comment || !/CDK grant/.test(comment.markdown));
  });

  test('JavaScript', () => {
    const text = "const s3 = require('aws-cdk-lib/aws-s3');\nqueue.grantSendMessages(fn);\n";
    const h = hoverAt('file:///g.js', text, '.grantSendMessages(');
    assert.match(h?.markdown ?? '', /CDK grant/);
  });
});
