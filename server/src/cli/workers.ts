/**
 * Many files across cores: the CLI lints a large tree in `worker_threads` when there are many files
 * and more than one core, with the same results in the same order as one thread.
 *
 * The worker runs the CLI's own bundle (`script`, dist/cli.js) with the command line's arguments and
 * working directory, so it parses the same options and lints each file with the very function the
 * main thread uses (`LintOne`); only file names go in and plain reports come out. Work is handed out
 * in small batches as threads become free (files differ in size); the main thread lints batches too.
 * Results are put back at their file's index. A worker that fails hands its unfinished files back to
 * the main thread.
 *
 * `IAM_POLICY_LINT_WORKERS=N` forces N workers besides the main thread (0: one thread), whatever the
 * number of files.
 */
import * as os from 'os';
import type * as WorkerThreads from 'worker_threads';
import type { FileReport } from './report';

/**
 * Node's `worker_threads`, loaded when a worker is started or the process is one (≈ 1.6 ms of a
 * one-file run's start-up otherwise, for a module a run on fewer than 4 cores never uses).
 */
function workerThreads(): typeof WorkerThreads {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, not at start-up
  return require('worker_threads') as typeof WorkerThreads;
}

/**
 * One file's outcome: its report, or why it could not be linted (an I/O or internal error); none of
 * the two for a file the configuration ignores. Plain data: a worker posts it back.
 */
export interface LintOutcome {
  report?: FileReport;
  error?: string;
  /** --fix-dry-run: the unified diff of the safe fixes. */
  diff?: string;
  /** --fix: the file was rewritten. */
  fixed?: boolean;
  /** Configuration files that could not be read or are invalid (from a worker's own lookup). */
  configErrors?: string[];
  /** --cache: the report came from the cache, and this is its JSON as the JSON report writes it (without the path). */
  rendered?: string;
  /** --cache: the report is new; the cache stores it under [absolute path, text hash, settings key]. */
  cacheEntry?: [string, string, string];
}

export type LintOne = (file: string) => Promise<LintOutcome>;

/**
 * Below this many files one thread is faster. A worker pays more than loading its data (~0.2 s of
 * CPU): it warms up its own JIT and caches, which cost ~2.5× a warm pass. Measured on 2 cores
 * (scripts/bench-cli.mjs, 5,000 files): one thread 12.3 s wall / 13.2 s CPU, one worker + the main
 * thread 19.5 s / 19.8 s (0.63×) with another build running. So workers start only with
 * WORKER_MIN_CORES cores, where the extra warm-up is shared by enough threads to pay.
 */
export const WORKER_MIN_FILES = 1000;
/** With fewer cores one thread is as fast (two cores: the second is busy with the worker's own warm-up). */
export const WORKER_MIN_CORES = 4;
const MAX_WORKERS = 8;
const WORKER_TAG = 'iam-policy-lint-worker';
/** Appended to a lint worker's `process.argv`: without it, no thread of this process is one (no module load to find out). */
const WORKER_ARG = '--iam-policy-lint-worker-thread';

interface WorkerInit {
  tag: typeof WORKER_TAG;
  argv: string[];
  cwd: string;
}

type ToWorker = { files: [number, string][] } | { done: true };
type FromWorker = { ready: true } | { results: [number, LintOutcome][] };

/** How many worker threads to start besides this one for `files` files (0: lint in this thread only). */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env, cores = availableCores()): number {
  const forced = env.IAM_POLICY_LINT_WORKERS;
  if (forced !== undefined && forced.trim() !== '') {
    const n = Number(forced);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, MAX_WORKERS, files);
  }
  if (files < WORKER_MIN_FILES || cores < WORKER_MIN_CORES) return 0;
  // This thread lints too: one worker fewer than cores.
  return Math.min(cores - 1, MAX_WORKERS, Math.ceil(files / WORKER_MIN_FILES));
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface ParallelOptions {
  /** Number of worker threads besides this one; 0 lints every file here with `lintOne`. */
  workers: number;
  /** Whether this thread lints files too while the workers run (default true). */
  alsoHere?: boolean;
  /** The script a worker runs: the CLI's own module (it calls `serveLintWorker` in a worker). */
  script: string;
  /** The command line's arguments and working directory, for the worker to parse as the CLI did. */
  argv: string[];
  cwd: string;
}

/**
 * Lints `files`, in this thread or across workers; outcome i belongs to files[i] either way. With
 * `each`, the outcomes are handed to it in file order instead of returned (in this thread, each one
 * as soon as its file is linted, so none is kept).
 */
