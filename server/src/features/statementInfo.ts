import type { ActionRef, IamData } from '../data/iamData';
import { statementFacts } from '../facts';
import type { Statement } from '../model';
import { snippetEscape } from './hostText';

/**
 * Shared lookups over a statement's actions for completion, hover and fixes, read through the
 * facts layer (facts/): the same resolved actions and supported keys the checks see, cached per
 * (statement, data) in one place.
 */

/** The actions a statement's Action element grants (wildcards expanded, bounded), deduplicated. */
export function statementActions(data: IamData, st: Statement | undefined): ActionRef[] {
  return st ? statementFacts(st, data).resolvedActions : [];
}

export { conditionKeysForActions, resourceTypesForActions, type KeyUse } from '../facts';

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
