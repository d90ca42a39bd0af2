import { getProperty, type EditIntent, type EditValue, type ObjectNode, type PolicyDocument, type PropertyNode, type Span, type ValueNode } from '../../model';
import type { ChangeOperatorFix, InsertFix, KeepOnlyFix, RemoveFix, ReplaceFix, RestructureFix } from '../../model/fixPayload';
import type { DiagnosticRef, FixCandidate, FixContext, FixProvider } from './types';
import { declares, isSafe } from './declared';
import { nodeAtSpan, policyAtSpan, statementAt, valueAtSpan } from './util';

/**
 * The fixes read from a finding's typed payload (checks/fixPayload.ts), linked by code + payload,
 * never by message text, and offered only for a kind the finding's rule declares:
 * - `replace` → "Change X to Y" on the value at the finding, or "Rename" the key at the finding
 *   (an element, condition key or operator);
 * - `changeOperator` → move the condition key at the finding under another operator (renaming the
 *   operator when the key is its only one, merging into an existing block otherwise);
 * - `restructure` → replace the string at the finding with a structured value;
 * - `insert` → insert the property into the object at the finding (policy or statement);
 * - `remove` → remove the statement, array item or property at the finding;
 * - `keepOnly` → reduce an array of condition values to the one value to keep.
 * Safety for fix-all is the rule's declaration (features/fixes/declared.ts).
 */

