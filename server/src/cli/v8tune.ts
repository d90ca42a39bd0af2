/**
 * V8 settings for a one-shot CLI run, shared by the launcher (dist/cli.js, server/src/cli/codeCache.ts)
 * and the CLI bundle. The launcher applies them before it compiles the bundle: V8 stamps a code
 * cache with a hash of its flags and rejects a cache made under other flags, so flags set after the
 * compile (as the bundle alone did) made every run reject the cache the previous run wrote and
 * write it again. Setting the same value twice leaves the hash as it is.
 */
import * as v8 from 'v8';

/**
 * V8's tier-up for a one-shot run. By default V8 hands a function to its optimising compiler
 * (TurboFan, on background threads) after a small budget of bytecode has run; on a CLI run over
 * the 1,594-policy corpus that compiled hundreds of functions that ran only a few more times:
 * about a quarter of the process's CPU time, and compiler memory. Four to ten times that budget
 * optimises only what stays hot (the warm per-policy cost is the same after two passes). Set
 * before any linting runs (a function's budget is taken when its feedback is first allocated);
 * an `--interrupt-budget` given to node itself (command line or NODE_OPTIONS) wins.
 */
export const CLI_INTERRUPT_BUDGET = 600_000;
export function tuneV8ForOneShot(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (execArgv.some((a) => a.includes('interrupt-budget')) || nodeOptions.includes('interrupt-budget')) return false;
  try {
    v8.setFlagsFromString(`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`);
    return true;
  } catch {
    return false;
  }
}
