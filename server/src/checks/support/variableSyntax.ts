/** Shared runner of the five policy-variable syntax checks (one code each). */
import type { PolicyVariable, VariableProblemCode } from '../../data/policyVariables';
import type { PolicyDocument } from '../../model';
import type { CheckContext } from '../types';
import { siteSpan, type VariableSite, factsOf } from '../../facts';
import { replaceWith } from '../../model/fixPayload';

const QUOTE_LIKE = /["\u2018\u2019\u201C\u201D`\u00B4]/g;

/**
 * The whole corrected string value for a fix (fixes replace whole values), when the correction is
 * obvious: quote-like characters → single quotes, spaces removed from the key.
 */
function correctedValue(site: VariableSite, v: PolicyVariable, code: VariableProblemCode): string | undefined {
  if (!site.exact) return undefined;
  const text = site.node.value;
  let fixed: string;
  if (code === 'UNSUPPORTED_SYMBOL_IN_VARIABLE' && v.problem?.replacement === "'") {
    fixed = text.slice(v.start, v.end).replace(QUOTE_LIKE, "'");
  } else if (code === 'UNSUPPORTED_SPACE_IN_VARIABLE') {
    const comma = v.inner.indexOf(',');
    const name = (comma >= 0 ? v.inner.slice(0, comma) : v.inner).replace(/\s+/g, '');
    fixed = `\${${name}${comma >= 0 ? v.inner.slice(comma) : ''}}`;
  } else {
    return undefined;
  }
  return text.slice(0, v.start) + fixed + text.slice(v.end);
}

export function reportVariableProblems(code: VariableProblemCode, policy: PolicyDocument, ctx: CheckContext): void {
  const variableSites = factsOf(policy, ctx.data).variableSites(['Resource', 'NotResource', 'Condition']);
  for (let i = 0; i < variableSites.length; i++) {
    const site = variableSites[i];
    const variables = site.variables;
    for (let j = 0; j < variables.length; j++) {
      const v = variables[j];
      const p = v.problem;
      if (!p || p.code !== code) continue;
      // A brace may be closed after a host reference: nothing can be concluded.
      if (code === 'MISSING_BRACE_IN_VARIABLE' && site.continues && v.end === site.variables[site.variables.length - 1].end) continue;
      const replacement = correctedValue(site, v, code);
      ctx.report(siteSpan(site, p.start, p.length), p.message, replacement !== undefined ? replaceWith([replacement]) : undefined);
    }
  }
}
