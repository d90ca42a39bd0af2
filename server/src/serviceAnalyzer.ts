/**
 * The facade's Access Analyzer operations (opt-in, network through analyzer/): ValidatePolicy over a
 * document's policies merged with the offline findings, CheckNoNewAccess against a base version,
 * CheckNoPublicAccess. PolicyService's `analyze`, `checkNewAccess` and `checkPublicAccess` delegate here.
 */
import { AccessAnalyzer, sameRange, type AnalyzerDiagnostic, type AnalyzerErrorInfo } from './analyzer';
import { ACCESS_ANALYZER_SOURCE, clampSpan, compareDiagnostics, firstLineOf, policyRef, type PolicyDiagnostic, type PolicyRef } from './model/diagnostics';
import type { PolicyDocument, Severity, Span } from './model';
import type { EngineDocument, EngineSettings, PolicyService } from './service';

/** Where and how Access Analyzer is called; see analyzer/README.md. Nothing is sent unless `analyze*` is called. */
export interface AccessAnalyzerSettings {
  region?: string;
  profile?: string;
  /** Endpoint override; AWS_ENDPOINT_URL_ACCESSANALYZER is honoured by the SDK. */
  endpoint?: string;
  /** Locale of Access Analyzer's messages (`de`, `ja`); English otherwise. */
  locale?: string;
  /** Severity per Access Analyzer finding type (`off` drops the finding); `iamPolicy.rules` by code wins. */
  severity?: Partial<Record<'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION', Severity | 'off'>>;
}

export interface AnalyzeOptions {
  accessAnalyzer?: AccessAnalyzerSettings;
  /** Fires when the document changed or the user cancelled: the calls stop, nothing is returned. */
  signal?: AbortSignal;
}

export interface AnalyzeResult {
  /** Offline diagnostics and Access Analyzer's, merged (one where the same code sits at the same range), in position order. */
  diagnostics: PolicyDiagnostic[];
  /** Access Analyzer's own (rules and severity applied), before the merge: what an editor keeps to merge again. */
  analyzer: PolicyDiagnostic[];
  /** The failure to show (diagnostics of the policies that succeeded are kept). */
  error?: AnalyzerErrorInfo;
  /** Policies in the document, sent (or answered from the cache), of those from the cache, and labels of those that failed. */
  policies: number;
  checked: number;
  cached: number;
  failed: string[];
}

/** One policy's answer to CheckNoNewAccess / CheckNoPublicAccess. */
export interface AccessCheckPolicyResult {
  policy: PolicyRef;
  /** The policy's first line in the host. */
  span: Span;
  result?: 'PASS' | 'FAIL';
  message?: string;
  reasons: { description: string; span: Span }[];
  /** Placeholders stood in for unknown values: the answer is about the placeholder policy. */
  placeholders: boolean;
  /** Why the policy was not checked (not in the base version, unsupported type) or the call failed. */
  error?: AnalyzerErrorInfo;
  /** True when the base version has no policy at this place (everything it grants is new). */
  isNew?: true;
}

export interface AccessCheckReport {
  policies: AccessCheckPolicyResult[];
  /** FAIL reasons as warnings at their statements (source Access Analyzer). */
  diagnostics: PolicyDiagnostic[];
  /** The first failure that is not "unsupported for this policy" (cancellation wins). */
  error?: AnalyzerErrorInfo;
}

/** Codes of the access-check diagnostics (ours: Access Analyzer's API has no issue code for them). */
export const NEW_ACCESS_CODE = 'NEW_ACCESS';
export const PUBLIC_ACCESS_CODE = 'PUBLIC_ACCESS';
const ACCESS_CHECK_DOCS = {
  [NEW_ACCESS_CODE]: 'https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html',
  [PUBLIC_ACCESS_CODE]: 'https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html',
};

/**
 * Offline diagnostics merged with Access Analyzer's: where an offline one has the same code at the
 * same range (equal, or one inside the other), ours is kept — it carries the fix data and the
 * user's severity — and Access Analyzer's is dropped. Everything else of either side is kept.
 */
