import * as fs from 'fs';
import * as path from 'path';
import type { Language, Parser as TsParser, Edit, Tree, TreeCursor } from '@vscode/tree-sitter-wasm';

/**
 * The tree-sitter runtime (web-tree-sitter from @vscode/tree-sitter-wasm) and its grammars, loaded
 * once, lazily: nothing here runs until the first CDK file asks for it, so JSON/YAML users pay
 * nothing. `initCdk()` loads the runtime; each grammar loads on first use of its language (async);
 * until both are ready the synchronous adapter reports the file as pending (see index.ts).
 */

export type CdkLanguage = 'typescript' | 'javascript' | 'python' | 'java' | 'csharp' | 'go';

/** Grammar file per supported language (the VSIX ships only these, see scripts/build.mjs). */
export const GRAMMAR_FILES: Record<CdkLanguage, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  go: 'tree-sitter-go.wasm',
};
export const RUNTIME_WASM = 'tree-sitter.wasm';

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');

let mod: TreeSitterModule | undefined;
let runtimePromise: Promise<void> | undefined;
let runtimeFailed: string | undefined;
const languages = new Map<CdkLanguage, Language>();
const languagePromises = new Map<CdkLanguage, Promise<Language | undefined>>();
const parsers = new Map<CdkLanguage, TsParser>();

/** Where the .wasm files are: next to the bundle (dist/), else in the installed package (found once; the package is resolved only when needed). */
function wasmDir(): string {
  if (foundWasmDir !== undefined) return foundWasmDir;
  const has = (d: string): boolean => fs.existsSync(path.join(d, RUNTIME_WASM));
  let dir = [__dirname, path.join(__dirname, 'wasm')].find(has);
  if (!dir) {
    try {
      const d = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
      if (has(d)) dir = d;
    } catch {
      /* bundled: the build copies the files next to the bundle */
    }
  }
  return (foundWasmDir = dir ?? __dirname);
}
let foundWasmDir: string | undefined;

/** Loads the runtime (once). Resolves even when loading fails: the adapter then stays silent. */
export function initRuntime(): Promise<void> {
  runtimePromise ??= (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require('@vscode/tree-sitter-wasm') as TreeSitterModule;
      const dir = wasmDir();
      // Emscripten makes the options object the module itself: its exports are the raw cursor calls (rawCursor).
      const options: { locateFile: (f: string) => string } & Record<string, unknown> = { locateFile: (f: string) => path.join(dir, f) };
      await m.Parser.init(options);
      mod = m;
      raw = rawCursorOf(options);
    } catch (err) {
      runtimeFailed = String((err as Error)?.message ?? err);
    }
  })();
  return runtimePromise;
}

/** Loads one grammar (once, after the runtime). Undefined when it cannot be loaded. */
export function loadLanguage(lang: CdkLanguage): Promise<Language | undefined> {
  let p = languagePromises.get(lang);
  if (!p) {
    p = (async () => {
      await initRuntime();
      if (!mod) return undefined;
      try {
        const language = await mod.Language.load(path.join(wasmDir(), GRAMMAR_FILES[lang]));
        languages.set(lang, language);
        return language;
      } catch (err) {
        runtimeFailed = String((err as Error)?.message ?? err);
        return undefined;
      }
    })();
    languagePromises.set(lang, p);
  }
  return p;
}

/**
 * The runtime's own cursor calls, without web-tree-sitter's wrapper: each wrapper call copies the
 * cursor (four integers) into the transfer buffer before the call and, for a move, back out after
 * it, through generic `setValue`/`getValue` helpers. The wasm functions themselves read the cursor
 * from the transfer buffer and write a move back there, so a walk that makes no other call in
 * between can leave the cursor in the buffer: one wasm call per move or field, nothing else.
 * `load(c)` puts a wrapper cursor into the buffer, `store(c)` copies the buffer back into it.
 * Read from the module object the runtime was initialised with (emscripten's `Module`); undefined
 * when a runtime build lacks one of these exports (the mirror then walks with the wrapper).
 */
