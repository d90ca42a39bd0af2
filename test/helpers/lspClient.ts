/** A minimal LSP client over stdio for testing dist/server.js as another editor would use it. */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from './fixtures';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; severity?: number; message: string; source?: string; data?: unknown; codeDescription?: { href: string } }[];
}

/** What iamPolicy/internal/cacheStats answers (see server.ts). */
export interface ServerCacheStats {
  openDocuments: number;
  parseCache: number;
  documentSettings: number;
  timers: number;
  generations: number;
  engine: {
    findings?: { entries: number; bytes: number; maxBytes: number; owners: number; hits: number; misses: number };
    yamlPieces: { owners: number; pieces: number; bytes: number; maxBytes: number };
    globs: { entries: number; chars: number };
  };
}

export class TestLspClient {
  readonly proc: ChildProcess;
  readonly connection: MessageConnection;
  readonly published: PublishedDiagnostics[] = [];
  readonly logs: string[] = [];
  stderr = '';
  private waiters: { pred: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.connection.listen();
  }

  /** Resolves with the first (past or future) publication matching the predicate; rejects after a time limit. */
  waitForDiagnostics(pred: (p: PublishedDiagnostics) => boolean, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const past = this.published.find(pred);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  async initialize(capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } }> {
    const result = await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  open(uri: string, text: string, languageId = 'json', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** textDocument/diagnostic (pull), for a client that announced the capability. */
  pullDiagnostics(uri: string): Promise<{ kind: string; items: PublishedDiagnostics['diagnostics'] }> {
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  }

  /** The server's internal cache sizes (a test-only request, not part of the client protocol). */
  cacheStats(): Promise<ServerCacheStats> {
    return this.connection.sendRequest('iamPolicy/internal/cacheStats');
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
