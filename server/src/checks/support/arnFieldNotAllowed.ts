/** Shared by ARN_ACCOUNT_NOT_ALLOWED and ARN_REGION_NOT_ALLOWED (rules/arn/): a field the resource type's ARN format leaves empty. */
import { candidateResourceTypes } from '../../data/arn';
import { arnFieldSpan } from '../../facts/arns';
import { factsOf } from '../../facts';
import { accessAnalyzerCheck, type Check } from '../types';
import { typeNames } from './arnTypes';
import { replaceWith } from '../../model/fixPayload';

export interface ArnFieldNotAllowed {
  code: string;
  title: string;
  description: string;
  field: 'account' | 'region';
  /** The message's middle: after "<service> <types> ARNs", before "Remove "<text>" …". */
  have: string;
  /** The field as the message's last words name it ("account", "Region"). */
  fieldName: string;
}

export function arnFieldNotAllowedCheck(spec: ArnFieldNotAllowed): Check {
  const { field } = spec;
  return accessAnalyzerCheck({
    code: spec.code,
    title: spec.title,
    findingType: 'ERROR',
    policyTypes: 'all',
    requires: ['ResourceArn'],
    fixes: [{ kind: 'replace', safe: 'caseOnly' }],
    description: spec.description,
    run(policy, ctx) {
      const arns = factsOf(policy, ctx.data).arns;
      for (let i = 0; i < arns.length; i++) {
        const v = arns[i];
        if (v.parse.kind !== 'arn') continue;
        const arn = v.parse.arn;
        const f = arn[field];
        if (f.wild || f.uncertain || f.text === '') continue;
        const candidates = candidateResourceTypes(ctx.data, arn, field);
        if (candidates.length === 0 || candidates.some((c) => c.format[field] !== '')) continue;
        ctx.report(
          arnFieldSpan(v.node, f),
          `${arn.service.text} ${typeNames(candidates.map((c) => c.type.name))} ARNs ${spec.have}. Remove "${f.text}" and leave the ${spec.fieldName} field empty.`,
          v.known !== undefined ? replaceWith([v.known.slice(0, f.offset) + v.known.slice(f.offset + f.text.length)]) : undefined,
        );
      }
    },
  });
}
