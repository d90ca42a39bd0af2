import type { ConditionKeyInfo, IamData } from '../data/iamData';
import { allOperatorNames, parseOperator } from '../data/operators';
import { PARTITIONS } from '../data/regions';
import { SERVICE_PRINCIPALS } from '../data/servicePrincipals';
import { factsOf, SERVICE_PRINCIPAL_KEYS } from '../facts';
import { defaultSyntax, STATEMENT_ELEMENTS, TOP_LEVEL_ELEMENTS, type EditRenderer, type ParseResult, type Span } from '../model';
import { contextAt, type CursorContext, type Target } from './context';
import { snippetEscape } from './hostText';
import { conditionKeysForActions, isTemplate, resourceTypesForActions, sarUrl, statementActions, templateSnippet } from './statementInfo';
import type { CompletionKind, CompletionResult, FeatureCompletion } from './types';
import { openVariableAt, policyVariables } from './variables';
import { referenceCompletions } from './references';
import { dataMemo } from '../facts/cache';

/**
 * Completion from the policy model at the cursor: element keys, Effect/Version values, actions,
 * resource ARN templates, condition operators/keys/values, principals and policy variables.
 * Items carry the host range they replace; quoting of brand-new text goes through hostText.ts.
 */

interface Draft {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Bare text (no quotes); a snippet when `snippet` is true. */
  text: string;
  snippet?: boolean;
  sortText?: string;
  retrigger?: boolean;
  /** For keys written at an empty position: the value snippet after the key. */
  valueSnippet?: string;
  /** A narrower range than the target's (a policy variable inside a string). */
  replace?: Span;
}

/** Value snippets written after a brand-new key. */
const KEY_VALUE: Record<string, string> = {
  Version: '"2012-10-17"',
  Id: '"$1"',
  Statement: '[{$1}]',
  Sid: '"$1"',
  Effect: '"${1|Allow,Deny|}"',
  Principal: '{$1}',
  NotPrincipal: '{$1}',
  Action: '"$1"',
  NotAction: '"$1"',
  Resource: '"$1"',
  NotResource: '"$1"',
  Condition: '{$1}',
};

export const ELEMENT_DOCS: Record<string, string> = {
  Version: 'Policy language version; use `2012-10-17` (the older `2008-10-17` lacks policy variables).',
  Id: 'Optional identifier of the policy.',
  Statement: 'One statement object or an array of statements.',
  Sid: 'Optional statement identifier (letters and digits).',
  Effect: 'Whether the statement allows or denies access: `Allow` or `Deny`.',
  Principal: 'Who the statement applies to (resource-based and trust policies).',
  NotPrincipal: 'Every principal except the ones listed (avoid; prefer conditions).',
  Action: 'Actions the statement covers (`service:Action`, wildcards allowed).',
  NotAction: 'Every action except the ones listed.',
  Resource: 'Resources the statement covers (ARNs, wildcards allowed).',
  NotResource: 'Every resource except the ones listed.',
  Condition: 'Conditions under which the statement applies: `{ operator: { key: values } }`.',
};

export const PRINCIPAL_KEYS: Record<string, string> = {
  AWS: 'AWS accounts, IAM users and roles, assumed-role sessions (ARNs or account IDs), or `*`.',
  Service: 'AWS service principals such as `lambda.amazonaws.com`.',
  Federated: 'Web identity or SAML/OIDC identity providers.',
  CanonicalUser: 'Amazon S3 canonical user IDs.',
};

const AWS_PRINCIPALS: [string, string][] = [
  ['*', 'Everyone (anonymous access included): narrow it with conditions.'],
  ['arn:aws:iam::${1:123456789012}:root', 'An AWS account (every principal in it that its own policies allow).'],
  ['arn:aws:iam::${1:123456789012}:role/${2:role-name}', 'An IAM role.'],
  ['arn:aws:iam::${1:123456789012}:user/${2:user-name}', 'An IAM user.'],
  ['arn:aws:sts::${1:123456789012}:assumed-role/${2:role-name}/${3:session-name}', 'An assumed-role session.'],
  ['${1:123456789012}', 'An AWS account ID (same as its `:root` ARN).'],
];

