import { ownCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { arnCoversFormat } from '../../support/arnTypes';
import { factsOf, effectOf } from '../../../facts';
import { nodeDataMemo } from '../../../facts/cache';
import type { ParsedArn } from '../../../data/arn';
import type { ActionRef, IamData, ResourceTypeInfo } from '../../../data/iamData';

/** Region and account `*` or empty and a `*` in the resource part: the ARN may name every resource of a type. */
function mayBeEverything(arn: ParsedArn): boolean {
  const any = (t: string) => t === '*' || t === '';
  return any(arn.region.text) && any(arn.account.text) && arn.resource.text.includes('*');
}

/** The one resource type of an action, or null when it has none or several (per shared ActionRef). */
function soleResourceType(data: IamData, a: ActionRef): ResourceTypeInfo | null {
  // nodeDataMemo with a module-level function: no closure per call.
  return nodeDataMemo(a, data, 'soleResourceType', findSoleResourceType);
}

function findSoleResourceType(a: ActionRef, data: IamData): ResourceTypeInfo | null {
  const info = data.getAction(a.service, a.name);
  return info && info.resourceTypes.length === 1 ? (data.getResourceType(a.service, info.resourceTypes[0].name) ?? null) : null;
}

/** Actions named in one message. */
const SHOWN = 3;

export default ownCheck({
  code: 'EFFECTIVELY_STAR_RESOURCE',
  title: 'Resource ARN that is effectively "*"',
  // A suggestion, not a warning: 690 findings in 244 AWS managed policies (service-role policies
  // routinely use `arn:aws:ec2:*:*:network-interface/*`); it is a least-privilege nudge.
  findingType: 'SUGGESTION',
  policyTypes: ['identity'],
  requires: ['ResourceArn'],
  description: 'A resource ARN with wildcards in every variable part (e.g. "arn:*:cloudtrail:*:*:trail/*") names every resource an action can act on: for that action it is the same as "Resource": "*". Name the resources, or at least the account and Region.',
  details:
    'An ARN such as `arn:*:cloudtrail:*:*:trail/*` looks narrower than `"Resource": "*"` but is not, for an action whose only resource type is the one it names (`cloudtrail:StopLogging` acts on trails only): every trail in every account and Region matches. Reported on the ARN when the Region and account fields are `*` (or absent from the resource type\'s ARN format), the resource part covers the whole format (`trail/*`, `*`), and at least one action of the statement (wildcards matched) has that resource type as its only one. Statements with a Condition are left alone (the condition may scope the resources, e.g. by tag). The partition is not judged (`arn:aws:…` still names every resource of the commercial partition); ARNs with template values (`!Sub`, CDK tokens) are not judged. Only Allow statements of identity policies are checked.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let j = 0; j < all.length; j++) {
      const facts = all[j];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || !st.resource || st.notAction || st.condition) continue;
      // Cheap syntactic filter before any action lookup: Region and account `*` or empty, a wildcard in the resource part.
      const arns = facts.arns.filter((v) => v.element === 'Resource' && v.known !== undefined && v.parse.kind === 'arn' && mayBeEverything(v.parse.arn));
      if (arns.length === 0) continue;
      const actions = facts.resolvedActions;
      if (actions.length === 0) continue;
      // The actions with a sole resource type, read once for all the statement's ARNs; each distinct
      // type's format is then compared with an ARN once, and only an ARN that covers one reads the actions again.
      const withType: ActionRef[] = [];
      const typeIndex: number[] = [];
      const types: ResourceTypeInfo[] = [];
      for (let m = 0; m < actions.length; m++) {
        const a = actions[m];
        const rt = soleResourceType(ctx.data, a);
        if (!rt) continue;
        let k = types.indexOf(rt);
        if (k < 0) k = types.push(rt) - 1;
        withType.push(a);
        typeIndex.push(k);
      }
      if (types.length === 0) continue;
      for (let i2 = 0; i2 < arns.length; i2++) {
        const v = arns[i2];
        if (v.parse.kind !== 'arn') continue;
        const arn = v.parse.arn;
        let covers: boolean[] | undefined;
        for (let k = 0; k < types.length; k++) {
          if (!arnCoversFormat(arn, types[k].arn)) continue;
          covers ??= new Array<boolean>(types.length).fill(false);
          covers[k] = true;
        }
        if (covers === undefined) continue;
        const hits: { action: string; type: string }[] = [];
        for (let i = 0; i < withType.length; i++) {
          const k = typeIndex[i];
          if (!covers[k]) continue;
          const a = withType[i];
          hits.push({ action: `${a.service}:${a.name}`, type: types[k].name });
        }
        const names = [...new Set(hits.map((h) => h.type))];
        const more = hits.length > SHOWN ? ` and ${hits.length - SHOWN} more` : '';
        const message =
          names.length === 1
            ? `"${v.known}" names every ${names[0]} in every account and Region: for ${hits.slice(0, SHOWN).map((h) => h.action).join(', ')}${more}, whose only resource type is ${names[0]}, it is the same as "Resource": "*".`
            : `"${v.known}" names every resource of its type in every account and Region: for ${hits.slice(0, SHOWN).map((h) => `${h.action} (only ${h.type})`).join(', ')}${more} it is the same as "Resource": "*".`;
        ctx.report(valueSpan(v.node), `${message} Name the resources, or at least the account and Region.`);
      }
    }
  },
});
