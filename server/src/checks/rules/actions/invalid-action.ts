import { accessAnalyzerCheck } from '../../types';
import { knownActionValues, valueSpan } from '../../support/anchors';
import { hasWildcard } from '../../../data/wildcard';
import { replaceWith } from '../../../model/fixPayload';

export default accessAnalyzerCheck({
  code: 'INVALID_ACTION',
  title: 'Invalid action',
  findingType: 'ERROR',
  policyTypes: 'all',
  fixes: [{ kind: 'replace', safe: 'caseOnly' }, { kind: 'apiName', safe: false }],
  description: 'The action does not exist in its service (or a wildcard matches no action); fix the name.',
  run(policy, ctx) {
    for (const st of policy.statements) {
      for (const { node, value } of knownActionValues(st)) {
        if (value === '*') continue;
        const colon = value.indexOf(':');
        if (colon <= 0 || colon === value.length - 1) {
          ctx.report(valueSpan(node), `"${value}" is not a valid action. Write actions as "service:ActionName", for example "s3:GetObject".`);
          continue;
        }
        const service = value.slice(0, colon);
        const name = value.slice(colon + 1);
        if (hasWildcard(service) || !ctx.data.hasService(service)) continue; // other checks report these
        if (hasWildcard(name)) {
          if (ctx.data.matchActions(value).length === 0) {
            ctx.report(valueSpan(node), `The wildcard "${value}" matches no action of ${ctx.data.getService(service)?.name ?? service} in the IAM reference data (${ctx.data.date}).`, undefined, { demote: true });
          }
          continue;
        }
        if (ctx.data.findAction(service, name)) continue;
        const suggestions = ctx.data.suggestActions(service, name);
        const full = suggestions.map((s) => `${service}:${s}`);
        // A near miss is a typo: an error. An action with no near miss may be newer than the
        // reference data (or retired): reported one level lower, naming the data's date.
        ctx.report(
          valueSpan(node),
          `The action "${value}" does not exist in ${ctx.data.getService(service)?.name ?? service}.${full.length ? ` Did you mean ${full.map((s) => `"${s}"`).join(' or ')}?` : ` It is not in the IAM reference data (${ctx.data.date}); if it is newer than that, ignore this.`}`,
          replaceWith(full),
          { demote: full.length === 0 },
        );
      }
    }
  },
});