const FEDERATED_PRINCIPALS: [string, string][] = [
  ['cognito-identity.amazonaws.com', 'Amazon Cognito identity pools.'],
  ['www.amazon.com', 'Login with Amazon.'],
  ['accounts.google.com', 'Google.'],
  ['graph.facebook.com', 'Facebook.'],
  ['arn:aws:iam::${1:123456789012}:saml-provider/${2:provider-name}', 'A SAML 2.0 identity provider.'],
  ['arn:aws:iam::${1:123456789012}:oidc-provider/${2:token.actions.githubusercontent.com}', 'An OIDC identity provider.'],
];

const PRINCIPAL_TYPES = ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'];

/**
 * How the host spells `text` replacing the unquoted existing target (a plain YAML scalar): asked of
 * the adapter's renderer, which knows the host's quoting rules (YAML 1.1 reads `2012-10-17` as a
 * date, `yes` as a boolean …). Undefined when the host cannot say; the caller then quotes.
 */
function plainSpelling(renderer: EditRenderer | undefined, target: Target, text: string): string | undefined {
  const edit = target.edit;
  if (!renderer || !edit) return undefined;
  const edits = renderer.render(edit.kind === 'key' ? { kind: 'renameKey', property: edit.property, key: text } : { kind: 'replaceValue', node: edit.node, value: text });
  const e = edits?.length === 1 ? edits[0] : undefined;
  return e && !e.snippet && e.offset === target.replace.offset && e.length === target.replace.length ? e.newText : undefined;
}

function item(target: Target, d: Draft, renderer: EditRenderer | undefined): FeatureCompletion {
  const quoteNew = renderer?.spellString ?? defaultSyntax.spellString;
  const property = renderer?.spellProperty ?? defaultSyntax.spellProperty;
  let insertText: string;
  let snippet = !!d.snippet;
  const plain = target.existing && !target.quoted && !d.snippet ? plainSpelling(renderer, target, d.text) : undefined;
  if (target.quoted) {
    insertText = d.text; // inside the quotes: bare text
  } else if (plain !== undefined) {
    insertText = plain; // replacing an unquoted string: as the host spells it
  } else if (target.existing) {
    insertText = d.snippet ? `"${d.text}"` : quoteNew(d.text);
  } else if (target.isKey) {
    const key = d.snippet ? `"${d.text}"` : quoteNew(d.text);
    insertText = d.valueSnippet ? property(key, d.valueSnippet) : key;
    if (d.valueSnippet) {
      snippet = true;
      if (!d.snippet) insertText = property(snippetEscape(key), d.valueSnippet);
    }
  } else {
    insertText = d.snippet ? `"${d.text}"` : quoteNew(d.text);
  }
  // Built by assignment (same keys, same order as the spread form, without its temporary objects).
  const out: FeatureCompletion = { label: d.label, kind: d.kind } as FeatureCompletion;
  if (d.detail) out.detail = d.detail;
  if (d.documentation) out.documentation = d.documentation;
  out.insertText = insertText;
  if (snippet) out.snippet = true;
  out.replace = d.replace ?? target.replace;
  if (d.sortText) out.sortText = d.sortText;
  if (d.retrigger) out.retrigger = true;
  return out;
}

function keyDrafts(names: string[], present: Set<string>, current: string | undefined, docs: Record<string, string>, kind: CompletionKind): Draft[] {
  return names
    .filter((n) => !present.has(n) || n === current)
    .map((n, i) => ({ label: n, kind, text: n, documentation: docs[n], valueSnippet: KEY_VALUE[n] ?? '"$1"', sortText: String(i).padStart(2, '0'), retrigger: /Action|Resource/.test(n) }));
}

