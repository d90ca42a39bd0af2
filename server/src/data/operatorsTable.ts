/**
 * Base IAM condition operators (without the ...IfExists suffix and without the
 * ForAllValues:/ForAnyValue: set prefixes, which the code composes itself).
 *
 * Source of facts: AWS IAM User Guide, "IAM JSON policy elements: Condition
 * operators" and "Set operators for multivalued context keys". Descriptions are
 * written in our own words.
 */

export type OperatorCategory = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export interface OperatorDoc {
  /** Operator name as written in a policy, e.g. 'StringEquals'. */
  name: string;
  category: OperatorCategory;
  /** One sentence, own words. */
  description: string;
  /** True for the "not" forms. */
  negated: boolean;
  /** True when '*' and '?' in policy values act as wildcards. */
  wildcards: boolean;
  /** True when the comparison is case-insensitive. */
  ignoresCase: boolean;
  /** What policy values for this operator must look like. */
  valueType: string;
}

export const CONDITION_OPERATORS: OperatorDoc[] = [
  // --- String -----------------------------------------------------------------
  {
    name: 'StringEquals',
    category: 'String',
    description: 'Matches when the key value is exactly identical to one of the policy values, with case taken into account and no wildcard expansion.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'string',
  },
  {
    name: 'StringNotEquals',
    category: 'String',
    description: 'Matches when the key value is not exactly identical (case-sensitive) to any of the policy values.',
    negated: true,
    wildcards: false,
    ignoresCase: false,
    valueType: 'string',
  },
  {
    name: 'StringEqualsIgnoreCase',
    category: 'String',
    description: 'Matches when the key value equals one of the policy values once letter case is disregarded.',
    negated: false,
    wildcards: false,
    ignoresCase: true,
    valueType: 'string',
  },
  {
    name: 'StringNotEqualsIgnoreCase',
    category: 'String',
    description: 'Matches when the key value differs from every policy value even after letter case is disregarded.',
    negated: true,
    wildcards: false,
    ignoresCase: true,
    valueType: 'string',
  },
  {
    name: 'StringLike',
    category: 'String',
    description: 'Case-sensitive pattern match in which "*" stands for any run of characters and "?" for exactly one character, anywhere in the value.',
    negated: false,
    wildcards: true,
    ignoresCase: false,
    valueType: 'string pattern (* and ? wildcards)',
  },
  {
    name: 'StringNotLike',
    category: 'String',
    description: 'Matches when the key value fits none of the policy patterns, using the same case-sensitive "*" and "?" wildcards as StringLike.',
    negated: true,
    wildcards: true,
    ignoresCase: false,
    valueType: 'string pattern (* and ? wildcards)',
  },

  // --- Numeric ----------------------------------------------------------------
  {
    name: 'NumericEquals',
    category: 'Numeric',
    description: 'Matches when the key value is numerically equal to one of the policy values.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },
  {
    name: 'NumericNotEquals',
    category: 'Numeric',
    description: 'Matches when the key value is numerically different from every policy value.',
    negated: true,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },
  {
    name: 'NumericLessThan',
    category: 'Numeric',
    description: 'Matches when the key value is strictly smaller than the policy value.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },
  {
    name: 'NumericLessThanEquals',
    category: 'Numeric',
    description: 'Matches when the key value is smaller than or equal to the policy value.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },
  {
    name: 'NumericGreaterThan',
    category: 'Numeric',
    description: 'Matches when the key value is strictly larger than the policy value.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },
  {
    name: 'NumericGreaterThanEquals',
    category: 'Numeric',
    description: 'Matches when the key value is larger than or equal to the policy value.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'number',
  },

  // --- Date -------------------------------------------------------------------
  {
    name: 'DateEquals',
    category: 'Date',
    description: 'Matches when the key timestamp is the same instant as one of the policy dates.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },
  {
    name: 'DateNotEquals',
    category: 'Date',
    description: 'Matches when the key timestamp differs from every policy date.',
    negated: true,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },
  {
    name: 'DateLessThan',
    category: 'Date',
    description: 'Matches when the key timestamp falls strictly before the policy date.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },
  {
    name: 'DateLessThanEquals',
    category: 'Date',
    description: 'Matches when the key timestamp falls at or before the policy date.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },
  {
    name: 'DateGreaterThan',
    category: 'Date',
    description: 'Matches when the key timestamp falls strictly after the policy date.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },
  {
    name: 'DateGreaterThanEquals',
    category: 'Date',
    description: 'Matches when the key timestamp falls at or after the policy date.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'ISO 8601 date or epoch seconds',
  },

  // --- Boolean ----------------------------------------------------------------
  {
    name: 'Bool',
    category: 'Bool',
    description: 'Matches when the boolean key value equals the policy value "true" or "false".',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'true/false',
  },

  // --- Binary -----------------------------------------------------------------
  {
    name: 'BinaryEquals',
    category: 'Binary',
    description: 'Compares a binary key value byte for byte with the policy value, which has to be supplied base64-encoded.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'base64',
  },

  // --- IP address -------------------------------------------------------------
  {
    name: 'IpAddress',
    category: 'IpAddress',
    description: 'Matches when the key IP address lies inside one of the given IPv4 or IPv6 CIDR ranges (a bare address counts as a single-host range).',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'IPv4/IPv6 CIDR',
  },
  {
    name: 'NotIpAddress',
    category: 'IpAddress',
    description: 'Matches when the key IP address lies outside all of the given IPv4 or IPv6 CIDR ranges.',
    negated: true,
    wildcards: false,
    ignoresCase: false,
    valueType: 'IPv4/IPv6 CIDR',
  },

  // --- ARN --------------------------------------------------------------------
  {
    name: 'ArnEquals',
    category: 'Arn',
    description: 'Case-sensitive ARN comparison performed separately on each of the six colon-separated parts, where every part may contain "*" or "?" wildcards; it behaves the same as ArnLike.',
    negated: false,
    wildcards: true,
    ignoresCase: false,
    valueType: 'ARN',
  },
  {
    name: 'ArnLike',
    category: 'Arn',
    description: 'Case-sensitive ARN match in which each of the six colon-separated parts is compared on its own and may use "*" or "?" wildcards.',
    negated: false,
    wildcards: true,
    ignoresCase: false,
    valueType: 'ARN',
  },
  {
    name: 'ArnNotEquals',
    category: 'Arn',
    description: 'Negated form of ArnEquals: matches when the key ARN fits none of the policy ARNs (segment-wise, wildcards allowed).',
    negated: true,
    wildcards: true,
    ignoresCase: false,
    valueType: 'ARN',
  },
  {
    name: 'ArnNotLike',
    category: 'Arn',
    description: 'Negated form of ArnLike: matches when the key ARN fits none of the policy ARN patterns.',
    negated: true,
    wildcards: true,
    ignoresCase: false,
    valueType: 'ARN',
  },

  // --- Null -------------------------------------------------------------------
  {
    name: 'Null',
    category: 'Null',
    description: 'Tests for the presence of a key: "true" matches when the key is missing from the request context, "false" matches when it is present with a non-null value.',
    negated: false,
    wildcards: false,
    ignoresCase: false,
    valueType: 'true/false (whether the key is absent)',
  },
];
