/**
 * ARN parsing (data/arn.ts re-exports it): a Resource value — a known string or the parts of a
 * partially known one — split into its six fields.
 *
 * A user ARN may contain IAM wildcards (`*`, `?`), policy variables (`${aws:username}`) and, when it
 * comes from a host template (CloudFormation `!Sub`, CDK), unknown holes. Variables and holes are
 * treated as wildcards ("any run of characters"): nothing that is only unknown can make a check
 * fail. A hole whose value may contain colons makes the field split after it uncertain; such
 * fields are marked `uncertain` and checks must skip them.
 */

/** Known text and unknown holes of a partially known value (structurally the model's ArnTextPart; data/ imports nothing of ours). */
export type ArnTextPart = { text: string } | { hole: string };

/** One of the six ARN fields. */
export interface ArnField {
  /** The field text with holes rendered as `*` (variables kept as written). */
  text: string;
  /** Offset of the field in the known string (only meaningful when the ARN has no holes before it). */
  offset: number;
  /** Contains `*`, `?`, a policy variable or a hole: the field stands for several values. */
  wild: boolean;
  /** Contains a hole (an unknown host value). */
  hole: boolean;
  /** The split is not certain (an earlier hole may contain colons): do not judge this field. */
  uncertain: boolean;
}

export interface ParsedArn {
  partition: ArnField;
  service: ArnField;
  region: ArnField;
  account: ArnField;
  resource: ArnField;
  /** The whole ARN as a matching pattern (holes → `*`). */
  pattern: string;
  /** True when any part is a hole. */
  hasHoles: boolean;
}

export type ArnParseResult =
  /** A resource element value that is not an ARN: `*` alone. */
  | { kind: 'star' }
  /** Does not begin with `arn:` (case-insensitive; a hole at the start may supply it). */
  | { kind: 'no-prefix' }
  /** Begins with `arn:` but has fewer than six colon-separated fields. */
  | { kind: 'missing-fields'; fields: number }
  | { kind: 'arn'; arn: ParsedArn };

/** Host pseudo values that never contain a colon (CloudFormation pseudo parameters). */
const COLON_FREE_HOLES = new Set(['aws::partition', 'aws::region', 'aws::accountid', 'aws::urlsuffix', 'aws::stackname']);

interface Token {
  ch: string;
  /** 'lit' literal char, 'var' part of a policy variable, 'hole' a hole (one token per hole). */
  kind: 'lit' | 'var' | 'hole';
  /** For holes: whether the value may contain a colon. */
  colonSafe?: boolean;
  offset: number;
}

function tokenize(parts: readonly ArnTextPart[]): Token[] {
  const out: Token[] = [];
  let offset = 0;
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j];
    if ('hole' in p) {
      out.push({ ch: '*', kind: 'hole', colonSafe: COLON_FREE_HOLES.has(p.hole.toLowerCase()), offset });
      continue;
    }
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '$' && t[i + 1] === '{') {
        const end = t.indexOf('}', i + 2);
        if (end > 0) {
          for (let k = i; k <= end; k++) out.push({ ch: t[k], kind: 'var', offset: offset + k });
          i = end;
          continue;
        }
      }
      out.push({ ch: t[i], kind: 'lit', offset: offset + i });
    }
    offset += t.length;
  }
  return out;
}

