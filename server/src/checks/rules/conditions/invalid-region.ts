import { isKnownRegion, isPlausibleNewRegion } from '../../../data/arn';
import { accessAnalyzerCheck } from '../../types';
import { valueSpan } from '../../support/anchors';
import { conditionStringValues } from '../../support/conditionKeys';
import { replaceWith } from '../../../model/fixPayload';

const REGION_KEYS = new Set(['aws:requestedregion']);

export default accessAnalyzerCheck({
  code: 'INVALID_REGION',
  title: 'Invalid Region',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Condition'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A condition value that should be a Region (aws:RequestedRegion) is not an AWS Region code.',
  run(policy, ctx) {
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      const keyValues = conditionStringValues(st, ctx.data, REGION_KEYS);
      for (let j = 0; j < keyValues.length; j++) {
        const { key, node } = keyValues[j];
        const v = node.value;
        if (v.includes('*') || v.includes('?') || v.includes('${') || isKnownRegion(v) || isPlausibleNewRegion(v)) continue;
        const lower = v.toLowerCase().trim();
        const fix = isKnownRegion(lower) ? replaceWith([lower]) : undefined;
        ctx.report(valueSpan(node), `"${v}" is not an AWS Region code, so "${key}" never equals it. Use a Region code such as "us-east-1"${fix ? ` ("${lower}")` : ''}.`, fix);
      }
    }
  },
});
