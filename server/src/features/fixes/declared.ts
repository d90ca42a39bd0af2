import { getCheck } from '../../checks/registry';
import { declaredFix, type FixDeclaration, type FixKindName } from '../../model/fixPayload';
import type { DiagnosticRef } from './types';
import { differsOnlyInCase } from './util';

/**
 * Rules own their fixes: a fix family asks here whether a diagnostic's rule declares a fix kind
 * (undeclared kinds are not offered) and how safe the declaration says it is.
 */

/** The declaration of `kind` by the rule of `d` (undefined: the rule declares no such fix). */
export function declaration(d: DiagnosticRef, kind: FixKindName): FixDeclaration | undefined {
  return declaredFix(getCheck(d.code)?.fixes, kind);
}

/** Whether the rule of `d` declares `kind`. */
export function declares(d: DiagnosticRef, kind: FixKindName): boolean {
  return !!declaration(d, kind);
}

/**
 * Safe for fix-all: as declared, lowered by the finding (`unsafe`); `'caseOnly'` holds when the
 * fix has exactly one replacement and it changes only letter case (`from` → `to`).
 */
export function isSafe(d: DiagnosticRef, kind: FixKindName, change?: { from: string; to: string; alternatives: number }): boolean {
  const decl = declaration(d, kind);
  if (!decl || decl.safe === false || d.data?.unsafe) return false;
  if (decl.safe === true) return !change || change.alternatives === 1;
  return !!change && change.alternatives === 1 && differsOnlyInCase(change.from, change.to);
}