export interface RawCursor {
  /** The calls, each taking the tree's address (`tree[0]`); ask once per walk (kept once the exports are the wasm functions: rawCursorOf). */
  calls(): RawCursorCalls;
  load(c: TreeCursor): void;
  store(c: TreeCursor): void;
}

export interface RawCursorCalls {
  gotoFirstChild(tree: number): number;
  gotoNextSibling(tree: number): number;
  gotoParent(tree: number): number;
  typeId(tree: number): number;
  isNamed(tree: number): number;
  fieldId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
}

let raw: RawCursor | undefined;

/** The raw cursor calls (see RawCursor), once the runtime is loaded and when its build has them. */
export function rawCursor(): RawCursor | undefined {
  return raw;
}

type WasmFn = (a: number) => number;

function rawCursorOf(m: Record<string, unknown>): RawCursor | undefined {
  const fullName = (n: string): string => (n.startsWith('node_') || n === 'field_id' ? `_ts_tree_cursor_current_${n}_wasm` : n.endsWith('_index') ? `_ts_tree_cursor_${n}_wasm` : `_ts_tree_cursor_goto_${n}_wasm`);
  const names: Record<keyof RawCursorCalls, string> = {
    gotoFirstChild: fullName('first_child'),
    gotoNextSibling: fullName('next_sibling'),
    gotoParent: fullName('parent'),
    typeId: fullName('node_type_id'),
    isNamed: fullName('node_is_named'),
    fieldId: fullName('field_id'),
    startIndex: fullName('start_index'),
    endIndex: fullName('end_index'),
  };
  if (!Object.values(names).every((n) => typeof m[n] === 'function') || typeof m._ts_init !== 'function' || typeof m.getValue !== 'function' || typeof m.setValue !== 'function') return undefined;
  // The exports replace themselves with the wasm functions on first use: read again per walk until
  // two reads in a row give the same functions, then kept (a wide splice reads thousands of small
  // subtrees, each a walk: building the names and the object each time was 13 % of the CPU of edits
  // that re-read most of a 3,000-line stack).
  const keys = Object.keys(names) as (keyof RawCursorCalls)[];
  const tb = (m._ts_init as () => number)();
  if (typeof tb !== 'number' || tb <= 0) return undefined;
  const getValue = m.getValue as (ptr: number, type: string) => number;
  const setValue = m.setValue as (ptr: number, value: number, type: string) => void;
  const slots = (c: TreeCursor): Record<number, number> => c as unknown as Record<number, number>;
  let kept: RawCursorCalls | undefined;
  let stable = false;
  const read = (): RawCursorCalls => {
    const calls = {} as RawCursorCalls;
    for (const k of keys) calls[k] = m[names[k]] as WasmFn;
    return calls;
  };
  return {
    calls: () => {
      if (stable && kept) return kept;
      const next = read();
      const prev = kept;
      stable = prev !== undefined && keys.every((k) => next[k] === prev[k]);
      kept = next;
      return next;
    },
    load(c) {
      const s = slots(c);
      for (let i = 0; i < 4; i++) setValue(tb + 4 * i, s[i], 'i32');
    },
    store(c) {
      const s = slots(c);
      for (let i = 0; i < 4; i++) s[i] = getValue(tb + 4 * i, 'i32');
    },
  };
}

/** Why the runtime is unavailable, when it failed to load. */
export function runtimeError(): string | undefined {
  return runtimeFailed;
}

/** True once loading of the runtime or this grammar was attempted and failed. */
export function languageFailed(lang: CdkLanguage): boolean {
  return runtimeFailed !== undefined && !languages.has(lang);
}

