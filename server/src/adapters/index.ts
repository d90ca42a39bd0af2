import { policyLimitProblems, type ParseResult } from '../model';
import { jsonPolicyAdapter } from './json/jsonPolicy';
import { cfnJsonAdapter, cfnYamlAdapter } from './cfn';
import type { Adapter, AdapterOptions, HostDocument } from './types';

export type { Adapter, AdapterOptions, HostDocument } from './types';

/** Adapters in priority order: more specific formats (templates) come before plain policy files. */
export const ADAPTERS: Adapter[] = [cfnYamlAdapter, cfnJsonAdapter, jsonPolicyAdapter];

const EMPTY: ParseResult = { format: 'none', policies: [], problems: [] };

/**
 * Parses a host document with the first adapter that recognises it. Never throws. The limits of
 * model/limits.ts that concern a policy (statements, values per element) are reported here, once
 * per policy, for every adapter.
 */
export function parseHost(doc: HostDocument, options: AdapterOptions = {}): ParseResult {
  for (const adapter of ADAPTERS) {
    if (!adapter.accepts(doc)) continue;
    try {
      const result = adapter.parse(doc, options);
      if (!result) continue;
      for (const policy of result.policies) {
        const limits = policyLimitProblems(policy);
        if (limits.length) result.problems = [...result.problems, ...limits];
      }
      return result;
    } catch (err) {
      return {
        format: adapter.id,
        policies: [],
        problems: [{ code: 'INTERNAL_ERROR', message: `The ${adapter.id} adapter failed on this file: ${String((err as Error)?.message ?? err)}`, span: { offset: 0, length: 0 }, severity: 'error' }],
      };
    }
  }
  return EMPTY;
}

/** Files worth opening when walking a directory (the adapters decide what each really is). */
export const CANDIDATE_FILE = /\.(json|ya?ml|template)$/i;
