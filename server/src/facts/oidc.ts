/**
 * Web identity (OIDC) trust statements of a role trust policy: which provider a statement trusts
 * and which of that provider's claims its conditions test.
 */
import { elementStrings, getProperty, knownString, type Statement } from '../model';
import { oidcProviderFor, type OidcProvider } from '../data/oidcProviders';
import { isRestricting, type ConditionEntry } from './conditions';
import type { StatementFacts } from './statement';

/** Providers built into STS (their Federated principal is the host name itself). */
const BUILT_IN = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);
const OIDC_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/i;
const WEB_IDENTITY_ACTION = /^(\*|sts:\*|sts:assumerolewithwebidentity)$/i;

export interface OidcTrust {
  statement: Statement;
  /** Provider host as written in the principal (e.g. token.actions.githubusercontent.com). */
  provider: string;
  /** Anchor for findings about the whole statement: the Federated principal value. */
  principalSpan: { offset: number; length: number };
  /** Condition entries that test claims of this provider, by claim name (lower case). */
  claims: Map<string, ConditionEntry[]>;
  /** The well-known provider (data/oidcProviders.ts), when the host is one. */
  known?: OidcProvider;
}

/** Read through PolicyFacts.oidcTrusts. */
export function readOidcTrusts(statements: readonly StatementFacts[]): OidcTrust[] {
  const out: OidcTrust[] = [];
  for (let i = 0; i < statements.length; i++) {
    const facts = statements[i];
    const st = facts.statement;
    if (knownString(st.effect?.value) !== 'Allow' || !st.principal || st.principal.value.kind !== 'object') continue;
    const actions = elementStrings(st.action?.value).map((a) => knownString(a));
    if (!actions.some((a) => a !== undefined && WEB_IDENTITY_ACTION.test(a))) continue;
    const federated = getProperty(st.principal.value, 'Federated');
    const strings = elementStrings(federated?.value);
    for (let j = 0; j < strings.length; j++) {
      const node = strings[j];
      const text = knownString(node);
      if (text === undefined) continue;
      const m = OIDC_ARN.exec(text);
      const provider = m ? m[1] : BUILT_IN.has(text.toLowerCase()) ? text : undefined;
      if (!provider) continue;
      const claims = new Map<string, ConditionEntry[]>();
      const prefix = `${provider.toLowerCase()}:`;
      const entries = facts.conditionEntries;
      for (let k = 0; k < entries.length; k++) {
        const e = entries[k];
        if (!e.keyLower.startsWith(prefix)) continue;
        const claim = e.key.slice(prefix.length).toLowerCase();
        claims.set(claim, [...(claims.get(claim) ?? []), e]);
      }
      out.push({ statement: st, provider, principalSpan: node.span, claims, known: oidcProviderFor(provider) });
    }
  }
  return out;
}

/**
 * Entries that restrict a claim: a positive operator other than Null, without `…IfExists` (an
 * absent claim passes) and without `ForAllValues:` (true when the claim is absent or empty).
 */
export function restricting(entries: ConditionEntry[] | undefined): ConditionEntry[] {
  return (entries ?? []).filter(isRestricting);
}

export function isBuiltInProvider(provider: string): boolean {
  return BUILT_IN.has(provider.toLowerCase());
}
