/** Where to report: spans of values, statements and policies, shared by every rule family. */
import type { PolicyDocument, Span, Statement, StringNode } from '../../model';

/** Where to report a finding about a whole statement: its Sid key if any, else its opening character. */
export function statementAnchor(st: Statement): Span {
  if (st.sid) return st.sid.keySpan;
  return { offset: st.node.span.offset, length: Math.min(1, st.node.span.length) };
}

/** Where to report a finding about a whole policy: its opening character. */
export function policyAnchor(policy: PolicyDocument): Span {
  return { offset: policy.root.span.offset, length: Math.min(1, policy.root.span.length) };
}

/** The span of a string's text without quotes when known exactly, else the whole value. */
export function valueSpan(node: StringNode): Span {
  return node.valueSpan ?? node.span;
}