export async function lintFiles(files: readonly string[], lintOne: LintOne, options: ParallelOptions, each?: (outcome: LintOutcome) => unknown): Promise<LintOutcome[]> {
  if (each && (options.workers <= 0 || files.length === 0)) {
    for (let i = 0; i < files.length; i++) await handOn(each, await lintOne(files[i]));
    return [];
  }
  const outcomes: LintOutcome[] = new Array(files.length);
  if (options.workers <= 0 || files.length === 0) {
    for (let i = 0; i < files.length; i++) outcomes[i] = await lintOne(files[i]);
    return outcomes;
  }
  const queue: [number, string][] = files.map((f, i) => [i, f]);
  const threads = options.workers + (options.alsoHere === false ? 0 : 1);
  const batch = Math.max(4, Math.min(64, Math.ceil(files.length / (threads * 8))));
  const leftover: [number, string][] = [];
  const init: WorkerInit = { tag: WORKER_TAG, argv: options.argv, cwd: options.cwd };
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      // Two batches in flight, so a worker never waits for this (busy) thread to send the next one.
      const inFlight: [number, string][][] = [];
      let settled = false;
      const worker = new (workerThreads().Worker)(options.script, { workerData: init, stdout: false, stderr: false, argv: [WORKER_ARG] });
      const finish = (): void => {
        if (settled) return;
        settled = true;
        for (const b of inFlight.splice(0)) leftover.push(...b);
        void worker.terminate();
        resolve();
      };
      const send = (): void => {
        if (settled) return;
        const files = queue.splice(0, batch);
        if (files.length) {
          inFlight.push(files);
          worker.postMessage({ files } satisfies ToWorker);
        } else if (!inFlight.length) {
          worker.postMessage({ done: true } satisfies ToWorker);
          finish();
        }
      };
      worker.on('message', (msg: FromWorker) => {
        if ('results' in msg) {
          for (const [i, outcome] of msg.results) outcomes[i] = outcome;
          inFlight.shift();
        } else send();
        send();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
    });
  // This thread lints too, batch by batch, yielding between batches so the workers' messages are served.
  const runHere = async (): Promise<void> => {
    if (options.alsoHere === false) return;
    for (let files = queue.splice(0, batch); files.length; files = queue.splice(0, batch)) {
      for (const [i, f] of files) outcomes[i] = await lintOne(f);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all([...Array.from({ length: options.workers }, runWorker), runHere()]);
  // Files a failed worker did not finish, and any never handed out: linted here.
  leftover.push(...queue.splice(0));
  for (const [i, f] of leftover) outcomes[i] = await lintOne(f);
  for (let i = 0; i < files.length; i++) outcomes[i] ??= await lintOne(files[i]);
  if (!each) return outcomes;
  // As in one thread (else every report would wait in memory, and each wait would add listeners to standard output).
  for (const outcome of outcomes) await handOn(each, outcome);
  return [];
}

/** Hands an outcome to `each`, waiting when it hands back a promise (the output must drain first: index.ts, CliIo.drained). */
async function handOn(each: (outcome: LintOutcome) => unknown, outcome: LintOutcome): Promise<void> {
  const wait = each(outcome);
  if (wait instanceof Promise) await wait;
}

/** True in a worker started by `lintFiles`. */
export function isLintWorker(): boolean {
  if (!process.argv.includes(WORKER_ARG)) return false;
  const { isMainThread, workerData } = workerThreads();
  return !isMainThread && (workerData as WorkerInit | undefined)?.tag === WORKER_TAG;
}

/**
 * The worker's side: builds its `LintOne` from the command line (as the main thread did), then lints
 * each batch it is sent and posts the outcomes back, until told it is done.
 */
export function serveLintWorker(makeLintOne: (argv: string[], cwd: string) => LintOne): void {
  const { parentPort: port, workerData } = workerThreads();
  if (!port) return;
  const init = workerData as WorkerInit;
  const lintOne = makeLintOne(init.argv, init.cwd);
  port.on('message', (msg: ToWorker) => {
    if ('done' in msg) {
      port.close();
      return;
    }
    void (async () => {
      const results: [number, LintOutcome][] = [];
      for (const [i, file] of msg.files) results.push([i, await lintOne(file)]);
      const reply: FromWorker = { results };
      port.postMessage(reply);
    })();
  });
  const ready: FromWorker = { ready: true };
  port.postMessage(ready);
}
