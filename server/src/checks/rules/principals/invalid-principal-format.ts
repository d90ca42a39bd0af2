import { describeKind } from '../../../model';
import { accessAnalyzerCheck } from '../../types';
import { factsOf } from '../../../facts';

export default accessAnalyzerCheck({
  code: 'INVALID_PRINCIPAL_FORMAT',
  title: 'Invalid principal format',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['Principal'],
  fixes: [{ kind: 'restructure', safe: false }],
  description: 'Principal must be "*" or a map such as {"AWS": "123456789012"}; each key holds a string or an array of strings.',
  run(policy, ctx) {
    const principals = factsOf(policy, ctx.data).principals;
    for (let k = 0; k < principals.length; k++) {
      const prop = principals[k];
      const v = prop.value;
      if (v.kind === 'string') {
        if (v.parts || v.value === '*') continue;
        // A bare ARN or account ID: offer the map form.
        const key = v.value.endsWith('.amazonaws.com') ? 'Service' : 'AWS';
        ctx.report(v.span, `"${prop.key}" must be "*" or a map of principal type to values, not a bare string. Write {"${key}": "${v.value}"}.`, { fix: 'restructure', value: { [key]: v.value } });
        continue;
      }
      if (v.kind !== 'object') continue; // other JSON types are DATA_TYPE_MISMATCH
      const properties = v.properties;
      for (let m = 0; m < properties.length; m++) {
        const entry = properties[m];
        const ev = entry.value;
        if (ev.kind === 'string' || ev.kind === 'unknown') continue;
        if (ev.kind === 'array') {
          const bad = ev.items.find((i) => i.kind !== 'string' && i.kind !== 'unknown');
          if (bad) ctx.report(bad.span, `Values of "${entry.key}" in "${prop.key}" must be strings, not ${describeKind(bad)}.`);
          continue;
        }
        ctx.report(ev.span, `The value of "${entry.key}" in "${prop.key}" must be a string or an array of strings, not ${describeKind(ev)}.`);
      }
    }
  },
});
