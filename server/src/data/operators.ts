import { CONDITION_OPERATORS, type OperatorDoc } from './operatorsTable';

export type SetOperator = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  raw: string;
  base: OperatorDoc;
  ifExists: boolean;
  setOperator?: SetOperator;
  /** True when the spelling differs from the documented one only in case. */
  caseMismatch: boolean;
}

const byLower = new Map(CONDITION_OPERATORS.map((o) => [o.name.toLowerCase(), o]));

/** Parses `ForAnyValue:StringLikeIfExists` into its parts; undefined when the base operator is unknown. */
export function parseOperator(raw: string): ParsedOperator | undefined {
  // The documented spellings (nearly every operator written) are one table probe.
  const known = (exactForms ??= documentedForms())[raw];
  if (known !== undefined) return { raw, base: known.base, ifExists: known.ifExists, setOperator: known.setOperator, caseMismatch: false };
  return parseOperatorGeneral(raw);
}

/** A documented spelling's parts (its parse without `raw`). */
type Form = Pick<ParsedOperator, 'base' | 'ifExists' | 'setOperator'>;

/**
 * Every documented spelling (allOperatorNames) → its parts, as parseOperatorGeneral reads it: a
 * prototype-less dictionary, so a name written in a policy is looked up as an internalised key.
 */
let exactForms: Record<string, Form> | undefined;

function documentedForms(): Record<string, Form> {
  const forms = Object.create(null) as Record<string, Form>;
  const everyName = allOperatorNames();
  for (let i = 0; i < everyName.length; i++) {
    const name = everyName[i];
    const p = parseOperatorGeneral(name);
    if (p && !p.caseMismatch) forms[name] = { base: p.base, ifExists: p.ifExists, setOperator: p.setOperator };
  }
  return forms;
}

/** parseOperator without the table of documented spellings: any spelling, any case. */
export function parseOperatorGeneral(raw: string): ParsedOperator | undefined {
  let rest = raw;
  let setOperator: SetOperator | undefined;
  let caseMismatch = false;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    const q = qualifier.toLowerCase();
    if (q === 'forallvalues') setOperator = 'ForAllValues';
    else if (q === 'foranyvalue') setOperator = 'ForAnyValue';
    else return undefined;
    if (qualifier !== setOperator) caseMismatch = true;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let base = byLower.get(rest.toLowerCase());
  if (!base && rest.toLowerCase().endsWith('ifexists')) {
    base = byLower.get(rest.slice(0, -'ifexists'.length).toLowerCase());
    if (base) {
      ifExists = true;
      if (!rest.endsWith('IfExists')) caseMismatch = true;
      rest = rest.slice(0, -'ifexists'.length);
    }
  }
  if (!base) return undefined;
  if (rest !== base.name) caseMismatch = true;
  return { raw, base, ifExists, setOperator, caseMismatch };
}

/**
 * Every spelled-out operator form (base, …IfExists, ForAllValues:/ForAnyValue: forms), for completion
 * and did-you-mean: one shared, frozen list, built on first use (INVALID_CONDITION_OPERATOR asks for it
 * once per policy with a Condition block).
 */
export function allOperatorNames(): readonly string[] {
  return (operatorNames ??= Object.freeze(operatorNamesUncached()));
}
let operatorNames: readonly string[] | undefined;

function operatorNamesUncached(): string[] {
  const names: string[] = [];
  for (let i = 0; i < CONDITION_OPERATORS.length; i++) {
    const o = CONDITION_OPERATORS[i];
    const forms = o.name === 'Null' ? [o.name] : [o.name, `${o.name}IfExists`];
    for (let j = 0; j < forms.length; j++) {
      const f = forms[j];
      names.push(f, `ForAllValues:${f}`, `ForAnyValue:${f}`);
    }
  }
  return names;
}
