import { policyLimitProblems, type ParseProblem, type ParseResult, type PolicyDocument } from '../model';
import { movesOf, shiftOf } from '../model/derived';
import { jsonPolicyAdapter } from './json/jsonPolicy';
import { cfnJsonAdapter, cfnYamlAdapter } from './cfn';
import { cdkAdapter } from './cdk';
import type { Adapter, AdapterOptions, HostDocument, HostSuppressions, PreviousParse } from './types';

export type { Adapter, AdapterOptions, HostComment, HostCommentSyntax, HostDocument, HostRegionSuppression, HostSuppressions, PreviousParse } from './types';

/** Adapters in priority order: more specific formats (templates) come before plain policy files. */
export const ADAPTERS: Adapter[] = [cfnYamlAdapter, cfnJsonAdapter, jsonPolicyAdapter, cdkAdapter];

const EMPTY: ParseResult = { format: 'none', policies: [], problems: [] };

/**
 * Parses a host document with the first adapter that recognises it. Never throws. The limits of
 * model/limits.ts that concern a policy (statements, values per element) are reported here, once
 * per policy, for every adapter (on a new result object: an adapter may hand out a cached one).
 */
export function parseHost(doc: HostDocument, options: AdapterOptions = {}, previous?: PreviousParse): ParseResult {
  for (const adapter of ADAPTERS) {
    if (!adapter.accepts(doc)) continue;
    try {
      const result = adapter.parse(doc, options, previous && previous.result.format.startsWith(adapter.id) ? previous : undefined);
      if (!result) continue;
      const limits = result.policies.flatMap(limitProblemsOf);
      return limits.length ? { ...result, problems: [...result.problems, ...limits] } : result;
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

/** A provisional parse of the part of a large document around `offset`, from the first adapter that recognises it and can (see Adapter.parseAround). Never throws. */
export function parseHostAround(doc: HostDocument, offset: number, options: AdapterOptions = {}): ParseResult | undefined {
  for (const adapter of ADAPTERS) {
    if (!adapter.accepts(doc)) continue;
    try {
      return adapter.parseAround?.(doc, offset, options);
    } catch {
      return undefined; // the caller parses the whole text, which reports the problem
    }
  }
  return undefined;
}

/** Counted (never timed) for tests: policies whose limit problems were computed, and reused. */
export const limitStats = { computed: 0, reused: 0 };

/** A policy's limit problems as computed: its root offset and uneven in-place moves then (model/derived.ts). */
interface LimitMemo {
  problems: ParseProblem[];
  base: number;
  moves: number;
}

/**
 * Each policy's limit problems, per policy object (policies are immutable but for moves of their
 * offsets, model/derived.ts). An adapter that reuses a policy from its previous parse (CDK,
 * reuse.ts) hands out the same object, moved in place, or a copy noted as a shift of it (carry.ts).
 */
const limitMemos = new WeakMap<PolicyDocument, LimitMemo>();

/**
 * `policyLimitProblems`, computed once per policy: a policy reused from the previous parse — the
 * same object, or a copy noted as a shift of one — has the same content, so no problems stay no
 * problems wherever it moved; problems are moved by its root's move when every offset moved by one
 * amount since, else computed again.
 */
function limitProblemsOf(policy: PolicyDocument): ParseProblem[] {
  const reused = reusedLimitProblems(policy);
  if (reused) {
    limitStats.reused++;
    return reused;
  }
  limitStats.computed++;
  const problems = policyLimitProblems(policy);
  limitMemos.set(policy, { problems, base: policy.root.span.offset, moves: movesOf(policy) });
  return problems;
}

function reusedLimitProblems(policy: PolicyDocument): ParseProblem[] | undefined {
  const shift = shiftOf(policy);
  const own = limitMemos.get(policy);
  const from = !own && shift && shift.from !== policy ? shift.from : undefined;
  const memo = own ?? (from && limitMemos.get(from));
  if (!memo) return undefined;
  if (memo.problems.length > 0) {
    // Evenly moved: the object itself with no uneven move since, or a uniform copy of such a policy.
    const even = own ? memo.moves === movesOf(policy) && shift?.from !== policy : shift!.uniform && memo.moves === movesOf(from!);
    if (!even) return undefined;
  }
  const base = policy.root.span.offset;
  const d = base - memo.base;
  const problems = d === 0 ? memo.problems : memo.problems.map((p) => ({ ...p, span: { offset: p.span.offset + d, length: p.span.length } }));
  if (!own || problems !== memo.problems) limitMemos.set(policy, { problems, base, moves: movesOf(policy) });
  return problems;
}

/** Loads what the document's adapter needs asynchronously (a CDK grammar). True when it can then be parsed completely. */
export async function prepareHost(doc: HostDocument): Promise<boolean> {
  for (const adapter of ADAPTERS) {
    if (!adapter.accepts(doc)) continue;
    if (!adapter.prepare) return true;
    try {
      if (await adapter.prepare(doc)) return true;
    } catch {
      // an adapter that cannot load its resources parses nothing; the next one may accept the file
    }
  }
  return true;
}

/** The adapter that produced a parse (its format is the adapter's id, or the id and a suffix). */
function adapterOf(parse: ParseResult): Adapter | undefined {
  return ADAPTERS.find((a) => parse.format === a.id || parse.format.startsWith(`${a.id}-`));
}

/** How suppressions are written in the host of a parsed document (comments, metadata), if it has a way. */
export function hostSuppressions(doc: HostDocument, parse: ParseResult): HostSuppressions | undefined {
  return adapterOf(parse)?.suppressions?.(doc);
}

/** Drops every adapter's per-document state for a URI. */
export function releaseHost(uri: string): void {
  for (const adapter of ADAPTERS) adapter.release?.(uri);
}

/** Files worth opening when walking a directory (the adapters decide what each really is). */
export const CANDIDATE_FILE = /\.(json|ya?ml|template|[mc]?[jt]s|py|java|cs|go)$/i;
