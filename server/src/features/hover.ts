import { matchResourceTypes, parseArn, resourceTypesForArn } from '../data/arn';
import type { IamData } from '../data/iamData';
import { parseOperator } from '../data/operators';
import { SERVICE_PRINCIPALS } from '../data/servicePrincipals';
import { hasWildcard } from '../data/wildcard';
import { spanContains, spanEnd, type ParseResult, type Span } from '../model';
import { ELEMENT_DOCS, PRINCIPAL_KEYS } from './completion';
import { contextAt, type CursorContext } from './context';
import { lookupConditionKey, resourceTypesForActions, statementFacts } from '../facts';
import { sarUrl, SAR_INDEX } from './statementInfo';
import type { FeatureHover } from './types';
import { levelsOfPattern, levelSummary } from './accessLevels';
import { findVariableDoc, variableAt } from './variables';
import { referenceHover } from './references';

/**
 * Hover from the policy model: actions (details or wildcard expansion), service prefixes,
 * condition operators and keys, resource ARNs, principals, policy variables, element keys.
 * Every hover ends with the reference data's date.
 */

/** How many actions a wildcard hover lists. */
const WILDCARD_LIST = 15;

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

function listOf(items: string[], max: number): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, … (${items.length} in all)` : '');
}

function actionHover(data: IamData, service: string, name: string): string | undefined {
  const a = data.getAction(service, name);
  const svc = data.getService(service);
  if (!a || !svc) return undefined;
  const lines = [`**${svc.prefix}:${a.name}** · ${svc.name} · _${a.accessLevel}_`, '', a.description];
  if (a.resourceTypes.length) {
    lines.push('', '| Resource type | ARN |', '|---|---|');
    for (const r of a.resourceTypes) {
      const rt = data.getResourceType(service, r.name);
      lines.push(`| ${r.name}${r.required ? '\\*' : ''} | ${rt ? code(rt.arn) : ''} |`);
    }
    if (a.resourceTypes.some((r) => r.required)) lines.push('', '\\* required');
  } else {
    lines.push('', 'No resource types: use `"Resource": "*"`.');
  }
  const keys = [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)])];
  if (keys.length) lines.push('', `Condition keys: ${keys.map(code).join(', ')}`);
  const deps = [...new Set([...a.dependentActions, ...a.resourceTypes.flatMap((r) => r.dependentActions)])];
  if (deps.length) lines.push('', `Dependent actions: ${deps.map(code).join(', ')}`);
  lines.push('', `[Service Authorization Reference: ${svc.name}](${sarUrl(svc.name)})`);
  return lines.join('\n');
}

/** Counts by access level of a pattern's actions: the classification the code lens and the wildcard rewrites use (accessLevels.ts). */
function byLevel(data: IamData, pattern: string): string {
  return levelSummary(levelsOfPattern(data, pattern), ' · ');
}

function wildcardHover(data: IamData, pattern: string): string {
  const actions = data.matchActions(pattern);
  if (actions.length === 0) return `**${code(pattern)}** matches no known action.`;
  const lines = [`**${code(pattern)}** matches ${actions.length} action${actions.length === 1 ? '' : 's'}`, '', byLevel(data, pattern), ''];
  for (const a of actions.slice(0, WILDCARD_LIST)) lines.push(`- ${code(`${a.service}:${a.name}`)} _${a.accessLevel}_`);
  if (actions.length > WILDCARD_LIST) lines.push(`- … ${actions.length - WILDCARD_LIST} more`);
  return lines.join('\n');
}

function serviceHover(data: IamData, prefix: string): string | undefined {
  const svc = data.getService(prefix);
  if (!svc) return undefined;
  return [`**${svc.prefix}** · ${svc.name}`, '', `${svc.actionCount} actions: ${byLevel(data, `${svc.prefix}:*`)}`, '', `[Service Authorization Reference](${sarUrl(svc.name)})`].join('\n');
}

function actionValueHover(data: IamData, value: string, cursorInValue: number): string | undefined {
  const colon = value.indexOf(':');
  if (value === '*') return wildcardHover(data, '*');
  if (colon < 0) return undefined;
  const service = value.slice(0, colon);
  if (cursorInValue <= colon && !hasWildcard(service)) return serviceHover(data, service);
  if (hasWildcard(value)) return wildcardHover(data, value);
  return actionHover(data, service, value.slice(colon + 1));
}

function resourceHover(data: IamData, ctx: CursorContext, value: string): string | undefined {
  const parsed = parseArn(value);
  if (parsed.kind === 'star') return '**`*`**: every resource the statement\'s actions apply to.';
  if (parsed.kind !== 'arn') return undefined;
  const used = ctx.statement ? resourceTypesForActions(data, statementFacts(ctx.statement, data).resolvedActions) : [];
  const matched = matchResourceTypes(
    parsed.arn,
    used.map((u) => u.type),
  );
  const lines: string[] = [];
  if (matched.length) {
    for (const rt of matched) {
      const users = used.find((u) => u.type === rt)?.actions ?? [];
      lines.push(`Resource type **${rt.name}** (${rt.service}) ${code(rt.arn)}`, '', `For: ${listOf(users.map(code), 10)}`, '');
    }
  } else {
    const any = parsed.arn.service.wild ? [] : resourceTypesForArn(data, parsed.arn);
    if (any.length) {
      lines.push(`Resource type${any.length > 1 ? 's' : ''} ${any.map((rt) => `**${rt.name}** (${rt.service}) ${code(rt.arn)}`).join(', ')}`, '');
      if (used.length) lines.push('None of this statement\'s actions acts on this resource type.', '');
    } else {
      lines.push('No known resource type matches this ARN.', '');
    }
  }
  const f = parsed.arn;
  lines.push(`partition ${code(f.partition.text || '—')} · service ${code(f.service.text || '—')} · region ${code(f.region.text || '—')} · account ${code(f.account.text || '—')} · resource ${code(f.resource.text || '—')}`);
  return lines.join('\n');
}

function keyHover(data: IamData, ctx: CursorContext, key: string): string | undefined {
  // The same lookup the checks use (facts/): data keys, key templates and web identity provider claims.
  const { kind, info, provider, claim, unknownClaim } = lookupConditionKey(key, data);
  if (provider && unknownClaim) {
    return `**${key}**: not a claim IAM evaluates for ${provider.name}. Its claims: ${provider.claims.map((c) => code(c.name)).join(', ')}.`;
  }
  if (!info) return `**${key}**: not a known condition key.`;
  const lines = [`**${info.key}** · ${info.type}${info.global ? ' · global key' : kind === 'federated' || provider ? ` · ${provider ? `${provider.name} claim` : 'web identity provider claim'}` : ` · ${info.service}`}`];
  if (info.description) lines.push('', info.description);
  if (claim && provider) lines.push('', `Provider host: ${code(provider.hostForm)}.`);
  if (kind === 'federated' || provider || !ctx.statement) return lines.join('\n');
  const facts = statementFacts(ctx.statement, data);
  if (facts.resolvedActions.length) {
    const use = facts.effectiveKeys.get(info.key.toLowerCase());
    if (use) lines.push('', `Supported by ${use.actions.length} of this statement's actions: ${listOf(use.actions.map(code), 8)}`);
    else if (!info.global) lines.push('', "None of this statement's actions lists this key.");
  }
  return lines.join('\n');
}

