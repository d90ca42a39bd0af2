import { elementStrings, getProperty, type PolicyDocument } from '../../model';
import { factsOf } from '../../facts';
import type { CheckContext } from '../types';
import { valueSpan } from './anchors';

/** 'role' for an AROA… unique ID, 'user' for an AIDA… one (upper-case letters and digits). */
export function uniqueIdKind(v: string): 'role' | 'user' | undefined {
  if (v.length < 16 || v.length > 128) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return undefined;
  }
  if (v.startsWith('AROA')) return 'role';
  if (v.startsWith('AIDA')) return 'user';
  return undefined;
}

/**
 * INVALID_ROLE_REFERENCE and INVALID_USER_REFERENCE: each AWS principal (Principal or NotPrincipal)
 * that is the unique ID of a role or user of the given kind, which AWS shows once it was deleted.
 */
export function reportUniqueIdPrincipals(policy: PolicyDocument, ctx: CheckContext, kind: 'role' | 'user'): void {
  const principals = factsOf(policy, ctx.data).principals;
  for (let i = 0; i < principals.length; i++) {
    const prop = principals[i];
    if (prop.value.kind !== 'object') continue;
    const strings = elementStrings(getProperty(prop.value, 'AWS')?.value);
    for (let k = 0; k < strings.length; k++) {
      const node = strings[k];
      if (node.parts || uniqueIdKind(node.value) !== kind) continue;
      ctx.report(
        valueSpan(node),
        `"${node.value}" is the unique ID of an IAM ${kind}, not its ARN. AWS replaces a ${kind} ARN with its ID when the ${kind} is deleted, so this principal no longer matches any ${kind}; use the ARN of an existing ${kind} (arn:aws:iam::ACCOUNT:${kind}/NAME) or remove it.`,
      );
    }
  }
}
