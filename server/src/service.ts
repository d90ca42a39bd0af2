import picomatch from 'picomatch';
import { parseHost, parseHostAround, prepareHost, releaseHost, type HostDocument } from './adapters';
import { getIamData, type IamData } from './data/iamData';
import { effectiveSeverity, getCheck, rulesKey, runChecks, type RuleConfig } from './checks/registry';
import type { Finding } from './checks/types';
import { FindingsCache, type FindingsCacheStats } from './checks/findingsCache';
import { yamlPieceStats } from './adapters/cfn/yamlChunks';
import { defaultSyntax, POLICY_TYPES, type ParseResult, type PolicyType } from './model';
import { clampSpan, compareDiagnostics, policyRef, SOURCE, type PolicyDiagnostic } from './model/diagnostics';
import { applySuppressions, suppressionActions } from './engine/suppressions';
import { codeActions, fixAllAction, kindMatches, resolveCodeAction, type CodeActionRequest, type DiagnosticRef, type EngineCodeAction } from './features/codeActions';
import { complete } from './features/completion';
import { referenceAt } from './features/references';
import { hover } from './features/hover';
import { documentSymbols, foldingSpans } from './features/symbols';
import { codeLenses } from './features/codeLens';
import type { CompletionResult, FeatureCodeLens, FeatureHover, FeatureSymbol, FeatureFold } from './features/types';
import { analyzeDocument, checkNewAccess, checkPublicAccess, clearAnalyzerCache, type AccessCheckReport, type AnalyzeOptions, type AnalyzeResult } from './serviceAnalyzer';

export type { AnalyzerErrorInfo } from './analyzer';
export { mergeWithAnalyzer, NEW_ACCESS_CODE, PUBLIC_ACCESS_CODE, type AccessAnalyzerSettings, type AccessCheckPolicyResult, type AccessCheckReport, type AnalyzeOptions, type AnalyzeResult } from './serviceAnalyzer';
export { SOURCE, ACCESS_ANALYZER_SOURCE, type PolicyDiagnostic, type PolicyRef, type DiagnosticOrigin } from './model/diagnostics';

export interface EngineSettings {
  /** Glob → policy type, e.g. {"**\/scp/*.json": "scp"}. Matched against the file path. */
  policyTypes?: Record<string, string>;
  /** Per-code severity overrides: {"CODE": "off" | "error" | "warning" | "info" | "hint"}. */
  rules?: RuleConfig;
  /** A policy type forced for every file (CLI --policy-type). */
  policyType?: PolicyType;
  /** Statement Sid → codes not reported inside statements with that Sid ('*': all); from .iampolicylintrc.json. */
  ignoreSids?: Record<string, string[]>;
}


export interface ValidationResult {
  parse: ParseResult;
  diagnostics: PolicyDiagnostic[];
}

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}

/** Compiled settings globs, keyed by the glob text (the only input besides the platform); bounded by count and characters. */
const matcherCache = new Map<string, (p: string) => boolean>();
let matcherChars = 0;
const MAX_MATCHERS = 500;
const MAX_MATCHER_CHARS = 64 * 1024;
function globMatcher(glob: string): (p: string) => boolean {
  let m = matcherCache.get(glob);
  if (!m) {
    try {
      m = picomatch(glob, { dot: true, nocase: process.platform === 'win32' });
    } catch {
      m = () => false;
    }
    if (matcherCache.size >= MAX_MATCHERS || matcherChars + glob.length > MAX_MATCHER_CHARS) {
      matcherCache.clear();
      matcherChars = 0;
    }
    if (glob.length <= MAX_MATCHER_CHARS) {
      matcherCache.set(glob, m);
      matcherChars += glob.length;
    }
  }
  return m;
}

/** Sizes of the engine's caches that grow with input (for the server's internal stats request and tests). */
export interface EngineCacheStats {
  documents: number;
  findings?: FindingsCacheStats;
  yamlPieces: ReturnType<typeof yamlPieceStats>;
  globs: { entries: number; chars: number };
}

/** File path of a URI or path, with forward slashes. */
export function uriToPath(uri: string): string {
  let p = uri;
  if (p.startsWith('file://')) {
    p = p.slice('file://'.length);
    try {
      p = decodeURIComponent(p);
    } catch {
      /* a malformed escape (a client's plain path): keep the text as it is */
    }
    if (/^\/[a-zA-Z]:/.test(p)) p = p.slice(1);
  }
  return p.replace(/\\/g, '/');
}

