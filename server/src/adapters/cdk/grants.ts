import type { HostNote } from '../../model';
import type { SyntaxNode } from './runtime';
import { isCall, isMember, memberName, callee, parentOf, outerParent } from './syntax';

/**
 * CDK grants (`bucket.grantRead(role)`, `table.grant_read_write_data(fn)`, `key.grant(role, 'kms:Decrypt')`):
 * CDK's least-privilege path, out of scope for the checks (the construct writes the statement, with
 * the actions the grant names and the resource's own ARNs, when the app is synthesised). The adapter
 * only attaches a hover note to the method name saying so; no diagnostics.
 */

const GRANT = /\.\s*(grant(?:[A-Z_][\w]*)?)\s*\(/g;

const NOTE =
  "CDK's least-privilege path: the construct adds a policy statement with the actions this grant names and this resource's own ARNs " +
  '(to the grantee\'s identity policy, or to the resource policy when the grantee is in another account) when the app is synthesised. ' +
  'There is no policy text here to check, so IAM Policy Author reports nothing on it; `cdk synth` shows the statements it writes.';

/** Hover notes on the grant calls of a CDK file (method name spans). */
export function grantNotes(root: SyntaxNode, text: string): HostNote[] {
  if (!text.includes('.grant')) return [];
  const out: HostNote[] = [];
  GRANT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GRANT.exec(text))) {
    const name = m[1];
    const at = m.index + m[0].indexOf(name);
    const id = root.descendantForIndex(at, at + name.length);
    if (!id || id.text !== name || (id.type !== 'property_identifier' && id.type !== 'identifier')) continue;
    const member = parentOf(id);
    if (!member || !isMember(member) || !memberName(member)?.equals(id)) continue;
    const call = outerParent(member).parent;
    if (!call || !isCall(call) || !callee(call)?.equals(outerParent(member).node)) continue;
    out.push({ span: { offset: at, length: name.length }, markdown: `**${name}(…)** · CDK grant\n\n${NOTE}` });
  }
  return out;
}
