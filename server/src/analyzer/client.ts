import * as fs from 'fs';
import * as path from 'path';
import type { AaLocale, AaPolicyType, PublicAccessResourceType, ValidateResourceType } from './policyTypes';
import type { RawFinding } from './map';
import { AnalyzerError, classifyError, type AnalyzerOperation } from './errors';

/**
 * The only code that talks to AWS. The SDK (@aws-sdk/client-accessanalyzer) is loaded on the
 * first call, so loading the engine costs nothing until a user asks for Access Analyzer: the
 * bundles (dist/server.js, dist/cli.js) keep it external and `require` dist/aws-sdk.js, its own
 * bundle next to them (scripts/build.mjs), so V8 does not even compile it at start-up; unbundled
 * (the test build) it is imported from node_modules. Credentials come from the SDK's default provider chain (environment,
 * shared config/credentials files with `profile`, SSO, process, web identity, container, IMDS);
 * the endpoint from `endpoint` or `AWS_ENDPOINT_URL_ACCESSANALYZER` / `AWS_ENDPOINT_URL`;
 * throttling and transient errors are retried by the SDK's standard retry strategy.
 */

export interface ClientOptions {
  /** AWS Region; when absent, the SDK's chain (AWS_REGION, the profile's region). */
  region?: string;
  /** Named profile of the shared config files (like AWS_PROFILE). */
  profile?: string;
  /** Endpoint override (e.g. a VPC endpoint); AWS_ENDPOINT_URL_ACCESSANALYZER is honoured by the SDK. */
  endpoint?: string;
  /** Attempts per request including retries (SDK standard retry); default 3. */
  maxAttempts?: number;
  /** Socket timeout per attempt in ms; default 15000. */
  requestTimeoutMs?: number;
  /** Connection timeout per attempt in ms; default 5000. */
  connectionTimeoutMs?: number;
}

export interface ValidateInput {
  policyDocument: string;
  policyType: AaPolicyType;
  validatePolicyResourceType?: ValidateResourceType;
  locale: AaLocale;
}

export interface AccessCheckOutput {
  result?: 'PASS' | 'FAIL';
  message?: string;
  reasons: { description?: string; statementIndex?: number; statementId?: string }[];
}

