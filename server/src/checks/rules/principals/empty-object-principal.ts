import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'EMPTY_OBJECT_PRINCIPAL',
  title: 'Empty object principal',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'Principal or NotPrincipal is an empty object, so the statement applies to no one.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      if (prop.value.kind !== 'object' || prop.value.properties.length > 0) continue;
      ctx.report(prop.value.span, `"${prop.key}" is an empty object, so this statement has no effect. Name principals, for example {"AWS": "123456789012"}.`);
    }
  },
});
