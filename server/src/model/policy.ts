import { LIMITS, formatCount, limitProblem } from './limits';
import { elementStrings, getProperty, knownString } from './nodes';
import type { ParseProblem, Path, PolicyDocument, PolicyType, Statement, TypeSource, ValueNode } from './types';

const ELEMENT_FIELDS: Record<string, keyof Statement> = {
  Sid: 'sid',
  Effect: 'effect',
  Principal: 'principal',
  NotPrincipal: 'notPrincipal',
  Action: 'action',
  NotAction: 'notAction',
  Resource: 'resource',
  NotResource: 'notResource',
  Condition: 'condition',
};

export const STATEMENT_ELEMENTS = Object.keys(ELEMENT_FIELDS);
export const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'];

export interface PolicyContext {
  /** Known policy type from settings, a CLI flag or the host context; inferred from content otherwise. */
  type?: PolicyType;
  typeSource?: TypeSource;
  resourceType?: string;
  /** The host applies the policy to its own resource and its statements name none (types.ts). */
  resourceElement?: 'implicit';
  label: string;
  hostPath: Path;
  /** PolicyDocument.variableFree: the host saw no `${` (nor an escape) in the policy's text. */
  variableFree?: boolean;
  /** PolicyDocument.sizeBound: an upper bound the host proved for the policy's minified size. */
  sizeBound?: number;
  /** PolicyDocument.sizeExact: sizeBound is the size itself. */
  sizeExact?: boolean;
}

function statementFrom(node: ValueNode, index: number, path: Path): Statement {
  // Every statement has the same shape (all elements present, undefined when absent), so code
  // reading statements sees one hidden class instead of one per order of elements.
  const st: Statement = { index, node, path, sid: undefined, effect: undefined, principal: undefined, notPrincipal: undefined, action: undefined, notAction: undefined, resource: undefined, notResource: undefined, condition: undefined };
  if (node.kind === 'object') {
    const props = node.properties;
    for (let i = 0; i < props.length; i++) {
      const prop = props[i];
      switch (prop.key) {
        case 'Sid': st.sid ??= prop; break;
        case 'Effect': st.effect ??= prop; break;
        case 'Principal': st.principal ??= prop; break;
        case 'NotPrincipal': st.notPrincipal ??= prop; break;
        case 'Action': st.action ??= prop; break;
        case 'NotAction': st.notAction ??= prop; break;
        case 'Resource': st.resource ??= prop; break;
        case 'NotResource': st.notResource ??= prop; break;
        case 'Condition': st.condition ??= prop; break;
      }
    }
  }
  return st;
}

/** Builds the policy document view (statements and elements) over a value tree produced by an adapter. */
export function buildPolicyDocument(root: ValueNode, ctx: PolicyContext): PolicyDocument {
  const obj = root.kind === 'object' ? root : undefined;
  const statementProperty = getProperty(obj, 'Statement');
  const statements: Statement[] = [];
  const sv = statementProperty?.value;
  // Beyond LIMITS.maxStatements, statements are not checked (policyLimitProblems says so).
  const add = (node: ValueNode, index: number, path: Path): void => {
    if (statements.length < LIMITS.maxStatements) statements.push(statementFrom(node, index, path));
  };
  if (sv) {
    if (sv.kind === 'array') {
      for (let i = 0; i < sv.items.length && statements.length < LIMITS.maxStatements; i++) {
        const item = sv.items[i];
        // A statement chosen by a condition (Fn::If inside the list): each branch is statement i.
        if (item.kind === 'unknown' && item.alternatives) for (const alt of item.alternatives) add(alt, i, ['Statement', i]);
        else add(item, i, ['Statement', i]);
      }
    } else if (sv.kind === 'unknown' && sv.alternatives) {
      // A statement list chosen by a condition (Fn::If): index the statements of every branch.
      let i = 0;
      const alternatives = sv.alternatives;
      for (let j = 0; j < alternatives.length; j++) {
        const alt = alternatives[j];
        const items = alt.kind === 'array' ? alt.items : [alt];
        for (let k = 0; k < items.length; k++) {
          const item = items[k];
          if (statements.length >= LIMITS.maxStatements) break;
          add(item, i++, item.path.slice());
        }
      }
    } else {
      add(sv, 0, ['Statement']);
    }
  }
  const doc: PolicyDocument = {
    root,
    type: ctx.type ?? 'identity',
    typeSource: ctx.type ? (ctx.typeSource ?? 'explicit') : 'inferred',
    resourceType: ctx.resourceType,
    label: ctx.label,
    hostPath: ctx.hostPath,
    version: getProperty(obj, 'Version'),
    id: getProperty(obj, 'Id'),
    statementProperty,
    statements,
    // In the literal (undefined when unknown): every policy object has the same shape.
    variableFree: ctx.variableFree ? true : undefined,
    sizeBound: ctx.sizeBound,
    sizeExact: ctx.sizeExact && ctx.sizeBound !== undefined ? true : undefined,
  };
  if (ctx.resourceElement) doc.resourceElement = ctx.resourceElement;
  if (!ctx.type) doc.type = inferPolicyType(doc);
  return doc;
}

