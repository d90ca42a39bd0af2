import type { EditValue } from './edits';

/**
 * Rules own their fixes. A check declares the fixes its findings get (`CheckMeta.fixes`: kind and
 * safety) and a finding carries a typed payload, one member of `FixPayload`, that the fix reads
 * (features/fixes/*). A fix is linked to its diagnostic by code + payload, never by message text;
 * a fix is offered only for a kind its rule declares, and its safety for "fix all" comes from the
 * declaration (a finding may only lower it: `unsafe`).
 *
 * The payload travels through LSP `Diagnostic.data` (as `{code, ...payload}`) and comes back from
 * the client: `parseFixPayload` validates such untrusted data into the union.
 */

/** Replace the text at the finding (a value, or a key: an element, condition key or operator) with one of `replacements`. */
export interface ReplaceFix {
  fix: 'replace';
  replacements: string[];
  unsafe?: true;
}

/** Move the condition key at the finding under one of `operators` (renaming the operator when the key is its only one). */
export interface ChangeOperatorFix {
  fix: 'changeOperator';
  operators: string[];
  unsafe?: true;
}

/** Replace the string value at the finding with a structured value (a bare principal → `{"AWS": "…"}`). */
export interface RestructureFix {
  fix: 'restructure';
  value: EditValue;
  unsafe?: true;
}

/** Insert `key: value` into the object at the finding (the statement or policy a "missing element" finding points at). */
export interface InsertFix {
  fix: 'insert';
  key: string;
  value: EditValue;
  /** Insert after this key when the object has it (else after "Sid", else first). */
  after?: string;
  unsafe?: true;
}

/**
 * Remove what the finding points at: `statement` (the finding is on its anchor), `item` (an array
 * item; never the last one), `property` (the property whose key or value is at the finding).
 */
export interface RemoveFix {
  fix: 'remove';
  target: 'statement' | 'item' | 'property';
  unsafe?: true;
}

/** Reduce the array of condition values at the finding (its exact span) to the one value `keep`. */
export interface KeepOnlyFix {
  fix: 'keepOnly';
  keep: string;
  unsafe?: true;
}

/** Add a condition on `key` (a placeholder value under the operator the key's type needs) to the statement at the finding. */
export interface AddConditionFix {
  fix: 'addCondition';
  key: string;
  unsafe?: true;
}

/** The payload a finding carries for its fix: a discriminated union on `fix`. */
export type FixPayload = ReplaceFix | ChangeOperatorFix | RestructureFix | InsertFix | RemoveFix | KeepOnlyFix | AddConditionFix;

/** Fix kinds found from the diagnostic's code alone (its rule's declaration), with no payload. */
export type CodeLinkedFixKind =
  /** INVALID_ACTION on an API operation name: the IAM action(s) it needs. */
  | 'apiName'
  /** A wildcard action at the finding expanded to the actions it matches (a refactoring linked to the finding). */
  | 'expandWildcard'
  /** `"Resource": "*"` replaced with the ARN templates of the statement's actions' resource types. */
  | 'arnTemplates';

export type FixKindName = FixPayload['fix'] | CodeLinkedFixKind;

export const PAYLOAD_FIX_KINDS: readonly FixPayload['fix'][] = ['replace', 'changeOperator', 'restructure', 'insert', 'remove', 'keepOnly', 'addCondition'];
export const FIX_KINDS: readonly FixKindName[] = [...PAYLOAD_FIX_KINDS, 'apiName', 'expandWildcard', 'arnTemplates'];

/**
 * Safety for "fix all" (applied without review): `true` — the fix never changes what the policy
 * allows; `'caseOnly'` — safe when there is exactly one replacement and it changes only letter
 * case; `false` — needs review (a guess, a placeholder, or a change of access).
 */
export type FixSafety = boolean | 'caseOnly';

/** One fix a rule declares: its kind and its safety. */
export interface FixDeclaration {
  kind: FixKindName;
  safe: FixSafety;
}