export function mergeWithAnalyzer(offline: readonly PolicyDiagnostic[], analyzer: readonly PolicyDiagnostic[]): PolicyDiagnostic[] {
  const ours = offline.filter((d) => d.origin !== 'access-analyzer');
  const extra = analyzer.filter((a) => !ours.some((d) => d.code === a.code && sameRange(d.span, a.span)));
  const out = [...ours, ...extra];
  out.sort(compareDiagnostics);
  return out;
}

function analyzerSeverity(d: AnalyzerDiagnostic, settings: EngineSettings, aa: AccessAnalyzerSettings | undefined): Severity | undefined {
  const rule = settings.rules?.[d.code];
  if (rule === 'off') return undefined;
  if (d.placeholder) return 'info'; // partly invented text: never more than information
  if (rule === 'error' || rule === 'warning' || rule === 'info' || rule === 'hint') return rule;
  const byType = aa?.severity?.[d.findingType as keyof NonNullable<AccessAnalyzerSettings['severity']>];
  if (byType === 'off') return undefined;
  return byType ?? d.severity;
}

const MAX_ANALYZERS = 4;

/** Access Analyzer clients per configuration (region, profile, endpoint, locale): a few, oldest dropped. */
class AnalyzerPool {
  private readonly pool = new Map<string, AccessAnalyzer>();

  get(s: AccessAnalyzerSettings = {}): AccessAnalyzer {
    const key = JSON.stringify([s.region ?? '', s.profile ?? '', s.endpoint ?? '', s.locale ?? '']);
    let a = this.pool.get(key);
    if (!a) {
      a = new AccessAnalyzer({ ...(s.region ? { region: s.region } : {}), ...(s.profile ? { profile: s.profile } : {}), ...(s.endpoint ? { endpoint: s.endpoint } : {}), ...(s.locale ? { locale: s.locale } : {}) });
      if (this.pool.size >= MAX_ANALYZERS) this.pool.delete(this.pool.keys().next().value as string);
      this.pool.set(key, a);
    }
    return a;
  }

  /** Forgets cached answers (credentials or region changed). */
  clear(): void {
    for (const a of this.pool.values()) a.clearCache();
  }
}

const analyzerPools = new WeakMap<PolicyService, AnalyzerPool>();
function poolOf(service: PolicyService): AnalyzerPool {
  let p = analyzerPools.get(service);
  if (!p) analyzerPools.set(service, (p = new AnalyzerPool()));
  return p;
}

/**
 * ValidatePolicy over every policy of the document (Access Analyzer, network): its findings mapped
 * to host spans, `iamPolicy.rules` and the finding-type severities applied, merged with the offline
 * diagnostics. Never throws; a failure comes back in `error` with the offline diagnostics intact.
 */
export async function analyzeDocument(service: PolicyService, doc: EngineDocument, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  await service.prepare(doc);
  const { parse, diagnostics: offline } = service.validate(doc, settings);
  const base = { policies: parse.policies.length, checked: 0, cached: 0, failed: [] as string[] };
  if (!parse.policies.length) return { ...base, diagnostics: offline, analyzer: [] };
  const r = await poolOf(service).get(options.accessAnalyzer).validate(parse.policies, doc.text, options.signal);
  const byLabel = new Map(parse.policies.map((p) => [p.label, p] as const));
  const analyzer: PolicyDiagnostic[] = [];
  for (const d of r.diagnostics) {
    const severity = analyzerSeverity(d, settings, options.accessAnalyzer);
    if (!severity) continue;
    const policy = byLabel.get(d.policyLabel);
    analyzer.push({ code: d.code, message: d.message, severity, span: clampSpan(d.span, doc.text.length), source: ACCESS_ANALYZER_SOURCE, origin: 'access-analyzer', href: d.href, ...(policy ? { policy: policyRef(policy) } : {}) });
  }
  analyzer.sort(compareDiagnostics);
  return { ...base, checked: r.checked, cached: r.cached, failed: r.failed, diagnostics: mergeWithAnalyzer(offline, analyzer), analyzer, ...(r.error ? { error: r.error } : {}) };
}

function pathKey(p: PolicyDocument): string {
  return JSON.stringify(p.hostPath);
}