/** The parser for a language when its grammar is loaded (synchronous), else undefined. */
export function parserFor(lang: CdkLanguage): TsParser | undefined {
  const language = languages.get(lang);
  if (!mod || !language) return undefined;
  let p = parsers.get(lang);
  if (!p) {
    p = new mod.Parser();
    p.setLanguage(language);
    parsers.set(lang, p);
  }
  return p;
}

/**
 * CPU time one parse may take: `baseMs` plus `perKiBMs` per KiB of text (a 512 KiB stack parses in
 * 0.1–0.3 s on a loaded machine: the bound leaves ten times that). tree-sitter's error recovery is
 * quadratic in the extent of a run of errors (a 200 KB line of unbalanced quotes: 15 s, and its
 * progress callback is called no more often meanwhile), so the bound is on time; a parse past it
 * is stopped and the file reported as not read (limits.ts). Mutable for tests.
 */
export const PARSE_BUDGET = { baseMs: 500, perKiBMs: 3 };

/** The text whose last parse was stopped by PARSE_BUDGET, and how far the parser had read (characters). */
let stopped: { text: string; offset: number } | undefined;
export function parseStopped(text: string): { offset: number } | undefined {
  return stopped && stopped.text === text ? { offset: stopped.offset } : undefined;
}

/** Parses text, reusing `previous` (already edited by the caller) when given. Undefined if the grammar is not loaded or the parse was stopped (PARSE_BUDGET). */
export function parseText(lang: CdkLanguage, text: string, previous?: Tree): Tree | undefined {
  const p = parserFor(lang);
  if (!p) return undefined;
  stopped = undefined;
  const budgetUs = (PARSE_BUDGET.baseMs + (PARSE_BUDGET.perKiBMs * text.length) / 1024) * 1000;
  const start = process.cpuUsage();
  let offset = 0;
  const tree = p.parse(text, previous ?? null, {
    progressCallback: (state) => {
      offset = state.currentOffset;
      const used = process.cpuUsage(start);
      return used.user + used.system > budgetUs;
    },
  });
  if (tree) return tree;
  p.reset(); // a stopped parse would otherwise be resumed by the next one
  stopped = { text, offset: Math.min(text.length, Math.floor(offset / 2)) }; // tree-sitter counts UTF-16 bytes
  return undefined;
}

/** A tree-sitter edit for replacing [start, oldEnd) of `oldText` so that it becomes `newText`. */
export function treeEdit(oldText: string, newText: string, start: number, oldEnd: number, newEnd: number): Edit {
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(oldText, start),
    oldEndPosition: pointAt(oldText, oldEnd),
    newEndPosition: pointAt(newText, newEnd),
  };
}

/** Row/column (UTF-16 units, as web-tree-sitter counts them) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

const DIFF_BLOCK = 512;

/**
 * The single edit that turns `oldText` into `newText` (common prefix and suffix kept), for
 * incremental re-parsing when the caller did not pass the edit.
 */
export function diffEdit(oldText: string, newText: string): Edit | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  // Whole blocks first (a substring comparison is a memory compare), then character by character:
  // a 150 KB document costs microseconds instead of a character loop over all of it.
  let start = 0;
  while (start + DIFF_BLOCK <= max && oldText.slice(start, start + DIFF_BLOCK) === newText.slice(start, start + DIFF_BLOCK)) start += DIFF_BLOCK;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let s = 0;
  const room = max - start;
  while (s + DIFF_BLOCK <= room && oldText.slice(oldText.length - s - DIFF_BLOCK, oldText.length - s) === newText.slice(newText.length - s - DIFF_BLOCK, newText.length - s)) s += DIFF_BLOCK;
  while (s < room && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  return treeEdit(oldText, newText, start, oldText.length - s, newText.length - s);
}

export type { Tree, Edit };
/** The extractor reads a plain JavaScript copy of the tree (see mirror.ts), not web-tree-sitter's nodes. */
export type { MirrorNode as SyntaxNode } from './mirror';
