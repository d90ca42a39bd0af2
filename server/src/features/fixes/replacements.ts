import { parseOperator } from '../../data/operators';
import { getProperty, type EditIntent, type EditValue, type ObjectNode, type PolicyDocument, type PropertyNode, type Span, type ValueNode } from '../../model';
import type { DiagnosticRef, FixCandidate, FixContext, FixProvider } from './types';
import { differsOnlyInCase, effectOf, nodeAtSpan, policyAtSpan, statementAt, valueAtSpan } from './util';

/**
 * Generic, data-driven fixes for any check (linked by code and `data`, never by message text):
 * - `replacements: string[]` (or one `replacement`) → "Change X to Y" on the value at the finding;
 *   on a key: rename it (`target: 'key'`, an element or condition key), or — when the finding sits
 *   on a condition key and the replacements are operators — move that key to the operator
 *   (renaming the operator when the key is its only one, merging into an existing block otherwise);
 * - `replacementKey` → rename the key at the finding;
 * - `insert: { key, value }` → insert the property into the object at the finding (policy or statement);
 * - `remove: true` → remove the array item or statement at the finding;
 * - `keep` → reduce an array of condition values to the one value to keep.
 * Safe for fix-all: letter-case-only changes, removals of redundant entries, and what a finding marks
 * `safe: true`; spelling guesses, new Allow elements and operator changes are left for review.
 */

/** Codes whose single replacement never changes what the policy allows. */
const SAFE_REPLACEMENT_CODES = new Set(['IMPROVE_IP_RANGE', 'UNIQUE_SIDS_REQUIRED', 'UNIQUE_SIDS_RECOMMENDED']);
/** Codes whose `remove` fix never changes what the policy allows. */
const SAFE_REMOVE_CODES = new Set(['REDUNDANT_ACTION', 'REDUNDANT_RESOURCE', 'REDUNDANT_STATEMENT']);

function explicitSafe(d: DiagnosticRef): boolean | undefined {
  return typeof d.data?.safe === 'boolean' ? (d.data.safe as boolean) : undefined;
}

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

