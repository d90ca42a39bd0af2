import type { Span, StringNode, ValueNode } from '../model/types';
import { elementStrings } from '../model/nodes';
import { parseArn, type ArnField, type ArnParseResult } from '../data/arn';
import { nodeMemo, textTable } from './cache';

/**
 * ARN facts of model nodes: the parse of a string node (cached per node, as several checks ask),
 * the Resource/NotResource values of a statement, and the host span of one ARN field. The ARN
 * grammar itself is data/arn.ts, which knows nothing of the model.
 */

/** ARN parses of fully known strings, by the string (policies repeat their ARNs, and `*`). */
const knownArns = textTable<ArnParseResult>('arn');

/**
 * Parses a string node of the model (known or partial); cached, as several checks ask: a fully
 * known string by its text (one parse per distinct ARN, shared by every node that spells it, so
 * the answer is frozen), a partially known one per node.
 */
export function parseArnNode(node: StringNode): ArnParseResult {
  const parts = node.parts;
  if (parts === undefined || parts === null) return node.value === '*' ? STAR : knownArns.get(node.value, parseKnownArn);
  return nodeMemo(node, 'arn', () => frozenParse(parseArn(parts)));
}

/** The parse of `*`, the most common Resource value, without a table look-up. */
const STAR: ArnParseResult = Object.freeze({ kind: 'star' });

function parseKnownArn(value: string): ArnParseResult {
  return frozenParse(parseArn(value));
}

/** A parse frozen to its fields: parses are shared between nodes, so a reader must not change one. */
function frozenParse(r: ArnParseResult): ArnParseResult {
  if (r.kind === 'arn') {
    const a = r.arn;
    Object.freeze(a.partition);
    Object.freeze(a.service);
    Object.freeze(a.region);
    Object.freeze(a.account);
    Object.freeze(a.resource);
    Object.freeze(a);
  }
  return Object.freeze(r);
}

/** A Resource/NotResource string value with its ARN parse. */
export interface ResourceArnValue {
  node: StringNode;
  element: 'Resource' | 'NotResource';
  parse: ArnParseResult;
  /** The exact value when fully known. */
  known?: string;
}

/** The string values of a statement's Resource and NotResource elements, parsed. */
export function resourceArnValues(st: { resource?: { value: ValueNode }; notResource?: { value: ValueNode } }): ResourceArnValue[] {
  const out: ResourceArnValue[] = [];
  if (st.resource) pushArns(out, elementStrings(st.resource.value), 'Resource');
  if (st.notResource) pushArns(out, elementStrings(st.notResource.value), 'NotResource');
  return out;
}

function pushArns(out: ResourceArnValue[], nodes: readonly StringNode[], element: 'Resource' | 'NotResource'): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    out.push({ node, element, parse: parseArnNode(node), known: node.parts ? undefined : node.value });
  }
}

/** The host span of one ARN field when the string maps 1:1 to the host text, else the whole value. */
export function arnFieldSpan(node: StringNode, field: ArnField): Span {
  if (!node.parts && node.valueSpan && node.valueSpan.length === node.value.length) {
    // An empty field is shown as the two colons around it.
    if (field.text.length === 0) return { offset: node.valueSpan.offset + field.offset - 1, length: 2 };
    return { offset: node.valueSpan.offset + field.offset, length: field.text.length };
  }
  return node.span;
}

