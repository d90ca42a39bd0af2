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
 * How long a handler may work between two looks at the incoming messages after its first one. A
 * phase shorter than this does not give way again: a turn of the event loop per phase cost a
 * request as many turns, each of which waited for a slice of a long validation.
 */
export const CHECKPOINT_MS = 5;

/** When each request last gave way. */
const lastTurn = new WeakMap<CancellationToken, number>();

/**
 * Stops the request if the client cancelled it. Long handlers call it between their phases; the
 * work in between is synchronous, so this is where cancellation can take effect. The first
 * checkpoint of a request gives way once (`setImmediate`: the messages already sent to us are
 * read, a `$/cancelRequest` sent right behind the request among them); later ones only once the
 * request has worked CHECKPOINT_MS since it last did. A validation gives way for three turns
 * (service.ts `giveWay`), so this one turn never waits for one of its slices.
 */
export async function checkpoint(token: CancellationToken | undefined): Promise<void> {
  if (!token) return;
  if (token.isCancellationRequested) throw cancelled();
  const last = lastTurn.get(token);
  if (last !== undefined && performance.now() - last < CHECKPOINT_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastTurn.set(token, performance.now());
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