/** A model value as an edit value (undefined for computed values, which cannot be rewritten). */
export function toEditValue(node: ValueNode, depth = 0): EditValue | undefined {
  if (depth > 32) return undefined;
  switch (node.kind) {
    case 'string':
      return node.parts ? undefined : node.value;
    case 'number':
      return node.value;
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'array': {
      const out: EditValue[] = [];
      for (const i of node.items) {
        const v = toEditValue(i, depth + 1);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, EditValue> = {};
      for (const p of node.properties) {
        const v = toEditValue(p.value, depth + 1);
        if (v === undefined || p.key in out) return undefined;
        out[p.key] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Moves condition key `keyProp` (in operator block `block`, property `opProp` of `condition`) under operator `op`. */
export function moveToOperator(condition: ObjectNode, opProp: PropertyNode, block: ObjectNode, keyProp: PropertyNode, op: string): EditIntent[] | undefined {
  const existing = getProperty(condition, op);
  if (!existing && block.properties.length === 1) return [{ kind: 'renameKey', property: opProp, key: op }];
  const value = toEditValue(keyProp.value);
  if (value === undefined) return undefined;
  const remove: EditIntent = block.properties.length === 1 ? { kind: 'deleteProperty', object: condition, property: opProp } : { kind: 'deleteProperty', object: block, property: keyProp };
  if (existing) {
    if (existing.value.kind !== 'object' || getProperty(existing.value, keyProp.key)) return undefined;
    return [remove, { kind: 'insertProperty', object: existing.value, key: keyProp.key, value }];
  }
  return [remove, { kind: 'insertProperty', object: condition, key: op, value: { [keyProp.key]: value }, position: { after: opProp.key } }];
}

/** The key property at a finding, with its parents (for `replace` on keys and `changeOperator`). */
function keyAt(ctx: FixContext, d: DiagnosticRef): { property: PropertyNode; parents: ValueNode[] } | undefined {
  const found = nodeAtSpan(ctx, d.span);
  return found && found.hit.kind === 'key' ? { property: found.hit.property, parents: found.hit.parents } : undefined;
}

function renameFixes(ctx: FixContext, d: DiagnosticRef, index: number, reps: string[]): FixCandidate[] {
  const at = keyAt(ctx, d);
  if (!at) return [];
  const { property } = at;
  const out: FixCandidate[] = [];
  reps.forEach((r, i) => {
    if (r === property.key) return;
    out.push({
      key: `rename:${index}:${i}`,
      title: `Rename "${property.key}" to "${r}"`,
      kind: 'quickfix',
      fix: 'replace',
      diagnostics: [d],
      preferred: reps.length === 1,
      safe: isSafe(d, 'replace', { from: property.key, to: r, alternatives: reps.length }),
      intents: () => [{ kind: 'renameKey', property, key: r }],
    });
  });
  return out;
}

function replaceFixes(ctx: FixContext, d: DiagnosticRef, payload: ReplaceFix, index: number): FixCandidate[] {
  const reps = payload.replacements;
  const found = valueAtSpan(ctx, d.span);
  if (!found) return renameFixes(ctx, d, index, reps);
  if (found.node.kind !== 'string') return replaceWholeValue(ctx, d, reps, index);
  const node = found.node;
  const out: FixCandidate[] = [];
  reps.forEach((r, i) => {
    if (r === node.value) return;
    out.push({
      key: `replace:${index}:${i}`,
      title: `Change "${node.value}" to "${r}"`,
      kind: 'quickfix',
      fix: 'replace',
      diagnostics: [d],
      preferred: reps.length === 1,
      safe: isSafe(d, 'replace', { from: node.value, to: r, alternatives: reps.length }),
      intents: () => [{ kind: 'replaceValue', node, value: r }],
    });
  });
  return out;
}

/** A finding on a whole non-string value (an object or array, e.g. a Principal map): replace that value. */
function replaceWholeValue(ctx: FixContext, d: DiagnosticRef, reps: string[], index: number): FixCandidate[] {
  const node = valueWithSpan(ctx, d.span);
  if (!node || node.kind === 'string') return [];
  const found = nodeAtSpan(ctx, d.span);
  const parent = found?.hit.parents[found.hit.parents.length - 1];
  const property = parent?.kind === 'object' ? parent.properties.find((p) => p.value === node) : undefined;
  return reps.map((r, i) => ({
    key: `replace:${index}:${i}`,
    title: property ? `Change the value of "${property.key}" to "${r}"` : `Change the value to "${r}"`,
    kind: 'quickfix' as const,
    fix: 'replace' as const,
    diagnostics: [d],
    preferred: reps.length === 1,
    safe: isSafe(d, 'replace', { from: '', to: r, alternatives: reps.length }),
    intents: () => [{ kind: 'replaceValue' as const, node, value: r }],
  }));
}

function changeOperatorFixes(ctx: FixContext, d: DiagnosticRef, payload: ChangeOperatorFix, index: number): FixCandidate[] {
  const at = keyAt(ctx, d);
  if (!at) return [];
  const { property, parents } = at;
  const block = parents[parents.length - 1];
  const condition = parents[parents.length - 2];
  const statement = parents[parents.length - 3];
  // A condition key: its block's parent is a statement's Condition object.
  if (block?.kind !== 'object' || condition?.kind !== 'object' || statement?.kind !== 'object' || !statement.properties.some((p) => p.key === 'Condition' && p.value === condition)) return [];
  const opProp = condition.properties.find((p) => p.value === block);
  if (!opProp) return [];
  const ops = payload.operators;
  const out: FixCandidate[] = [];
  // The operators come from the payload as they are: the check decides (and keeps negation and qualifiers).
  ops.forEach((op, i) => {
    if (op === opProp.key) return;
    out.push({
      key: `op:${index}:${i}`,
      title: block.properties.length === 1 ? `Change operator "${opProp.key}" to "${op}"` : `Move "${property.key}" to operator "${op}"`,
      kind: 'quickfix',
      fix: 'changeOperator',
      diagnostics: [d],
      preferred: ops.length === 1,
      safe: isSafe(d, 'changeOperator', { from: opProp.key, to: op, alternatives: ops.length }),
      intents: () => moveToOperator(condition, opProp, block, property, op),
    });
  });
  return out;
}

function restructureFix(ctx: FixContext, d: DiagnosticRef, payload: RestructureFix, index: number): FixCandidate[] {
  const found = valueAtSpan(ctx, d.span);
  if (!found || found.node.kind !== 'string') return [];
  const node = found.node;
  const value = payload.value;
  return [
    {
      key: `replaceValue:${index}:0`,
      title: `Change "${node.value}" to ${JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "')}`,
      kind: 'quickfix',
      fix: 'restructure',
      diagnostics: [d],
      preferred: true,
      safe: isSafe(d, 'restructure'),
      intents: () => [{ kind: 'replaceValue', node, value }],
    },
  ];
}

/** The innermost object at a finding: the statement or policy a "missing element" finding points at. */
function objectAt(ctx: FixContext, d: DiagnosticRef): ObjectNode | undefined {
  const found = nodeAtSpan(ctx, d.span);
  if (!found) return undefined;
  if (found.hit.kind === 'key') {
    const p = found.hit.parents[found.hit.parents.length - 1];
    return p?.kind === 'object' ? p : undefined;
  }
  return found.hit.node.kind === 'object' ? found.hit.node : undefined;
}

/** "…" for a structured value; snippet placeholders shown as their default text. */
function shownValue(value: EditValue): string {
  return typeof value === 'string' ? `"${value}"` : '…';
}

function insertFix(ctx: FixContext, d: DiagnosticRef, payload: InsertFix, index: number): FixCandidate[] {
  const object = objectAt(ctx, d);
  const { key, value } = payload;
  if (!object || object.properties.some((p) => p.key === key)) return [];
  const position = payload.after && getProperty(object, payload.after) ? { after: payload.after } : getProperty(object, 'Sid') ? { after: 'Sid' } : ('first' as const);
  return [
    {
      key: `insert:${index}`,
      title: `Add "${key}": ${shownValue(value)}`,
      kind: 'quickfix',
      fix: 'insert',
      diagnostics: [d],
      preferred: true,
      safe: isSafe(d, 'insert'),
      intents: () => [{ kind: 'insertProperty', object, key, value, position }],
    },
  ];
}

function statementArrayOf(policy: PolicyDocument): ValueNode | undefined {
  const v = policy.statementProperty?.value;
  return v && v.kind === 'array' ? v : undefined;
}

function removeFix(ctx: FixContext, d: DiagnosticRef, payload: RemoveFix, index: number): FixCandidate[] {
  const safe = isSafe(d, 'remove');
  const candidate = (title: string, intents: FixCandidate['intents']): FixCandidate[] => [{ key: `remove:${index}`, title, kind: 'quickfix', fix: 'remove', diagnostics: [d], preferred: true, safe, intents }];
  switch (payload.target) {
    case 'statement': {
      // The finding points at the statement's Sid or its opening brace.
      const policy = policyAtSpan(ctx, d.span);
      const st = policy && statementAt(policy, d.span.offset, (s) => d.span.offset < s.node.span.offset + s.node.span.length && (d.span.offset === s.node.span.offset || s.sid?.keySpan.offset === d.span.offset));
      const statements = policy && statementArrayOf(policy);
      if (!st || !statements) return [];
      return candidate(`Remove statement ${st.index + 1}`, () => [{ kind: 'deleteItem', array: statements, item: st.node }]);
    }
    case 'item': {
      const found = valueAtSpan(ctx, d.span);
      const parent = found?.parents[found.parents.length - 1];
      if (!found || !parent || parent.kind !== 'array' || parent.items.length < 2) return [];
      const shown = found.node.kind === 'string' ? `"${found.node.value}"` : 'this value';
      return candidate(`Remove ${shown}`, () => [{ kind: 'deleteItem', array: parent, item: found.node }]);
    }
    case 'property': {
      // The finding is on the property's key or on its whole value.
      const found = nodeAtSpan(ctx, d.span);
      if (!found) return [];
      let property: PropertyNode | undefined;
      let object: ValueNode | undefined;
      if (found.hit.kind === 'key') {
        property = found.hit.property;
        object = found.hit.parents[found.hit.parents.length - 1];
      } else {
        const { node, parents } = found.hit;
        object = parents[parents.length - 1];
        property = object?.kind === 'object' ? object.properties.find((p) => p.value === node) : undefined;
        if (property && (node.span.offset !== d.span.offset || node.span.length !== d.span.length) && !(node.kind === 'string' && node.valueSpan && node.valueSpan.offset === d.span.offset)) property = undefined;
      }
      if (!property || !object || object.kind !== 'object') return [];
      const obj = object;
      const prop = property;
      return candidate(`Remove "${prop.key}"`, () => [{ kind: 'deleteProperty', object: obj, property: prop }]);
    }
  }
}

/**
 * The value node whose span is exactly the finding's span (the outermost one), found by descending
 * only into nodes that contain it. No offset arithmetic: on a one-line `[2700, 3600]` the first
 * character after `[` is already the first item.
 */
function valueWithSpan(ctx: FixContext, span: Span): ValueNode | undefined {
  const policy = policyAtSpan(ctx, span);
  let node: ValueNode | undefined = policy?.root;
  const contains = (n: ValueNode): boolean => n.span.offset <= span.offset && span.offset + span.length <= n.span.offset + n.span.length;
  for (let depth = 0; node && depth < 64; depth++) {
    if (node.span.offset === span.offset && node.span.length === span.length) return node;
    const children: ValueNode[] = node.kind === 'object' ? node.properties.map((p) => p.value) : node.kind === 'array' ? node.items : [];
    node = children.find(contains);
  }
  return undefined;
}

function keepOnlyFix(ctx: FixContext, d: DiagnosticRef, payload: KeepOnlyFix, index: number): FixCandidate[] {
  const keep = payload.keep;
  const array = valueWithSpan(ctx, d.span);
  if (!array || array.kind !== 'array') return [];
  const item = array.items.find((i) => (i.kind === 'string' && i.value === keep) || (i.kind === 'number' && (i.raw === keep || String(i.value) === keep)));
  const value = item && toEditValue(item);
  if (value === undefined) return [];
  return [{ key: `keep:${index}`, title: `Keep only ${keep}`, kind: 'quickfix', fix: 'keepOnly', diagnostics: [d], preferred: true, safe: isSafe(d, 'keepOnly'), intents: () => [{ kind: 'replaceValue', node: array, value }] }];
}

function payloadFixes(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const payload = d.data;
  if (!payload || !declares(d, payload.fix)) return [];
  switch (payload.fix) {
    case 'replace':
      return replaceFixes(ctx, d, payload, index);
    case 'changeOperator':
      return changeOperatorFixes(ctx, d, payload, index);
    case 'restructure':
      return restructureFix(ctx, d, payload, index);
    case 'insert':
      return insertFix(ctx, d, payload, index);
    case 'remove':
      return removeFix(ctx, d, payload, index);
    case 'keepOnly':
      return keepOnlyFix(ctx, d, payload, index);
    default:
      return []; // addCondition: statementEdits.ts
  }
}

export const replacementsProvider: FixProvider = {
  id: 'data',
  provide(ctx) {
    const out: FixCandidate[] = [];
    ctx.diagnostics.forEach((d, i) => out.push(...payloadFixes(ctx, d, i)));
    return out;
  },
};
