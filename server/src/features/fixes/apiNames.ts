import { iamActionsForApiName } from '../../data/apiActionMap';
import type { EditValue } from '../../model';
import type { FixCandidate, FixProvider } from './types';
import { declares, isSafe } from './declared';
import { valueAtSpan } from './util';

/**
 * "This is an API name; the IAM action is …": for findings of rules that declare `apiName`
 * (INVALID_ACTION) on an API operation name the curated table knows (s3:ListObjectsV2 → s3:ListBucket). When the operation needs
 * several actions, the item becomes several items (a single Action string becomes a list).
 */
export const apiNameProvider: FixProvider = {
  id: 'apiName',
  provide(ctx) {
    const out: FixCandidate[] = [];
    ctx.diagnostics.forEach((d, i) => {
      if (!declares(d, 'apiName')) return;
      const found = valueAtSpan(ctx, d.span);
      if (!found || found.node.kind !== 'string' || found.node.parts) return;
      const node = found.node;
      const actions = iamActionsForApiName(node.value);
      if (!actions) return;
      const parent = found.parents[found.parents.length - 1];
      let intents: () => ReturnType<FixCandidate['intents']>;
      if (actions.length === 1) {
        intents = () => [{ kind: 'replaceValue', node, value: actions[0] }];
      } else if (parent && parent.kind === 'array') {
        const items = parent.items;
        if (!items.every((n) => n.kind === 'string' && !n.parts)) return;
        const present = new Set(items.map((n) => (n.kind === 'string' ? n.value.toLowerCase() : '')));
        const values: EditValue[] = [];
        for (const n of items) {
          if (n === node) values.push(...actions.filter((a) => !present.has(a.toLowerCase())));
          else values.push((n as { value: string }).value);
        }
        intents = () => [{ kind: 'replaceValue', node: parent, value: values }];
      } else {
        intents = () => [{ kind: 'replaceValue', node, value: [...actions] }];
      }
      out.push({
        key: `api:${i}`,
        title: `"${node.value}" is an API operation; use the IAM action${actions.length > 1 ? 's' : ''} ${actions.map((a) => `"${a}"`).join(' and ')}`,
        kind: 'quickfix',
        fix: 'apiName',
        diagnostics: [d],
        preferred: true,
        safe: isSafe(d, 'apiName'),
        intents,
      });
    });
    return out;
  },
};