/** What the engine needs from AWS; the SDK implementation is below (tests may pass another). */
export interface AnalyzerTransport {
  validatePolicy(input: ValidateInput, signal?: AbortSignal): Promise<RawFinding[]>;
  checkNoNewAccess(input: { newPolicyDocument: string; existingPolicyDocument: string; policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' }, signal?: AbortSignal): Promise<AccessCheckOutput>;
  checkNoPublicAccess(input: { policyDocument: string; resourceType: PublicAccessResourceType }, signal?: AbortSignal): Promise<AccessCheckOutput>;
}

/** Pages followed at most per ValidatePolicy call (a policy has few findings; this bounds a looping server). */
export const MAX_PAGES = 20;

type Sdk = typeof import('@aws-sdk/client-accessanalyzer');

/** File name of the SDK's own bundle, next to the bundle this code runs in (scripts/build.mjs). */
export const SDK_BUNDLE = 'aws-sdk.js';

/** Loads the SDK: its bundle next to ours when there is one, else the package. */
export async function loadSdk(): Promise<Sdk> {
  const bundled = path.join(__dirname, SDK_BUNDLE);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path computed at run time, not bundled
  if (fs.existsSync(bundled)) return require(bundled) as Sdk;
  return import('@aws-sdk/client-accessanalyzer');
}

function malformed(op: AnalyzerOperation): AnalyzerError {
  return new AnalyzerError('malformed-response', 'Access Analyzer returned a response that could not be read.', op, undefined, 'shape');
}

export class SdkTransport implements AnalyzerTransport {
  private client?: Promise<{ sdk: Sdk; client: InstanceType<Sdk['AccessAnalyzerClient']> }>;

  constructor(private readonly options: ClientOptions = {}) {}

  private get(): Promise<{ sdk: Sdk; client: InstanceType<Sdk['AccessAnalyzerClient']> }> {
    this.client ??= (async () => {
      const sdk = await loadSdk();
      const o = this.options;
      const client = new sdk.AccessAnalyzerClient({
        ...(o.region ? { region: o.region } : {}),
        ...(o.profile ? { profile: o.profile } : {}),
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
        maxAttempts: o.maxAttempts ?? 3,
        retryMode: 'standard',
        requestHandler: { requestTimeout: o.requestTimeoutMs ?? 15_000, connectionTimeout: o.connectionTimeoutMs ?? 5_000 },
      });
      return { sdk, client };
    })();
    // a failed load is not cached
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }

  async validatePolicy(input: ValidateInput, signal?: AbortSignal): Promise<RawFinding[]> {
    const { sdk, client } = await this.get();
    const findings: RawFinding[] = [];
    let nextToken: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await client.send(
        new sdk.ValidatePolicyCommand({
          policyDocument: input.policyDocument,
          policyType: input.policyType,
          locale: input.locale,
          ...(input.validatePolicyResourceType ? { validatePolicyResourceType: input.validatePolicyResourceType } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      if (!out || !Array.isArray(out.findings)) throw malformed('ValidatePolicy');
      findings.push(...(out.findings as RawFinding[]));
      nextToken = typeof out.nextToken === 'string' && out.nextToken ? out.nextToken : undefined;
      if (!nextToken) return findings;
      if (seen.has(nextToken)) throw malformed('ValidatePolicy'); // a server repeating a token would loop
      seen.add(nextToken);
    }
    return findings; // more pages than MAX_PAGES: what we have
  }

  async checkNoNewAccess(input: { newPolicyDocument: string; existingPolicyDocument: string; policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' }, signal?: AbortSignal): Promise<AccessCheckOutput> {
    const { sdk, client } = await this.get();
    const out = await client.send(new sdk.CheckNoNewAccessCommand(input), { abortSignal: signal });
    return accessCheckOutput(out, 'CheckNoNewAccess');
  }

  async checkNoPublicAccess(input: { policyDocument: string; resourceType: PublicAccessResourceType }, signal?: AbortSignal): Promise<AccessCheckOutput> {
    const { sdk, client } = await this.get();
    const out = await client.send(new sdk.CheckNoPublicAccessCommand(input), { abortSignal: signal });
    return accessCheckOutput(out, 'CheckNoPublicAccess');
  }
}

function accessCheckOutput(out: { result?: string; message?: string; reasons?: { description?: string; statementIndex?: number; statementId?: string }[] } | undefined, op: AnalyzerOperation): AccessCheckOutput {
  if (!out || (out.result !== 'PASS' && out.result !== 'FAIL')) throw malformed(op);
  return {
    result: out.result,
    ...(typeof out.message === 'string' ? { message: out.message } : {}),
    reasons: Array.isArray(out.reasons) ? out.reasons : [],
  };
}

/** At most `limit` tasks at once, in order; a waiting task whose signal fires leaves the queue. */
export class Limiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.queue.indexOf(start);
          if (i >= 0) this.queue.splice(i, 1);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        };
        this.queue.push(start);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

/** A least-recently-used cache bounded by entry count and by the total length of its keys. */
export class ResultCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    readonly maxEntries = 256,
    readonly maxChars = 4_000_000,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    if (key.length > this.maxChars) return;
    if (this.map.delete(key)) this.chars -= key.length;
    this.map.set(key, value);
    this.chars += key.length;
    for (const k of this.map.keys()) {
      if (this.map.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.map.delete(k);
      this.chars -= k.length;
    }
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }
}

/** Runs a call, turning any failure into an AnalyzerError (never a raw SDK error). */
export async function guarded<T>(op: AnalyzerOperation, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifyError(err, op, signal);
  }
}
