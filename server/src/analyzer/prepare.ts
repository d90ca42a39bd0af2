import type { Path, PolicyDocument, StringNode, UnknownNode } from '../model';
import { serializePolicy, type PlaceholderRange, type SourceMapEntry, type Substitution } from '../model/serialize';
import { validatePolicyType, validateResourceType, type AaPolicyType, type ValidateResourceType } from './policyTypes';

/**
 * The exact policy text sent to Access Analyzer, with its source map (sent offsets ⇄ host spans)
 * and where placeholders stand in for values the host does not fix (CloudFormation intrinsics,
 * CDK expressions).
 *
 * Placeholders (chosen so the policy stays valid and no finding is caused by the choice itself —
 * notably never `*`, which would change what is granted and trigger wildcard findings):
 *
 * | where | placeholder |
 * | --- | --- |
 * | hole in an ARN's partition / region / account segment | `aws` / `us-east-1` / `123456789012` |
 * | hole in an ARN's service or resource segment | `placeholder` |
 * | hole at the start of a Resource string (`${Bucket.Arn}/*`) | `arn:aws:placeholder:::placeholder` |
 * | hole at the start of a Principal AWS string (`${AWS::AccountId}`) | `arn:aws:iam::123456789012:root` |
 * | any other hole (action, condition value, Sid) | `placeholder` |
 * | whole unknown Version / Effect | `"2012-10-17"` / `"Allow"` (Allow: the stricter checks run) |
 * | whole unknown Action / NotAction (or one item) | `"placeholder:placeholder"` |
 * | whole unknown Resource / NotResource (or one item) | `"arn:aws:placeholder:::placeholder"` |
 * | whole unknown Principal / NotPrincipal | `{"AWS":"arn:aws:iam::123456789012:root"}` |
 * | unknown Principal AWS / Service / Federated value | account root ARN / `placeholder.amazonaws.com` / `arn:aws:iam::123456789012:saml-provider/placeholder` |
 * | whole unknown Statement list / statement / Condition block / operator block | `[]` / `{}` / `{}` / `{}` |
 * | anything else (Sid, condition value, …) | `"placeholder"` |
 * | `Fn::If` and other choices (unknown with alternatives) | the first alternative, written as real values |
 *
 * A finding on a value that holds a placeholder is reported as information (see map.ts): its
 * text was partly invented here.
 */

export const PLACEHOLDER = 'placeholder';
export const PLACEHOLDER_ACCOUNT = '123456789012';
export const PLACEHOLDER_REGION = 'us-east-1';
export const PLACEHOLDER_PARTITION = 'aws';
export const PLACEHOLDER_ARN = `arn:${PLACEHOLDER_PARTITION}:${PLACEHOLDER}:::${PLACEHOLDER}`;
export const PLACEHOLDER_ACCOUNT_ROOT = `arn:${PLACEHOLDER_PARTITION}:iam::${PLACEHOLDER_ACCOUNT}:root`;

export interface PreparedPolicy {
  policy: PolicyDocument;
  /** The exact `policyDocument` string sent. */
  text: string;
  sourceMap: SourceMapEntry[];
  placeholders: PlaceholderRange[];
  policyType: AaPolicyType;
  resourceType?: ValidateResourceType;
}

const ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

interface Where {
  /** Top-level key (Version, Statement, Id, …) or undefined for the root. */
  top?: string;
  /** Statement element (Action, Principal, …) when inside a statement. */
  element?: string;
  /** Path segments after the element (principal kind, condition operator and key, indexes). */
  rest: Path;
  /** True when the path ends at a statement (or the Statement list itself). */
  statementLevel: 'list' | 'statement' | undefined;
}

