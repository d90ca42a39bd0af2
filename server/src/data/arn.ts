/**
 * ARNs against the reference data, one module per concern, re-exported here so callers import
 * `data/arn`:
 * - arnParse.ts: parsing a Resource value (wildcards, policy variables, host holes) into fields;
 * - arnPattern.ts: IAM patterns as elements and the intersection DP (no regular expression is built
 *   from user text);
 * - arnMatch.ts: matching fields against resource-type ARN formats (strict, loose), memoised;
 * - arnServices.ts: ARN service segment → services and resource types; candidate types of an ARN;
 * - arnRegions.ts: partitions, Regions, account IDs;
 * - arnCoverage.ts: whether one pattern covers another (redundancy).
 */
export * from './arnParse';
export * from './arnMatch';
export * from './arnServices';
export * from './arnRegions';
export * from './arnCoverage';
