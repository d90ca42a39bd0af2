import { accessAnalyzerCheck, type CheckContext } from '../../types';
import { factsOf } from '../../../facts';
import type { PropertyNode } from '../../../model';
import { replaceWith } from '../../../model/fixPayload';

const KEYS = ['AWS', 'CanonicalUser', 'Federated', 'Service'];

export default accessAnalyzerCheck({
  code: 'INVALID_PRINCIPAL_KEY',
  title: 'Invalid principal key',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Principal'],
  fixes: [{ kind: 'replace', safe: 'caseOnly' }],
  description: 'A key inside Principal or NotPrincipal is not one of AWS, CanonicalUser, Federated or Service.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      if (prop.value.kind !== 'object') continue;
      const properties = prop.value.properties;
      for (let m = 0; m < properties.length; m++) {
        const entry = properties[m];
        if (KEYS.includes(entry.key)) continue;
        reportUnknownKey(ctx, entry);
      }
    }
  },
});

/** Reports a principal key that is not a principal type. Apart from run so that its loop body captures nothing (no block context per key). */
function reportUnknownKey(ctx: CheckContext, entry: PropertyNode): void {
  const sameCase = KEYS.find((k) => k.toLowerCase() === entry.key.toLowerCase());
  ctx.report(
    entry.keySpan,
    `"${entry.key}" is not a principal type${sameCase ? `; principal keys are case-sensitive: use "${sameCase}"` : `. Use one of ${KEYS.map((k) => `"${k}"`).join(', ')}`}.`,
    sameCase ? replaceWith([sameCase]) : undefined,
  );
}
