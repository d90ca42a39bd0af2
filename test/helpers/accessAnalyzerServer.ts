/**
 * A local stand-in for IAM Access Analyzer's REST-JSON API on 127.0.0.1 (random port), for the
 * real SDK client: POST /policy/validation (query maxResults/nextToken), /policy/check-no-new-access,
 * /policy/check-no-public-access. Each test gives a handler that sees the received request and
 * returns a response; spans in responses are computed against the received policy text with
 * spanOf(), never hard-coded. Counts requests (and the most in flight at once).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
}

export interface MockResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (for malformed bodies). */
  body?: unknown;
  /** Wait for this promise before answering (to hold requests in flight). */
  hold?: Promise<unknown>;
}

export type Handler = (req: ReceivedRequest) => MockResponse | Promise<MockResponse>;

export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** Position of an offset in a text: line 1-based, column and offset 0-based (Access Analyzer's convention). */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart, offset };
}

/** The span of the n-th occurrence of `needle` in the text (end exclusive); throws if absent. */
export function spanOf(text: string, needle: string, occurrence = 0): { start: Position; end: Position } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${occurrence}) not in the sent policy`);
  }
  return { start: positionOf(text, at), end: positionOf(text, at + needle.length) };
}

export class AccessAnalyzerServer {
  readonly requests: ReceivedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  handler: Handler = () => ({ body: { findings: [] } });
  private server!: http.Server;
  url = '';

  static async start(handler?: Handler): Promise<AccessAnalyzerServer> {
    const s = new AccessAnalyzerServer();
    if (handler) s.handler = handler;
    s.server = http.createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Requests to one path (e.g. '/policy/validation'). */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', this.url);
      const received: ReceivedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : {} };
      this.requests.push(received);
      const r = await this.handler(received);
      if (r.hold) await r.hold;
      const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' });
      res.end(JSON.stringify({ message: String(err) }));
    } finally {
      this.inFlight--;
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An AWS error response in REST-JSON (the SDK reads the type from x-amzn-errortype). */
export function awsError(status: number, type: string, message = 'mock error'): MockResponse {
  return { status, headers: { 'x-amzn-errortype': type }, body: { message } };
}

/**
 * Test-process environment: fake static credentials, a region, no IMDS, no shared config files
 * of the machine, no proxy of the machine. Call before the first SDK use.
 */
export function fakeAwsEnvironment(): void {
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_ENDPOINT_URL_ACCESSANALYZER;
  delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];
}
