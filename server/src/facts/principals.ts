/** Facts about a statement's Principal element. Pure functions of the model. */
import { knownString, type Statement, type StringNode } from '../model';
import { knownValues } from './actions';

export interface PrincipalEntry {
  /** 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | … as written, or '*' for `"Principal": "*"`. */
  kind: string;
  value: string;
  node: StringNode;
}

/** Fully known principal values of a statement's Principal element. Read through StatementFacts.principals. */
export function readPrincipals(st: Statement): PrincipalEntry[] {
  const v = st.principal?.value;
  if (!v) return [];
  if (v.kind === 'string') {
    const s = knownString(v);
    return s === undefined ? [] : [{ kind: '*', value: s, node: v }];
  }
  if (v.kind !== 'object') return [];
  const out: PrincipalEntry[] = [];
  const properties = v.properties;
  for (let i = 0; i < properties.length; i++) {
    const p = properties[i];
    for (const kv of knownValues(p)) out.push({ kind: p.key, value: kv.value, node: kv.node });
  }
  return out;
}

/** `"*"` or `{"AWS": "*"}`: anyone, including anonymous callers. */
export function isPublicPrincipal(e: PrincipalEntry): boolean {
  return e.value === '*' && (e.kind === '*' || e.kind === 'AWS');
}

/** An AWS account principal: a 12-digit account id or an IAM/STS ARN carrying an account id. */
export function principalAccount(e: PrincipalEntry): string | undefined {
  if (e.kind !== 'AWS') return undefined;
  if (/^\d{12}$/.test(e.value)) return e.value;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(e.value);
  return m?.[1];
}

/**
 * Condition keys (lower case) whose values are service principals (`service-name.amazonaws.com`):
 * the service a principal is (aws:PrincipalServiceName/-NamesList), the service a role is passed
 * to (iam:PassedToService), the service a service-linked role is for (iam:AWSServiceName), and the
 * services that made a request on the caller's behalf (aws:CalledVia, -First, -Last). One list for
 * the checks (INVALID_SERVICE_PRINCIPAL_FORMAT) and completion, which used to keep two that
 * disagreed (each missing keys the other had).
 */
export const SERVICE_PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'iam:passedtoservice',
  'iam:awsservicename',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
]);
