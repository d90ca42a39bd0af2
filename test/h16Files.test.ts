/**
 * The CLI's file read (server/src/cli/files.ts `readInputFile`): one buffer of the file's size,
 * grown only when a file reads longer than its size; the same text whatever the read pattern.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NODE_FS, readInputFile } from '../server/src/cli/files';

function withFile(content: string | Buffer, body: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-h16files-'));
  try {
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, content);
    body(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const POLICY = '{"Version": "2012-10-17", "Statement": [{"Sid": "Grüße€𝄞", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n';

test('readInputFile: the text of the file, BOM dropped, multi-byte characters whole; an empty file is empty', () => {
  withFile(POLICY, (file) => assert.deepEqual(readInputFile(file), { text: POLICY }));
  withFile('\ufeff' + POLICY, (file) => assert.deepEqual(readInputFile(file), { text: POLICY }));
  withFile('', (file) => assert.deepEqual(readInputFile(file), { text: '' }));
});

test('readInputFile: short reads give the same text', () => {
  withFile(POLICY, (file) => {
    let reads = 0;
    const r = readInputFile(file, { ...NODE_FS, readSync: (fd, buf, offset, length, position) => (reads++, NODE_FS.readSync(fd, buf, offset, Math.min(length, 7), position)) });
    assert.deepEqual(r, { text: POLICY });
    assert.ok(reads > Buffer.byteLength(POLICY) / 7, 'read 7 bytes at a time');
  });
});

test('readInputFile: a file that reads longer than its size is read whole (the buffer grows), up to the limit', () => {
  withFile('{}', (file) => {
    const long = Buffer.from('x'.repeat(5000));
    let at = 0;
    const fsl = {
      ...NODE_FS,
      readSync: (_fd: number, buf: Buffer, offset: number, length: number) => {
        const n = Math.min(length, long.length - at);
        long.copy(buf, offset, at, at + n);
        at += n;
        return n;
      },
    };
    assert.deepEqual(readInputFile(file, fsl), { text: long.toString() });
    at = 0;
    assert.match((readInputFile(file, fsl, 4000) as { error: string }).error, /over the 4 KB input limit/);
  });
});
