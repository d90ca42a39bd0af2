/**
 * The LSP connection: over stdio with a strict frame reader (a malformed frame ends the process with
 * one stderr line), otherwise vscode-languageserver's defaults (VS Code's IPC).
 */
import { format } from 'util';
import { AbstractMessageWriter, createConnection, ProposedFeatures, StreamMessageReader, type Message, type MessageWriter } from 'vscode-languageserver/node';

export type Connection = ReturnType<typeof createConnection>;

/** Ends the process at once with one line on stderr (the client restarts a server that exits). */
function fatal(reason: string): never {
  try {
    process.stderr.write(`iam-policy-author: ${reason}; exiting so that the client can restart the server\n`);
  } finally {
    process.exit(1);
  }
}

/** What was wrong with a frame, in our words: the reader's own message may quote the client's bytes (policy text). */
function frameProblem(err: unknown): string {
  const m = String((err as Error)?.message ?? '');
  if (m.includes('Content-Length value must be a number')) return 'Content-Length is not a number';
  if (m.includes('must provide a Content-Length')) return 'header without Content-Length';
  if (m.includes('header must separate key and value')) return 'malformed header line';
  if (err instanceof SyntaxError) return 'body is not JSON (Content-Length does not match the body?)';
  return 'unreadable frame';
}

/**
 * Writes each message as one frame in one write: header and body in one buffer, encoded at once.
 * vscode-jsonrpc's stream writer writes the header and the body separately, each behind a lock and
 * a chain of promises: two pipe writes (two wake-ups of the client) per message, which cost a
 * completion round trip more than building its answer did.
 */
export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (err: unknown) => this.fireError(err));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let frame: Buffer;
    try {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      const head = `Content-Length: ${body.byteLength}\r\n\r\n`;
      frame = Buffer.allocUnsafe(head.length + body.byteLength);
      frame.write(head, 0, 'ascii');
      body.copy(frame, head.length);
    } catch (err) {
      this.fireError(err, msg, ++this.errorCount);
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.out.write(frame, (err?: Error | null) => {
        if (!err) return resolve();
        this.fireError(err, msg, ++this.errorCount);
        reject(err);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}

/**
 * Over stdio, a malformed frame (bad header, wrong Content-Length, truncated body) leaves the byte
 * stream out of sync for good: nothing after it can be read. The reader reports it as an error (or,
 * for a body that never completes, a partial message after 10 s without data), and the server logs
 * one line on stderr and exits non-zero rather than hang. Other transports (VS Code's IPC) carry
 * whole messages and keep vscode-languageserver's defaults. `shutdownReceived` tells whether a
 * closed stdin is a clean exit.
 */
export function createServerConnection(shutdownReceived: () => boolean): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  const writer = new FrameWriter(process.stdout);
  reader.onError((err) => fatal(`malformed JSON-RPC message on stdin (${frameProblem(err)})`));
  reader.onPartialMessage((info) => fatal(`incomplete JSON-RPC message on stdin (no more data for ${info.waitingTime} ms)`));
  reader.onClose(() => process.exit(shutdownReceived() ? 0 : 1));
  writer.onError(() => fatal('cannot write to stdout'));
  const conn = createConnection(ProposedFeatures.all, reader, writer);
  // stdout carries the protocol: whatever a dependency prints goes to the client's log instead
  // (what vscode-languageserver does for its own --stdio transport).
  const toLog = (...args: unknown[]): void => conn.console.log(format(...args));
  /* eslint-disable no-console */
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
  /* eslint-enable no-console */
  return conn;
}
