/** Shared body of the service-principal confused-deputy checks (resource and trust policy variants, rules/security/). */
import { ownCheck, type Check, type FindingType } from '../types';
import type { PolicyType } from '../../model';
import { valueSpan } from './anchors';
import { hasRestrictingKey } from './conditionKeys';
import { factsOf, effectOf, opaqueCondition } from '../../facts';

/** Keys that tie a service's access to the resource or account it acts for (confused-deputy protection). */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner', 'kms:encryptioncontext:aws:cloudtrail:arn'];

/** Shared by the resource-policy check and its trust-policy counterpart. */
export function servicePrincipalCheck(def: { code: string; title: string; findingType: FindingType; policyTypes: PolicyType[]; description: string; details: string; defaultLevel?: 'off' }): Check {
  return ownCheck({
    ...def,
    fixes: [{ kind: 'addCondition', safe: false }],
    run(policy, ctx) {
      const all = factsOf(policy, ctx.data).statements;
      for (let i = 0; i < all.length; i++) {
        const facts = all[i];
        const st = facts.statement;
        if (effectOf(st) !== 'Allow' || opaqueCondition(st) || hasRestrictingKey(st, ctx.data, SOURCE_KEYS)) continue;
        const principals = facts.principals;
        for (let j = 0; j < principals.length; j++) {
          const e = principals[j];
          if (e.kind !== 'Service' || !e.value.includes('.')) continue;
          ctx.report(
            valueSpan(e.node),
            `The service principal ${e.value} is allowed without aws:SourceArn or aws:SourceAccount, so the service could be used on behalf of any account (confused deputy). Add an aws:SourceArn or aws:SourceAccount condition naming your resource or account.`,
            { fix: 'addCondition', key: 'aws:SourceArn' },
          );
        }
      }
    },
  });
}
