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

/** Every spelled-out operator form (base, …IfExists, ForAllValues:/ForAnyValue: forms), for completion and did-you-mean. */
export function allOperatorNames(): string[] {
  const names: string[] = [];
  for (const o of CONDITION_OPERATORS) {
    const forms = o.name === 'Null' ? [o.name] : [o.name, `${o.name}IfExists`];
    for (const f of forms) names.push(f, `ForAllValues:${f}`, `ForAnyValue:${f}`);
  }
  return names;
}