/** Parses a fully known string, or the parts of a partially known one. Never throws. */
export function parseArn(value: string | readonly ArnTextPart[]): ArnParseResult {
  // The usual value, a known string without policy variables: split at its colons directly (the
  // same result as the token walk below, without a token object per character).
  if (typeof value === 'string' && value.indexOf('${') < 0) return parsePlainArn(value);
  const parts: readonly ArnTextPart[] = typeof value === 'string' ? [{ text: value }] : value;
  const tokens = tokenize(parts);
  if (tokens.length === 1 && tokens[0].kind === 'lit' && tokens[0].ch === '*') return { kind: 'star' };
  // Prefix: "arn:" (case-insensitive) unless a hole comes first.
  const prefix = 'arn:';
  for (let i = 0; i < prefix.length; i++) {
    const t = tokens[i];
    if (!t) return { kind: 'no-prefix' };
    if (t.kind === 'hole') break;
    if (t.kind !== 'lit' || t.ch.toLowerCase() !== prefix[i]) return { kind: 'no-prefix' };
  }
  const fields: { tokens: Token[]; offset: number; uncertain: boolean }[] = [];
  let current: Token[] = [];
  let currentOffset = 0;
  let uncertain = false;
  let nextUncertain = false;
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === 'lit' && t.ch === ':' && fields.length < 5) {
      fields.push({ tokens: current, offset: currentOffset, uncertain });
      current = [];
      currentOffset = t.offset + 1;
      if (nextUncertain) uncertain = true;
      continue;
    }
    if (t.kind === 'hole' && !t.colonSafe) {
      // The hole may hide colons: this field and every later one are uncertain.
      uncertain = true;
      nextUncertain = true;
    }
    current.push(t);
  }
  fields.push({ tokens: current, offset: currentOffset, uncertain });
  const hasHoles = tokens.some((t) => t.kind === 'hole');
  if (fields.length < 6) {
    // With a hole that may contain colons the field count is unknown: judge only the known prefix.
    if (tokens.some((t) => t.kind === 'hole' && !t.colonSafe)) {
      while (fields.length < 6) fields.push({ tokens: [{ ch: '*', kind: 'hole', offset: 0 }], offset: 0, uncertain: true });
    } else {
      return { kind: 'missing-fields', fields: fields.length };
    }
  }
  const mk = (f: { tokens: Token[]; offset: number; uncertain: boolean }): ArnField => ({
    text: f.tokens.map((t) => t.ch).join(''),
    offset: f.offset,
    wild: f.tokens.some((t) => t.kind !== 'lit' || t.ch === '*' || t.ch === '?'),
    hole: f.tokens.some((t) => t.kind === 'hole'),
    uncertain: f.uncertain,
  });
  const [, partition, service, region, account, resource] = fields.map(mk);
  return {
    kind: 'arn',
    arn: { partition, service, region, account, resource, pattern: tokens.map((t) => (t.kind === 'hole' ? '*' : t.ch)).join(''), hasHoles },
  };
}

/** `parseArn` of a string with no policy variable and no hole: every character is a literal. */
function parsePlainArn(value: string): ArnParseResult {
  if (value === '*') return { kind: 'star' };
  // "arn:" in any case (a character whose code with bit 5 set is that of a, r or n is that letter in either case).
  if (value.length < 4 || (value.charCodeAt(0) | 32) !== 97 || (value.charCodeAt(1) | 32) !== 114 || (value.charCodeAt(2) | 32) !== 110 || value.charCodeAt(3) !== 58) {
    return { kind: 'no-prefix' };
  }
  // The colons after the prefix's, found by the string built-in.
  const c2 = value.indexOf(':', 4);
  if (c2 < 0) return { kind: 'missing-fields', fields: 2 };
  const c3 = value.indexOf(':', c2 + 1);
  if (c3 < 0) return { kind: 'missing-fields', fields: 3 };
  const c4 = value.indexOf(':', c3 + 1);
  if (c4 < 0) return { kind: 'missing-fields', fields: 4 };
  const c5 = value.indexOf(':', c4 + 1);
  if (c5 < 0) return { kind: 'missing-fields', fields: 5 };
  return {
    kind: 'arn',
    arn: {
      partition: plainField(value.slice(4, c2), 4),
      service: plainField(value.slice(c2 + 1, c3), c2 + 1),
      region: plainField(value.slice(c3 + 1, c4), c3 + 1),
      account: plainField(value.slice(c4 + 1, c5), c4 + 1),
      resource: plainField(value.slice(c5 + 1), c5 + 1),
      pattern: value,
      hasHoles: false,
    },
  };
}

function plainField(text: string, offset: number): ArnField {
  return { text, offset, wild: text.includes('*') || text.includes('?'), hole: false, uncertain: false };
}
