import type { ObjectNode, PropertyNode, Span, ValueNode } from './types';

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

/**
 * The host's syntax, provided by the adapter with its ParseResult: everything features write back
 * into the host is spelled here, so no feature spells JSON, YAML, TypeScript or Python itself.
 * Only `render` is required; the others default to JSON spelling (`defaultSyntax`), which is valid
 * in JSON, YAML flow and TS/JS/Python literals.
 */
export interface EditRenderer {
  /** Renders an intent into host text edits; undefined when it cannot be expressed in this host (e.g. a computed value). */
  render(intent: EditIntent): TextEdit[] | undefined;
  /** A string value or key written at an empty position, quoted as this host writes it. */
  spellString?(text: string): string;
  /** A new key and its (already spelled) value, as written inside an object at an empty position. */
  spellProperty?(key: string, value: string): string;
  /** Whether a fold of the collection at `span` leaves its last line visible (it ends with a closing bracket). */
  foldKeepsLastLine?(span: Span): boolean;
}

/** Spelling for hosts whose renderer does not say otherwise: JSON's. */
export const defaultSyntax: Required<Omit<EditRenderer, 'render'>> = {
  spellString: (text) => JSON.stringify(text),
  spellProperty: (key, value) => `${key}: ${value}`,
  foldKeepsLastLine: () => true,
};

/**
 * A renderer written as one method per intent: `render` dispatches (and never throws — an intent a
 * host cannot express, or an unexpected shape, is `undefined`). The JSON, YAML and CDK renderers
 * extend it.
 */
export abstract class IntentRenderer implements EditRenderer {
  render(intent: EditIntent): TextEdit[] | undefined {
    try {
      switch (intent.kind) {
        case 'replaceValue':
          return this.replaceValue(intent.node, intent.value);
        case 'renameKey':
          return this.renameKey(intent.property, intent.key);
        case 'insertProperty':
          return this.insertProperty(intent.object, intent.key, intent.value, intent.position);
        case 'deleteProperty':
          return this.deleteProperty(intent.object, intent.property);
        case 'deleteItem':
          return this.deleteItem(intent.array, intent.item);
        case 'appendItem':
          return this.appendItem(intent.array, intent.value);
      }
    } catch {
      return undefined;
    }
    return undefined;
  }

  protected abstract replaceValue(node: ValueNode, value: EditValue): TextEdit[] | undefined;
  protected abstract renameKey(property: PropertyNode, key: string): TextEdit[] | undefined;
  protected abstract insertProperty(object: ObjectNode, key: string, value: EditValue, position: 'first' | 'last' | { after: string } | undefined): TextEdit[] | undefined;
  protected abstract deleteProperty(object: ObjectNode, property: PropertyNode): TextEdit[] | undefined;
  protected abstract deleteItem(array: ValueNode, item: ValueNode): TextEdit[] | undefined;
  protected abstract appendItem(array: ValueNode, value: EditValue): TextEdit[] | undefined;
}
