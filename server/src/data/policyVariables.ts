/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, escapes `${*}` `${?}` `${$}`)
 * found in a string, with their offsets and syntax problems.
 *
 * Facts (AWS IAM User Guide, "IAM policy elements: Variables and tags"), in our own words:
 * - a variable is `${` + a request context key + `}`; the key may be followed by a comma and a
 *   default value in single quotes, used when the key is absent: `${aws:username, 'guest'}`;
 * - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$` in values where those are special;
 * - spaces are allowed only around the comma and inside the quoted default value.
 * The problem codes are Access Analyzer's issue codes for these syntax errors.
 */
import { GLOBAL_KEY_DOCS } from './globalKeysDocs';
import { templateMatch } from './wildcard';
import type { IamData } from './iamData';

export type VariableProblemCode =
  | 'MISSING_BRACE_IN_VARIABLE'
  | 'UNSUPPORTED_SYMBOL_IN_VARIABLE'
  | 'MISSING_QUOTE_IN_VARIABLE'
  | 'UNSUPPORTED_SPACE_IN_VARIABLE'
  | 'EMPTY_VARIABLE';

export interface VariableProblem {
  code: VariableProblemCode;
  message: string;
  /** Offset (in the scanned string) and length of the offending text. */
  start: number;
  length: number;
  /** Replacement for the offending text, when an obvious one exists. */
  replacement?: string;
}

export interface PolicyVariable {
  /** Offset of `${` in the scanned string. */
  start: number;
  /** Offset just after the closing `}` (or the end of what was read when the brace is missing). */
  end: number;
  /** Text between the braces. */
  inner: string;
  /** The key part (before the comma), untrimmed. */
  name: string;
  /** The default value without quotes, when one is given and well quoted. */
  defaultValue?: string;
  /** For `${*}`, `${?}`, `${$}`: the character it stands for. */
  escape?: '*' | '?' | '$';
  /** The first syntax problem, if any. */
  problem?: VariableProblem;
}

const ESCAPES = new Set(['*', '?', '$']);
/** Characters allowed in a variable's key: letters, digits and the punctuation keys and tag keys use. */
const NAME_CHAR = /[A-Za-z0-9:/._\-+=@]/;
/** Quote-like characters people type instead of a straight single quote. */
const QUOTE_LIKE = new Set(['"', '\u2018', '\u2019', '\u201C', '\u201D', '`', '\u00B4']);

/** Finds every `${…}` in a string. Never throws; bounded by the string length. */
export function findPolicyVariables(text: string): PolicyVariable[] {
  const out: PolicyVariable[] = [];
  let i = text.indexOf('${');
  while (i >= 0) {
    const close = text.indexOf('}', i + 2);
    const nextOpen = text.indexOf('${', i + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 ? nextOpen : text.length;
      out.push({
        start: i,
        end,
        inner: text.slice(i + 2, end),
        name: text.slice(i + 2, end),
        problem: {
          code: 'MISSING_BRACE_IN_VARIABLE',
          message: 'The policy variable has no closing brace: add "}" at the end of the variable.',
          start: i,
          length: end - i,
        },
      });
      i = nextOpen;
      continue;
    }
    out.push(analyze(text, i, close));
    i = text.indexOf('${', close + 1);
  }
  return out;
}

