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
import { renderedFileJson, type FileReport, type SeverityThreshold } from './report';
import type { EngineSettings } from '../service';

/** The cache file's name when `--cache-location` is not given, or names a folder. */
export const DEFAULT_CACHE_FILE = '.iampolicylintcache';

/** Bumped when the file's layout or a report's shape changes. */
const CACHE_FORMAT = 4;

/** A cached report: everything but the path, which is the run's way of showing the file. */
export type CachedReport = Omit<FileReport, 'path'>;

/**
 * The file is JSON lines. The first: `{"format", "engine"}`, what wrote it. Then, in any order but
 * each settings line before the entries that use it: a settings line `[index, settings key]`
 * (a long key is stored once), and one line per file: `[absolute path, SHA-1 of the text, settings
 * index]`, a tab, and the report as the JSON report writes it, without its path
 * (`renderedFileJson`), its line breaks written as tabs: JSON.stringify never writes a raw tab or
 * line break inside a string, so each tab after the first is one of its line breaks. A hit in a
 * JSON run is then written without being serialised again.
 *
 * Memory: entries read from the file stay slices of its buffer (outside V8's heap) and are parsed
 * only on a hit; new reports are not kept at all but written, as they come, to the temporary file
 * that replaces the cache at the end. Kept as strings or objects, the reports of the 1,594 AWS
 * managed policies (2.9 MB) raised the peak RSS by 16 MB (V8's heap grows by more than it keeps).
 */
interface CacheHeader {
  format: number;
  engine: string;
}

interface Entry {
  hash: string;
  settings: string;
  /** The report without its path, as UTF-8 JSON: a slice of the cache file read. */
  json: Buffer;
}

/** The cache file being written: a temporary file renamed over the cache at the end. */
interface Writer {
  tmp: string;
  fd: number;
  /** Settings keys already written, and their index. */
  settings: Map<string, number>;
  /** Text not written yet (written in pieces of about `WRITE_CHARS`). */
  pending: string;
}

const WRITE_CHARS = 64 * 1024;
/** Settings indexes past this are not a cache this CLI wrote (one per configuration × override × threshold in use). */
const MAX_SETTINGS = 100_000;

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

/** A settings object and threshold as one string (settings objects are shared by the files that agree on them: memoised). */
const settingsKeys = new WeakMap<EngineSettings, Map<SeverityThreshold, string>>();
function settingsKey(settings: EngineSettings, threshold: SeverityThreshold): string {
  let byThreshold = settingsKeys.get(settings);
  if (!byThreshold) settingsKeys.set(settings, (byThreshold = new Map()));
  let key = byThreshold.get(threshold);
  if (key === undefined) byThreshold.set(threshold, (key = `${threshold} ${JSON.stringify(settings)}`));
  return key;
}

export class ResultCache {
  /** Entries read from the cache file (a new report replaces its file's entry). */
  private readonly entries = new Map<string, Entry>();
  /** Whether the file must be written: a new report, a dropped entry, or a file that was not a valid cache. */
  private changed = false;
  /** Paths whose entry this run looked up or stored: the others are kept only if the file exists. */
  private readonly seen = new Set<string>();
  private writer: Writer | undefined;
  /** Why the cache cannot be written, once a write failed (nothing more is tried). */
  private failure: string | undefined;
  /** Lookups answered from the cache (tests read it). */
  hits = 0;

  private constructor(
    readonly file: string,
    private readonly engine: string,
  ) {}

  /** A cache that knows nothing and is never written: a worker thread's (it hands new reports to the main thread's cache). */
  static empty(): ResultCache {
    const c = new ResultCache('', '');
    c.failure = 'not written';
    return c;
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
    if (start < 0 || !header || typeof header !== 'object' || header.format !== CACHE_FORMAT || header.engine !== engine) {
      cache.changed = true;
      return cache;
    }
    const settings: string[] = [];
    for (let from = start + 1; from < buf.length; ) {
      let end = buf.indexOf(NL, from);
      if (end < 0) end = buf.length;
      const tab = buf.indexOf(TAB, from);
      const headEnd = tab >= from && tab < end ? tab : end;
      let head: unknown;
      try {
        head = headEnd > from ? JSON.parse(buf.toString('utf8', from, headEnd)) : undefined;
      } catch {
        head = undefined;
      }
      const h = head as unknown[] | undefined;
      if (headEnd === end && Array.isArray(h) && h.length === 2 && Number.isInteger(h[0]) && (h[0] as number) >= 0 && (h[0] as number) < MAX_SETTINGS && typeof h[1] === 'string') {
        settings[h[0] as number] = h[1]; // a settings line
      } else if (headEnd < end && Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string' && typeof h[2] === 'number' && typeof settings[h[2]] === 'string') {
        cache.entries.set(h[0], { hash: h[1], settings: settings[h[2]], json: buf.subarray(tab + 1, end) });
      } else if (end > from) cache.changed = true;
      from = end + 1;
    }
    return cache;
  }

