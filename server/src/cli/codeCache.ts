/**
 * The CLI's launcher (bundled alone as dist/cli.js, the `iam-policy-lint` bin): runs the CLI bundle
 * (dist/cli-bundle.js) as the main module, compiled with a V8 code cache when one is there.
 *
 * Compiling the 1.5 MB bundle is a large part of a short run (see docs/performance.md): with the
 * cache V8 deserializes the code of the functions the last run used instead of parsing and
 * compiling them. The cache is one file per bundle and Node/V8 version in the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, `%LOCALAPPDATA%` on Windows; `IAM_POLICY_LINT_CODE_CACHE=<dir>`
 * chooses another, `=0` turns it off), written after a run that had none or whose cache V8
 * rejected. Anything wrong with it is harmless: a missing, stale (V8 checks its version, flags and
 * the source length), truncated or unwritable cache means a normal compile, never a failure.
 * Node ≥ 22.1 has its own (`module.enableCompileCache`); this works on Node 20.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Module from 'module';
import { flagsForCodeCache, tuneV8ForOneShot } from './v8tune';

/** The bundle this launcher runs, next to it (scripts/build.mjs). */
export const CLI_BUNDLE = 'cli-bundle.js';

interface ModuleInternals {
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, unknown>;
}

/** The cache folder, or undefined when turned off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.IAM_POLICY_LINT_CODE_CACHE;
  if (setting === '0' || setting === 'off' || setting === 'false') return undefined;
  if (setting) return setting;
  const base = process.platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : undefined);
  return base ? path.join(base, 'iam-policy-author') : undefined;
}

/**
 * The cache file of a bundle: its name, size and modification time (a rebuilt or upgraded bundle
 * gets a new file) and the Node version, V8 version and architecture (a cache only one V8 accepts).
 */
export function codeCacheFile(dir: string, bundle: string, stat: { size: number; mtimeMs: number }): string {
  const key = [process.version, process.versions.v8, process.arch, stat.size, Math.round(stat.mtimeMs)].join('-').replace(/[^\w.-]/g, '_');
  return path.join(dir, `${path.basename(bundle, '.js')}-${key}.v8cache`);
}

/**
 * Runs `bundle` as the main module, with the code cache. Returns what became of the cache, for
 * tests and measurements; `atExit` schedules the cache write (tests call it themselves).
 */
export function runWithCodeCache(bundle: string, env: NodeJS.ProcessEnv = process.env, atExit: (write: () => void) => void = (write) => process.once('exit', write)): 'off' | 'hit' | 'miss' | 'rejected' {
  const internals = Module as unknown as ModuleInternals;
  const mod = new Module(bundle, undefined);
  mod.filename = bundle;
  mod.paths = internals._nodeModulePaths(path.dirname(bundle));
  internals._cache[bundle] = mod;
  (process as { mainModule?: unknown }).mainModule = mod;
  const dir = codeCacheDir(env);
  if (!dir) {
    // No cache: Node's own loader, exactly as `node dist/cli-bundle.js` (require.main is this module).
    (mod as unknown as { load(file: string): void }).load(bundle);
    return 'off';
  }
  let source = fs.readFileSync(bundle, 'utf8');
  // A shebang is not JavaScript once wrapped: keep the line count (positions in stack traces).
  if (source.startsWith('#!')) source = '//' + source.slice(2);
  let file: string | undefined;
  let cached: Buffer | undefined;
  try {
    file = codeCacheFile(dir, bundle, fs.statSync(bundle));
    cached = fs.readFileSync(file);
  } catch {
    cached = undefined; // none yet (or unreadable): compile
  }
  // The bundle has no `import()` (scripts/build.mjs): a script compiled from a cache could not run one.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
  const fate = !cached ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  if (file && fate !== 'hit') {
    const target = file;
    // After the run, so the cache holds the functions the run compiled, not only the top level.
    atExit(() => writeCache(target, script));
  }
  const req = Module.createRequire(bundle);
  (req as { main: unknown }).main = mod;
  const wrapper = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return fate;
}

/** Writes the cache atomically (a temporary file renamed), removing this bundle's older caches; any failure is ignored. */
function writeCache(file: string, script: vm.Script): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // This bundle's older caches (other builds or Node versions): the four newest are kept.
    const stem = path.basename(file).replace(/-v\d.*$/, '-');
    const olds = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(stem) && f.endsWith('.v8cache') && f !== path.basename(file))
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of olds.slice(3)) fs.rmSync(path.join(dir, f), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // The flags as they were at the compile: the cache is stamped with them (v8tune.ts).
    flagsForCodeCache();
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    /* a read-only or full disk: the next run compiles again */
  }
}

if (require.main === module) {
  // Before the compile: the cache is stamped with the flags (see v8tune.ts).
  tuneV8ForOneShot();
  runWithCodeCache(path.join(__dirname, CLI_BUNDLE));
}
