import type { ActionRef, IamData, ResourceTypeInfo } from '../data/iamData';
import { elementStrings, knownString, type Statement } from '../model';
import { snippetEscape } from './hostText';

/** Shared lookups over a statement's actions, bounded so completion and hover stay fast. */

/** Expanding more than this many actions or services is not worth it for a suggestion list. */
const MAX_ACTIONS = 400;
const MAX_SERVICES = 12;

/** The actions a statement's Action element grants (wildcards expanded, bounded), deduplicated. */
export function statementActions(data: IamData, st: Statement | undefined): ActionRef[] {
  if (!st?.action) return [];
  const out: ActionRef[] = [];
  const seen = new Set<string>();
  const services = new Set<string>();
  for (const s of elementStrings(st.action.value)) {
    const v = knownString(s);
    if (!v || v === '*' || !v.includes(':')) continue;
    const service = v.slice(0, v.indexOf(':')).toLowerCase();
    if (service.includes('*') || service.includes('?')) continue;
    services.add(service);
    if (services.size > MAX_SERVICES) break;
    for (const a of data.matchActions(v)) {
      const id = `${a.service}:${a.name}`.toLowerCase();
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(a);
      if (out.length >= MAX_ACTIONS) return out;
    }
  }
  return out;
}

export interface KeyUse {
  /** Proper-cased key or template as the data spells it. */
  key: string;
  /** `service:Action` names that support the key. */
  actions: string[];
}

/** Condition keys supported by the given actions (action keys, resource-type keys), by lower-cased key. */
export function conditionKeysForActions(data: IamData, actions: ActionRef[]): Map<string, KeyUse> {
  const keys = new Map<string, KeyUse>();
  const add = (key: string, action: string): void => {
    const lower = key.toLowerCase();
    let u = keys.get(lower);
    if (!u) keys.set(lower, (u = { key, actions: [] }));
    if (u.actions[u.actions.length - 1] !== action) u.actions.push(action);
  };
  for (const ref of actions) {
    const a = data.getAction(ref.service, ref.name);
    if (!a) continue;
    const name = `${ref.service}:${a.name}`;
    for (const k of a.conditionKeys) add(k, name);
    for (const r of a.resourceTypes) {
      for (const k of r.conditionKeys) add(k, name);
      const rt = data.getResourceType(ref.service, r.name);
      for (const k of rt?.conditionKeys ?? []) add(k, name);
    }
  }
  return keys;
}

/** Resource types the given actions act on, each with the actions that use it. */
export function resourceTypesForActions(data: IamData, actions: ActionRef[]): { type: ResourceTypeInfo; actions: string[] }[] {
  const out = new Map<string, { type: ResourceTypeInfo; actions: string[] }>();
  for (const ref of actions) {
    const a = data.getAction(ref.service, ref.name);
    if (!a) continue;
    for (const r of a.resourceTypes) {
      const id = `${ref.service}/${r.name}`.toLowerCase();
      let e = out.get(id);
      if (!e) {
        const type = data.getResourceType(ref.service, r.name);
        if (!type) continue;
        out.set(id, (e = { type, actions: [] }));
      }
      e.actions.push(`${ref.service}:${a.name}`);
    }
  }
  return [...out.values()];
}

/** Placeholder defaults for ARN template variables. */
const ARN_DEFAULTS: Record<string, string> = { partition: 'aws', region: 'region', account: 'account' };

/**
 * An ARN (or condition key) template as a snippet: `arn:${Partition}:s3:::${BucketName}` →
 * `arn:${1:aws}:s3:::${2:BucketName}`. Templates use `${Name}` or `<name>` for their holes.
 */
export function templateSnippet(template: string): string {
  let n = 0;
  let out = '';
  const re = /\$\{([^}]*)\}|<([^>]*)>/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    out += snippetEscape(template.slice(last, m.index));
    const name = m[1] ?? m[2] ?? '';
    const def = ARN_DEFAULTS[name.toLowerCase()] ?? (/^tag-?key$/i.test(name) ? 'key' : name);
    out += `\${${++n}:${snippetEscape(def)}}`;
    last = m.index + m[0].length;
  }
  return out + snippetEscape(template.slice(last));
}

/** True when a key template has holes (`${TagKey}`). */
export function isTemplate(key: string): boolean {
  return /\$\{[^}]*\}/.test(key);
}

export const SAR_INDEX = 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html';

/**
 * The Service Authorization Reference page of a service. AWS names the page after the service's
 * display name: lower-cased with everything but letters and digits removed
 * (`Amazon EC2` → list_amazonec2.html, `AWS Identity and Access Management (IAM)` →
 * list_awsidentityandaccessmanagementiam.html). Falls back to the index for an empty name.
 */
export function sarUrl(serviceName: string | undefined): string {
  const slug = (serviceName ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return slug ? `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html` : SAR_INDEX;
}
