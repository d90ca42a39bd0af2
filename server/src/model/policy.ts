import { elementStrings, getProperty, knownString } from './nodes';
import type { Path, PolicyDocument, PolicyType, PropertyNode, Statement, TypeSource, ValueNode } from './types';

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
  label: string;
  hostPath: Path;
}

function statementFrom(node: ValueNode, index: number, path: Path): Statement {
  const st: Statement = { index, node, path };
  if (node.kind === 'object') {
    for (const prop of node.properties) {
      const field = ELEMENT_FIELDS[prop.key];
      if (field && st[field] === undefined) (st as unknown as Record<string, PropertyNode>)[field] = prop;
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
  if (sv) {
    if (sv.kind === 'array') {
      sv.items.forEach((item, i) => {
        // A statement chosen by a condition (Fn::If inside the list): each branch is statement i.
        if (item.kind === 'unknown' && item.alternatives) for (const alt of item.alternatives) statements.push(statementFrom(alt, i, ['Statement', i]));
        else statements.push(statementFrom(item, i, ['Statement', i]));
      });
    } else if (sv.kind === 'unknown' && sv.alternatives) {
      // A statement list chosen by a condition (Fn::If): index the statements of every branch.
      let i = 0;
      for (const alt of sv.alternatives) {
        const items = alt.kind === 'array' ? alt.items : [alt];
        for (const item of items) statements.push(statementFrom(item, i++, item.path.slice()));
      }
    } else {
      statements.push(statementFrom(sv, 0, ['Statement']));
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
  };
  if (!ctx.type) doc.type = inferPolicyType(doc);
  return doc;
}

const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext|assumeroot)$/i;

/**
 * Content-based inference for a policy whose context does not say its type:
 * a Principal with sts:AssumeRole* actions → trust; any Principal → resource; otherwise identity.
 */
export function inferPolicyType(doc: PolicyDocument): PolicyType {
  let hasPrincipal = false;
  let trustActions = false;
  for (const st of doc.statements) {
    if (st.principal || st.notPrincipal) {
      hasPrincipal = true;
      const actions = elementStrings(st.action?.value);
      if (actions.length > 0 && actions.every((a) => TRUST_ACTION.test(knownString(a) ?? ''))) trustActions = true;
    }
  }
  if (trustActions) return 'trust';
  return hasPrincipal ? 'resource' : 'identity';
}
