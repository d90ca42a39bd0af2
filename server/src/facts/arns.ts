import type { Span, StringNode, ValueNode } from '../model/types';
import { elementStrings } from '../model/nodes';
import { parseArn, type ArnField, type ArnParseResult } from '../data/arn';
import { nodeMemo } from './cache';

/**
 * ARN facts of model nodes: the parse of a string node (cached per node, as several checks ask),
 * the Resource/NotResource values of a statement, and the host span of one ARN field. The ARN
 * grammar itself is data/arn.ts, which knows nothing of the model.
 */

/** Parses a string node of the model (known or partial); cached per node, as several checks ask. */
export function parseArnNode(node: StringNode): ArnParseResult {
  return nodeMemo(node, 'arn', () => parseArn(node.parts ?? node.value));
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
  for (const node of nodes) out.push({ node, element, parse: parseArnNode(node), known: node.parts ? undefined : node.value });
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

