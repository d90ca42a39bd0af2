/**
 * `--cache`: each file's report kept on disk between runs, so a file whose text, settings and
 * engine are unchanged is not linted again (as `eslint --cache`, `prettier --cache`).
 *
 * One file of JSON lines (`.iampolicylintcache` in the working directory by default; `--cache-location`).
 * Its first line names the engine that wrote it: the tool's version, the CLI bundle's size and
 * modification time (a rebuilt bundle is another engine), the IAM reference data's version and date,
 * and Node's version. Any difference empties the cache. An entry is the report of one file, keyed by
 * its absolute path, and valid for the SHA-1 of its text (what was linted, not its modification
 * time: a checkout or a copy that keeps the text keeps the entry) and the file's settings (its
 * configuration and the command line's settings, and the severity threshold the report keeps).
 *
 * A missing, unreadable, corrupt or foreign cache file is an empty cache; a cache that cannot be
 * written is one warning on stderr, never a failure of the run. Entries of files this run did not
 * lint are kept while the file exists (a run over part of a tree keeps the rest's entries).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Crypto from 'crypto';
import type { FileReport } from './report';

/** The cache file's name when `--cache-location` is not given, or names a folder. */
export const DEFAULT_CACHE_FILE = '.iampolicylintcache';

/** Bumped when the file's layout or a report's shape changes. */
const CACHE_FORMAT = 2;

/** A cached report: everything but the path, which is the run's way of showing the file. */
export type CachedReport = Omit<FileReport, 'path'>;

/**
 * The file's first line: what wrote it. Then one line per file: `[absolute path, SHA-1 of the
 * text, index into settings]`, a tab, and the report as JSON (JSON text has no raw tab or line
 * break). Reports are kept as their UTF-8 JSON in memory too, and parsed only on a hit: kept as
 * strings or objects, the reports of the 1,594 AWS managed policies (2.9 MB) raised the peak RSS
 * by 16 MB (V8's heap grows by more than it keeps); as buffers, by their size.
 */
interface CacheHeader {
  format: number;
  engine: string;
  /** Settings keys, referred to by index from the entries (a long key is stored once). */
  settings: string[];
}

interface Entry {
  hash: string;
  settings: string;
  /** The report without its path, as UTF-8 JSON (outside V8's heap: a slice of the file read, or written by `set`). */
  json: Buffer;
}

let createHash: typeof Crypto.createHash | undefined;

/** The SHA-1 of a file's text, base64: the text an entry was linted from. */
export function textHash(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, not at start-up
  createHash ??= (require('crypto') as typeof Crypto).createHash;
  return createHash('sha1').update(text).digest('base64');
}

/** Where the cache is: `location` (a folder holds the default file name), else the default file in `cwd`. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const file = path.resolve(cwd, location);
  let isDir = /[\\/]$/.test(location);
  if (!isDir) {
    try {
      isDir = fs.statSync(file).isDirectory();
    } catch {
      isDir = false;
    }
  }
  return isDir ? path.join(file, DEFAULT_CACHE_FILE) : file;
}

/**
 * The engine's identity: anything that can change a report for the same text and settings. The
 * running bundle stands for the code (its size and modification time change with every build).
 */
