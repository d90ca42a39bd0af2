/**
 * What every request handler of the LSP edge shares: the guard (an exception is logged without
 * document text and answered with the handler's fallback, never kills the server; a cancellation
 * answers RequestCancelled) and the cancellation checkpoint long handlers call between phases.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export type ErrorLog = (where: string, err: unknown) => void;
export type Guard = <P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R | Promise<R>) => (...args: P) => Promise<R>;

/** A guard that logs through `log` (only the handler name and the error). */
export function makeGuard(log: ErrorLog): Guard {
  return <P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R | Promise<R>) =>
    async (...args: P): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError) throw err; // a cancelled request answers RequestCancelled
        log(name, err);
        return fallback;
      }
    };
}

/** The answer to a request the client cancelled. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/**
 * Lets the messages already sent to us be read (a `$/cancelRequest` among them), then stops the
 * request if the client cancelled it. Long handlers call it between their phases; the work in
 * between is synchronous, so this is where cancellation can take effect.
 */
export async function checkpoint(token: CancellationToken | undefined): Promise<void> {
  if (!token) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw cancelled();
}

/**
 * `work`'s result, unless the client cancels first: then RequestCancelled at once (the work itself
 * goes on for whoever else waits for it: a document's settings, an adapter's grammar).
 */
export function unlessCancelled<T>(work: Promise<T>, token: CancellationToken | undefined): Promise<T> {
  if (!token) return work;
  if (token.isCancellationRequested) return Promise.reject(cancelled());
  let sub: { dispose(): void } | undefined;
  const stop = new Promise<never>((_, reject) => {
    sub = token.onCancellationRequested(() => reject(cancelled()));
  });
  return Promise.race([work, stop]).finally(() => sub?.dispose());
}
