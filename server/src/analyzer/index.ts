import { clampSpan, type PolicyDocument, type Span } from '../model';
import { AnalyzerError, classifyError, type AnalyzerErrorKind, type AnalyzerOperation } from './errors';
import { guarded, Limiter, ResultCache, SdkTransport, type AccessCheckOutput, type AnalyzerTransport, type ClientOptions } from './client';
import { firstLineSpan, mapFinding, SentTextIndex, type AnalyzerDiagnostic, type RawFinding } from './map';
import { preparePolicy, type PreparedPolicy } from './prepare';
import { accessCheckPolicyType, analyzerLocale, publicAccessResourceType, type AaLocale, type PublicAccessResourceType } from './policyTypes';

/**
 * Access Analyzer, the engine part (issue #14): the only network code of the engine. LSP-free:
 * offsets and spans into the host text in, diagnostics with host spans out. Nothing is sent
 * unless one of the methods is called; the SDK is loaded on the first call.
 *
 *   const aa = new AccessAnalyzer({ region: 'eu-west-1', profile: 'dev', locale: 'de' });
 *   const r = await aa.validate(parse.policies, text, signal);   // never throws
 *   mergeDiagnostics(offline, r.diagnostics);
 */

export { ANALYZER_SOURCE, type AnalyzerDiagnostic } from './map';
export { AnalyzerError, type AnalyzerErrorKind, type AnalyzerOperation } from './errors';
export { mergeDiagnostics, sameRange, type Merged, type OfflineLike } from './merge';
export { preparePolicy, type PreparedPolicy } from './prepare';
export { analyzerLocale, validatePolicyType, validateResourceType, accessCheckPolicyType, publicAccessResourceType } from './policyTypes';
export type { AnalyzerTransport, ClientOptions } from './client';

export interface AnalyzerOptions extends ClientOptions {
  /** Editor locale (`de`, `pt-br`); Access Analyzer answers in it where supported, English otherwise. */
  locale?: string;
  /** Requests in flight at once across policies and documents; default 4. */
  maxConcurrency?: number;
  /** Results kept (keyed by operation, policy text, type, resource type, locale); default 256. */
  cacheEntries?: number;
  /** Another transport (tests, a future proxy); default: the AWS SDK client. */
  transport?: AnalyzerTransport;
}

/** Plain data for the edges (no stack, no SDK object). */
export interface AnalyzerErrorInfo {
  kind: AnalyzerErrorKind;
  message: string;
  operation: AnalyzerOperation;
  permission?: string;
  retryable: boolean;
  /** The SDK error's name / HTTP status (for logs). */
  detail?: string;
}

export interface AnalyzerResult {
  diagnostics: AnalyzerDiagnostic[];
  /** The first failure (cancellation wins); diagnostics of the policies that succeeded are kept. */
  error?: AnalyzerErrorInfo;
  /** Labels of the policies whose call failed. */
  failed: string[];
  /** Policies sent (or answered from the cache). */
  checked: number;
  /** Of those, answered from the cache. */
  cached: number;
}

export interface AccessCheckReason {
  description: string;
  statementIndex?: number;
  statementId?: string;
  /** The statement's host span (the policy's first line when the reason names none). */
  span: Span;
}

export interface AccessCheckResult {
  /** PASS or FAIL; absent when the call failed. */
  result?: 'PASS' | 'FAIL';
  message?: string;
  reasons: AccessCheckReason[];
  /** True when placeholders stood in for unknown values: the answer is about the placeholder policy. */
  placeholders: boolean;
  error?: AnalyzerErrorInfo;
}

function info(e: AnalyzerError): AnalyzerErrorInfo {
  return { kind: e.kind, message: e.message, operation: e.operation, retryable: e.retryable, ...(e.permission ? { permission: e.permission } : {}), ...(e.detail ? { detail: e.detail } : {}) };
}

function cancelled(op: AnalyzerOperation): AnalyzerErrorInfo {
  return info(new AnalyzerError('cancelled', `Access Analyzer ${op} was cancelled.`, op, undefined, 'AbortError'));
}

export class AccessAnalyzer {
  private readonly transport: AnalyzerTransport;
  private readonly limiter: Limiter;
  private readonly cache: ResultCache<RawFinding[] | AccessCheckOutput>;
  readonly locale: AaLocale;

  constructor(options: AnalyzerOptions = {}) {
    this.transport = options.transport ?? new SdkTransport(options);
    this.limiter = new Limiter(Math.max(1, Math.floor(options.maxConcurrency ?? 4)));
    this.cache = new ResultCache(Math.max(0, options.cacheEntries ?? 256));
    this.locale = analyzerLocale(options.locale);
  }