function operatorHover(name: string): string | undefined {
  const op = parseOperator(name);
  if (!op) return `**${name}**: not a known condition operator.`;
  const lines = [`**${name}** · ${op.base.category} operator`, '', op.base.description, '', `Values: ${op.base.valueType}${op.base.ignoresCase ? ', compared case-insensitively' : ''}.`];
  if (op.ifExists) lines.push('', '`…IfExists`: also true when the key is absent from the request.');
  if (op.setOperator === 'ForAllValues') lines.push('', '`ForAllValues:` every value of the multivalued key must match one of the policy values; true when the key is absent or empty.');
  if (op.setOperator === 'ForAnyValue') lines.push('', '`ForAnyValue:` at least one value of the multivalued key must match one of the policy values.');
  return lines.join('\n');
}

function principalHover(type: string | undefined, value: string): string | undefined {
  if (value === '*') return '**`*`**: every principal, anonymous ones included. Narrow it with conditions (e.g. `aws:PrincipalOrgID`).';
  if (type === 'Service') {
    const sp = SERVICE_PRINCIPALS.find((p) => p.principal.toLowerCase() === value.toLowerCase());
    return sp ? `**${sp.principal}** · service principal (${sp.service})\n\n${sp.description}` : `**${value}**: service principal (not in our list of common ones).`;
  }
  if (type === 'AWS') {
    if (/^\d{12}$/.test(value)) return `**${value}**: AWS account ${value} (same as \`arn:aws:iam::${value}:root\`): every principal of that account that its own IAM policies allow.`;
    const m = /^arn:[^:]*:(iam|sts)::(\d{12}|\*):(root|role\/|user\/|assumed-role\/|federated-user\/)/i.exec(value);
    if (m) {
      const kind = m[3].replace('/', '');
      if (kind === 'root') return `**${value}**: AWS account ${m[2]}: every principal of that account that its own IAM policies allow.`;
      const what: Record<string, string> = { role: 'an IAM role', user: 'an IAM user', 'assumed-role': 'an assumed-role session', 'federated-user': 'a federated user session' };
      return `**${value}**: ${what[kind] ?? kind} in account ${m[2]}.`;
    }
  }
  if (type === 'Federated') return `**${value}**: identity provider for web identity or SAML federation.`;
  if (type === 'CanonicalUser') return `**${value}**: Amazon S3 canonical user ID.`;
  return undefined;
}

