/**
 * Custom protocol between the VS Code client and the server, declared once for both sides.
 * Plain constants and types only (no LSP library imports), so the client bundle stays thin.
 */
export namespace DocumentStatusNotification {
  export const method = 'iamPolicy/documentStatus';
  export interface Params {
    uri: string;
    /** Number of policies found in the document. */
    policies: number;
    /** Host format recognised ('json', 'none', …). */
    format: string;
  }
}

export namespace ServerStatusRequest {
  export const method = 'iamPolicy/serverStatus';
  export interface Result {
    version: string;
    dataVersion: string;
    dataDate: string;
  }
}

/** Settings section read through workspace/configuration. */
export const SETTINGS_SECTION = 'iamPolicy';

// ---- Access Analyzer (opt-in: iamPolicy.accessAnalyzer.enabled) ---------------------------------
// The server sends nothing to AWS on its own: only these requests start a call, and only when the
// setting is on. The VS Code client asks the user once per workspace before its first request.

/** A failure, in plain words (no secrets, no policy text). */
export interface AccessAnalyzerError {
  /** no-credentials, expired-credentials, access-denied, throttled, offline, timeout, malformed-response, invalid-request, unsupported, config, cancelled, service, unknown */
  kind: string;
  message: string;
  operation: string;
  /** For access-denied: the IAM permission to grant, e.g. `access-analyzer:ValidatePolicy`. */
  permission?: string;
  /** Trying again later may help (offline, throttled, timeout, service). */
  retryable: boolean;
}

/** Why a request did nothing, or how it ended. */
export type AccessAnalyzerOutcome = 'done' | 'disabled' | 'not-found' | 'no-policies' | 'cancelled' | 'failed';

export namespace AccessAnalyzerValidateRequest {
  export const method = 'iamPolicy/accessAnalyzer/validate';
  export interface Params {
    uri: string;
    /** The file's text when it is not open in the editor (workspace-wide runs); ignored for open documents. */
    text?: string;
    languageId?: string;
  }
  export interface Result {
    outcome: AccessAnalyzerOutcome;
    /** Policies in the file, sent (or answered from the cache) and, of those, from the cache. */
    policies: number;
    checked: number;
    cached: number;
    /** Access Analyzer findings published (after merging with the offline ones). */
    findings: number;
    error?: AccessAnalyzerError;
  }
}

export interface AccessCheckPolicy {
  label: string;
  /** 0-based line of the policy's start. */
  line: number;
  result?: 'PASS' | 'FAIL';
  message?: string;
  reasons: { description: string; line: number }[];
  placeholders: boolean;
  /** Not in the base version (CheckNoNewAccess): everything it grants is new. */
  isNew?: boolean;
  error?: AccessAnalyzerError;
}

export interface AccessCheckResult {
  outcome: AccessAnalyzerOutcome;
  policies: AccessCheckPolicy[];
  error?: AccessAnalyzerError;
}

/** CheckNoNewAccess of each policy of an open document against the same policy in `baseText` (the client reads it from git HEAD). */
export namespace AccessAnalyzerNewAccessRequest {
  export const method = 'iamPolicy/accessAnalyzer/checkNoNewAccess';
  export interface Params {
    uri: string;
    /** The file's text at the base version; null when the file is not in it. */
    baseText: string | null;
  }
}

/** CheckNoPublicAccess of each resource policy (of a supported resource type) of an open document. */
export namespace AccessAnalyzerPublicAccessRequest {
  export const method = 'iamPolicy/accessAnalyzer/checkNoPublicAccess';
  export interface Params {
    uri: string;
  }
}

/** Server → client, for the status bar: a call started, ended, or failed. */
export namespace AccessAnalyzerStatusNotification {
  export const method = 'iamPolicy/accessAnalyzer/status';
  export interface Params {
    state: 'running' | 'done' | 'offline' | 'error' | 'cancelled';
    uri?: string;
    /** Requests in flight across documents. */
    running: number;
    error?: AccessAnalyzerError;
  }
}