export function engineIdentity(toolVersion: string, dataVersion: string, dataDate: string, code: string = __filename): string {
  let build = '';
  try {
    const st = fs.statSync(code);
    build = `${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    build = 'unknown';
  }
  return [toolVersion, build, dataVersion, dataDate, process.version].join('|');
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private changed = false;
  /** Paths whose entry this run looked up or stored: the others are kept only if the file exists. */
  private readonly seen = new Set<string>();
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    private readonly engine: string,
  ) {}

  /** A cache that knows nothing and is never written: a worker thread's (it hands new reports to the main thread's cache). */
  static empty(): ResultCache {
    return new ResultCache('', '');
  }

  /** The cache at `file` for `engine`: empty when the file is missing, unreadable, corrupt or written by another engine. */
  static load(file: string, engine: string): ResultCache {
    const cache = new ResultCache(file, engine);
    let buf: Buffer;
    let header: Partial<CacheHeader> | null;
    let start: number;
    try {
      buf = fs.readFileSync(file);
      start = buf.indexOf(NL);
      header = JSON.parse(buf.toString('utf8', 0, start < 0 ? buf.length : start)) as Partial<CacheHeader> | null;
    } catch {
      cache.changed = true;
      return cache;
    }
    if (start < 0 || !header || typeof header !== 'object' || header.format !== CACHE_FORMAT || header.engine !== engine || !Array.isArray(header.settings)) {
      cache.changed = true;
      return cache;
    }
    const settings = header.settings;
    for (let from = start + 1; from < buf.length; ) {
      let end = buf.indexOf(NL, from);
      if (end < 0) end = buf.length;
      const tab = buf.indexOf(TAB, from);
      let head: unknown;
      try {
        head = tab > from && tab < end ? JSON.parse(buf.toString('utf8', from, tab)) : undefined;
      } catch {
        head = undefined;
      }
      const h = head as [unknown, unknown, unknown] | undefined;
      if (Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string' && typeof h[2] === 'number' && typeof settings[h[2]] === 'string') {
        cache.entries.set(h[0], { hash: h[1], settings: settings[h[2]] as string, json: buf.subarray(tab + 1, end) });
      } else cache.changed = true;
      from = end + 1;
    }
    return cache;
  }

  /** The report cached for this file, text hash and settings key, or undefined. */
  get(abs: string, hash: string, settings: string): CachedReport | undefined {
    this.seen.add(abs);
    const e = this.entries.get(abs);
    if (e && e.hash === hash && e.settings === settings) {
      let report: unknown;
      try {
        report = JSON.parse(e.json.toString('utf8'));
      } catch {
        report = undefined;
      }
      if (validReport(report)) {
        this.hits++;
        return report;
      }
    }
    this.misses++;
    return undefined;
  }

  set(abs: string, hash: string, settings: string, report: FileReport): void {
    this.seen.add(abs);
    const { path: _path, ...kept } = report;
    this.entries.set(abs, { hash, settings, json: Buffer.from(JSON.stringify(kept), 'utf8') });
    this.changed = true;
  }

  /**
   * Writes the cache when it changed (atomically: a temporary file renamed over it). Entries of
   * files not seen this run are kept if the file still exists. Returns why it could not be
   * written, or undefined.
   */
  save(): string | undefined {
    for (const abs of this.entries.keys()) {
      if (this.seen.has(abs)) continue;
      if (!fs.existsSync(abs)) {
        this.entries.delete(abs);
        this.changed = true;
      }
    }
    if (!this.changed) return undefined;
    const settings: string[] = [];
    const index = new Map<string, number>();
    const chunks: Buffer[] = [];
    for (const [abs, e] of this.entries) {
      let i = index.get(e.settings);
      if (i === undefined) {
        i = settings.length;
        settings.push(e.settings);
        index.set(e.settings, i);
      }
      chunks.push(Buffer.from(`${JSON.stringify([abs, e.hash, i])}\t`, 'utf8'), e.json, NL_BUFFER);
    }
    const header: CacheHeader = { format: CACHE_FORMAT, engine: this.engine, settings };
    chunks.unshift(Buffer.from(JSON.stringify(header) + '\n', 'utf8'));
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = fs.openSync(tmp, 'w', 0o600); // reports quote the policies: the user's alone, as the code cache
      try {
        // In groups a system call takes (IOV_MAX is 1,024 on Linux).
        for (let i = 0; i < chunks.length; i += 1024) writeAll(fd, chunks.slice(i, i + 1024));
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      this.changed = false;
      return undefined;
    } catch (err) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing was written */
      }
      return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
  }
}

const NL = 0x0a;
const TAB = 0x09;
const NL_BUFFER = Buffer.from('\n');

/** Writes all of `chunks` (writev may write part of them). */
function writeAll(fd: number, chunks: Buffer[]): void {
  let left = chunks;
  while (left.length) {
    let n = fs.writevSync(fd, left);
    if (n <= 0) throw new Error('nothing written');
    let i = 0;
    while (i < left.length && n >= left[i].length) n -= left[i++].length;
    left = left.slice(i);
    if (n > 0) left[0] = left[0].subarray(n);
  }
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

/** A report as the cache file must hold it (a hand-edited or truncated file is not trusted). */
function validReport(r: unknown): r is CachedReport {
  const o = r as Partial<CachedReport> | null;
  if (!o || typeof o !== 'object' || typeof o.format !== 'string' || typeof o.policies !== 'number' || !Array.isArray(o.policyTypes) || !Array.isArray(o.diagnostics)) return false;
  for (const d of o.diagnostics as unknown[]) {
    const x = d as { code?: unknown; message?: unknown; severity?: unknown; range?: { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } } | null;
    if (!x || typeof x.code !== 'string' || typeof x.message !== 'string' || !SEVERITIES.has(x.severity as string)) return false;
    const r = x.range;
    if (!r || typeof r.start?.line !== 'number' || typeof r.start.character !== 'number' || typeof r.end?.line !== 'number' || typeof r.end.character !== 'number') return false;
  }
  return true;
}
