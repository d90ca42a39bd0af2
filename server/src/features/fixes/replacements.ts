import type { EditValue } from '../../model';
import type { DiagnosticRef, FixCandidate, FixContext, FixProvider } from './types';
import { differsOnlyInCase, policyAtSpan, propertyAtSpan, valueAtSpan } from './util';

/**
 * Generic, data-driven fixes for any check:
 * - `data.replacements: string[]` → "Change to X" for each (the value at the finding, or its key
 *   when `data.target === 'key'`); the first is preferred when it is the only one.
 * - `data.insert: { key, value }` → insert that property into the policy object.
 * A replacement is safe for fix-all when it only changes letter case (the user's evident intent)
 * or the finding says so (`data.safe: true`); spelling guesses are never applied unreviewed.
 */

function isEditValue(v: unknown): v is EditValue {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && v !== null);
}

function replacementFixes(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const reps = d.data?.replacements;
  if (!Array.isArray(reps)) return [];
  const strings = reps.filter((r): r is string => typeof r === 'string');
  const out: FixCandidate[] = [];
  const explicitSafe = typeof d.data?.safe === 'boolean' ? (d.data.safe as boolean) : undefined;
  if (d.data?.target === 'key') {
    const found = propertyAtSpan(ctx, d.span);
    if (!found) return [];
    strings.forEach((r, i) => {
      if (r === found.property.key) return;
      out.push({
        key: `rename:${index}:${i}`,
        title: `Rename "${found.property.key}" to "${r}"`,
        kind: 'quickfix',
        diagnostics: [d],
        preferred: strings.length === 1,
        safe: explicitSafe ?? (strings.length === 1 && differsOnlyInCase(found.property.key, r)),
        intents: () => [{ kind: 'renameKey', property: found.property, key: r }],
      });
    });
    return out;
  }
  const found = valueAtSpan(ctx, d.span);
  if (!found || found.node.kind !== 'string') return [];
  const node = found.node;
  strings.forEach((r, i) => {
    if (r === node.value) return;
    out.push({
      key: `replace:${index}:${i}`,
      title: `Change "${node.value}" to "${r}"`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: strings.length === 1,
      safe: explicitSafe ?? (strings.length === 1 && differsOnlyInCase(node.value, r)),
      intents: () => [{ kind: 'replaceValue', node, value: r }],
    });
  });
  return out;
}

function insertFix(ctx: FixContext, d: DiagnosticRef, index: number): FixCandidate[] {
  const ins = d.data?.insert as { key?: unknown; value?: unknown } | undefined;
  if (!ins || typeof ins.key !== 'string' || !isEditValue(ins.value)) return [];
  const policy = policyAtSpan(ctx, d.span);
  const root = policy?.root;
  if (!root || root.kind !== 'object' || root.properties.some((p) => p.key === ins.key)) return [];
  const key = ins.key;
  const value = ins.value as EditValue;
  const shown = typeof value === 'string' ? `"${value}"` : '…';
  return [
    {
      key: `insert:${index}`,
      title: `Add "${key}": ${shown}`,
      kind: 'quickfix',
      diagnostics: [d],
      preferred: true,
      safe: typeof d.data?.safe === 'boolean' ? (d.data.safe as boolean) : true,
      intents: () => [{ kind: 'insertProperty', object: root, key, value, position: 'first' }],
    },
  ];
}

export const replacementsProvider: FixProvider = {
  id: 'data',
  provide(ctx) {
    const out: FixCandidate[] = [];
    ctx.diagnostics.forEach((d, i) => {
      if (!d.data) return;
      out.push(...replacementFixes(ctx, d, i), ...insertFix(ctx, d, i));
    });
    return out;
  },
};