  /** Forgets cached results (e.g. after a credentials or region change). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * ValidatePolicy for each policy (in parallel up to maxConcurrency), findings mapped to host
   * spans of `hostText`. Never throws: failures come back in `error`. Policies whose root is not
   * an object are skipped (the parser already reports them).
   */
  async validate(policies: readonly PolicyDocument[], hostText: string, signal?: AbortSignal): Promise<AnalyzerResult> {
    const result: AnalyzerResult = { diagnostics: [], failed: [], checked: 0, cached: 0 };
    if (signal?.aborted) return { ...result, error: cancelled('ValidatePolicy') };
    const prepared = policies.filter((p) => p.root.kind === 'object').map(preparePolicy);
    const errors: AnalyzerError[] = [];
    const perPolicy = await Promise.all(
      prepared.map(async (p) => {
        try {
          const { findings, cached } = await this.findings(p, signal);
          result.checked++;
          if (cached) result.cached++;
          const index = new SentTextIndex(p);
          return findings.flatMap((f) => mapFinding(index, f, hostText));
        } catch (err) {
          errors.push(classifyError(err, 'ValidatePolicy', signal));
          result.failed.push(p.policy.label);
          return [];
        }
      }),
    );
    result.diagnostics = perPolicy.flat();
    if (signal?.aborted) return { ...result, diagnostics: [], error: cancelled('ValidatePolicy') };
    const first = errors.find((e) => e.kind === 'cancelled') ?? errors[0];
    return first ? { ...result, error: info(first) } : result;
  }

  private async findings(p: PreparedPolicy, signal?: AbortSignal): Promise<{ findings: RawFinding[]; cached: boolean }> {
    const key = JSON.stringify(['ValidatePolicy', p.text, p.policyType, p.resourceType ?? '', this.locale]);
    const hit = this.cache.get(key);
    if (hit) return { findings: hit as RawFinding[], cached: true };
    const findings = await this.limiter.run(
      () =>
        guarded('ValidatePolicy', signal, () =>
          this.transport.validatePolicy({ policyDocument: p.text, policyType: p.policyType, locale: this.locale, ...(p.resourceType ? { validatePolicyResourceType: p.resourceType } : {}) }, signal),
        ),
      signal,
    );
    this.cache.set(key, findings);
    return { findings, cached: false };
  }

  /**
   * CheckNoNewAccess: does `policy` grant anything `existing` does not? `existing` is a policy
   * document string (e.g. the deployed version) or a parsed policy. Identity and resource (and
   * trust) policies only.
   */
  async checkNoNewAccess(policy: PolicyDocument, existing: string | PolicyDocument, hostText: string, signal?: AbortSignal): Promise<AccessCheckResult> {
    const op = 'CheckNoNewAccess';
    const policyType = accessCheckPolicyType(policy.type);
    const p = preparePolicy(policy);
    const old = typeof existing === 'string' ? undefined : preparePolicy(existing);
    const placeholders = p.placeholders.length > 0 || (old?.placeholders.length ?? 0) > 0;
    if (!policyType) {
      return { reasons: [], placeholders, error: info(new AnalyzerError('unsupported', `CheckNoNewAccess does not support ${policy.type.toUpperCase()} policies.`, op)) };
    }
    const input = { newPolicyDocument: p.text, existingPolicyDocument: old ? old.text : (existing as string), policyType };
    return this.accessCheck(op, p, hostText, placeholders, JSON.stringify([op, input.newPolicyDocument, input.existingPolicyDocument, policyType]), (s) => this.transport.checkNoNewAccess(input, s), signal);
  }

  /** CheckNoPublicAccess of a resource (or trust) policy; the resource type defaults to the policy's. */
  async checkNoPublicAccess(policy: PolicyDocument, hostText: string, signal?: AbortSignal, resourceType?: PublicAccessResourceType): Promise<AccessCheckResult> {
    const op = 'CheckNoPublicAccess';
    const p = preparePolicy(policy);
    const placeholders = p.placeholders.length > 0;
    const type = resourceType ?? publicAccessResourceType(policy);
    if (!type) {
      return { reasons: [], placeholders, error: info(new AnalyzerError('unsupported', 'CheckNoPublicAccess needs a resource policy of a supported resource type (S3 bucket, KMS key, SQS queue, …); this policy has none.', op)) };
    }
    const input = { policyDocument: p.text, resourceType: type };
    return this.accessCheck(op, p, hostText, placeholders, JSON.stringify([op, p.text, type]), (s) => this.transport.checkNoPublicAccess(input, s), signal);
  }

  private async accessCheck(
    op: AnalyzerOperation,
    p: PreparedPolicy,
    hostText: string,
    placeholders: boolean,
    key: string,
    call: (signal?: AbortSignal) => Promise<AccessCheckOutput>,
    signal?: AbortSignal,
  ): Promise<AccessCheckResult> {
    if (signal?.aborted) return { reasons: [], placeholders, error: cancelled(op) };
    let out = this.cache.get(key) as AccessCheckOutput | undefined;
    if (!out) {
      try {
        out = await this.limiter.run(() => guarded(op, signal, () => call(signal)), signal);
      } catch (err) {
        return { reasons: [], placeholders, error: info(classifyError(err, op, signal)) };
      }
      this.cache.set(key, out);
    }
    const statements = p.policy.statements;
    const reasons = out.reasons.map((r) => {
      const st = typeof r.statementIndex === 'number' ? statements[r.statementIndex] : undefined;
      return {
        description: typeof r.description === 'string' ? r.description : '',
        ...(typeof r.statementIndex === 'number' ? { statementIndex: r.statementIndex } : {}),
        ...(typeof r.statementId === 'string' ? { statementId: r.statementId } : {}),
        span: st ? clampSpan(st.node.span, hostText.length) : firstLineSpan(p, hostText),
      };
    });
    return { ...(out.result ? { result: out.result } : {}), ...(out.message ? { message: out.message } : {}), reasons, placeholders };
  }
}

