import { spanContains, type HostReference, type HostSymbol, type ParseResult, type Span } from '../model';
import { policyAt } from './context';
import type { FeatureCompletion, FeatureHover } from './types';

/**
 * Completion and hover of host references (`!Ref X`, `!GetAtt X.Arn`, `${X}` in a template) from
 * the format-neutral `symbols`/`references` of the parse result. Nothing here knows the host:
 * the adapter says where names are written and what they may name.
 */

/** The reference whose written name contains the offset (end inclusive: the cursor after it), inside a policy. */
export function referenceAt(parse: ParseResult, offset: number): HostReference | undefined {
  if (!parse.references?.length || !policyAt(parse, offset)) return undefined;
  return parse.references.find((r) => spanContains(r.span, offset, true));
}

function symbolNamed(parse: ParseResult, name: string, kinds?: string[]): HostSymbol | undefined {
  return parse.symbols?.find((s) => s.name === name && (!kinds || kinds.includes(s.kind)));
}

const KIND_ORDER: Record<string, string> = { parameter: '0', resource: '1', pseudo: '2' };

/** Items for the reference under the cursor; undefined when the cursor is on none. */
export function referenceCompletions(parse: ParseResult, offset: number): FeatureCompletion[] | undefined {
  const ref = referenceAt(parse, offset);
  if (!ref) return undefined;
  const replace: Span = ref.span;
  const symbols = (parse.symbols ?? []).filter((s) => !ref.kinds || ref.kinds.includes(s.kind));
  const items: FeatureCompletion[] = [];
  const order = (s: HostSymbol): string => (KIND_ORDER[s.kind] ?? '3') + s.name;
  if (ref.form === 'name') {
    for (const s of symbols) {
      items.push({ label: s.name, kind: s.kind === 'resource' ? 'reference' : s.kind === 'parameter' ? 'variable' : 'constant', detail: s.detail, documentation: s.documentation, insertText: s.name, replace, sortText: order(s) });
    }
  } else if (ref.form === 'name.attribute') {
    for (const s of symbols) {
      for (const a of s.attributes ?? []) {
        const label = `${s.name}.${a}`;
        items.push({ label, kind: 'reference', detail: s.detail, insertText: label, replace, sortText: order(s) + '.' + a, filterText: label });
      }
    }
  } else {
    const owner = ref.of !== undefined ? symbolNamed(parse, ref.of) : undefined;
    for (const a of owner?.attributes ?? []) items.push({ label: a, kind: 'field', detail: `${owner!.name} (${owner!.detail})`, insertText: a, replace });
  }
  return items;
}

/** Hover of the reference under the cursor: what the name points to. */
export function referenceHover(parse: ParseResult, offset: number): FeatureHover | undefined {
  const ref = referenceAt(parse, offset);
  if (!ref || ref.text === '') return undefined;
  let name = ref.text;
  let attribute: string | undefined;
  if (ref.form === 'name.attribute') {
    const dot = ref.text.indexOf('.');
    if (dot > 0) {
      name = ref.text.slice(0, dot);
      attribute = ref.text.slice(dot + 1);
    }
  } else if (ref.form === 'attribute') {
    name = ref.of ?? '';
    attribute = ref.text;
  }
  const symbol = symbolNamed(parse, name, ref.kinds);
  const lines: string[] = [];
  if (!symbol) {
    lines.push(`**${name}**: not defined in this document.`);
  } else {
    lines.push(`**${symbol.name}** · ${symbol.detail}`);
    if (attribute !== undefined) {
      const known = symbol.attributes;
      lines.push(known ? (known.includes(attribute) ? `Attribute \`${attribute}\`` : `Attribute \`${attribute}\`: not one of ${known.map((a) => `\`${a}\``).join(', ') || 'its known attributes'}`) : `Attribute \`${attribute}\``);
    }
    if (symbol.documentation) lines.push(symbol.documentation);
  }
  return { markdown: lines.join('\n\n'), span: ref.span };
}
