/**
 * Many files across cores: the CLI lints a large tree in `worker_threads` when there are many files
 * and more than one core, with the same results in the same order as one thread.
 *
 * The worker runs the CLI's own bundle (`script`, dist/cli.js) with the command line's arguments and
 * working directory, so it parses the same options and lints each file with the very function the
 * main thread uses (`LintOne`); only file names go in and plain reports come out. Work is handed out
 * in small batches as workers become free (files differ in size), and results are put back at their
 * file's index. A worker that fails hands its unfinished files back to the main thread.
 *
 * `IAM_POLICY_LINT_WORKERS=N` forces N workers (0: one thread), whatever the number of files.
 */
import * as os from 'os';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import type { FileReport } from './report';

/** One file's outcome: its report, or why it could not be linted (an I/O or internal error). */
export interface LintOutcome {
  report?: FileReport;
  error?: string;
}

export type LintOne = (file: string) => Promise<LintOutcome>;

/** Below this many files one thread is faster: starting a worker and loading its data costs ~0.2 s of CPU. */
export const WORKER_MIN_FILES = 200;
const MAX_WORKERS = 8;
const WORKER_TAG = 'iam-policy-lint-worker';

interface WorkerInit {
  tag: typeof WORKER_TAG;
  argv: string[];
  cwd: string;
}

type ToWorker = { files: [number, string][] } | { done: true };
type FromWorker = { ready: true } | { results: [number, LintOutcome][] };

/** How many workers to use for `files` files (0: lint in this thread). */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env, cores = availableCores()): number {
  const forced = env.IAM_POLICY_LINT_WORKERS;
  if (forced !== undefined && forced.trim() !== '') {
    const n = Number(forced);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, MAX_WORKERS, files);
  }
  if (files < WORKER_MIN_FILES || cores < 2) return 0;
  return Math.min(cores, MAX_WORKERS, Math.ceil(files / (WORKER_MIN_FILES / 2)));
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface ParallelOptions {
  /** Number of workers; 0 lints every file here with `lintOne`. */
  workers: number;
  /** The script a worker runs: the CLI's own module (it calls `serveLintWorker` in a worker). */
  script: string;
  /** The command line's arguments and working directory, for the worker to parse as the CLI did. */
  argv: string[];
  cwd: string;
}

/** Lints `files`, in this thread or across workers; outcome i belongs to files[i] either way. */
export async function lintFiles(files: readonly string[], lintOne: LintOne, options: ParallelOptions): Promise<LintOutcome[]> {
  const outcomes: LintOutcome[] = new Array(files.length);
  if (options.workers <= 0 || files.length === 0) {
    for (let i = 0; i < files.length; i++) outcomes[i] = await lintOne(files[i]);
    return outcomes;
  }
  const queue: [number, string][] = files.map((f, i) => [i, f]);
  const batch = Math.max(4, Math.min(64, Math.ceil(files.length / (options.workers * 8))));
  const leftover: [number, string][] = [];
  const init: WorkerInit = { tag: WORKER_TAG, argv: options.argv, cwd: options.cwd };
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      let inFlight: [number, string][] = [];
      let settled = false;
      const worker = new Worker(options.script, { workerData: init, stdout: false, stderr: false });
      const finish = (): void => {
        if (settled) return;
        settled = true;
        leftover.push(...inFlight);
        inFlight = [];
        void worker.terminate();
        resolve();
      };
      const send = (): void => {
        inFlight = queue.splice(0, batch);
        const msg: ToWorker = inFlight.length ? { files: inFlight } : { done: true };
        worker.postMessage(msg);
        if (!inFlight.length) finish();
      };
      worker.on('message', (msg: FromWorker) => {
        if ('results' in msg) {
          for (const [i, outcome] of msg.results) outcomes[i] = outcome;
          inFlight = [];
        }
        send();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
    });
  await Promise.all(Array.from({ length: options.workers }, runWorker));
  // Files a failed worker did not finish, and any never handed out: linted here.
  leftover.push(...queue.splice(0));
  for (const [i, f] of leftover) outcomes[i] = await lintOne(f);
  for (let i = 0; i < files.length; i++) outcomes[i] ??= await lintOne(files[i]);
  return outcomes;
}

/** True in a worker started by `lintFiles`. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as WorkerInit | undefined)?.tag === WORKER_TAG;
}

/**
 * The worker's side: builds its `LintOne` from the command line (as the main thread did), then lints
 * each batch it is sent and posts the outcomes back, until told it is done.
 */
export function serveLintWorker(makeLintOne: (argv: string[], cwd: string) => LintOne): void {
  const port = parentPort;
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