function accessReport(text: string, code: typeof NEW_ACCESS_CODE | typeof PUBLIC_ACCESS_CODE, results: AccessCheckPolicyResult[]): AccessCheckReport {
  const diagnostics: PolicyDiagnostic[] = [];
  const what = code === NEW_ACCESS_CODE ? 'New access since the base version' : 'Public access';
  for (const r of results) {
    if (r.result !== 'FAIL') continue;
    const note = r.placeholders ? ' (placeholders stood in for values the template does not fix)' : '';
    const reasons = r.reasons.length ? r.reasons : [{ description: r.message ?? '', span: r.span }];
    for (const reason of reasons) {
      diagnostics.push({ code, message: `${what}: ${reason.description || r.message || 'the policy grants it'}${note}`, severity: r.placeholders ? 'info' : 'warning', span: clampSpan(reason.span, text.length), source: ACCESS_ANALYZER_SOURCE, origin: 'access-analyzer', href: ACCESS_CHECK_DOCS[code], policy: r.policy });
    }
  }
  diagnostics.sort(compareDiagnostics);
  const errors = results.map((r) => r.error).filter((e): e is AnalyzerErrorInfo => !!e && e.kind !== 'unsupported');
  const error = errors.find((e) => e.kind === 'cancelled') ?? errors[0];
  return { policies: results, diagnostics, ...(error ? { error } : {}) };
}

/**
 * CheckNoNewAccess of each policy against the policy at the same place (host path, else label) in
 * `baseText` — e.g. the file at git HEAD; undefined when the file is new. Policies without a
 * counterpart are reported `isNew` and not sent.
 */
export async function checkNewAccess(service: PolicyService, doc: EngineDocument, baseText: string | undefined, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AccessCheckReport> {
  await service.prepare(doc);
  const policies = service.parse(doc, settings).policies.filter((p) => p.root.kind === 'object');
  let basePolicies: PolicyDocument[] = [];
  if (baseText !== undefined) {
    // parsed without a version: not kept as the document's state
    const baseDoc: EngineDocument = { uri: doc.uri, text: baseText, ...(doc.languageId ? { languageId: doc.languageId } : {}) };
    await service.prepare(baseDoc);
    basePolicies = service.parse(baseDoc, settings).policies.filter((p) => p.root.kind === 'object');
  }
  const byPath = new Map(basePolicies.map((p) => [pathKey(p), p] as const));
  const byLabel = new Map(basePolicies.map((p) => [p.label, p] as const));
  const aa = poolOf(service).get(options.accessAnalyzer);
  const results = await Promise.all(
    policies.map(async (p): Promise<AccessCheckPolicyResult> => {
      const span = firstLineOf(p.root.span, doc.text);
      const old = byPath.get(pathKey(p)) ?? byLabel.get(p.label);
      if (!old) return { policy: policyRef(p), span, reasons: [], placeholders: false, isNew: true };
      const r = await aa.checkNoNewAccess(p, old, doc.text, options.signal);
      return { policy: policyRef(p), span, reasons: r.reasons.map((x) => ({ description: x.description, span: x.span })), placeholders: r.placeholders, ...(r.result ? { result: r.result } : {}), ...(r.message ? { message: r.message } : {}), ...(r.error ? { error: r.error } : {}) };
    }),
  );
  return accessReport(doc.text, NEW_ACCESS_CODE, results);
}

/** CheckNoPublicAccess of each resource (or trust) policy of a supported resource type; others come back `unsupported`. */
export async function checkPublicAccess(service: PolicyService, doc: EngineDocument, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AccessCheckReport> {
  await service.prepare(doc);
  const policies = service.parse(doc, settings).policies.filter((p) => p.root.kind === 'object');
  const aa = poolOf(service).get(options.accessAnalyzer);
  const results = await Promise.all(
    policies.map(async (p): Promise<AccessCheckPolicyResult> => {
      const r = await aa.checkNoPublicAccess(p, doc.text, options.signal);
      return { policy: policyRef(p), span: firstLineOf(p.root.span, doc.text), reasons: r.reasons.map((x) => ({ description: x.description, span: x.span })), placeholders: r.placeholders, ...(r.result ? { result: r.result } : {}), ...(r.message ? { message: r.message } : {}), ...(r.error ? { error: r.error } : {}) };
    }),
  );
  return accessReport(doc.text, PUBLIC_ACCESS_CODE, results);
}

/** Forgets Access Analyzer's cached answers for this service (credentials, profile or region changed). */
export function clearAnalyzerCache(service: PolicyService): void {
  poolOf(service).clear();
}

