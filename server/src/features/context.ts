import {
  nodeAtOffset,
  spanContains,
  spanEnd,
  type ObjectNode,
  type ParseResult,
  type PolicyDocument,
  type PropertyNode,
  type Span,
  type Statement,
  type ValueNode,
} from '../model';
import { contentRange, isQuoted } from './hostText';

/**
 * Finds what the cursor is on, from the policy model only (never the host format): which policy and
 * statement, which element, whether a key or a value is expected, and the text typed so far.
 */

export type Role =
  /** A key of the policy object (Version, Id, Statement). */
  | { kind: 'topKey' }
  | { kind: 'statementKey' }
  | { kind: 'version' }
  | { kind: 'effect' }
  | { kind: 'action'; not: boolean }
  | { kind: 'resource'; not: boolean }
  /** A key inside Principal/NotPrincipal (AWS, Service, …). */
  | { kind: 'principalKey' }
  /** A principal value; `principalType` is the key it sits under (undefined for `"Principal": "*"`). */
  | { kind: 'principalValue'; principalType?: string }
  | { kind: 'conditionOperator' }
  | { kind: 'conditionKey'; operator: string }
  | { kind: 'conditionValue'; operator: string; key: string }
  /** Somewhere else in the policy (Sid, Id, unknown keys). */
  | { kind: 'other' };

export interface Target {
  /** True when the cursor is on a key (existing or to be written). */
  isKey: boolean;
  /** The existing string under the cursor (key or value), if any. */
  existing: boolean;
  /** True when the replace range is inside quotes (insert bare text); false at an empty position. */
  quoted: boolean;
  /** Text typed before the cursor within the string. */
  prefix: string;
  /** Full content of the string under the cursor. */
  word: string;
  /** Host range the completion replaces (string content, or an empty range at the cursor). */
  replace: Span;
  /** Span of the whole key or value node under the cursor (with quotes). */
  nodeSpan?: Span;
  /** What an existing target is, so the host's renderer can spell a replacement (see completion.ts). */
  edit?: { kind: 'value'; node: ValueNode } | { kind: 'key'; property: PropertyNode };
}

export interface CursorContext {
  policy: PolicyDocument;
  statement?: Statement;
  role: Role;
  target: Target;
  /** The object whose keys are completed (for key roles): lets features skip keys already present. */
  object?: ObjectNode;
  /** The property the value belongs to, when a value is completed. */
  property?: PropertyNode;
}

/** The innermost policy whose root contains the offset. */
export function policyAt(parse: ParseResult, offset: number): PolicyDocument | undefined {
  let best: PolicyDocument | undefined;
  for (const p of parse.policies) {
    if (spanContains(p.root.span, offset) && (!best || p.root.span.length <= best.root.span.length)) best = p;
  }
  return best;
}

function statementAt(policy: PolicyDocument, offset: number): Statement | undefined {
  let best: Statement | undefined;
  for (const st of policy.statements) {
    if (spanContains(st.node.span, offset) && (!best || st.node.span.length <= best.node.span.length)) best = st;
  }
  return best;
}

const EMPTY_TARGET = (offset: number, isKey: boolean): Target => ({ isKey, existing: false, quoted: false, prefix: '', word: '', replace: { offset, length: 0 } });

function stringTarget(text: string, span: Span, offset: number, isKey: boolean, valueSpan?: Span): Target {
  const r = contentRange(text, span, offset, valueSpan);
  const cur = Math.max(r.offset, Math.min(offset, spanEnd(r)));
  return {
    isKey,
    existing: true,
    quoted: isQuoted(text, span),
    prefix: text.slice(r.offset, cur),
    word: text.slice(r.offset, spanEnd(r)),
    replace: r,
    nodeSpan: span,
  };
}

/**
 * A property whose value is still missing (`"Effect": |`): the adapter gives it an empty null value
 * right after the key. The cursor belongs to it when it is after that key on the same line and
 * before the next property.
 */
function pendingValueProperty(text: string, obj: ObjectNode, offset: number): PropertyNode | undefined {
  for (let i = 0; i < obj.properties.length; i++) {
    const p = obj.properties[i];
    const next = obj.properties[i + 1];
    if (p.value.kind !== 'null' || p.value.span.length !== 0) continue;
    const keyEnd = spanEnd(p.keySpan);
    if (offset < keyEnd || (next && offset > next.keySpan.offset)) continue;
    if (text.slice(keyEnd, offset).includes('\n')) continue;
    return p;
  }
  return undefined;
}