/** First camel-case word of an action name (`GetObjectAcl` → `Get`). */
function verbOf(name: string): string {
  const m = /^[A-Z]?[a-z0-9]+|^[A-Z]+(?![a-z])/.exec(name);
  return m ? m[0] : name;
}

function actionDrafts(data: IamData, prefix: string): { drafts: Draft[]; incomplete: boolean } {
  const colon = prefix.indexOf(':');
  if (colon < 0) {
    const drafts: Draft[] = data.listServices().map((s) => ({
      label: s.prefix,
      kind: 'module' as const,
      detail: s.name,
      documentation: `${s.name}: ${s.actionCount} actions. [Service Authorization Reference](${sarUrl(s.name)})`,
      text: `${s.prefix}:`,
      retrigger: true,
    }));
    drafts.push({ label: '*', kind: 'constant', detail: 'Every action of every service', text: '*', sortText: 'zz' });
    return { drafts, incomplete: true };
  }
  const service = prefix.slice(0, colon).toLowerCase();
  const info = data.getService(service);
  if (!info) return { drafts: [], incomplete: true };
  const typed = prefix.slice(colon + 1).toLowerCase();
  // The service's action and verb drafts do not depend on what is typed: built once per service (data memo).
  const { actions, verbs } = dataMemo(data, 'actionDrafts', service, () => serviceActionDrafts(data, service), 512);
  let drafts: Draft[] = actions.slice();
  if (typed && !typed.includes('*')) {
    const n = data.matchActions(`${service}:${typed}*`).length;
    if (n > 1) {
      // The wildcard of what is typed comes first; a verb's own wildcard item for the same text (typing
      // `s3:Get`: `s3:Get*`) is left out, or the list would offer it twice.
      if (verbs.has(typed)) drafts = drafts.filter((d) => d.kind !== 'constant' || d.label.toLowerCase() !== `${service}:${typed}*`);
      drafts.push({ label: `${service}:${prefix.slice(colon + 1)}*`, kind: 'constant', detail: `matches ${n} actions`, text: `${service}:${prefix.slice(colon + 1)}*`, sortText: 'a' });
    }
  }
  drafts.push({ label: `${service}:*`, kind: 'constant', detail: `all ${info.actionCount} actions of ${info.name}`, text: `${service}:*`, sortText: 'd' });
  return { drafts, incomplete: false };
}

/** A service's action drafts and verb-wildcard drafts (`s3:Get*`), and the verbs that have one (lower case). Shared: never mutated. */
function serviceActionDrafts(data: IamData, service: string): { actions: readonly Draft[]; verbs: ReadonlySet<string> } {
  const drafts: Draft[] = [];
  const verbs = new Map<string, number>();
  // Short sort keys that keep the order of the names (`b` + the name's rank): the list goes over
  // the wire on every keystroke, and a key that repeats the name doubled each item's size.
  const names = data.actionNames(service);
  const rank = new Map<string, string>();
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(1, sorted.length.toString(36).length);
  sorted.forEach((n, i) => rank.set(n, i.toString(36).padStart(width, '0')));
  for (const name of names) {
    const a = data.getAction(service, name);
    const ref = a ?? data.findAction(service, name);
    const resources = a?.resourceTypes.map((r) => (r.required ? `${r.name}*` : r.name)).join(', ');
    drafts.push({
      label: `${service}:${name}`,
      kind: 'function',
      detail: `${ref?.accessLevel ?? ''}${resources ? ` · ${resources}` : ''}`,
      documentation: a ? `${a.description}\n\nAccess level: **${a.accessLevel}**${resources ? `\n\nResource types: ${resources}` : '\n\nResource types: none (use `"Resource": "*"`)'}` : undefined,
      text: `${service}:${name}`,
      sortText: `b${rank.get(name)}`,
    });
    const verb = verbOf(name);
    verbs.set(verb, (verbs.get(verb) ?? 0) + 1);
  }
  // The verbs with a wildcard item, lower-cased (what is typed is compared lower-cased).
  const offered = new Set<string>();
  for (const [verb, count] of verbs) {
    if (count < 2) continue;
    drafts.push({ label: `${service}:${verb}*`, kind: 'constant', detail: `matches ${count} actions`, text: `${service}:${verb}*`, sortText: `c${verb}` });
    offered.add(verb.toLowerCase());
  }
  for (const d of drafts) Object.freeze(d);
  return { actions: Object.freeze(drafts), verbs: offered };
}

