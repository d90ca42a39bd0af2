/**
 * The CLI's file layer: which files a list of paths and globs names (a .gitignore-aware walk that
 * follows symlinks once per real directory) and reading one file safely (regular files only, size
 * limit, BOM dropped). An injectable fs layer lets tests produce errors a root run cannot.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { CANDIDATE_FILE } from '../adapters';

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

/** The read buffer kept between files, up to this size (a larger one, for a large file, is let go). */
const KEEP_READ_BUFFER = 1024 * 1024;
let shared: Buffer | undefined;

/** A buffer of at least `n` bytes for one read (its content is garbage): the kept one when large enough. */
function readBuffer(n: number): Buffer {
  if (shared && shared.length >= n) return shared;
  // Rounded up to 64 KB so a run of growing files does not reallocate at each one.
  return Buffer.allocUnsafe(n <= KEEP_READ_BUFFER ? Math.max(64 * 1024, Math.ceil(n / 65536) * 65536) : n);
}

/**
 * Reads a lintable file: regular files only, at most `maxBytes`. Opened non-blocking (a named pipe
 * swapped in after the check cannot block) and checked on the open descriptor, then read with a
 * bound (a file that grows or lies about its size is not read past the limit). A UTF-8 byte order
 * mark is dropped, as editors do when they load a file: the text and every line:column reported
 * are then those the editor shows (the language server never sees the mark either).
 *
 * `regular`: the caller already saw a regular file at this path (the directory walk's entry type):
 * the `stat` before the open is skipped, the checks on the open descriptor still apply. Otherwise a
 * path that is not a regular file (a device, a pipe) is refused without being opened.
 * System calls for the usual file: open, fstat, one read, close.
 */