/** The policy type a file is mapped to by settings: forced type, then the first matching glob. */
export function configuredPolicyType(uri: string, settings: EngineSettings): PolicyType | undefined {
  if (settings.policyType) return settings.policyType;
  const map = settings.policyTypes;
  if (!map) return undefined;
  const p = uriToPath(uri);
  const base = p.slice(p.lastIndexOf('/') + 1);
  for (const [glob, type] of Object.entries(map)) {
    if (!isPolicyType(type)) continue;
    const m = globMatcher(glob);
    if (m(p) || m(base) || (!glob.startsWith('/') && !glob.startsWith('**') && globMatcher(`**/${glob}`)(p))) return type;
  }
  return undefined;
}

export interface PolicyServiceOptions {
  /**
   * Reuse a policy's findings (shifted) while its model is unchanged: for an editor, where one edit
   * leaves most policies of a large template as they were. A one-shot run (the CLI) gains nothing
   * from it and pays for the fingerprints, so it is off by default. See checks/findingsCache.ts.
   */
  cacheFindings?: boolean;
}


/** A document as the engine sees it: its URI, text, editor language and (in an editor) version. */
export interface EngineDocument extends HostDocument {
  version?: number;
}

/**
 * The document's state between calls: the parse of its current text (keyed by everything the parse
 * depends on: text identity, language, policy-type settings) and whatever the adapter keeps for an
 * incremental re-parse. Dropped on close.
 */
interface DocumentState {
  text: string;
  languageId: string | undefined;
  version: number | undefined;
  settingsKey: string;
  parse: ParseResult;
}

/** The code actions the engine offers at a range, with the diagnostics the editor sent for it. */
export type { CodeActionRequest, EngineCodeAction } from './features/codeActions';

/**
 * The LSP-free facade over the engine, in the style of vscode-json-languageservice: the language
 * server, the CLI and the tests call only this. Offsets in, spans out; conversion to
 * line/character (and to LSP, text, JSON or SARIF) happens at the edges.
 *
 * Every operation takes the document and the settings; the service keeps per-document state (the
 * parse of its latest text, the adapter's incremental state, cached findings) until `close(uri)`.
 * Async work — loading the tree-sitter grammar of a CDK file — happens in `prepare(doc)`, which
 * `validate`-style callers await first; every synchronous operation works without it (a CDK file
 * whose grammar is not loaded yet parses as "no policies yet").
 */
export class PolicyService {
  readonly findingsCache: FindingsCache | undefined;
  private readonly documents = new Map<string, DocumentState>();

  private loadedData: IamData | undefined;

  /** `data`: a reference data index to use (tests); by default the bundled one, read on first use or by `init()`. */
  constructor(data?: IamData, options: PolicyServiceOptions = {}) {
    this.loadedData = data;
    this.findingsCache = options.cacheFindings ? new FindingsCache() : undefined;
  }

  /** The IAM reference data (the bundled index is read once, on first use). */
  get data(): IamData {
    return (this.loadedData ??= getIamData());
  }

  /**
   * Readies what every document needs before the first request: the reference data index (read
   * once, ≈ 40 ms), so that the first validation does not pay for it. Per-format resources that
   * only some documents need (a CDK grammar) load in `prepare(doc)` instead.
   */
  async init(): Promise<void> {
    void this.data.date;
  }

  /**
   * Loads what this document's adapter needs asynchronously (the CDK grammar). Resolves true when
   * the document can then be parsed completely; cheap after the first call and for other formats.
   */
  async prepare(doc: EngineDocument): Promise<boolean> {
    return prepareHost(doc);
  }

  /** Drops what the caches hold for a document (the editor closed or re-opened it). */
  close(uri: string): void {
    this.documents.delete(uri);
    this.findingsCache?.release(uri);
    releaseHost(uri);
  }

  cacheStats(): EngineCacheStats {
    return {
      documents: this.documents.size,
      ...(this.findingsCache ? { findings: this.findingsCache.stats() } : {}),
      yamlPieces: yamlPieceStats(),
      globs: { entries: matcherCache.size, chars: matcherChars },
    };
  }

  /** The parse of the document's current text, from the per-document state when nothing it depends on changed. */
  parse(doc: EngineDocument, settings: EngineSettings = {}): ParseResult {
    const settingsKey = settings.policyType ?? JSON.stringify(settings.policyTypes ?? {});
    const state = this.documents.get(doc.uri);
    // `text ===` is a pointer comparison while an editor's document is unchanged.
    if (state && state.text === doc.text && state.languageId === doc.languageId && state.version === doc.version && state.settingsKey === settingsKey) return state.parse;
    const parse = parseHost(doc, { policyType: configuredPolicyType(doc.uri, settings) }, state && state.languageId === doc.languageId ? { text: state.text, result: state.parse } : undefined);
    // A provisional parse (a grammar still loading) is not kept: the next request parses again.
    if (doc.version !== undefined && !parse.pending) this.documents.set(doc.uri, { text: doc.text, languageId: doc.languageId, version: doc.version, settingsKey, parse });
    return parse;
  }

