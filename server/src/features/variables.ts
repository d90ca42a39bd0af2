import { GLOBAL_KEY_DOCS } from '../data/globalKeysDocs';
import { findPolicyVariables, policyVariableNames } from '../data/policyVariables';
import { templateMatch } from '../data/wildcard';

/** Policy variables for completion and hover, over data/policyVariables.ts (names) and the global key docs. */

export interface VariableDoc {
  /** Name inside `${…}`; templates keep their hole (`aws:PrincipalTag/${TagKey}`). */
  name: string;
  description: string;
}

const ESCAPE_DOCS: Record<string, string> = {
  '*': 'Stands for a literal `*` character (where `*` would otherwise be a wildcard).',
  '?': 'Stands for a literal `?` character (where `?` would otherwise be a wildcard).',
  $: 'Stands for a literal `$` character.',
};

let cache: VariableDoc[] | undefined;
export function policyVariables(): VariableDoc[] {
  if (!cache) {
    const docs = new Map(GLOBAL_KEY_DOCS.map((d) => [d.key.toLowerCase(), d.description]));
    cache = policyVariableNames().map((name) => ({ name, description: ESCAPE_DOCS[name] ?? docs.get(name.toLowerCase()) ?? '' }));
  }
  return cache;
}

/** The documented variable a name refers to (`aws:PrincipalTag/team` → the PrincipalTag template). */
export function findVariableDoc(name: string): VariableDoc | undefined {
  const lower = name.trim().toLowerCase();
  return policyVariables().find((v) => {
    const k = v.name.toLowerCase();
    return k === lower || (k.includes('${') && templateMatch(k, lower));
  });
}

/** An open `${` before `offset` in `s` (no `}` between it and the offset): the index of `$`, else -1. */
export function openVariableAt(s: string, offset: number): number {
  const start = s.lastIndexOf('${', offset - 1);
  if (start < 0) return -1;
  return s.slice(start, offset).includes('}') ? -1 : start;
}

/** The `${…}` variable that contains `offset` in `s`, if any. */
export function variableAt(s: string, offset: number): { start: number; end: number; name: string } | undefined {
  for (const v of findPolicyVariables(s)) {
    if (offset >= v.start && offset <= v.end) return { start: v.start, end: v.end, name: v.name };
  }
  return undefined;
}
