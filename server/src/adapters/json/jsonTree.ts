import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ParseProblem, Path, PropertyNode, ValueNode } from '../../model';

export interface JsonParse {
  root: JsonNode | undefined;
  problems: ParseProblem[];
}

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace expected',
  CloseBracketExpected: 'Closing bracket expected',
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Comments are not allowed in IAM policies',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unexpected end of string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character',
};

/** Strict JSON (no comments, no trailing commas, as IAM requires) parsed into a tree; never throws. */
export function parseJson(text: string): JsonParse {
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch {
    root = undefined;
  }
  // jsonc-parser may report several errors at one offset; the first one is the useful one.
  const seen = new Set<number>();
  const unique = errors.filter((e) => !seen.has(e.offset) && seen.add(e.offset));
  const problems: ParseProblem[] = unique.map((e) => {
    const name = printParseErrorCode(e.error);
    return {
      code: 'JSON_SYNTAX_ERROR',
      message: `JSON syntax error: ${ERROR_TEXT[name] ?? name}.`,
      span: { offset: Math.min(e.offset, text.length), length: Math.max(0, Math.min(e.length, text.length - e.offset)) },
      severity: 'error',
    };
  });
  return { root, problems };
}

/**
 * Converts a jsonc-parser node to the policy model. `hook` lets a host (CloudFormation JSON) replace
 * a node by its own interpretation (intrinsic functions); it returns undefined to use the default.
 */
export type JsonHook = (node: JsonNode, path: Path, text: string) => ValueNode | undefined;

export function toValueNode(node: JsonNode, path: Path, text: string, hook?: JsonHook, depth = 0): ValueNode {
  const span = { offset: node.offset, length: node.length };
  const hooked = hook?.(node, path, text);
  if (hooked) return hooked;
  if (depth > 200) return { kind: 'unknown', label: 'too deeply nested', span, path };
  switch (node.type) {
    case 'object': {
      const properties: PropertyNode[] = [];
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        const ppath = [...path, key];
        const value: ValueNode = valueNode
          ? toValueNode(valueNode, ppath, text, hook, depth + 1)
          : { kind: 'null', span: { offset: keyNode.offset + keyNode.length, length: 0 }, path: ppath };
        // A property missing its value (while typing) gets an empty null value right after the key.
        properties.push({ key, keySpan: { offset: keyNode.offset, length: keyNode.length }, value, span: { offset: child.offset, length: child.length }, path: ppath });
      }
      return { kind: 'object', properties, span, path };
    }
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c, i) => toValueNode(c, [...path, i], text, hook, depth + 1)), span, path };
    case 'string': {
      const value = String(node.value ?? '');
      const inner = text.slice(node.offset + 1, node.offset + node.length - 1);
      const exact = inner === value && text[node.offset] === '"' && text[node.offset + node.length - 1] === '"';
      return { kind: 'string', value, span, path, valueSpan: exact ? { offset: node.offset + 1, length: value.length } : undefined };
    }
    case 'number':
      return { kind: 'number', value: Number(node.value), raw: text.slice(node.offset, node.offset + node.length), span, path };
    case 'boolean':
      return { kind: 'boolean', value: Boolean(node.value), span, path };
    default:
      return { kind: 'null', span, path };
  }
}
