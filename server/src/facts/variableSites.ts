/**
 * Where policy variables appear in a policy: every string value of a statement's elements, with
 * the variables found in it. Partially known strings (host references) are scanned part by part so
 * that a host hole is never mistaken for a policy variable.
 */
import { findPolicyVariables, type PolicyVariable } from '../data/policyVariables';
import { elementStrings, walkValues, type PolicyDocument, type Statement, type StringNode } from '../model';

export type VariableElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition';

export interface VariableSite {
  statement: Statement;
  element: VariableElement;
  node: StringNode;
  /** Offset of the scanned text inside the node's value (0 for fully known strings). */
  textOffset: number;
  /** False when the node is partially known (spans then cover the whole node). */
  exact: boolean;
  /** True when host holes follow this text part (a variable may continue into them). */
  continues: boolean;
  variables: PolicyVariable[];
}

const NONE: readonly StringNode[] = [];

/** The statement's property for an element (a switch: no object of all seven built per call). */
function propertyOf(st: Statement, element: VariableElement) {
  switch (element) {
    case 'Action':
      return st.action;
    case 'NotAction':
      return st.notAction;
    case 'Resource':
      return st.resource;
    case 'NotResource':
      return st.notResource;
    case 'Principal':
      return st.principal;
    case 'NotPrincipal':
      return st.notPrincipal;
    case 'Condition':
      return st.condition;
  }
}

function stringsOf(st: Statement, element: VariableElement): readonly StringNode[] {
  const prop = propertyOf(st, element);
  if (!prop) return NONE;
  if (element === 'Action' || element === 'NotAction' || element === 'Resource' || element === 'NotResource') return elementStrings(prop.value);
  const out: StringNode[] = [];
  walkValues(prop.value, (n) => {
    if (n.kind === 'string') out.push(n);
  });
  return out;
}

/** Strings of the given elements that contain `${`, with their variables. Read through facts (variableSites), which caches them per policy. */
export function collectVariableSites(policy: PolicyDocument, elements: readonly VariableElement[]): VariableSite[] {
  const out: VariableSite[] = [];
  const statements = policy.statements;
  for (let j = 0; j < statements.length; j++) {
    const st = statements[j];
    for (let k = 0; k < elements.length; k++) {
      const element = elements[k];
      const strings = stringsOf(st, element);
      for (let m = 0; m < strings.length; m++) {
        const node = strings[m];
        if (!node.parts) {
          if (!node.value.includes('${')) continue;
          out.push({ statement: st, element, node, textOffset: 0, exact: true, continues: false, variables: findPolicyVariables(node.value) });
          continue;
        }
        const parts = node.parts;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (!('text' in part) || !part.text.includes('${')) continue;
          out.push({ statement: st, element, node, textOffset: 0, exact: false, continues: i < parts.length - 1, variables: findPolicyVariables(part.text) });
        }
      }
    }
  }
  return out;
}

/** Host span of a range inside a site's text. */
export function siteSpan(site: VariableSite, start: number, length: number) {
  if (site.exact && site.node.valueSpan && start + length <= site.node.valueSpan.length) {
    return { offset: site.node.valueSpan.offset + site.textOffset + start, length };
  }
  return site.node.span;
}
