/**
 * Failures of an Access Analyzer call, classified for the edges. Messages are ours: they never
 * repeat the SDK's text (which may quote the request) and never contain policy text or secrets.
 */

export type AnalyzerErrorKind =
  /** No credentials found by the provider chain (or they were rejected as unknown). */
  | 'no-credentials'
  /** Credentials or an SSO token that expired: sign in again. */
  | 'expired-credentials'
  /** The caller lacks the permission named in `permission`. */
  | 'access-denied'
  /** Throttled and the SDK's retries are exhausted. */
  | 'throttled'
  /** No connection: DNS, refused, reset, unreachable. */
  | 'offline'
  /** The request timed out. */
  | 'timeout'
  /** The response could not be read (not JSON, missing fields). */
  | 'malformed-response'
  /** Access Analyzer rejected the request (ValidationException: e.g. a policy too large). */
  | 'invalid-request'
  /** The call is not possible for this policy (e.g. CheckNoPublicAccess of an unsupported resource type). */
  | 'unsupported'
  /** Missing configuration (no region). */
  | 'config'
  /** The AbortSignal fired (the document changed). */
  | 'cancelled'
  /** Access Analyzer failed (5xx, InternalServerException). */
  | 'service'
  | 'unknown';

export type AnalyzerOperation = 'ValidatePolicy' | 'CheckNoNewAccess' | 'CheckNoPublicAccess';

export class AnalyzerError extends Error {
  override readonly name = 'AnalyzerError';
  constructor(
    readonly kind: AnalyzerErrorKind,
    message: string,
    readonly operation: AnalyzerOperation,
    /** For access-denied: the IAM permission to grant (`access-analyzer:ValidatePolicy`). */
    readonly permission?: string,
    /** The SDK error's name or the HTTP status, for logs (no message text). */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** True when trying again later may help. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'offline' || this.kind === 'timeout' || this.kind === 'service';
  }
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: unknown;
  $response?: unknown;
  cause?: unknown;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Turns whatever an SDK call threw into an AnalyzerError. */
export function classifyError(err: unknown, operation: AnalyzerOperation, signal?: AbortSignal): AnalyzerError {
  if (err instanceof AnalyzerError) return err;
  const e = (err && typeof err === 'object' ? err : {}) as SdkLikeError;
  const name = str(e.name);
  const code = str(e.code) || str((e.cause as SdkLikeError | undefined)?.code);
  const message = str(e.message);
  const status = e.$metadata?.httpStatusCode;
  const detail = [name || code || 'Error', status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
  const make = (kind: AnalyzerErrorKind, text: string, permission?: string) => new AnalyzerError(kind, text, operation, permission, detail);

  if (signal?.aborted || name === 'AbortError') return make('cancelled', `Access Analyzer ${operation} was cancelled.`);

  // Credentials (the provider chain throws before any request is sent).
  if (/SSO|sso/.test(message) && /expired|refresh|login/i.test(message)) {
    return make('expired-credentials', 'The AWS SSO session has expired. Run "aws sso login" (with your profile) and try again.');
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || name === 'TokenRefreshRequired') {
    return make('expired-credentials', 'The AWS credentials have expired. Refresh them (for SSO: "aws sso login") and try again.');
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /Could not load credentials/i.test(message)) {
    return make('no-credentials', 'No AWS credentials were found. Configure a profile (aws configure / aws sso login) or environment credentials; Access Analyzer is only called with credentials.');
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch') {
    return make('no-credentials', 'AWS rejected the credentials (unknown access key or bad signature). Check the profile or environment credentials.');
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || status === 403) {
    const permission = `access-analyzer:${operation}`;
    return make('access-denied', `Access denied: the AWS identity in use needs the permission ${permission}.`, permission);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'Throttling' || status === 429) {
    return make('throttled', 'Access Analyzer throttled the requests and retries were exhausted. Try again in a moment.');
  }
  if (/Region is missing/i.test(message) || name === 'ConfigError') {
    return make('config', 'No AWS Region is configured for Access Analyzer. Set a region in the settings, the profile or AWS_REGION.');
  }
  if (TIMEOUT_CODES.has(name) || TIMEOUT_CODES.has(code)) return make('timeout', 'The request to Access Analyzer timed out.');
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    return make('offline', `Access Analyzer could not be reached (${code || name}). Check the network connection, proxy or endpoint.`);
  }
  if (name === 'ValidationException') return make('invalid-request', 'Access Analyzer rejected the request as invalid (for example, the policy is too large).');
  if (name === 'SyntaxError' || name === 'SerializationException' || (/Deserialization|Unexpected token|JSON/i.test(message) && e.$response !== undefined)) {
    return make('malformed-response', 'Access Analyzer returned a response that could not be read.');
  }
  if (name === 'InternalServerException' || name === 'ServiceUnavailableException' || (status !== undefined && status >= 500)) {
    return make('service', 'Access Analyzer failed on its side. Try again later.');
  }
  return make('unknown', `The call to Access Analyzer failed (${detail}).`);
}