function analyze(text: string, start: number, close: number): PolicyVariable {
  const inner = text.slice(start + 2, close);
  const v: PolicyVariable = { start, end: close + 1, inner, name: inner };
  if (ESCAPES.has(inner)) {
    v.escape = inner as '*' | '?' | '$';
    return v;
  }
  if (inner.trim() === '') {
    v.problem = { code: 'EMPTY_VARIABLE', message: 'The policy variable "${}" is empty: put a context key inside (e.g. ${aws:username}) or remove it.', start, length: close + 1 - start };
    return v;
  }
  const comma = inner.indexOf(',');
  const name = comma >= 0 ? inner.slice(0, comma) : inner;
  v.name = name;
  const nameStart = start + 2;
  // Spaces in the key (leading or inside; a space just before the comma is tolerated).
  const space = (comma >= 0 ? name.trimEnd() : name).search(/\s/);
  if (space >= 0) {
    v.problem = {
      code: 'UNSUPPORTED_SPACE_IN_VARIABLE',
      message: `The policy variable "\${${inner}}" has a space in its key: remove it (spaces are allowed only in the quoted default value).`,
      start: nameStart + space,
      length: 1,
      replacement: '',
    };
    return v;
  }
  const bare = name.trimEnd();
  for (let k = 0; k < bare.length; k++) {
    const ch = bare[k];
    if (!NAME_CHAR.test(ch)) {
      v.problem = symbolProblem(inner, ch, nameStart + k);
      return v;
    }
  }
  if (comma < 0) return v;
  // Default value: optional spaces, then '…'.
  const rawDefault = inner.slice(comma + 1);
  const lead = rawDefault.length - rawDefault.trimStart().length;
  const def = rawDefault.trim();
  const defStart = nameStart + comma + 1 + lead;
  if (def.length > 0 && QUOTE_LIKE.has(def[0])) {
    v.problem = symbolProblem(inner, def[0], defStart, "'");
    return v;
  }
  if (def.length > 1 && QUOTE_LIKE.has(def[def.length - 1])) {
    v.problem = symbolProblem(inner, def[def.length - 1], defStart + def.length - 1, "'");
    return v;
  }
  if (def.length < 2 || !def.startsWith("'") || !def.endsWith("'")) {
    const missing = def.startsWith("'") ? 'closing' : def.endsWith("'") && def.length > 0 ? 'opening' : 'opening and closing';
    v.problem = {
      code: 'MISSING_QUOTE_IN_VARIABLE',
      message: `The default value of the policy variable "\${${inner}}" needs single quotes: add the ${missing} quote (e.g. \${${name.trim()}, 'default'}).`,
      start: def.length ? defStart : nameStart + comma,
      length: def.length || 1,
    };
    return v;
  }
  v.defaultValue = def.slice(1, -1);
  return v;
}

const QUOTE_NAMES: Record<string, string> = {
  '"': 'a double quote (")',
  '\u2018': 'a curly quote (\u2018)',
  '\u2019': 'a curly quote (\u2019)',
  '\u201C': 'a curly quote (\u201C)',
  '\u201D': 'a curly quote (\u201D)',
  '`': 'a backtick (`)',
  '\u00B4': 'an acute accent (\u00B4)',
};

function symbolProblem(inner: string, ch: string, at: number, replacement?: string): VariableProblem {
  const shown = QUOTE_NAMES[ch] ?? `the character "${ch}"`;
  return {
    code: 'UNSUPPORTED_SYMBOL_IN_VARIABLE',
    message: replacement
      ? `The policy variable "\${${inner}}" uses ${shown}: use a single quote (${replacement}) instead.`
      : `The policy variable "\${${inner}}" contains ${shown}, which is not allowed: remove it.`,
    start: at,
    length: ch.length,
    ...(replacement !== undefined ? { replacement } : {}),
  };
}

/** True when the string contains at least one `${` (a variable or a broken one). */
const VARIABLE_GLOBALS = GLOBAL_KEY_DOCS.filter((d) => d.supportsPolicyVariable);

/**
 * Whether a variable's key is one that IAM can substitute: an escape, a global key documented as
 * usable as a variable, a web identity/SAML claim, or a service key known to the data.
 * 'unknown' means "not in our data", not "invalid".
 */
export function variableKeyStatus(name: string, data?: IamData): 'escape' | 'known' | 'unknown' {
  const key = name.trim();
  if (ESCAPES.has(key)) return 'escape';
  const lower = key.toLowerCase();
  if (VARIABLE_GLOBALS.some((d) => (d.key.includes('${') ? templateMatch(d.key.toLowerCase(), lower) : d.key.toLowerCase() === lower))) return 'known';
  const colon = lower.indexOf(':');
  if (colon <= 0) return 'unknown';
  const prefix = lower.slice(0, colon);
  if (prefix === 'saml' || prefix.includes('.') || prefix.includes('/')) return 'known';
  if (prefix !== 'aws' && data?.getConditionKey(key)) return 'known';
  return 'unknown';
}

/** Names offered for `${` completion: escapes and the global keys usable as variables (templates as written). */
export function policyVariableNames(): string[] {
  return ['*', '?', '$', ...VARIABLE_GLOBALS.map((d) => d.key)];
}