const ELEMENT_PROPERTIES = ['principal', 'notPrincipal', 'action', 'notAction', 'resource', 'notResource', 'condition'] as const;

/** The first array under an element (its value, or one or two object levels down: Principal, Condition) longer than the limit. */
function oversized(node: ValueNode, levels: number): { node: ValueNode; count: number; path: Path } | undefined {
  if (node.kind === 'array') return node.items.length > LIMITS.maxItemsPerElement ? { node, count: node.items.length, path: node.path } : undefined;
  if (node.kind === 'object' && levels > 0) {
    const properties = node.properties;
    for (let i = 0; i < properties.length; i++) {
      const p = properties[i];
      const found = oversized(p.value, levels - 1);
      if (found) return found;
    }
  }
  return undefined;
}

function elementName(path: Path): string {
  return path.filter((s) => typeof s === 'string' && s !== 'Statement').join('.') || 'The element';
}

/**
 * Information problems for the parts of a policy that the limits of limits.ts leave unchecked:
 * statements beyond `maxStatements`, values beyond `maxItemsPerElement` (the first such element
 * is named). Adapters need not call it: parseHost adds these for every policy.
 */
export function policyLimitProblems(policy: PolicyDocument): ParseProblem[] {
  const out: ParseProblem[] = [];
  const sv = policy.statementProperty?.value;
  if (sv?.kind === 'array' && sv.items.length > LIMITS.maxStatements) {
    const first = sv.items[LIMITS.maxStatements];
    out.push(
      limitProblem(`This policy has ${formatCount(sv.items.length)} statements; only the first ${formatCount(LIMITS.maxStatements)} are checked.`, {
        offset: first.span.offset,
        length: Math.min(1, first.span.length),
      }),
    );
  }
  const statements = policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    for (let j = 0; j < ELEMENT_PROPERTIES.length; j++) {
      const field = ELEMENT_PROPERTIES[j];
      const prop = st[field];
      const found = prop && oversized(prop.value, 2);
      if (!found || found.node.kind !== 'array') continue;
      const first = found.node.items[LIMITS.maxItemsPerElement];
      out.push(
        limitProblem(`${elementName(found.path)} has ${formatCount(found.count)} values; only the first ${formatCount(LIMITS.maxItemsPerElement)} are checked.`, {
          offset: first.span.offset,
          length: Math.min(1, first.span.length),
        }),
      );
      return out;
    }
  }
  return out;
}

const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext|assumeroot)$/i;

/**
 * Content-based inference for a policy whose context does not say its type:
 * a Principal with sts:AssumeRole* actions → trust; any Principal → resource; otherwise identity.
 */
export function inferPolicyType(doc: PolicyDocument): PolicyType {
  let hasPrincipal = false;
  let trustActions = false;
  const statements = doc.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (st.principal || st.notPrincipal) {
      hasPrincipal = true;
      const actions = elementStrings(st.action?.value);
      if (actions.length > 0 && actions.every((a) => TRUST_ACTION.test(knownString(a) ?? ''))) trustActions = true;
    }
  }
  if (trustActions) return 'trust';
  return hasPrincipal ? 'resource' : 'identity';
}
