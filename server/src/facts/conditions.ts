/**
 * The Condition block of a statement as a flat list of entries: one per (operator, key) pair,
 * with the operator parsed and the key looked up in the reference data. Checks, hover, completion
 * and fixes share this view instead of walking the value tree themselves.
 *
 *   "Condition": { "ForAnyValue:StringLike": { "aws:TagKeys": ["a*", "b"] } }
 *                  └ operatorProperty / operator  └ keyProperty / keyInfo  └ value / values
 *
 * Pure functions of the model and the data: no IO beyond the data's own lazy loading.
 */
import { parseOperator, type ParsedOperator } from '../data/operators';
import type { ConditionKeyInfo, IamData } from '../data/iamData';
import { oidcClaim, oidcProviderFor, type OidcClaim, type OidcProvider } from '../data/oidcProviders';
import {
  elementValues,
  knownString,
  type ObjectNode,
  type PropertyNode,
  type Span,
  type Statement,
  type ValueNode,
} from '../model';

/**
 * How a condition key was resolved:
 * - 'global': an `aws:` key known to the data;
 * - 'service': a service key known to the data;
 * - 'federated': a claim of a web identity (OIDC) provider, e.g. `token.actions.githubusercontent.com:sub`
 *   or `oidc.eks.<region>.amazonaws.com/id/<id>:aud` — any provider host can be registered, so these
 *   are accepted without data (a synthesized String keyInfo is attached);
 * - 'unknown': not found (or not of the prefix:name form).
 */
export type KeyKind = 'global' | 'service' | 'federated' | 'unknown';

export interface ConditionKeyLookup {
  kind: KeyKind;
  info?: ConditionKeyInfo;
  /** For a claim key of a well-known web identity provider (data/oidcProviders.ts): the provider. */
  provider?: OidcProvider;
  /** The documented claim, when the provider is well known and the claim is in its table. */
  claim?: OidcClaim;
  /**
   * True when the provider is well known but neither its table nor the reference data lists the
   * claim: IAM never finds such a key in the request context. (kind stays 'federated', info is unset.)
   */
  unknownClaim?: boolean;
}

/** One operator of a Condition block (`"StringEquals": { … }`). */
export interface ConditionOperatorEntry {
  statement: Statement;
  /** The `"Operator": value` property inside Condition. */
  property: PropertyNode;
  /** Parsed operator; undefined when the name is not a valid operator. */
  operator?: ParsedOperator;
  /** The operator's value when it is an object (the key → values map). */
  block?: ObjectNode;
}

/** One key under one operator (`"aws:SourceIp": ["10.0.0.0/8"]`). */
export interface ConditionEntry {
  statement: Statement;
  operatorProperty: PropertyNode;
  operator?: ParsedOperator;
  keyProperty: PropertyNode;
  /** The key as written. */
  key: string;
  /** key.toLowerCase(), made once per entry (checks compare and look up keys in lower case). */
  keyLower: string;
  keyKind: KeyKind;
  keyInfo?: ConditionKeyInfo;
  /** The key's web identity provider claim lookup (provider, claim, unknownClaim), when it names a well-known provider. */
  oidc?: Pick<ConditionKeyLookup, 'provider' | 'claim' | 'unknownClaim'>;
  /** The key's value as written (a scalar, an array, or something invalid). */
  value: ValueNode;
  /** The individual values: array items (flattened) or the single scalar. */
  values: ValueNode[];
}

/** The Condition object of a statement, when it is one. */
function conditionBlock(st: Statement): ObjectNode | undefined {
  const v = st.condition?.value;
  return v && v.kind === 'object' ? v : undefined;
}

/** The operators of a statement's Condition block, in source order. Read through facts (conditionOperators), which caches them. */
export function readConditionOperators(st: Statement): ConditionOperatorEntry[] {
  const block = conditionBlock(st);
  return !block ? [] : block.properties.map((property) => ({
    statement: st,
    property,
    operator: parseOperator(property.key),
    block: property.value.kind === 'object' ? property.value : undefined,
  }));
}

/**
 * Every (operator, key) pair of a statement's Condition block, in source order, keys resolved
 * against `data`. Read through facts (conditionEntries), which caches them per statement and data.
 */
export function readConditionEntries(operators: readonly ConditionOperatorEntry[], data: IamData): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (let i = 0; i < operators.length; i++) {
    const op = operators[i];
    if (!op.block) continue;
    const properties = op.block.properties;
    for (let j = 0; j < properties.length; j++) {
      const keyProperty = properties[j];
      const lookup = lookupConditionKey(keyProperty.key, data);
      out.push({
        statement: op.statement,
        operatorProperty: op.property,
        operator: op.operator,
        keyProperty,
        key: keyProperty.key,
        keyLower: keyProperty.key.toLowerCase(),
        keyKind: lookup.kind,
        keyInfo: lookup.info,
        oidc: lookup.provider ? { provider: lookup.provider, claim: lookup.claim, unknownClaim: lookup.unknownClaim } : undefined,
        value: keyProperty.value,
        values: elementValues(keyProperty.value),
      });
    }
  }
  return out;
}

