import {
  nodeAtOffset,
  spanContains,
  spanEnd,
  type NodeAtOffset,
  type ObjectNode,
  type PolicyDocument,
  type PropertyNode,
  type Span,
  type Statement,
  type StringNode,
  type ValueNode,
} from '../../model';
import type { DiagnosticRef, FixContext } from './types';
import { getCheck } from '../../checks/registry';
import { declaredFix, type CodeLinkedFixKind } from '../../model/fixPayload';

/** True when two spans overlap or touch (a cursor at either end of a span counts). */
export function touches(a: Span, b: Span): boolean {
  return a.offset <= spanEnd(b) && b.offset <= spanEnd(a);
}

/** The innermost policy whose root contains the span's start. */
export function policyAtSpan(ctx: FixContext, span: Span): PolicyDocument | undefined {
  let best: PolicyDocument | undefined;
  for (const p of ctx.parse.policies) {
    if (spanContains(p.root.span, span.offset) && (!best || p.root.span.length <= best.root.span.length)) best = p;
  }
  return best;
}

const statementsInOrder = new WeakMap<readonly Statement[], boolean>();

/**
 * The first statement of the policy (in its order) that contains `offset` (end-inclusive) and
 * satisfies `pred`. Statements in source order (the usual case) are found by binary search, so a
 * fix-all over thousands of findings in a policy of thousands of statements stays linear.
 */
export function statementAt(policy: PolicyDocument, offset: number, pred: (s: Statement) => boolean = () => true): Statement | undefined {
  const list = policy.statements;
  const contains = (s: Statement): boolean => s.node.span.offset <= offset && offset <= spanEnd(s.node.span);
  let sorted = statementsInOrder.get(list);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = list[i].node.span.offset >= list[i - 1].node.span.offset && spanEnd(list[i].node.span) >= spanEnd(list[i - 1].node.span);
    statementsInOrder.set(list, sorted);
  }
  if (!sorted || list.length < 16) return list.find((s) => contains(s) && pred(s));
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spanEnd(list[mid].node.span) < offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && list[i].node.span.offset <= offset; i++) if (contains(list[i]) && pred(list[i])) return list[i];
  return undefined;
}

/** Policies that overlap the request range. */
export function policiesInRange(ctx: FixContext): PolicyDocument[] {
  return ctx.parse.policies.filter((p) => touches(p.root.span, ctx.span));
}

/** Statements (with their policy) that overlap the request range. */
export function statementsInRange(ctx: FixContext): { policy: PolicyDocument; statement: Statement }[] {
  const out: { policy: PolicyDocument; statement: Statement }[] = [];
  for (const policy of policiesInRange(ctx)) {
    for (const statement of policy.statements) if (touches(statement.node.span, ctx.span)) out.push({ policy, statement });
  }
  return out;
}

/** The node at a diagnostic span: the innermost key or value containing its start. */
export function nodeAtSpan(ctx: FixContext, span: Span): { policy: PolicyDocument; hit: NodeAtOffset } | undefined {
  const policy = policyAtSpan(ctx, span);
  if (!policy) return undefined;
  // Prefer a position strictly inside the span so that a span ending at a neighbour's start does not slip.
  const offset = span.length > 0 ? span.offset + Math.min(1, span.length - 1) : span.offset;
  const hit = nodeAtOffset(policy.root, offset);
  if (!hit || hit.kind === 'key' || covers(hit.node, span)) return hit && { policy, hit };
  // The finding is on a container (e.g. a one-line array `[2700, 3600]`) whose first child holds
  // that offset: climb to the innermost node that covers the whole finding.
  for (let i = hit.parents.length - 1; i >= 0; i--) {
    const node = hit.parents[i];
    if (!covers(node, span)) continue;
    const parent = hit.parents[i - 1];
    const property = parent?.kind === 'object' ? parent.properties.find((p) => p.value === node) : undefined;
    return { policy, hit: { kind: 'value', node, property, parents: hit.parents.slice(0, i) } };
  }
  return { policy, hit };
}

function covers(node: ValueNode, span: Span): boolean {
  const s = node.kind === 'string' && node.valueSpan && spanContains(node.valueSpan, span.offset) ? node.valueSpan : node.span;
  return s.offset <= span.offset && spanEnd(s) >= spanEnd(span);
}

/** The property whose key contains the span (for `target: 'key'` fixes). */
export function propertyAtSpan(ctx: FixContext, span: Span): { policy: PolicyDocument; property: PropertyNode; object: ObjectNode } | undefined {
  const found = nodeAtSpan(ctx, span);
  if (!found || found.hit.kind !== 'key') return undefined;
  const parent = found.hit.parents[found.hit.parents.length - 1];
  return parent && parent.kind === 'object' ? { policy: found.policy, property: found.hit.property, object: parent } : undefined;
}

/** The innermost value node containing the span (a string for value findings). */
export function valueAtSpan(ctx: FixContext, span: Span): { policy: PolicyDocument; node: ValueNode; parents: ValueNode[] } | undefined {
  const found = nodeAtSpan(ctx, span);
  if (!found || found.hit.kind !== 'value') return undefined;
  return { policy: found.policy, node: found.hit.node, parents: found.hit.parents };
}

/** Diagnostics of the request that overlap a span and whose rule declares the fix kind `kind` (a fix found from the code alone). */
export function diagnosticsDeclaring(ctx: FixContext, kind: CodeLinkedFixKind, span: Span): DiagnosticRef[] {
  return ctx.diagnostics.filter((d) => touches(d.span, span) && declaredFix(getCheck(d.code)?.fixes, kind));
}

export function differsOnlyInCase(a: string, b: string): boolean {
  return a !== b && a.toLowerCase() === b.toLowerCase();
}

/** Known string items of an element value (a single string or an array); undefined when any item is not a known string. */
export function knownItems(node: ValueNode | undefined): { nodes: StringNode[]; values: string[] } | undefined {
  if (!node) return undefined;
  const nodes = node.kind === 'array' ? node.items : [node];
  const values: string[] = [];
  for (const n of nodes) {
    if (n.kind !== 'string' || n.parts) return undefined;
    values.push(n.value);
  }
  return { nodes: nodes as StringNode[], values };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function effectOf(st: Statement): 'Allow' | 'Deny' | undefined {
  const v = st.effect?.value;
  return v && v.kind === 'string' && (v.value === 'Allow' || v.value === 'Deny') ? v.value : undefined;
}