function variableDrafts(target: Target): Draft[] | undefined {
  if (!target.quoted) return undefined;
  const prefix = target.prefix;
  const open = openVariableAt(prefix, prefix.length);
  if (open < 0) return undefined;
  // Replace from `${` to the cursor, or to the closing `}` when it is already there.
  const start = target.replace.offset + open;
  const rest = target.word.slice(prefix.length);
  const close = /^[^}\s"']*\}/.exec(rest);
  const replace = { offset: start, length: prefix.length - open + (close ? close[0].length : 0) };
  return policyVariables().map((v) => {
    const tmpl = isTemplate(v.name);
    return {
      label: `\${${v.name}}`,
      kind: 'variable' as const,
      detail: 'policy variable',
      documentation: v.description,
      text: tmpl ? `\\\${${templateSnippet(v.name)}\\}` : `\${${v.name}}`,
      snippet: tmpl,
      replace,
    };
  });
}

function resourceDrafts(data: IamData, ctx: CursorContext): Draft[] {
  const vars = variableDrafts(ctx.target);
  if (vars) return vars;
  const drafts: Draft[] = [];
  const types = resourceTypesForActions(data, statementActions(data, ctx.statement));
  for (const { type, actions } of types) {
    const shown = actions.slice(0, 5).join(', ') + (actions.length > 5 ? `, … (${actions.length})` : '');
    drafts.push({
      label: type.arn,
      kind: 'reference',
      detail: `${type.service} ${type.name}`,
      documentation: `Resource type **${type.name}** of ${data.getService(type.service)?.name ?? type.service}.\n\nUsed by: ${shown}`,
      text: templateSnippet(type.arn),
      snippet: true,
      sortText: `a${type.service}:${type.name}`,
    });
  }
  if (drafts.length === 0) {
    drafts.push({ label: 'arn:${Partition}:${Service}:${Region}:${Account}:${Resource}', kind: 'reference', detail: 'ARN', text: templateSnippet('arn:${Partition}:${service}:${region}:${account}:${resource}'), snippet: true, sortText: 'b' });
  }
  drafts.push({ label: '*', kind: 'constant', detail: 'Every resource', text: '*', sortText: 'zz' });
  return drafts;
}

function operatorDrafts(): Draft[] {
  return allOperatorNames().map((name) => {
    const op = parseOperator(name);
    const notes: string[] = [];
    if (op?.ifExists) notes.push('…IfExists: also true when the key is missing from the request.');
    if (op?.setOperator === 'ForAllValues') notes.push('ForAllValues: every value of a multivalued key must match (also true when the key is missing or empty).');
    if (op?.setOperator === 'ForAnyValue') notes.push('ForAnyValue: at least one value of a multivalued key must match.');
    return {
      label: name,
      kind: 'operator' as const,
      detail: op ? `${op.base.category} operator` : undefined,
      documentation: op ? [op.base.description, ...notes].join('\n\n') : undefined,
      text: name,
      valueSnippet: '{$1}',
      // Plain forms first, then IfExists, then set forms.
      sortText: `${op?.setOperator ? 2 : op?.ifExists ? 1 : 0}${name}`,
    };
  });
}

function keyDoc(info: ConditionKeyInfo | undefined, supporters: string[] | undefined): string {
  const parts: string[] = [];
  if (info?.description) parts.push(info.description);
  if (supporters?.length) parts.push(`Supported by: ${supporters.slice(0, 8).join(', ')}${supporters.length > 8 ? `, … (${supporters.length})` : ''}`);
  return parts.join('\n\n');
}