export function readInputFile(file: string, fsl: CliFs = NODE_FS, maxBytes = MAX_INPUT_BYTES, regular = false): { text: string } | { error: string } {
  let fd: number;
  try {
    if (!regular) {
      const st = fsl.statSync(file);
      if (!st.isFile()) return { error: `${file}: ${fileKind(st)}, not linted` };
      if (st.size > maxBytes) return { error: `${file}: ${formatBytes(st.size)} is over the ${formatBytes(maxBytes)} input limit, not linted` };
    }
    fd = fsl.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (err) {
    return { error: `cannot read ${file}: ${describeFsError(err)}` };
  }
  try {
    const st = fsl.fstatSync(fd);
    if (!st.isFile()) return { error: `${file}: ${fileKind(st)}, not linted` };
    if (st.size > maxBytes) return { error: `${file}: ${formatBytes(st.size)} is over the ${formatBytes(maxBytes)} input limit, not linted` };
    // One buffer of at least the file's size + 1 (the extra byte sees the end without a second
    // buffer), grown only if the file grows while read. The buffer is the module's, reused from
    // file to file (the text is decoded out of it): no allocation per file. (It was two 64 KB
    // buffers and a concatenation per file: 200 MB of short-lived memory over 1,594 small files;
    // then one buffer per file.)
    const size = st.size;
    let buf = readBuffer(Math.min(size > 0 ? size + 1 : 64 * 1024, maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = fsl.readSync(fd, buf, total, buf.length - total, null);
      if (n <= 0) break;
      total += n;
      if (total > maxBytes) return { error: `${file}: over the ${formatBytes(maxBytes)} input limit, not linted` };
      // The size fstat gave, read in a read that did not fill the buffer: the end (no second read
      // to see 0). A file that reads longer than its size fills the buffer and is read on.
      if (total === size && total < buf.length) break;
    }
    let text = buf.toString('utf8', 0, total);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    shared = buf.length <= KEEP_READ_BUFFER ? buf : undefined;
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

/** Strings at least this long are encoded by `utf8Bytes` before they are written (shorter ones: the stream encodes them). */
export const ENCODE_ABOVE_CHARS = 4096;
const UTF8 = new TextEncoder();

/**
 * A string's UTF-8 bytes, as `Buffer.from(s, 'utf8')` (lone surrogates as U+FFFD) and as a stream
 * encodes a string written to it, in one pass: `encodeInto` a buffer of three bytes per UTF-16 unit
 * (the most any unit takes) instead of measuring the bytes (one pass, `Utf8Length`) and then
 * writing them (a second). The JSON report (4 MB for the corpus) was encoded that way twice over.
 */
export function utf8Bytes(s: string): Buffer {
  const buf = Buffer.allocUnsafe(s.length * 3);
  const { written } = UTF8.encodeInto(s, buf);
  return buf.subarray(0, written);
}

// ---- file discovery ---------------------------------------------------------------------

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);
const GLOB_CHARS = /[*?[\]{}]/;

/** One .gitignore: its patterns apply to paths relative to its folder (`rel`, from the walk root). */
interface IgnoreLevel {
  rel: string;
  ig: Ignore;
  /** For a .gitignore of a folder above the walk root: the walk root's path from that folder (`policies/`). */
  prefix?: string;
}

/**
 * The .gitignore files of the folders above a walk root, up to the repository root (the nearest
 * folder holding `.git`), outermost first: git applies them to the subfolder too. Outside a
 * repository there are none (a stray .gitignore in a parent folder is not git's business).
 */
function ancestorGitignores(root: string, fsl: CliFs): IgnoreLevel[] {
  const abs = path.resolve(root);
  const chain: string[] = [];
  let d = abs;
  for (;;) {
    try {
      fsl.statSync(path.join(d, '.git'));
      break; // d is the repository root
    } catch {
      /* not the root */
    }
    const parent = path.dirname(d);
    if (parent === d) return []; // not inside a repository
    chain.push(parent);
    d = parent;
  }
  if (d === abs) return [];
  const levels: IgnoreLevel[] = [];
  for (const dir of chain.reverse()) {
    let text: string;
    try {
      text = fsl.readFileSync(path.join(dir, '.gitignore')).toString('utf8');
    } catch {
      continue;
    }
    try {
      levels.push({ rel: '', ig: ignore().add(text), prefix: path.relative(dir, abs).split(path.sep).join('/') + '/' });
    } catch {
      /* unusable patterns: git would skip them too */
    }
  }
  return levels;
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
    const sub = level.prefix !== undefined ? level.prefix + rel : level.rel ? rel.slice(level.rel.length + 1) : rel;
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
  /**
   * The file's real path when the walk knows it without asking the file system (an entry that is
   * not a link, in a folder whose real path the walk resolved); else it is resolved at the end.
   */
  real?: string;
  /** The walk saw a regular file here (its entry type, or the link's target): read without a `stat` first. */
  regular?: boolean;
}

interface WalkItem {
  dir: string;
  rel: string;
  levels: IgnoreLevel[];
  viaLink: boolean;
  /** The folder's real path (set when it is entered). */
  real?: string;
}

/**
 * Walks a directory: .gitignore-aware, symbolic links followed. Directories are walked once per
 * real path (loop protection); directories reached through a link are walked after the others, so
 * a file found both ways is reported under its own path. Directories that cannot be read and links
 * that cannot be resolved are reported, never skipped silently.
 */
function walk(root: string, accept: (file: string) => boolean, out: Found[], errors: string[], fsl: CliFs): void {
  const visited = new Set<string>();
  /** The folder's real path when it is to be walked (not seen before and resolvable), else undefined. */
  const enter = (dir: string): string | undefined => {
    let real: string;
    try {
      real = fsl.realpathSync(dir);
    } catch (err) {
      errors.push(`cannot read directory ${dir}: ${describeFsError(err)}`);
      return undefined;
    }
    if (visited.has(real)) return undefined;
    visited.add(real);
    return real;
  };
  const rootReal = enter(root);
  if (rootReal === undefined) return;
  const stack: WalkItem[] = [{ dir: root, rel: '', levels: loadGitignore(root, '', ancestorGitignores(root, fsl), fsl), viaLink: false, real: rootReal }];
  const linked: WalkItem[] = [];
  for (;;) {
    let item = stack.pop();
    if (!item) {
      // Linked directories are entered (and their real path checked) only when their turn comes.
      const l = linked.shift();
      if (!l) break;
      const real = enter(l.dir);
      if (real === undefined) continue;
      item = { ...l, levels: loadGitignore(l.dir, l.rel, l.levels, fsl), real };
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
        out.push({ path: full, viaLink: item.viaLink || isLink, real: isLink || item.real === undefined ? undefined : path.join(item.real, e.name), regular: true });
      }
      // Other entries (named pipes, sockets, devices) are not policy files.
    }
    for (let i = dirs.length - 1; i >= 0; i--) {
      const d = dirs[i];
      const real = enter(d.dir);
      if (real !== undefined) stack.push({ ...d, levels: loadGitignore(d.dir, d.rel, d.levels, fsl), real });
    }
  }
}
/**
 * The files to lint for the command-line inputs: files as given, directories walked, globs matched
 * by a walk from their base. Every input that yields nothing because of an error is reported with
 * what really happened. A file reached by several paths (links, overlapping inputs) is linted once.
 * `regular`: the files already seen as regular files, by the walk or the stat of a named input
 * (`readInputFile` skips its `stat` for them).
 */
export function discoverFiles(inputs: string[], fsl: CliFs = NODE_FS): { files: string[]; errors: string[]; regular: Set<string> } {
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
      // A regular file is read without another stat; anything else is refused when read (with what it is).
      else found.push({ path: input, viaLink: false, regular: st.isFile() });
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
  const regular = new Set<string>();
  for (const f of ordered) {
    let key = f.real;
    if (key === undefined) {
      try {
        key = fsl.realpathSync(f.path);
      } catch {
        key = path.resolve(f.path);
      }
    }
    if (seen.has(key)) continue;
    seen.add(key);
    files.push(f.path);
    if (f.regular) regular.add(f.path);
  }
  return { files, errors, regular };
}

