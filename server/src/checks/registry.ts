import type { PolicyDocument, Severity, ValueNode } from '../model';
import type { IamData } from '../data/iamData';
import { SEVERITY_OF, type Check, type CheckContext, type Finding, type RequiredElement } from './types';
import { jsonKeyOf } from '../facts/cache';

import { GRAMMAR_CHECKS } from './rules/grammar';
import { ACTIONS_CHECKS } from './rules/actions';
import { ARN_CHECKS } from './rules/arn';
import { PRINCIPALS_CHECKS } from './rules/principals';
import { REDUNDANCY_CHECKS } from './rules/redundancy';
import { SIZE_CHECKS } from './rules/size';
import { CONDITIONS_CHECKS } from './rules/conditions';
import { VARIABLES_CHECKS } from './rules/variables';
import { OIDC_CHECKS } from './rules/oidc';
import { SECURITY_CHECKS } from './rules/security';

/**
 * Every check, in reporting order: the rule families of rules/<family>/, each listing its own
 * checks in its index.ts. Add a check: write its file in its family folder, list it in that
 * folder's index.ts, add fixtures under test/fixtures/checks/<code>/. This is the only
 * registration path.
 */
export const CHECKS: readonly Check[] = [
  ...GRAMMAR_CHECKS,
  ...ACTIONS_CHECKS,
  ...ARN_CHECKS,
  ...PRINCIPALS_CHECKS,
  ...REDUNDANCY_CHECKS,
  ...SIZE_CHECKS,
  ...CONDITIONS_CHECKS,
  ...VARIABLES_CHECKS,
  ...OIDC_CHECKS,
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

/** The bit of each element in a `policyElements` mask. */
const ELEMENT_BIT: Record<RequiredElement, number> = { Condition: 1, Principal: 2, NotAction: 4, NotResource: 8, ResourceArn: 16, Variable: 32 };

/** The elements a check requires (CheckMeta.requires) as a mask; 0 when it runs on every policy. */
export function requiredMask(check: Check): number {
  let mask = 0;
  const required = check.requires ?? [];
  for (let i = 0; i < required.length; i++) {
    const e = required[i];
    mask |= ELEMENT_BIT[e];
  }
  return mask;
}

/**
 * The elements some statement of the policy has, as a mask of ELEMENT_BIT ('Principal': Principal
 * or NotPrincipal; 'ResourceArn': NotResource, or a Resource other than "*" and ["*", …]; 'Variable':
 * unless the host found no `${` in the policy's text, PolicyDocument.variableFree).
 */
export function policyElements(policy: PolicyDocument): number {
  let mask = policy.variableFree ? 0 : ELEMENT_BIT.Variable;
  const statements = policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (st.condition) mask |= ELEMENT_BIT.Condition;
    if (st.principal || st.notPrincipal) mask |= ELEMENT_BIT.Principal;
    if (st.notAction) mask |= ELEMENT_BIT.NotAction;
    if (st.notResource) mask |= ELEMENT_BIT.NotResource | ELEMENT_BIT.ResourceArn;
    else if (st.resource && !starOnly(st.resource.value)) mask |= ELEMENT_BIT.ResourceArn;
  }
  return mask;
}

function isStar(v: ValueNode): boolean {
  return v.kind === 'string' && !v.parts && v.value === '*';
}

/** `"*"` or a non-empty array of `"*"` (known strings). */
function starOnly(v: ValueNode): boolean {
  if (v.kind !== 'array') return isStar(v);
  if (v.items.length === 0) return false;
  const items = v.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isStar(item)) return false;
  }
  return true;
}

/** One check to run for a policy type under a rule configuration, with its resolved severities. */
interface PlannedCheck {
  /** The check's code and run, copied: runChecks reads them from one object shape (the checks themselves come in many). */
  code: string;
  run: Check['run'];
  severity: Severity;
  demoted: Severity;
  /** requiredMask(check): the check is skipped on a policy whose policyElements lack one of these. */
  requires: number;
}

/**
 * The checks that apply to each policy type under one rule configuration, severities resolved:
 * computed once per configuration (keyed by its JSON text; a handful per process) instead of
 * once per check and policy.
 */
const plans = new Map<string, Map<string, PlannedCheck[]>>();

/**
 * A rule configuration as a key ('' for none): its JSON text, computed once per configuration
 * object (facts/cache.ts jsonKeyOf; the CLI hands every file of a folder the same object, see
 * projectConfig.settingsFor). Equal configurations in distinct objects get equal keys.
 */
export function rulesKey(rules: RuleConfig | undefined): string {
  return jsonKeyOf(rules);
}

function planFor(type: string, rules: RuleConfig | undefined): PlannedCheck[] {
  const key = rulesKey(rules);
  let byType = plans.get(key);
  if (!byType) {
    if (plans.size >= 16) plans.clear();
    plans.set(key, (byType = new Map()));
  }
  let plan = byType.get(type);
  if (!plan) {
    plan = [];
    for (let i = 0; i < CHECKS.length; i++) {
      const check = CHECKS[i];
      if (check.policyTypes !== 'all' && !(check.policyTypes as readonly string[]).includes(type)) continue;
      const severity = effectiveSeverity(check.code, rules);
      if (severity) plan.push({ code: check.code, run: check.run, severity, demoted: demoted(severity), requires: requiredMask(check) });
    }
    byType.set(type, plan);
  }
  return plan;
}

/**
 * Runs every applicable check on one policy. A check that throws is reported as an internal
 * finding instead of aborting the others. A check whose required elements the policy lacks is not
 * called (CheckMeta.requires).
 */
export function runChecks(policy: PolicyDocument, data: IamData, rules?: RuleConfig): Finding[] {
  const findings: Finding[] = [];
  // One context per policy, not per check: `report` reads the running check's code and severities
  // (checks are synchronous and never keep the context), so 138 checks cost no closures.
  let code = '';
  let severity: Severity = 'error';
  let lower: Severity = 'error';
  const ctx: CheckContext = {
    data,
    policy,
    report: (span, message, fixData, options) =>
      findings.push(fixData ? { code, message, span, severity: options?.demote ? lower : severity, data: fixData } : { code, message, span, severity: options?.demote ? lower : severity }),
  };
  const elements = policyElements(policy);
  const plan = planFor(policy.type, rules);
  // An index loop over planned checks (one object shape); `run` is called without a receiver (no
  // check reads `this`).
  for (let i = 0; i < plan.length; i++) {
    const planned = plan[i];
    const requires = planned.requires;
    if ((requires & elements) !== requires) continue;
    code = planned.code;
    severity = planned.severity;
    lower = planned.demoted;
    const run = planned.run;
    try {
      run(policy, ctx);
    } catch (err) {
      findings.push({
        code: 'INTERNAL_ERROR',
        message: `The check ${code} failed on this policy (${(err as Error)?.message ?? String(err)}). Please report this.`,
        span: { offset: policy.root.span.offset, length: 0 },
        severity: 'warning',
      });
    }
  }
  return findings;
}