function conditionKeyDrafts(data: IamData, ctx: CursorContext): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const push = (key: string, info: ConditionKeyInfo | undefined, supporters: string[] | undefined, sort: string): void => {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const tmpl = isTemplate(key);
    const multi = info?.multivalued ?? false;
    drafts.push({
      label: key,
      kind: 'field',
      detail: info ? `${info.type}${info.global ? ' · global' : ''}` : undefined,
      documentation: keyDoc(info, supporters),
      text: tmpl ? templateSnippet(key) : key,
      snippet: tmpl,
      valueSnippet: multi ? '["$1"]' : '"$1"',
      sortText: `${sort}${key}`,
    });
  };
  // Claims of the web identity provider(s) this statement trusts, first (data/oidcProviders.ts).
  if (ctx.statement) {
    for (const t of factsOf(ctx.policy, data).oidcTrusts) {
      if (t.statement !== ctx.statement || !t.known) continue;
      for (const c of t.known.claims) {
        const key = `${t.provider}:${c.name}`;
        push(key, { key, type: 'String', description: `${t.known.name} claim. ${c.description}`, service: 'sts', global: false, multivalued: c.name === 'amr' }, undefined, c.name === 'sub' || c.name === 'aud' ? '0' : '1');
      }
    }
  }
  for (const use of conditionKeysForActions(data, statementActions(data, ctx.statement)).values()) {
    push(use.key, data.getConditionKey(use.key), use.actions, use.key.toLowerCase().startsWith('aws:') ? 'b' : 'a');
  }
  for (const g of data.listGlobalConditionKeys()) push(g.key, g, undefined, 'c');
  return drafts;
}

function conditionValueDrafts(data: IamData, ctx: CursorContext, operator: string, key: string): Draft[] {
  const vars = variableDrafts(ctx.target);
  if (vars) return vars;
  const op = parseOperator(operator);
  const info = data.getConditionKey(key);
  const lower = key.toLowerCase();
  const values: Draft[] = [];
  const add = (v: string, detail?: string, documentation?: string, snippet = false): void => {
    values.push({ label: v, kind: 'value', detail, documentation, text: v, snippet, sortText: String(values.length).padStart(4, '0') });
  };
  if (op?.base.category === 'Null') {
    add('true', 'the key is absent');
    add('false', 'the key is present');
    return values;
  }
  const type = info?.type.replace(/^ArrayOf/, '');
  if (type === 'Bool' || op?.base.category === 'Bool') {
    add('true');
    add('false');
  } else if (type === 'Date' || op?.base.category === 'Date') {
    values.push({ label: 'YYYY-MM-DDThh:mm:ssZ', kind: 'value', detail: 'ISO 8601 date and time (UTC)', text: '${1:2025-01-01}T${2:00:00:00}Z', snippet: true });
    values.push({ label: 'YYYY-MM-DD', kind: 'value', detail: 'ISO 8601 date', text: '${1:2025-01-01}', snippet: true });
    values.push({ label: 'epoch seconds', kind: 'value', detail: 'Seconds since 1970-01-01 (UNIX time)', text: '${1:1735689600}', snippet: true });
  } else if (type === 'IPAddress' || op?.base.category === 'IpAddress') {
    values.push({ label: 'CIDR', kind: 'value', detail: 'IPv4 or IPv6 address range', text: '${1:203.0.113.0}/${2:24}', snippet: true });
  }
  if (lower === 'aws:requestedregion' || /:region$/.test(lower)) {
    for (const p of PARTITIONS) for (const r of p.regions) add(r, p.name);
  }
  if (SERVICE_PRINCIPAL_KEYS.has(lower)) {
    for (const sp of SERVICE_PRINCIPALS) add(sp.principal, sp.service, sp.description);
  }
  if (lower === 'aws:principaltype') for (const t of PRINCIPAL_TYPES) add(t);
  return values;
}

