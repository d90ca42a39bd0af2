import { elementValues, knownString, walkValues, type ParseResult, type PolicyDocument, type PropertyNode, type Statement, type ValueNode } from '../model';
import type { FeatureFold, FeatureSymbol, SymbolKind } from './types';

/** Document symbols (policies → statements → elements) and folding spans, from the model only. */

function summary(v: ValueNode): string {
  switch (v.kind) {
    case 'string':
      return v.value.length > 60 ? `${v.value.slice(0, 57)}…` : v.value;
    case 'array': {
      const first = elementValues(v).map((n) => knownString(n)).find((s) => s !== undefined);
      return `${v.items.length} item${v.items.length === 1 ? '' : 's'}${first !== undefined ? `: ${first}${v.items.length > 1 ? ', …' : ''}` : ''}`;
    }
    case 'object': {
      // The first keys only: an object may have thousands.
      let text = '';
      for (const p of v.properties) {
        if (text.length > 60) return `${text}, …`;
        text += text ? `, ${p.key}` : p.key;
      }
      return text;
    }
    case 'number':
      return v.raw;
    case 'boolean':
      return String(v.value);
    case 'null':
      return '';
    case 'unknown':
      return v.label;
  }
}

const KIND: Record<string, SymbolKind> = {
  Version: 'constant',
  Id: 'string',
  Statement: 'array',
  Sid: 'key',
  Effect: 'event',
  Action: 'array',
  NotAction: 'array',
  Resource: 'array',
  NotResource: 'array',
  Principal: 'object',
  NotPrincipal: 'object',
  Condition: 'object',
};

function propertySymbol(p: PropertyNode, children: FeatureSymbol[] = []): FeatureSymbol {
  return { name: p.key, detail: summary(p.value), kind: KIND[p.key] ?? 'field', span: p.span, selectionSpan: p.keySpan, children };
}

function statementSymbol(st: Statement): FeatureSymbol {
  const sid = knownString(st.sid?.value);
  const effect = knownString(st.effect?.value);
  const children = st.node.kind === 'object' ? st.node.properties.map((p) => propertySymbol(p)) : [];
  return {
    name: sid || `Statement ${st.index + 1}`,
    detail: effect ?? '',
    kind: 'object',
    span: st.node.span,
    selectionSpan: st.sid ? st.sid.value.span : { offset: st.node.span.offset, length: 0 },
    children,
  };
}

function policySymbol(policy: PolicyDocument): FeatureSymbol {
  const children: FeatureSymbol[] = [];
  const root = policy.root;
  if (root.kind === 'object') {
    for (const p of root.properties) {
      if (p === policy.statementProperty) children.push(propertySymbol(p, policy.statements.map(statementSymbol)));
      else children.push(propertySymbol(p));
    }
  }
  return {
    name: policy.label || 'Policy',
    detail: `${policy.type} policy · ${policy.statements.length} statement${policy.statements.length === 1 ? '' : 's'}`,
    kind: 'module',
    span: root.span,
    selectionSpan: { offset: root.span.offset, length: 0 },
    children,
  };
}

export function documentSymbols(parse: ParseResult): FeatureSymbol[] {
  return parse.policies.map(policySymbol);
}

/** Folds offered per document at most (editors show a few thousand; VS Code's default is 5,000). */
export const MAX_FOLDS = 10000;

/**
 * Every object and array of every policy (walked without recursion, so depth cannot overflow),
 * up to MAX_FOLDS; server.ts keeps the ones spanning several lines.
 */
export function foldingSpans(parse: ParseResult): FeatureFold[] {
  const out: FeatureFold[] = [];
  for (const p of parse.policies) {
    walkValues(p.root, (n) => {
      if ((n.kind === 'object' || n.kind === 'array') && out.length < MAX_FOLDS) out.push({ span: n.span });
    });
  }
  return out;
}
