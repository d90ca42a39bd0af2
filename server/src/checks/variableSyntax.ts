/** Shared runner of the five policy-variable syntax checks (one code each). */
import type { VariableProblemCode } from '../data/policyVariables';
import type { PolicyDocument } from '../model';
import type { CheckContext } from './types';
import { siteSpan, variableSites } from './variableSites';

export function reportVariableProblems(code: VariableProblemCode, policy: PolicyDocument, ctx: CheckContext): void {
  for (const site of variableSites(policy, ['Resource', 'NotResource', 'Condition'])) {
    for (const v of site.variables) {
      const p = v.problem;
      if (!p || p.code !== code) continue;
      // A brace may be closed after a host reference: nothing can be concluded.
      if (code === 'MISSING_BRACE_IN_VARIABLE' && site.continues && v.end === site.variables[site.variables.length - 1].end) continue;
      ctx.report(siteSpan(site, p.start, p.length), p.message, p.replacement !== undefined ? { replacement: p.replacement } : undefined);
    }
  }
}