function principalValueDrafts(principalType: string | undefined): Draft[] {
  const drafts: Draft[] = [];
  const snip = (list: [string, string][], kind: CompletionKind): void => {
    list.forEach(([v, doc], i) => {
      const isSnip = v.includes('${');
      drafts.push({ label: isSnip ? v.replace(/\$\{\d+:([^}]*)\}/g, '$1') : v, kind, detail: doc, text: v, snippet: isSnip, sortText: String(i).padStart(3, '0') });
    });
  };
  switch (principalType) {
    case undefined:
      drafts.push({ label: '*', kind: 'constant', detail: 'Everyone (anonymous access included)', text: '*' });
      break;
    case 'AWS':
      snip(AWS_PRINCIPALS, 'value');
      break;
    case 'Service':
      SERVICE_PRINCIPALS.forEach((sp, i) => drafts.push({ label: sp.principal, kind: 'value', detail: sp.service, documentation: sp.description, text: sp.principal, sortText: String(i).padStart(3, '0') }));
      break;
    case 'Federated':
      snip(FEDERATED_PRINCIPALS, 'value');
      break;
    default:
      break;
  }
  return drafts;
}

/** Completion items at `offset`; empty outside policies. Never throws on half-typed text. */
export function complete(data: IamData, text: string, parse: ParseResult, offset: number): CompletionResult {
  // A host reference under the cursor (`!Ref |`, `!GetAtt X.|`): the names the host defines.
  const refItems = referenceCompletions(parse, offset);
  if (refItems) return { items: refItems, isIncomplete: false };
  const ctx = contextAt(text, parse, offset);
  if (!ctx) return { items: [], isIncomplete: false };
  const { role, target } = ctx;
  // On a string's opening quote or after its closing one, the cursor is not inside the string.
  if (target.existing && (offset < target.replace.offset || offset > target.replace.offset + target.replace.length)) return { items: [], isIncomplete: false };
  let drafts: Draft[] = [];
  let isIncomplete = false;
  const current = target.isKey && target.existing ? ctx.property?.key : undefined;
  const present = new Set(ctx.object?.properties.map((p) => p.key) ?? []);
  switch (role.kind) {
    case 'topKey':
      drafts = keyDrafts(TOP_LEVEL_ELEMENTS, present, current, ELEMENT_DOCS, 'property');
      break;
    case 'statementKey':
      drafts = keyDrafts(STATEMENT_ELEMENTS, present, current, ELEMENT_DOCS, 'property');
      break;
    case 'version':
      drafts = [
        { label: '2012-10-17', kind: 'enum', detail: 'current policy language version', text: '2012-10-17', sortText: '0' },
        { label: '2008-10-17', kind: 'enum', detail: 'old version: no policy variables', text: '2008-10-17', sortText: '1' },
      ];
      break;
    case 'effect':
      drafts = [
        { label: 'Allow', kind: 'enum', text: 'Allow', sortText: '0' },
        { label: 'Deny', kind: 'enum', text: 'Deny', sortText: '1' },
      ];
      break;
    case 'action': {
      const r = actionDrafts(data, target.prefix);
      drafts = r.drafts;
      isIncomplete = r.incomplete;
      break;
    }
    case 'resource':
      drafts = resourceDrafts(data, ctx);
      break;
    case 'principalKey':
      drafts = keyDrafts(Object.keys(PRINCIPAL_KEYS), present, current, PRINCIPAL_KEYS, 'property');
      break;
    case 'principalValue':
      drafts = principalValueDrafts(role.principalType);
      break;
    case 'conditionOperator':
      drafts = operatorDrafts().filter((d) => !present.has(d.label) || d.label === current);
      break;
    case 'conditionKey':
      drafts = conditionKeyDrafts(data, ctx).filter((d) => !present.has(d.label) || d.label === current);
      break;
    case 'conditionValue':
      drafts = conditionValueDrafts(data, ctx, role.operator, role.key);
      break;
    case 'other':
      break;
  }
  return { items: drafts.map((d) => item(target, d, parse.renderer)), isIncomplete };
}
