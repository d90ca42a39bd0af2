import picomatch from 'picomatch';
import { parseHost, type HostDocument } from './adapters';
import { getIamData, type IamData } from './data/iamData';
import { effectiveSeverity, getCheck, runChecks, type RuleConfig } from './checks/registry';
import type { Finding } from './checks/types';
import { FindingsCache } from './checks/findingsCache';
import { POLICY_TYPES, type ParseResult, type PolicyType, type Severity, type Span } from './model';

/**
 * The LSP-free facade over the engine: the language server, the CLI and the tests call only this.
 * Offsets inside; conversion to line/character happens at the edges.
 */

export const SOURCE = 'iam-policy-author';

export interface EngineSettings {
  /** Glob → policy type, e.g. {"**\/scp/*.json": "scp"}. Matched against the file path. */
  policyTypes?: Record<string, string>;
  /** Per-code severity overrides: {"CODE": "off" | "error" | "warning" | "info" | "hint"}. */
  rules?: RuleConfig;
  /** A policy type forced for every file (CLI --policy-type). */
  policyType?: PolicyType;
}

export interface EngineDiagnostic {
  code: string;
  message: string;
  severity: Severity;
  span: Span;
  source: string;
  href?: string;
  data?: Record<string, unknown>;
}

export interface ValidationResult {
  parse: ParseResult;
  diagnostics: EngineDiagnostic[];
}

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}

const matcherCache = new Map<string, (p: string) => boolean>();
function globMatcher(glob: string): (p: string) => boolean {
  let m = matcherCache.get(glob);
  if (!m) {
    try {
      m = picomatch(glob, { dot: true, nocase: process.platform === 'win32' });
    } catch {
      m = () => false;
    }
    if (matcherCache.size > 500) matcherCache.clear();
    matcherCache.set(glob, m);
  }
  return m;
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

export class PolicyService {
  readonly findingsCache: FindingsCache | undefined;

  constructor(
    readonly data: IamData = getIamData(),
    options: PolicyServiceOptions = {},
  ) {
    this.findingsCache = options.cacheFindings ? new FindingsCache() : undefined;
  }

  parse(doc: HostDocument, settings: EngineSettings = {}): ParseResult {
    return parseHost(doc, { policyType: configuredPolicyType(doc.uri, settings) });
  }

  /** Parses (unless a parse is given, e.g. from a cache) and runs every applicable check. */
  validate(doc: HostDocument, settings: EngineSettings = {}, parsed?: ParseResult): ValidationResult {
    const parse = parsed ?? this.parse(doc, settings);
    const diagnostics: EngineDiagnostic[] = [];
    const textLength = doc.text.length;
    const push = (code: string, message: string, severity: Severity, span: Span, data?: Record<string, unknown>): void => {
      // Invariant: every span is inside the document.
      const offset = Math.max(0, Math.min(span.offset, textLength));
      const length = Math.max(0, Math.min(span.length, textLength - offset));
      diagnostics.push({ code, message, severity, span: { offset, length }, source: SOURCE, href: getCheck(code)?.docs, ...(data ? { data } : {}) });
    };
    for (const p of parse.problems) {
      const severity = p.code === 'INTERNAL_ERROR' ? p.severity : effectiveSeverity(p.code, settings.rules);
      if (severity) push(p.code, p.message, severity, p.span);
    }
    const rulesKey = this.findingsCache ? JSON.stringify(settings.rules ?? {}) : '';
    for (const policy of parse.policies) {
      const run = (): Finding[] => runChecks(policy, this.data, settings.rules);
      const findings = this.findingsCache ? this.findingsCache.get(policy, rulesKey, run) : run();
      for (const f of findings) push(f.code, f.message, f.severity, f.span, f.data);
    }
    diagnostics.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
    return { parse, diagnostics };
  }
}