/** The role of a key or value from its path relative to the statement or policy. */
function roleOf(rel: (string | number)[], isKey: boolean, valueKind: ValueNode['kind'] | undefined, inStatement: boolean): Role {
  // Array items share the role of their array.
  const path = rel.filter((s) => typeof s === 'string') as string[];
  if (!inStatement) {
    if (path.length === 0) return isKey ? { kind: 'topKey' } : { kind: 'other' };
    if (path.length === 1 && path[0] === 'Version' && !isKey) return { kind: 'version' };
    return { kind: 'other' };
  }
  if (path.length === 0) return isKey ? { kind: 'statementKey' } : { kind: 'other' };
  const element = path[0];
  switch (element) {
    case 'Effect':
      return !isKey && path.length === 1 ? { kind: 'effect' } : { kind: 'other' };
    case 'Action':
    case 'NotAction':
      return !isKey && path.length === 1 ? { kind: 'action', not: element === 'NotAction' } : { kind: 'other' };
    case 'Resource':
    case 'NotResource':
      return !isKey && path.length === 1 ? { kind: 'resource', not: element === 'NotResource' } : { kind: 'other' };
    case 'Principal':
    case 'NotPrincipal':
      if (path.length === 1) return isKey ? { kind: 'principalKey' } : valueKind === 'object' ? { kind: 'other' } : { kind: 'principalValue' };
      if (path.length === 2 && !isKey) return { kind: 'principalValue', principalType: path[1] };
      return { kind: 'other' };
    case 'Condition':
      if (path.length === 1) return isKey ? { kind: 'conditionOperator' } : { kind: 'other' };
      if (path.length === 2) return isKey ? { kind: 'conditionKey', operator: path[1] } : { kind: 'other' };
      if (path.length === 3 && !isKey) return { kind: 'conditionValue', operator: path[1], key: path[2] };
      return { kind: 'other' };
    default:
      return { kind: 'other' };
  }
}

/** The cursor context at an offset, or undefined outside every policy. */
export function contextAt(text: string, parse: ParseResult, offset: number): CursorContext | undefined {
  const policy = policyAt(parse, offset);
  if (!policy) return undefined;
  const hit = nodeAtOffset(policy.root, offset);
  if (!hit) return undefined;
  const statement = statementAt(policy, offset);
  const relTo = (path: (string | number)[]): { rel: (string | number)[]; inStatement: boolean } => {
    if (statement && path.length >= statement.path.length && statement.path.every((s, i) => path[i] === s)) {
      return { rel: path.slice(statement.path.length), inStatement: true };
    }
    return { rel: path, inStatement: false };
  };

  if (hit.kind === 'key') {
    const obj = hit.parents[hit.parents.length - 1] as ObjectNode;
    const { rel, inStatement } = relTo(obj.path);
    const p = hit.property;
    // A key still missing its value keeps the key role; the value is written by the completion.
    const target: Target = { ...stringTarget(text, p.keySpan, offset, true), edit: { kind: 'key', property: p } };
    return { policy, statement, role: roleOf(rel, true, undefined, inStatement), target, object: obj, property: p };
  }

  const node = hit.node;
  if (node.kind === 'object') {
    const pending = pendingValueProperty(text, node, offset);
    if (pending) {
      const { rel, inStatement } = relTo(pending.path);
      return { policy, statement, role: roleOf(rel, false, undefined, inStatement), target: EMPTY_TARGET(offset, false), property: pending };
    }
    const { rel, inStatement } = relTo(node.path);
    return { policy, statement, role: roleOf(rel, true, undefined, inStatement), target: EMPTY_TARGET(offset, true), object: node };
  }
  if (node.kind === 'array') {
    const { rel, inStatement } = relTo([...node.path, node.items.length]);
    return { policy, statement, role: roleOf(rel, false, undefined, inStatement), target: EMPTY_TARGET(offset, false), property: hit.property };
  }
  const { rel, inStatement } = relTo(node.path);
  const role = roleOf(rel, false, node.kind, inStatement);
  const target: Target =
    node.kind === 'string'
      ? { ...stringTarget(text, node.span, offset, false, node.valueSpan), edit: { kind: 'value', node } }
      : node.kind === 'null' && node.span.length === 0
        ? EMPTY_TARGET(offset, false)
        : { ...EMPTY_TARGET(node.span.offset, false), existing: true, prefix: text.slice(node.span.offset, offset), word: text.slice(node.span.offset, spanEnd(node.span)), replace: node.span, nodeSpan: node.span, edit: { kind: 'value', node } };
  const property = hit.property ?? findOwner(hit.parents);
  return { policy, statement, role, target, property };
}

function findOwner(parents: ValueNode[]): PropertyNode | undefined {
  // For an array item, the property holding the array is the owner.
  for (let i = parents.length - 1; i > 0; i--) {
    const parent = parents[i - 1];
    if (parent.kind === 'object') return parent.properties.find((p) => p.value === parents[i]);
  }
  return undefined;
}
