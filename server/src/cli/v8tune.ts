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
/**
 * TurboFan's inlining budget for a one-shot run (bytecode size inlined into one optimised function
 * in all; V8's default 920). Halved, the optimising compiler's background work over the corpus is
 * about a quarter less (all threads: 11.8 → 10.9 G instructions by valgrind), its zone memory
 * (malloc arenas of the compiler threads) ~2 MB less at the peak, and the main thread's time the same.
 */
export const CLI_INLINING_BUDGET = 230;
/** Sets the CLI's V8 flags (each unless node's own command line or NODE_OPTIONS names it); returns whether the interrupt budget was set. */
export function tuneV8ForOneShot(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const userSets = (flag: string): boolean => execArgv.some((a) => a.includes(flag)) || nodeOptions.includes(flag);
  if (!userSets('max-inlined-bytecode-size-cumulative')) setFlag(`--max-inlined-bytecode-size-cumulative=${CLI_INLINING_BUDGET}`);
  if (userSets('interrupt-budget')) return false;
  return setFlag(`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`);
}

function setFlag(flag: string): boolean {
  try {
    v8.setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}

/**
 * The young generation's cap for a one-shot run, in bytes per semi-space. V8 doubles the new space
 * (two semi-spaces) each time as many bytes as it holds have survived scavenges, up to 16 MB
 * semi-spaces on 64-bit: over the corpus it reached that by the 16th file, 32 MB of the run's
 * ~121 MB peak RSS. Capped at 8 MB (what `--max-semi-space-size=8` gives, which a process cannot set
 * for itself once its heap exists) the peak is ~16 MB lower for the same instructions (valgrind): the
 * scavenges are twice as many but each as cheap, and what survives is the same.
 */
export const CLI_SEMI_SPACE_CAP = 8 * 1024 * 1024;
/** V8's default for the flag the cap sets (`node --v8-options`). */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Whether node's own command line or NODE_OPTIONS sets the young generation (then the CLI leaves it alone). */
export function youngGenerationSetByUser(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return execArgv.some((a) => a.includes('semi-space')) || nodeOptions.includes('semi-space');
}

/**
 * Stops the young generation's growth once its semi-spaces have reached `CLI_SEMI_SPACE_CAP`: V8
 * reads `--semi-space-growth-factor` each time it grows the new space, so 1 from then on keeps it
 * at that size. Called after each file (cheap: one statistics call) until it returns true. The
 * changed flag changes V8's flag hash, which stamps a code cache: the launcher sets it back before
 * writing one (`flagsForCodeCache`), or every run would reject the cache the previous one wrote.
 */
export function capYoungGeneration(cap = CLI_SEMI_SPACE_CAP): boolean {
  const spaces = v8.getHeapSpaceStatistics();
  for (let i = 0; i < spaces.length; i++) {
    const s = spaces[i];
    if (s.space_name !== 'new_space') continue;
    // space_size: both semi-spaces.
    if (s.space_size < 2 * cap) return false;
    try {
      v8.setFlagsFromString('--semi-space-growth-factor=1');
    } catch {
      /* an embedder that refuses flag changes: nothing capped, nothing to retry */
    }
    return true;
  }
  return true; // no new space reported: nothing to cap
}

/**
 * Puts back the flags `capYoungGeneration` may have changed during the run, before the launcher
 * writes a code cache: V8 stamps the cache with a hash of the flags, and the next run compiles
 * before any cap. Leaves a user's own setting (command line, NODE_OPTIONS) alone.
 */
export function flagsForCodeCache(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): void {
  if (youngGenerationSetByUser(execArgv, nodeOptions)) return;
  try {
    v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
  } catch {
    /* as above */
  }
}
