/**
 * A tiny sequential test harness for the editor tests (no mocha: nothing to bundle but our code).
 * Tests register with `test(name, fn)`; `runAll()` runs them in order, each under a time limit,
 * logs one line per test and returns the number of failures.
 */

export interface TestCase {
  name: string;
  fn: () => Promise<void>;
  timeoutMs: number;
}

const tests: TestCase[] = [];

export function test(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
  tests.push({ name, fn, timeoutMs });
}

/** Test output; the runners forward the extension host's console to their own stdout. */
export function log(line: string): void {
  // eslint-disable-next-line no-console
  console.log(`[e2e] ${line}`);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export interface RunSummary {
  passed: string[];
  failed: { name: string; error: string }[];
}

export async function runAll(filter?: string): Promise<RunSummary> {
  const summary: RunSummary = { passed: [], failed: [] };
  const selected = filter ? tests.filter((t) => t.name.includes(filter)) : tests;
  if (selected.length === 0) throw new Error(`no editor test matches ${JSON.stringify(filter)}`);
  for (const t of selected) {
    const started = Date.now();
    try {
      await withTimeout(t.fn(), t.timeoutMs, `test "${t.name}"`);
      summary.passed.push(t.name);
      log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      const e = err as Error;
      summary.failed.push({ name: t.name, error: e?.stack ?? String(err) });
      log(`FAIL ${t.name} (${Date.now() - started} ms)\n${e?.stack ?? String(err)}`);
    }
  }
  log(`${summary.passed.length} passed, ${summary.failed.length} failed`);
  return summary;
}