function where(path: Path): Where {
  if (path.length === 0) return { rest: [], statementLevel: undefined };
  const top = String(path[0]);
  if (top !== 'Statement') return { top, rest: path.slice(1), statementLevel: undefined };
  let i = 1;
  if (path.length === 1) return { top, rest: [], statementLevel: 'list' };
  if (typeof path[1] === 'number') i = 2;
  if (i >= path.length) return { top, rest: [], statementLevel: 'statement' };
  const element = String(path[i]);
  return { top, element: ELEMENTS.has(element) ? element : undefined, rest: path.slice(i + 1), statementLevel: undefined };
}

function strings(rest: Path): string[] {
  return rest.filter((s): s is string => typeof s === 'string');
}

/** JSON text standing in for a whole unknown value at `path`. */
export function unknownPlaceholder(path: Path): string {
  const w = where(path);
  if (w.top === undefined) return '{}';
  if (w.top === 'Version') return JSON.stringify('2012-10-17');
  if (w.statementLevel === 'list') return '[]';
  if (w.statementLevel === 'statement') return '{}';
  const q = (s: string) => JSON.stringify(s);
  switch (w.element) {
    case 'Effect':
      return q('Allow');
    case 'Action':
    case 'NotAction':
      return q(`${PLACEHOLDER}:${PLACEHOLDER}`);
    case 'Resource':
    case 'NotResource':
      return q(PLACEHOLDER_ARN);
    case 'Principal':
    case 'NotPrincipal': {
      const kind = strings(w.rest)[0];
      if (kind === undefined) return `{"AWS":${q(PLACEHOLDER_ACCOUNT_ROOT)}}`;
      return q(principalPlaceholder(kind));
    }
    case 'Condition':
      // the block or an operator's block: an object; a key's value: a string
      return strings(w.rest).length < 2 ? '{}' : q(PLACEHOLDER);
    default:
      return q(PLACEHOLDER);
  }
}

function principalPlaceholder(kind: string): string {
  if (kind === 'AWS') return PLACEHOLDER_ACCOUNT_ROOT;
  if (kind === 'Service') return `${PLACEHOLDER}.amazonaws.com`;
  if (kind === 'Federated') return `arn:${PLACEHOLDER_PARTITION}:iam::${PLACEHOLDER_ACCOUNT}:saml-provider/${PLACEHOLDER}`;
  return PLACEHOLDER;
}

/** Raw text standing in for a hole of a partial string, given the (substituted) text before it. */
export function holePlaceholder(path: Path, textBefore: string): string {
  if (textBefore.startsWith('arn:')) {
    let colons = 0;
    for (const c of textBefore) if (c === ':') colons++;
    switch (colons) {
      case 1:
        return PLACEHOLDER_PARTITION;
      case 3:
        return PLACEHOLDER_REGION;
      case 4:
        return PLACEHOLDER_ACCOUNT;
      default:
        return PLACEHOLDER;
    }
  }
  if (textBefore === '') {
    const w = where(path);
    if (w.element === 'Resource' || w.element === 'NotResource') return PLACEHOLDER_ARN;
    if ((w.element === 'Principal' || w.element === 'NotPrincipal') && strings(w.rest)[0] === 'AWS') return PLACEHOLDER_ACCOUNT_ROOT;
  }
  return PLACEHOLDER;
}

export const SUBSTITUTION: Substitution = {
  unknown: (node: UnknownNode) => unknownPlaceholder(node.path),
  hole: (node: StringNode, _index: number, textBefore: string) => holePlaceholder(node.path, textBefore),
  alternative: (node: UnknownNode) => node.alternatives?.[0],
};

/** Serializes one policy for Access Analyzer (never throws; the model is always serializable). */
export function preparePolicy(policy: PolicyDocument): PreparedPolicy {
  const s = serializePolicy(policy, { sourceMap: true, substitute: SUBSTITUTION });
  const resourceType = validateResourceType(policy);
  return {
    policy,
    text: s.text,
    sourceMap: s.sourceMap ?? [],
    placeholders: s.placeholders ?? [],
    policyType: validatePolicyType(policy.type),
    ...(resourceType ? { resourceType } : {}),
  };
}
