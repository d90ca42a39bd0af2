import type { ObjectNode, PropertyNode, ValueNode } from './types';

/**
 * Model-level edit intents. Features (quick fixes, completion) say *what* should change in terms of
 * the policy model; the adapter that produced the model renders it in the host's own syntax
 * (JSON quoting, YAML block/flow style and indentation, TS/Python literals).
 */

/** A value to write. `{ $snippet }` is a string with LSP snippet placeholders (`${1:bucket}`). */
export type EditValue = string | number | boolean | null | EditValue[] | { [key: string]: EditValue } | SnippetValue;
export interface SnippetValue {
  $snippet: string;
}

export type EditIntent =
  /** Replace a whole value (a string, an array, an object …) by a new value. */
  | { kind: 'replaceValue'; node: ValueNode; value: EditValue }
  /** Rename a property key, keeping its value. */
  | { kind: 'renameKey'; property: PropertyNode; key: string }
  /** Insert a property into an object (after `after` when given and present, else at the end, or first). */
  | { kind: 'insertProperty'; object: ObjectNode; key: string; value: EditValue; position?: 'first' | 'last' | { after: string } }
  /** Remove a property (with its separator) from its object. */
  | { kind: 'deleteProperty'; object: ObjectNode; property: PropertyNode }
  /** Remove an item from an array element (with its separator). */
  | { kind: 'deleteItem'; array: ValueNode; item: ValueNode }
  /** Append an object (statement) or values to an array. */
  | { kind: 'appendItem'; array: ValueNode; value: EditValue };

/** A host-text edit (offsets into the host document). */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
  /** True when newText contains snippet placeholders. */
  snippet?: boolean;
}

/** Renders intents into host text edits; provided by the adapter with its ParseResult. */
export interface EditRenderer {
  /** Undefined when the intent cannot be expressed in this host (e.g. a computed value). */
  render(intent: EditIntent): TextEdit[] | undefined;
}