  /** The cached report of a file's text under its settings, or the key to store its new report under. */
  lookup(abs: string, display: string, text: string, settings: EngineSettings, threshold: SeverityThreshold): { report: FileReport; rendered: string } | { cacheEntry: [string, string, string] } {
    const hash = textHash(text);
    const key = settingsKey(settings, threshold);
    const hit = this.get(abs, hash, key);
    return hit ? { report: { path: display, ...hit.report }, rendered: hit.rendered } : { cacheEntry: [abs, hash, key] };
  }

  /** The report cached for this file, text hash and settings key (and its JSON as `renderedFileJson` wrote it), or undefined. */
  get(abs: string, hash: string, settings: string): { report: CachedReport; rendered: string } | undefined {
    this.seen.add(abs);
    const e = this.entries.get(abs);
    if (e && e.hash === hash && e.settings === settings) {
      let report: unknown;
      let rendered = '';
      try {
        rendered = e.json.toString('utf8').replace(TABS, '\n');
        report = JSON.parse(rendered);
      } catch {
        report = undefined;
      }
      if (validReport(report)) {
        this.hits++;
        return { report, rendered };
      }
    }
    return undefined;
  }

  /**
   * Stores a new report: written to the new cache file now, not kept. `rendered`: its
   * `renderedFileJson`, when the JSON report has already made it.
   */
  set(abs: string, hash: string, settings: string, report: FileReport, rendered?: string): void {
    this.seen.add(abs);
    this.entries.delete(abs);
    this.changed = true;
    if (rendered === undefined) {
      const { path: _path, ...kept } = report;
      rendered = renderedFileJson(kept);
    }
    this.write(abs, hash, settings, rendered.replace(NLS, '\t'));
  }

  /**
   * Finishes the cache file when it changed: the entries read that are still good (hits, and files
   * not linted this run that still exist) go after the new ones, and the temporary file replaces
   * the cache. Returns why it could not be written, or undefined.
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
    for (const [abs, e] of this.entries) this.write(abs, e.hash, e.settings, e.json.toString('utf8'));
    const w = this.open();
    if (!w) return this.failure;
    try {
      fs.writeSync(w.fd, w.pending);
      w.pending = '';
      fs.closeSync(w.fd);
      fs.renameSync(w.tmp, this.file);
      this.writer = undefined;
      this.changed = false;
      return undefined;
    } catch (err) {
      this.fail(err);
      return this.failure;
    }
  }

  /** Appends one entry (and its settings line, the first time) to the new cache file. */
  private write(abs: string, hash: string, settings: string, json: string): void {
    const w = this.open();
    if (!w) return;
    let i = w.settings.get(settings);
    if (i === undefined) {
      i = w.settings.size;
      w.settings.set(settings, i);
      w.pending += `${JSON.stringify([i, settings])}\n`;
    }
    w.pending += `${JSON.stringify([abs, hash, i])}\t${json}\n`;
    if (w.pending.length < WRITE_CHARS) return;
    try {
      fs.writeSync(w.fd, w.pending);
      w.pending = '';
    } catch (err) {
      this.fail(err);
    }
  }

  /** The new cache file, opened (with its header) on first use; undefined once a write failed. */
  private open(): Writer | undefined {
    if (this.failure !== undefined) return undefined;
    if (this.writer) return this.writer;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // Reports quote the policies: the user's alone, as the code cache.
      const fd = fs.openSync(tmp, 'w', 0o600);
      // A run that ends before `save` (an internal error) leaves no temporary file behind.
      process.once('exit', () => fs.rmSync(tmp, { force: true }));
      const header: CacheHeader = { format: CACHE_FORMAT, engine: this.engine };
      this.writer = { tmp, fd, settings: new Map(), pending: `${JSON.stringify(header)}\n` };
      return this.writer;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  private fail(err: unknown): void {
    this.failure = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const w = this.writer;
    this.writer = undefined;
    if (!w) return;
    try {
      fs.closeSync(w.fd);
    } catch {
      /* already closed */
    }
    try {
      fs.rmSync(w.tmp, { force: true });
    } catch {
      /* nothing to remove */
    }
  }
}

const NL = 0x0a;
/** A rendered report's line breaks, and the tabs that stand for them on its line of the cache file. */
const NLS = /\n/g;
const TABS = /\t/g;
const TAB = 0x09;
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
