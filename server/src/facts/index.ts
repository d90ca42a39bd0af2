/**
 * The facts layer: what a policy says, read once per (policy, data) and shared by checks, hover,
 * completion, code lenses and fixes. It sits below checks/ and features/ and imports only model/
 * and data/. Every memo lives in cache.ts with an explicit key; nothing here knows LSP or the host
 * format.
 *
 *   factsOf(policy, data).statements[i]  ≡  statementFacts(policy.statements[i], data)
 *   factsOf(policy, data).arns (.conditionEntries, .conditionOperators, .principals)  ≡  those of its
 *     statements, one after another
 */
import type { IamData } from '../data/iamData';
import type { PolicyDocument, PropertyNode, Statement } from '../model';
import { FACTS_SLOT, policySlot, statementSlot, type Slotted } from './cache';
import type { ResourceArnValue } from './arns';
import type { ConditionEntry, ConditionOperatorEntry } from './conditions';
import { readOidcTrusts, type OidcTrust } from './oidc';
import { StatementFacts } from './statement';
import { collectVariableSites, type VariableElement, type VariableSite } from './variableSites';

export class PolicyFacts {
  private _statements?: StatementFacts[];
  private _arns?: ResourceArnValue[];
  private _entries?: ConditionEntry[];
  private _operators?: ConditionOperatorEntry[];
  private _principals?: PropertyNode[];
  private _oidc?: OidcTrust[];
  /** Sites per list of elements asked for (callers ask for two or three lists: compared, not joined into a key). */
  private readonly _sites: { elements: readonly VariableElement[]; sites: VariableSite[] }[] = [];

  constructor(
    readonly policy: PolicyDocument,
    readonly data: IamData,
  ) {}

  get statements(): StatementFacts[] {
    return (this._statements ??= this.policy.statements.map((st) => statementFacts(st, this.data)));
  }

  /** Every statement's Resource and NotResource ARN values (StatementFacts.arns), statement by statement. */
  get arns(): ResourceArnValue[] {
    return (this._arns ??= flatten(this.statements, arnsOf));
  }

  /** Every statement's condition entries (StatementFacts.conditionEntries), statement by statement. */
  get conditionEntries(): ConditionEntry[] {
    return (this._entries ??= flatten(this.statements, entriesOf));
  }

  /** Every statement's condition operators (StatementFacts.conditionOperators), statement by statement. */
  get conditionOperators(): ConditionOperatorEntry[] {
    return (this._operators ??= flatten(this.statements, operatorsOf));
  }

  /** Every statement's Principal and NotPrincipal properties that are present, statement by statement. */
  get principals(): PropertyNode[] {
    if (this._principals === undefined) {
      const out: PropertyNode[] = [];
      const statements = this.policy.statements;
      for (let i = 0; i < statements.length; i++) {
        const st = statements[i];
        if (st.principal) out.push(st.principal);
        if (st.notPrincipal) out.push(st.notPrincipal);
      }
      this._principals = out;
    }
    return this._principals;
  }

  /** Web identity (OIDC) trust statements and the provider claims their conditions test. */
  get oidcTrusts(): OidcTrust[] {
    return (this._oidc ??= readOidcTrusts(this.statements));
  }

  /** Strings of the given elements that contain `${`, with their variables. */
  variableSites(elements: readonly VariableElement[]): VariableSite[] {
    const known = this._sites;
    for (let i = 0; i < known.length; i++) {
      const e = known[i];
      if (sameElements(e.elements, elements)) return e.sites;
    }
    const sites = collectVariableSites(this.policy, elements);
    this._sites.push({ elements: elements.slice(), sites });
    return sites;
  }
}

const arnsOf = (f: StatementFacts): readonly ResourceArnValue[] => f.arns;
const entriesOf = (f: StatementFacts): readonly ConditionEntry[] => f.conditionEntries;
const operatorsOf = (f: StatementFacts): readonly ConditionOperatorEntry[] => f.conditionOperators;

/** One list of what `pick` gives for each statement, in statement order (checks loop over it once per policy). */
function flatten<T>(all: readonly StatementFacts[], pick: (f: StatementFacts) => readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < all.length; i++) {
    const items = pick(all[i]);
    for (let j = 0; j < items.length; j++) out.push(items[j]);
  }
  return out;
}

function sameElements(a: readonly VariableElement[], b: readonly VariableElement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const newPolicyFacts = (policy: PolicyDocument, data: IamData): PolicyFacts => new PolicyFacts(policy, data);
const newStatementFacts = (st: Statement, data: IamData): StatementFacts => new StatementFacts(st, data);

/** The facts of a policy under one data instance (built lazily, cached per (policy, data)). */
export function factsOf(policy: PolicyDocument, data: IamData): PolicyFacts {
  // policySlot's hit read in place (every check asks once per policy).
  const own = (policy as Slotted)[FACTS_SLOT];
  if (own !== undefined && own.data === data) return own as PolicyFacts;
  return policySlot(policy, data, newPolicyFacts);
}

/** The facts of one statement under one data instance (built lazily, cached per (statement, data)). */
export function statementFacts(st: Statement, data: IamData): StatementFacts {
  // statementSlot's hit read in place.
  const own = (st as Slotted)[FACTS_SLOT];
  if (own !== undefined && own.data === data) return own as StatementFacts;
  return statementSlot(st, data, newStatementFacts);
}

/** Every (operator, key) pair of a statement's Condition block, keys resolved against `data`. */
export function conditionEntries(st: Statement, data: IamData): ConditionEntry[] {
  return statementFacts(st, data).conditionEntries;
}

/** The operators of a statement's Condition block, in source order. */
export function conditionOperators(st: Statement, data: IamData): ConditionOperatorEntry[] {
  return statementFacts(st, data).conditionOperators;
}

export { StatementFacts, type ConditionKeyEntry } from './statement';
export * from './actions';
export * from './principals';
export {
  isRestricting,
  isUnresolved,
  lookupConditionKey,
  multivaluedIsDoubtful,
  operatorName,
  scalarText,
  spanInString,
  valueNodeSpan,
  withBase,
  type ConditionEntry,
  type ConditionKeyLookup,
  type ConditionOperatorEntry,
  type KeyKind,
} from './conditions';
export { isBuiltInProvider, restricting, type OidcTrust } from './oidc';
export { siteSpan, type VariableElement, type VariableSite } from './variableSites';