/** True when a key prefix names a web identity provider host (contains a dot or slash) rather than a service. */
function isProviderPrefix(prefix: string): boolean {
  return prefix.includes('.') || prefix.includes('/');
}

/**
 * Resolves a condition key as written in a policy. Besides the data's own lookup this accepts
 * web identity provider claims (the data's own key templates are matched by IamData.getConditionKey).
 */
export function lookupConditionKey(key: string, data: IamData): ConditionKeyLookup {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return { kind: 'unknown' };
  const host = key.slice(0, colon);
  const provider = isProviderPrefix(host) ? oidcProviderFor(host) : undefined;
  const claim = provider ? oidcClaim(provider, key.slice(colon + 1)) : undefined;
  const info = data.getConditionKey(key);
  if (info) {
    const kind: KeyKind = info.global ? 'global' : 'service';
    return provider ? { kind, info: claim ? { ...info, description: claim.description } : info, provider, claim } : { kind, info };
  }
  const prefix = host.toLowerCase();
  if (prefix !== 'aws') {
    // Claims of a well-known provider come from its table (data/oidcProviders.ts); any other
    // provider host can be registered, so its claims are accepted without data.
    if (isProviderPrefix(prefix)) {
      if (provider && !claim) return { kind: 'federated', provider, unknownClaim: true };
      return {
        kind: 'federated',
        info: {
          key,
          type: 'String',
          description: claim ? claim.description : `Claim of the web identity provider ${host}.`,
          service: 'sts',
          global: false,
          multivalued: false,
        },
        provider,
        claim,
      };
    }
  }
  return { kind: 'unknown' };
}

/**
 * True when an entry restricts the request to what its values name: a positive operator (not
 * StringNot…/ArnNot…/NotIpAddress), not Null, without `…IfExists` (an absent key passes) and
 * without `ForAllValues:` (true when the key is absent or empty). Checks that treat a condition as
 * "resolving" a finding (PassRole, CreateServiceLinkedRole, source conditions, OIDC claims) count
 * only such entries.
 */
export function isRestricting(e: ConditionEntry): boolean {
  const op = e.operator;
  return !!op && !op.base.negated && op.base.name !== 'Null' && !op.ifExists && op.setOperator !== 'ForAllValues';
}

/**
 * The text of a scalar condition value as IAM would read it: strings as is, numbers as written,
 * booleans as true/false. Undefined for partially known strings, computed values and containers.
 */
export function scalarText(node: ValueNode): string | undefined {
  switch (node.kind) {
    case 'string':
      return knownString(node);
    case 'number':
      return node.raw;
    case 'boolean':
      return node.value ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** True when a value is a computed or partially known host value (nothing can be concluded from it). */
export function isUnresolved(node: ValueNode): boolean {
  return node.kind === 'unknown' || (node.kind === 'string' && node.parts !== undefined);
}

/** The operator name with a different base (keeping the set prefix and IfExists suffix). */
export function withBase(op: ParsedOperator, base: string): string {
  const ifExists = op.ifExists && base !== 'Null' ? 'IfExists' : '';
  return `${op.setOperator ? `${op.setOperator}:` : ''}${base}${ifExists}`;
}

/** The canonical spelling of a parsed operator. */
export function operatorName(op: ParsedOperator): string {
  return withBase(op, op.base.name);
}

/**
 * Keys whose data says single-valued but which carry several values in practice
 * (Cognito's `amr` claim). Checks that depend on `multivalued` skip them.
 */
export function multivaluedIsDoubtful(entry: ConditionEntry): boolean {
  return entry.keyKind === 'federated' || /:amr$/i.test(entry.key);
}

/**
 * The host span of `length` characters at `start` inside a string value, when the string maps 1:1
 * onto the host text; the whole value's span otherwise.
 */
export function spanInString(node: ValueNode, start: number, length: number): Span {
  if (node.kind === 'string' && node.valueSpan && !node.parts && start + length <= node.valueSpan.length) {
    return { offset: node.valueSpan.offset + start, length };
  }
  return node.span;
}

/** The span to underline for a condition value: a string's text without quotes, else the node. */
export function valueNodeSpan(node: ValueNode): Span {
  return node.kind === 'string' && node.valueSpan ? node.valueSpan : node.span;
}