  /** The document's kept parse when it is of the current text (nothing is parsed): undefined when none is. */
  parsed(doc: EngineDocument, settings: EngineSettings = {}): ParseResult | undefined {
    const state = this.documents.get(doc.uri);
    const settingsKey = settings.policyType ?? JSON.stringify(settings.policyTypes ?? {});
    return state && state.text === doc.text && state.languageId === doc.languageId && state.version === doc.version && state.settingsKey === settingsKey ? state.parse : undefined;
  }

  /**
   * A provisional parse of only the part of a large document around `offset` (a template's resource),
   * for completion and hover while the whole document is not parsed yet (see `parsed`); never kept.
   * Undefined when the adapter cannot do better than `parse` (small documents, other formats).
   */
  parseAround(doc: EngineDocument, offset: number, settings: EngineSettings = {}): ParseResult | undefined {
    const at = clampOffset(offset, doc.text);
    const part = parseHostAround(doc, at, { policyType: configuredPolicyType(doc.uri, settings) });
    // A host reference under the cursor (`!Ref X`, `${X}`) is answered from the names the whole document defines.
    return part && !referenceAt(part, at) ? part : undefined;
  }

  /** Parses (or reuses the document's parse) and runs every applicable check: the document's diagnostics, in position order. */
  validate(doc: EngineDocument, settings: EngineSettings = {}): ValidationResult {
    const steps = this.validation(doc, settings);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * `validate` that never holds the event loop for long: the adapter's asynchronous preparation
   * first (a large template's pieces are read a few milliseconds at a time), then the checks policy
   * by policy, giving way (`setImmediate`) whenever `sliceMs` have passed, so that other requests
   * (completion, hover, on this document or another) are answered in between. Resolves undefined,
   * without finishing, as soon as `cancelled()` says so (an edit made the result stale, the client
   * cancelled the request). Same result as `validate` otherwise.
   */
  async validateAsync(doc: EngineDocument, settings: EngineSettings = {}, options: { cancelled?: () => boolean; sliceMs?: number } = {}): Promise<ValidationResult | undefined> {
    const sliceMs = options.sliceMs ?? 10;
    const cancelled = options.cancelled ?? (() => false);
    await prepareHost(doc); // a newer preparation of the same document (an edit) or a close stops an older one
    if (cancelled()) return undefined;
    const steps = this.validation(doc, settings);
    let start = Date.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (Date.now() - start >= sliceMs) {
        await giveWay();
        if (cancelled()) return undefined;
        start = Date.now();
      }
    }
  }

  /** The work of `validate`, one policy's checks per step. */
  private *validation(doc: EngineDocument, settings: EngineSettings): Generator<void, ValidationResult, void> {
    const parse = this.parse(doc, settings);
    const diagnostics: PolicyDiagnostic[] = [];
    const textLength = doc.text.length;
    for (const p of parse.problems) {
      const severity = p.code === 'INTERNAL_ERROR' ? p.severity : effectiveSeverity(p.code, settings.rules);
      if (severity) diagnostics.push({ code: p.code, message: p.message, severity, span: clampSpan(p.span, textLength), source: SOURCE, origin: 'parser', href: getCheck(p.code)?.docs });
    }
    const cache = this.findingsCache;
    // Findings depend on the policy model, the rules and the reference data.
    const configKey = cache ? `${this.data.packageVersion}\u0000${rulesKey(settings.rules)}` : '';
    const used = cache && doc.version !== undefined ? new Set<string>() : undefined;
    for (const policy of parse.policies) {
      const run = (): Finding[] => runChecks(policy, this.data, settings.rules);
      const findings = cache ? cache.get(policy, configKey, run, used) : run();
      const ref = policyRef(policy);
      for (const f of findings) {
        diagnostics.push({ code: f.code, message: f.message, severity: f.severity, span: clampSpan(f.span, textLength), source: SOURCE, origin: 'check', href: getCheck(f.code)?.docs, policy: ref, ...(f.data ? { data: f.data } : {}) });
      }
      yield;
    }
    // The document now holds exactly the entries this validation used (older versions' go).
    if (cache && used) cache.retain(doc.uri, used);
    diagnostics.sort(compareDiagnostics);
    // Inline comments, CloudFormation Metadata and Sid rules (engine/suppressions.ts); unused ones reported.
    const kept = applySuppressions(doc, parse, diagnostics, settings.rules, settings.ignoreSids);
    if (kept !== diagnostics) kept.sort(compareDiagnostics);
    return { parse, diagnostics: kept };
  }

  /** Completion at `offset`; `parse`: one the caller already has for this text (e.g. from `parseAround`), else the document's. */
  complete(doc: EngineDocument, offset: number, settings: EngineSettings = {}, parse: ParseResult = this.parse(doc, settings)): CompletionResult {
    return complete(this.data, doc.text, parse, clampOffset(offset, doc.text));
  }

  /** Hover at `offset`; `parse` as for `complete`. */
  hover(doc: EngineDocument, offset: number, settings: EngineSettings = {}, parse: ParseResult = this.parse(doc, settings)): FeatureHover | undefined {
    return hover(this.data, doc.text, parse, clampOffset(offset, doc.text));
  }

  symbols(doc: EngineDocument, settings: EngineSettings = {}): FeatureSymbol[] {
    return documentSymbols(this.parse(doc, settings));
  }

  /** Folding ranges as spans; `keepLastLine` says whether the fold's last line (a closing bracket) stays visible. */
  folds(doc: EngineDocument, settings: EngineSettings = {}): FeatureFold[] {
    const parse = this.parse(doc, settings);
    const keepsLastLine = parse.renderer?.foldKeepsLastLine?.bind(parse.renderer) ?? defaultSyntax.foldKeepsLastLine;
    return foldingSpans(parse).map((f) => ({ ...f, keepLastLine: keepsLastLine(f.span) }));
  }

  lenses(doc: EngineDocument, settings: EngineSettings = {}): FeatureCodeLens[] {
    return codeLenses(this.data, this.parse(doc, settings));
  }

  /** Quick fixes for the diagnostics in the request, and rewrites at its range (lazy: costly edits left for `resolveCodeAction`). */
  codeActions(doc: EngineDocument, request: CodeActionRequest, settings: EngineSettings = {}): EngineCodeAction[] {
    const parse = this.parse(doc, settings);
    const actions = codeActions(doc.text, parse, this.data, request);
    return kindMatches('quickfix', request.only) ? [...actions, ...suppressionActions(doc, parse, request.diagnostics)] : actions;
  }

  /** The edit of an action that `codeActions` returned without one (same request, same document text). */
  resolveCodeAction(doc: EngineDocument, request: CodeActionRequest, id: string, settings: EngineSettings = {}): EngineCodeAction | undefined {
    return resolveCodeAction(doc.text, this.parse(doc, settings), this.data, request, id);
  }

  /** One action that applies every safe fix of the document's diagnostics (undefined when there is none). */
  fixAll(doc: EngineDocument, settings: EngineSettings = {}, diagnostics: readonly DiagnosticRef[] = this.validate(doc, settings).diagnostics): EngineCodeAction | undefined {
    return fixAllAction(doc.text, this.parse(doc, settings), this.data, [...diagnostics]);
  }

  /** Access Analyzer's ValidatePolicy over the document's policies, merged with the offline diagnostics (network; opt-in at the edges). */
  analyze(doc: EngineDocument, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    return analyzeDocument(this, doc, settings, options);
  }

  /** CheckNoNewAccess of each policy against the same policy in `baseText` (e.g. git HEAD; undefined: a new file). */
  checkNewAccess(doc: EngineDocument, baseText: string | undefined, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AccessCheckReport> {
    return checkNewAccess(this, doc, baseText, settings, options);
  }

  /** CheckNoPublicAccess of each resource policy of a supported type. */
  checkPublicAccess(doc: EngineDocument, settings: EngineSettings = {}, options: AnalyzeOptions = {}): Promise<AccessCheckReport> {
    return checkPublicAccess(this, doc, settings, options);
  }

  /** Forgets Access Analyzer's cached answers (credentials, profile or region changed). */
  clearAnalyzerCache(): void {
    clearAnalyzerCache(this);
  }
}

// ---- Access Analyzer (issue #14): the asynchronous, opt-in pass over the same document ------------

/**
 * Three turns of the event loop: in the first, the messages that arrived meanwhile are read and
 * their handlers run up to their first checkpoint (queued behind us); in the second, they go on
 * after it; only in the third does our next slice run. With one turn a request that arrived during
 * a slice waited for the whole next slice too, and one more per checkpoint.
 */
export async function giveWay(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function clampOffset(offset: number, text: string): number {
  return Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, text.length));
}
