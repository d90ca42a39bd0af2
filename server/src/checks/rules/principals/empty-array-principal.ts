import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'EMPTY_ARRAY_PRINCIPAL',
  title: 'Empty array principal',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  requires: ['Principal'],
  description: 'Principal or NotPrincipal (or one of its keys) is an empty array, so the statement applies to no one.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let i = 0; i < principals.length; i++) {
      const prop = principals[i];
      const v = prop.value;
      if (v.kind === 'array' && v.items.length === 0) {
        ctx.report(v.span, `"${prop.key}" is an empty array, so this statement has no effect. Name the principals that need access.`);
      } else if (v.kind === 'object') {
        const properties = v.properties;
        for (let k = 0; k < properties.length; k++) {
          const entry = properties[k];
          if (entry.value.kind === 'array' && entry.value.items.length === 0) {
            ctx.report(entry.value.span, `"${entry.key}" in "${prop.key}" is an empty array and names no principal. Add principals or remove "${entry.key}".`);
          }
        }
      }
    }
  },
});