/** Hover at `offset`; undefined when there is nothing to say. */
export function hover(data: IamData, text: string, parse: ParseResult, offset: number): FeatureHover | undefined {
  // A host reference under the cursor (`!Ref Stage`): what it points to.
  const refHover = referenceHover(parse, offset);
  if (refHover) return refHover;
  // A note the adapter attached to host code (a CDK grant call).
  const note = parse.notes?.find((n) => spanContains(n.span, offset, true));
  if (note) return { markdown: note.markdown, span: note.span };
  const ctx = contextAt(text, parse, offset);
  if (!ctx || !ctx.target.existing || !ctx.target.nodeSpan) return undefined;
  const { role, target } = ctx;
  const value = target.word;
  const inValue = offset - target.replace.offset;
  let md: string | undefined;
  let span: Span = ctx.target.nodeSpan;

  // A policy variable under the cursor wins inside Resource and Condition values.
  if (!target.isKey && (role.kind === 'resource' || role.kind === 'conditionValue')) {
    const v = variableAt(value, inValue);
    if (v) {
      const doc = findVariableDoc(v.name);
      md = doc ? `**\${${v.name}}** · policy variable\n\n${doc.description}` : `**\${${v.name}}**: not a known policy variable.`;
      span = { offset: target.replace.offset + v.start, length: v.end - v.start };
    }
  }
  if (!md) {
    switch (role.kind) {
      case 'action': {
        md = actionValueHover(data, value, inValue);
        // On the service prefix, the hover covers just the prefix.
        const colon = value.indexOf(':');
        if (md && colon > 0 && inValue <= colon && !hasWildcard(value.slice(0, colon))) span = { offset: target.replace.offset, length: colon };
        break;
      }
      case 'resource':
        md = resourceHover(data, ctx, value);
        break;
      case 'conditionOperator':
        md = operatorHover(value);
        break;
      case 'conditionKey':
        md = keyHover(data, ctx, value);
        break;
      case 'principalKey':
        md = PRINCIPAL_KEYS[value] ? `**${value}** · principal type\n\n${PRINCIPAL_KEYS[value]}` : undefined;
        break;
      case 'principalValue':
        md = principalHover(role.principalType, value);
        break;
      case 'statementKey':
      case 'topKey':
        md = ELEMENT_DOCS[value] ? `**${value}**\n\n${ELEMENT_DOCS[value]}` : undefined;
        break;
      case 'effect':
        md = value === 'Allow' ? '**Allow**: grants the listed actions unless another policy denies them.' : value === 'Deny' ? '**Deny**: explicitly denies; overrides every Allow.' : undefined;
        break;
      default:
        break;
    }
  }
  if (!md) return undefined;
  // Keep the span inside the document.
  const start = Math.max(0, Math.min(span.offset, text.length));
  const end = Math.max(start, Math.min(spanEnd(span), text.length));
  return { markdown: `${md}\n\n---\n_IAM reference data: ${data.date}_ · [Service Authorization Reference](${SAR_INDEX})`, span: { offset: start, length: end - start } };
}
