import type { PolicyDocument, Severity } from '../model';
import type { IamData } from '../data/iamData';
import { SEVERITY_OF, type Check, type Finding } from './types';

import jsonSyntaxError from './json-syntax-error';
import yamlSyntaxError from './yaml-syntax-error';
import limitExceeded from './limit-exceeded';
import missingVersion from './missing-version';
import invalidVersion from './invalid-version';
import missingStatement from './missing-statement';
import missingEffect from './missing-effect';
import invalidEffect from './invalid-effect';
import missingAction from './missing-action';
import missingResource from './missing-resource';
import invalidPolicyElement from './invalid-policy-element';
import unsupportedElementCombination from './unsupported-element-combination';
import dataTypeMismatch from './data-type-mismatch';
import invalidServiceInAction from './invalid-service-in-action';
import invalidAction from './invalid-action';
import { GRAMMAR_CHECKS } from './groups/grammar';
import { CONDITIONS_CHECKS } from './groups/conditions';
import { SECURITY_CHECKS } from './groups/security';

/** Every check, in reporting order. Add a check: write its file, list it here, add fixtures. */
export const CHECKS: readonly Check[] = [
  jsonSyntaxError,
  yamlSyntaxError,
  limitExceeded,
  missingVersion,
  invalidVersion,
  missingStatement,
  missingEffect,
  invalidEffect,
  missingAction,
  missingResource,
  invalidPolicyElement,
  unsupportedElementCombination,
  dataTypeMismatch,
  invalidServiceInAction,
  invalidAction,
  ...GRAMMAR_CHECKS,
  ...CONDITIONS_CHECKS,
  ...SECURITY_CHECKS,
];

const BY_CODE = new Map(CHECKS.map((c) => [c.code, c]));

export function getCheck(code: string): Check | undefined {
  return BY_CODE.get(code);
}

export type RuleLevel = 'off' | Severity;
/** `{"CODE": "off" | "error" | "warning" | "info" | "hint"}` */
export type RuleConfig = Record<string, RuleLevel>;

export function defaultSeverity(check: Check): Severity {
  return SEVERITY_OF[check.findingType];
}

/** The effective severity of a code under a rule configuration; undefined when turned off. */
export function effectiveSeverity(code: string, rules: RuleConfig | undefined): Severity | undefined {
  const level = rules?.[code];
  if (level === 'off') return undefined;
  if (level === 'error' || level === 'warning' || level === 'info' || level === 'hint') return level;
  const check = BY_CODE.get(code);
  if (check?.defaultLevel === 'off') return undefined;
  return check ? defaultSeverity(check) : 'error';
}

const DEMOTED: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'hint', hint: 'hint' };
function demoted(s: Severity): Severity {
  return DEMOTED[s];
}

/**
 * Runs every applicable check on one policy. A check that throws is reported as an internal
 * finding instead of aborting the others.
 */
export function runChecks(policy: PolicyDocument, data: IamData, rules?: RuleConfig): Finding[] {
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    if (check.policyTypes !== 'all' && !check.policyTypes.includes(policy.type)) continue;
    const severity = effectiveSeverity(check.code, rules);
    if (!severity) continue;
    try {
      check.run(policy, {
        data,
        policy,
        report: (span, message, fixData, options) =>
          findings.push({ code: check.code, message, span, severity: options?.demote ? demoted(severity) : severity, ...(fixData ? { data: fixData } : {}) }),
      });
    } catch (err) {
      findings.push({
        code: 'INTERNAL_ERROR',
        message: `The check ${check.code} failed on this policy (${(err as Error)?.message ?? String(err)}). Please report this.`,
        span: { offset: policy.root.span.offset, length: 0 },
        severity: 'warning',
      });
    }
  }
  return findings;
}