/** The declaration of `kind` among a rule's fixes. */
export function declaredFix(fixes: readonly FixDeclaration[] | undefined, kind: FixKindName): FixDeclaration | undefined {
  return fixes?.find((f) => f.kind === kind);
}

// ---- validation of untrusted data (LSP Diagnostic.data sent back by a client) -------------------

const MAX_DEPTH = 16;
const MAX_ITEMS = 1000;
const MAX_STRING = 10_000;

function isString(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_STRING;
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_ITEMS || !v.every(isString)) return undefined;
  return [...v];
}

/** A copy of `v` when it is an EditValue (JSON-like, bounded), else undefined. */
function editValue(v: unknown, depth = 0, budget = { n: MAX_ITEMS }): EditValue | undefined {
  if (depth > MAX_DEPTH || --budget.n < 0) return undefined;
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return isString(v) ? v : undefined;
  if (Array.isArray(v)) {
    const out: EditValue[] = [];
    for (const item of v) {
      const e = editValue(item, depth + 1, budget);
      if (e === undefined) return undefined;
      out.push(e);
    }
    return out;
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v as object);
    if (keys.length === 1 && keys[0] === '$snippet') {
      const s = (v as { $snippet: unknown }).$snippet;
      return isString(s) ? { $snippet: s } : undefined;
    }
    const out: Record<string, EditValue> = {};
    for (const k of keys) {
      if (!isString(k) || k === '__proto__') return undefined;
      const e = editValue((v as Record<string, unknown>)[k], depth + 1, budget);
      if (e === undefined) return undefined;
      out[k] = e;
    }
    return out;
  }
  return undefined;
}

const REMOVE_TARGETS = new Set(['statement', 'item', 'property']);

/**
 * The payload in untrusted data, rebuilt member by member (unknown fields dropped), or undefined
 * when it is not exactly one of the union's members. Never throws.
 */
export function parseFixPayload(data: unknown): FixPayload | undefined {
  try {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const d = data as Record<string, unknown>;
    const unsafe = d.unsafe === true ? { unsafe: true as const } : {};
    if (d.unsafe !== undefined && d.unsafe !== true) return undefined;
    switch (d.fix) {
      case 'replace': {
        const replacements = stringList(d.replacements);
        return replacements && replacements.length > 0 ? { fix: 'replace', replacements, ...unsafe } : undefined;
      }
      case 'changeOperator': {
        const operators = stringList(d.operators);
        return operators && operators.length > 0 ? { fix: 'changeOperator', operators, ...unsafe } : undefined;
      }
      case 'restructure': {
        const value = editValue(d.value);
        return value !== undefined ? { fix: 'restructure', value, ...unsafe } : undefined;
      }
      case 'insert': {
        const value = editValue(d.value);
        if (d.after !== undefined && !isString(d.after)) return undefined;
        return isString(d.key) && value !== undefined ? { fix: 'insert', key: d.key, value, ...(isString(d.after) ? { after: d.after } : {}), ...unsafe } : undefined;
      }
      case 'remove':
        return typeof d.target === 'string' && REMOVE_TARGETS.has(d.target) ? { fix: 'remove', target: d.target as RemoveFix['target'], ...unsafe } : undefined;
      case 'keepOnly':
        return isString(d.keep) ? { fix: 'keepOnly', keep: d.keep, ...unsafe } : undefined;
      case 'addCondition':
        return isString(d.key) ? { fix: 'addCondition', key: d.key, ...unsafe } : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined; // getters or proxies in hostile data
  }
}

// ---- constructors for checks --------------------------------------------------------------------

/** A `replace` payload, or none when there is nothing to replace with. */
export function replaceWith(replacements: readonly string[]): ReplaceFix | undefined {
  return replacements.length > 0 ? { fix: 'replace', replacements: [...replacements] } : undefined;
}

/** A `changeOperator` payload, or none when no operator fits. */
export function changeOperatorTo(operators: readonly string[], options: { unsafe?: boolean } = {}): ChangeOperatorFix | undefined {
  return operators.length > 0 ? { fix: 'changeOperator', operators: [...operators], ...(options.unsafe ? { unsafe: true as const } : {}) } : undefined;
}
