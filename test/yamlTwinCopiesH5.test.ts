/**
 * A template of many identical pieces (what the fuzzer's repeats make: 6,781 pieces, half of them
 * broken, in fuzz document 42/16300 under the old seeds) is read once per distinct piece and each
 * repeat is a moved copy (yamlChunks.ts `cloneShifted`, which replaced structuredClone + shiftTree:
 * 2–3× less time per parse). The copies must equal what a full read gives, and share no node, span
 * or path with each other (paths of pieces are relative to the resource, as before).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlIncremental, releaseYamlPieces, splitTemplate } from '../server/src/adapters/cfn/yamlChunks';
import { parseYaml } from '../server/src/adapters/cfn/yamlTree';
import type { ValueNode } from '../server/src/model';

const resource = [
  '  Policy:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          - Effect: Allow',
  '            Action: [s3:GetObject, "s3:PutObject"]',
  "            Resource: 'arn:aws:s3:::bucket/*'",
  '            Condition: {StringEquals: {aws:PrincipalTag/team: data}}',
  '',
].join('\n');

/** Every object of a tree (nodes, properties, spans, paths). */
function objectsOf(root: ValueNode): unknown[] {
  const out: unknown[] = [];
  const stack: ValueNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n, n.span, n.path);
    if (n.kind === 'string' && n.valueSpan) out.push(n.valueSpan);
    if (n.kind === 'object') {
      for (const p of n.properties) {
        out.push(p, p.keySpan, p.span, p.path);
        stack.push(p.value);
      }
    }
    if (n.kind === 'array') stack.push(...n.items);
  }
  return out;
}

test('repeated template pieces are copies equal to a full read, sharing nothing', () => {
  // The same resource (the same piece text) 400 times: one read, 399 moved copies.
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resource.repeat(400)}Outputs:\n  X: {Value: 1}\n`;
  assert.ok((splitTemplate(text)?.length ?? 0) > 400, 'read in pieces');
  const owner = 'file:///h5/twins.yaml';
  for (const round of [0, 1]) {
    // Round 1: a re-parse of an edited text (the pieces after the edit move by one character).
    const t = round === 0 ? text : text.replace('Resources:\n', 'Resources: \n');
    const pieces = parseYamlIncremental(t, owner).roots[0].root!;
    const whole = parseYaml(t).roots[0].root!;
    // Paths of a piece's nodes start at the resource (pieces are read alone): spans and values are compared.
    const shape = (n: ValueNode): string => JSON.stringify(n, (k, v: unknown) => (k === 'path' ? undefined : v));
    assert.ok(shape(pieces) === shape(whole), `round ${round}: the pieces' tree differs from the full read`);
    // No node, span or path is shared between two resources (each repeat is its own copy).
    const resources = pieces.kind === 'object' ? pieces.properties.find((p) => p.key === 'Resources')?.value : undefined;
    assert.ok(resources?.kind === 'object' && resources.properties.length === 400);
    const owners = new Map<unknown, number>();
    resources.properties.forEach((p, i) => {
      for (const o of [p, p.keySpan, p.span, ...objectsOf(p.value)]) {
        const other = owners.get(o);
        assert.ok(other === undefined || other === i, `resources ${other} and ${i} share an object`);
        owners.set(o, i);
      }
    });
  }
  releaseYamlPieces(owner);
});