function replacementsOf(d: DiagnosticRef): string[] {
  const reps = d.data?.replacements;
  if (Array.isArray(reps)) return reps.filter((r): r is string => typeof r === 'string');
  if (typeof d.data?.replacement === 'string') return [d.data.replacement];
  return [];
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

/**
 * Dropping ForAllValues: from a single-valued key only narrows an Allow (the qualifier also matched
 * requests without the key); in a Deny it would narrow the deny, i.e. widen access.
 */
function allowStatementAt(ctx: FixContext, d: DiagnosticRef): boolean {
  const policy = policyAtSpan(ctx, d.span);
  const st = policy && statementAt(policy, d.span.offset);
  return !!st && effectOf(st) === 'Allow';
}

function keyFixes(ctx: FixContext, d: DiagnosticRef, index: number, reps: string[]): FixCandidate[] {
  const found = nodeAtSpan(ctx, d.span);
  if (!found || found.hit.kind !== 'key') return [];
  const { property, parents } = found.hit;
  const parent = parents[parents.length - 1];
  const grand = parents[parents.length - 2];
  const safe = explicitSafe(d);
  const out: FixCandidate[] = [];
  // A condition key (its grandparent is a statement's Condition object) with operator replacements.
  const great = parents[parents.length - 3];
  const underCondition = great?.kind === 'object' && great.properties.some((p) => p.key === 'Condition' && p.value === grand);
  const operatorBlock = d.data?.target !== 'key' && underCondition && parent?.kind === 'object' && grand?.kind === 'object' && reps.every((r) => parseOperator(r));
  if (operatorBlock) {
    const opProp = grand.properties.find((p) => p.value === parent);
    if (!opProp) return [];
    // The operators come from the finding's data as they are: the check decides (and keeps negation and qualifiers).
    reps.forEach((r, i) => {
      if (r === opProp.key) return;
      out.push({
        key: `op:${index}:${i}`,
        title: parent.properties.length === 1 ? `Change operator "${opProp.key}" to "${r}"` : `Move "${property.key}" to operator "${r}"`,
        kind: 'quickfix',
        diagnostics: [d],
        preferred: reps.length === 1,
        safe: safe ?? (d.code === 'FORALLVALUES_WITH_SINGLE_VALUED_KEY' && allowStatementAt(ctx, d)),
        intents: () => moveToOperator(grand, opProp, parent, property, r),
      });
    });
    return out;
  }
  reps.forEach((r, i) => {
    if (r === property.key) return;
    out.push({
      key: `rename:${index}:${i}`,
      title: `Rename "${property.key}" to "${r}"`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: reps.length === 1,
      safe: safe ?? (reps.length === 1 && (differsOnlyInCase(property.key, r) || SAFE_REPLACEMENT_CODES.has(d.code))),
      intents: () => [{ kind: 'renameKey', property, key: r }],
    });
  });
  return out;
}

function replacementFixes(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const reps = replacementsOf(d);
  if (typeof d.data?.replacementKey === 'string') return keyFixes(ctx, d, index, [d.data.replacementKey]);
  if (reps.length === 0 && !(Array.isArray(d.data?.replacements) && d.data.replacements.length > 0)) return [];
  const found = valueAtSpan(ctx, d.span);
  if (!found) return keyFixes(ctx, d, index, reps);
  if (found.node.kind !== 'string') return [];
  const node = found.node;
  // Structured replacements (a bare principal string → {"AWS": "…"}).
  const structured = Array.isArray(d.data?.replacements) ? (d.data.replacements as unknown[]).filter((r) => r !== null && typeof r === 'object') : [];
  const out: FixCandidate[] = [];
  structured.forEach((r, i) => {
    const value = r as EditValue;
    out.push({
      key: `replaceValue:${index}:${i}`,
      title: `Change "${node.value}" to ${JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "')}`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: structured.length === 1 && reps.length === 0,
      safe: explicitSafe(d) ?? false,
      intents: () => [{ kind: 'replaceValue', node, value }],
    });
  });
  const safe = explicitSafe(d);
  reps.forEach((r, i) => {
    if (r === node.value) return;
    out.push({
      key: `replace:${index}:${i}`,
      title: `Change "${node.value}" to "${r}"`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: reps.length === 1,
      safe: safe ?? (reps.length === 1 && (differsOnlyInCase(node.value, r) || SAFE_REPLACEMENT_CODES.has(d.code))),
      intents: () => [{ kind: 'replaceValue', node, value: r }],
    });
  });
  return out;
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

function insertFix(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const ins = d.data?.insert as { key?: unknown; value?: unknown } | undefined;
  if (!ins || typeof ins !== 'object' || typeof ins.key !== 'string' || ins.value === undefined) return [];
  const object = objectAt(ctx, d);
  if (!object || object.properties.some((p) => p.key === ins.key)) return [];
  const key = ins.key;
  const value = ins.value as EditValue;
  const shown = typeof value === 'string' ? `"${value}"` : '…';
  const position = getProperty(object, 'Sid') ? { after: 'Sid' } : ('first' as const);
  return [
    {
      key: `insert:${index}`,
      title: `Add "${key}": ${shown}`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: true,
      // Adding a Version only turns on policy variables; adding e.g. "Effect": "Allow" grants access.
      safe: explicitSafe(d) ?? key === 'Version',
      intents: () => [{ kind: 'insertProperty', object, key, value, position }],
    },
  ];
}

function statementArrayOf(policy: PolicyDocument): ValueNode | undefined {
  const v = policy.statementProperty?.value;
  return v && v.kind === 'array' ? v : undefined;
}

function removeFix(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  if (d.data?.remove !== true) return [];
  const safe = explicitSafe(d) ?? SAFE_REMOVE_CODES.has(d.code);
  const found = valueAtSpan(ctx, d.span);
  const policy = found?.policy ?? policyAtSpan(ctx, d.span);
  if (!policy) return [];
  // A statement (the finding points at its Sid or its opening brace).
  const st = statementAt(policy, d.span.offset, (s) => d.span.offset < s.node.span.offset + s.node.span.length && (d.span.offset === s.node.span.offset || s.sid?.keySpan.offset === d.span.offset));
  const statements = statementArrayOf(policy);
  if (st && statements) {
    return [{ key: `remove:${index}`, title: `Remove statement ${st.index + 1}`, kind: 'quickfix', diagnostics: [d], preferred: true, safe, intents: () => [{ kind: 'deleteItem', array: statements, item: st.node }] }];
  }
  if (!found) return [];
  const parent = found.parents[found.parents.length - 1];
  if (!parent || parent.kind !== 'array' || parent.items.length < 2) return [];
  const shown = found.node.kind === 'string' ? `"${found.node.value}"` : 'this value';
  return [{ key: `remove:${index}`, title: `Remove ${shown}`, kind: 'quickfix', diagnostics: [d], preferred: true, safe, intents: () => [{ kind: 'deleteItem', array: parent, item: found.node }] }];
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

function keepFix(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const keep = d.data?.keep;
  if (typeof keep !== 'string') return [];
  const array = valueWithSpan(ctx, d.span);
  if (!array || array.kind !== 'array') return [];
  const item = array.items.find((i) => (i.kind === 'string' && i.value === keep) || (i.kind === 'number' && (i.raw === keep || String(i.value) === keep)));
  const value = item && toEditValue(item);
  if (value === undefined) return [];
  return [{ key: `keep:${index}`, title: `Keep only ${keep}`, kind: 'quickfix', diagnostics: [d], preferred: true, safe: explicitSafe(d) ?? true, intents: () => [{ kind: 'replaceValue', node: array, value }] }];
}

export const replacementsProvider: FixProvider = {
  id: 'data',
  provide(ctx) {
    const out: FixCandidate[] = [];
    ctx.diagnostics.forEach((d, i) => {
      if (!d.data) return;
      out.push(...replacementFixes(ctx, d, i), ...insertFix(ctx, d, i), ...removeFix(ctx, d, i), ...keepFix(ctx, d, i));
    });
    return out;
  },
};
