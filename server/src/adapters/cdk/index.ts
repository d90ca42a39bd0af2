import type { ParseResult } from '../../model';
import { grantNotes } from './grants';
import type { Adapter, HostDocument } from '../types';
import { extract, type ExtractState } from './extract';
import { extractJava } from './extractJava';
import { extractCsharp } from './extractCsharp';
import { createGoRenderer, extractGo } from './extractGo';
import { broadManagedPolicyProblems } from './tables';
import { createCdkRenderer } from './edits';
import { buildMirror, spliceMirror, stretchMirror, stringTextEdit, type Mirror } from './mirror';
import { carryShifts } from './carry';
import type { PolicyDocument } from '../../model';
import { diffEdit, initRuntime, languageFailed, loadLanguage, parseText, parserFor, type CdkLanguage, type Edit, type Tree } from './runtime';
import { cdkSuppressions } from './comments';
import { parseWithinCdkLimits } from './limits';

/**
 * AWS CDK source files (TypeScript, JavaScript, Python) — see docs/cdk.md for what is recognised.
 *
 * Loading is asynchronous and explicit: `initCdk()` loads the tree-sitter runtime, `initCdkFor(doc)`
 * also the grammar of that document's language. Until its grammar is loaded the synchronous adapter
 * returns a result with no policies and `pending: true` (and starts loading in the background), so
 * a caller that awaits `initCdkFor(doc)` before validating gets the real result; one that does not
 * gets it on its next validation.
 *
 * Re-parsing is incremental: `parseCdk(doc, previous, edit)` applies the edit to the previous tree
 * and lets tree-sitter reuse it. The adapter keeps the last tree of a few documents itself (keyed by
 * URI) and derives the edit from the text when none is given.
 */

export interface CdkParseResult extends ParseResult {
  /** True while the tree-sitter runtime or this language's grammar is still loading (no policies yet). */
  pending?: boolean;
  /** The syntax tree (owned by the caller of parseCdk; pass it back as `previous` to re-parse incrementally). */
  tree?: Tree;
  /** The text the tree was parsed from. */
  text?: string;
}

const TS_FILE = /\.(ts|mts|cts)$/i;
const JS_FILE = /\.(js|mjs|cjs)$/i;
const PY_FILE = /\.py$/i;
const JAVA_FILE = /\.java$/i;
const CS_FILE = /\.cs$/i;
const GO_FILE = /\.go$/i;
const DECLARATION_FILE = /\.d\.[mc]?ts$/i;

/** Only files that import the CDK are CDK files: a string test before any parse. */
const CDK_IMPORT_JS = /['"](aws-cdk-lib(\/[\w./-]*)?|@aws-cdk\/aws-iam)['"]/;
const CDK_IMPORT_PY = /(^|\n)[ \t]*(from|import)[ \t]+aws_cdk\b/;
const CDK_IMPORT_JAVA = /(^|\n)[ \t]*import[ \t]+(static[ \t]+)?software\.amazon\.awscdk\b/;
const CDK_IMPORT_CS = /(^|\n)[ \t]*(global[ \t]+)?using[ \t]+(static[ \t]+)?(\w+[ \t]*=[ \t]*)?Amazon\.CDK\b/;
const CDK_IMPORT_GO = /(^|\n)[ \t]*(import[ \t]*(\([ \t]*)?)?([\w.]+[ \t]+)?"github\.com\/aws\/aws-cdk-go\/awscdk(\/[\w./-]*)?"/;
const IMPORT_TEST: Record<CdkLanguage, RegExp> = { typescript: CDK_IMPORT_JS, javascript: CDK_IMPORT_JS, python: CDK_IMPORT_PY, java: CDK_IMPORT_JAVA, csharp: CDK_IMPORT_CS, go: CDK_IMPORT_GO };

function pathOf(uri: string): string {
  return uri.split(/[?#]/)[0];
}

/** The CDK language of a document by language id or file name (undefined for other files). */
export function cdkLanguageOf(doc: HostDocument): CdkLanguage | undefined {
  switch (doc.languageId) {
    case 'typescript':
      return 'typescript';
    case 'javascript':
      return 'javascript';
    case 'python':
      return 'python';
    case 'java':
      return 'java';
    case 'csharp':
      return 'csharp';
    case 'go':
      return 'go';
    case undefined:
    case 'plaintext':
      break;
    default:
      return undefined;
  }
  const p = pathOf(doc.uri);
  if (DECLARATION_FILE.test(p)) return undefined;
  if (TS_FILE.test(p)) return 'typescript';
  if (JS_FILE.test(p)) return 'javascript';
  if (PY_FILE.test(p)) return 'python';
  if (JAVA_FILE.test(p)) return 'java';
  if (CS_FILE.test(p)) return 'csharp';
  if (GO_FILE.test(p)) return 'go';
  return undefined;
}

/** True when the text imports the CDK (aws-cdk-lib, @aws-cdk/aws-iam, aws_cdk, software.amazon.awscdk, Amazon.CDK, aws-cdk-go). */
export function importsCdk(text: string, lang: CdkLanguage): boolean {
  // Asked several times per validation of the same text (accepts, parse): the last answer is kept.
  if (lastImport.text === text && lastImport.lang === lang) return lastImport.answer;
  const answer = IMPORT_TEST[lang].test(text);
  lastImport = { text, lang, answer };
  return answer;
}
let lastImport: { text: string; lang: CdkLanguage; answer: boolean } = { text: '', lang: 'typescript', answer: false };

/** Loads the tree-sitter runtime once (grammars load per language on first use). Never rejects. */
export function initCdk(): Promise<void> {
  return initRuntime();
}

/**
 * Loads what `doc` needs (runtime and its language's grammar). Resolves true when the document
 * can be parsed synchronously afterwards; false when it is not a CDK file or loading failed.
 */
export async function initCdkFor(doc: HostDocument): Promise<boolean> {
  const lang = cdkLanguageOf(doc);
  if (!lang || !importsCdk(doc.text, lang)) return false;
  return (await loadLanguage(lang)) !== undefined;
}

/** True when documents of this language parse synchronously now. */
export function cdkReady(lang: CdkLanguage): boolean {
  return parserFor(lang) !== undefined;
}

/** No policies (yet): the string-scanned findings only. */
function empty(pending: boolean, text: string): CdkParseResult {
  return { format: 'cdk', policies: [], problems: broadManagedPolicyProblems(text), ...(pending ? { pending: true } : {}) };
}

/**
 * Languages whose mirror moves kept subtrees eagerly (mirror.ts `eager`, also in `stretchMirror`):
 * their incremental extraction (extractCommon.ts) keeps chunks of nodes whose offsets it reads
 * directly. Their string-text edits skip the re-parse only while the tree has no syntax error: in
 * a broken tree tree-sitter's recovery can re-read more than the edited string (a C# string edit of
 * the same length changed the extent of a statement around it; test/cdkStringEditsH7.test.ts).
 */
const EAGER_MOVES = new Set<CdkLanguage>(['java', 'csharp', 'go']);

/** Parses so far, for tests and benchmarks (counted, never timed): tree-sitter parses, and edits that needed none. */
export const parseStats = { parsed: 0, skipped: 0 };

/** The mirror (plain JavaScript copy, see mirror.ts) of each live tree. */
const mirrors = new WeakMap<Tree, Mirror>();

/** The policies of each live Java, C# or Go tree (the next extraction pairs its policies with them, carry.ts). */
const fullExtractions = new WeakMap<Tree, PolicyDocument[]>();

/** The extraction of each live tree (its units are reused by the next, incremental extraction). */
const extractions = new WeakMap<Tree, ExtractState>();

/**
 * Of a tree that stands for its text after string-text edits without a parse (`stringTextEdit`):
 * the extents of the strings those edits changed, flat `[start, end, …]` in that text's offsets.
 * The mirror and the extraction already took those edits, but the next real parse reports an edit
 * at the start of a string's text again as a changed range; taken at face value, such ranges made
 * the region to re-read span from the first string typed in to the last edit: the mirror spliced
 * over most of the file and every construct extracted again (482 in a 3,000-line TypeScript stack,
 * 80–390 ms of CPU) for an Enter pressed after typing in strings elsewhere.
 */
const typedStrings = new WeakMap<Tree, number[]>();

/** `ranges` (flat `[start, end, …]`) in the offsets after `e`; a range the edit touches is dropped (its changes are then read as usual). */
function rangesAfter(ranges: readonly number[] | undefined, e: Edit): number[] {
  const out: number[] = [];
  if (!ranges) return out;
  const delta = e.newEndIndex - e.oldEndIndex;
  for (let i = 0; i < ranges.length; i += 2) {
    const s = ranges[i];
    const t = ranges[i + 1];
    if (t < e.startIndex) out.push(s, t);
    else if (s > e.oldEndIndex) out.push(s + delta, t + delta);
  }
  return out;
}

/** `changed` without the ranges that lie inside one of `typed` (strings whose edits were already taken). */
function withoutTyped<R extends { startIndex: number; endIndex: number }>(changed: R[], typed: readonly number[]): R[] {
  return changed.filter((r) => {
    for (let i = 0; i < typed.length; i += 2) if (typed[i] <= r.startIndex && r.endIndex <= typed[i + 1]) return false;
    return true;
  });
}

/**
 * Parses a CDK document. With `previous` (the tree and text of the last parse of this document)
 * and `edit` (or no edit: it is derived from the two texts), the previous tree is edited in place
 * and reused: the caller must not use it afterwards except to `delete()` it. The returned tree
 * belongs to the caller; after an edit that only changed a string's text it is a copy of the
 * edited previous tree, not parsed again (`stringTextEdit`): pass it back as `previous` as usual,
 * its next parse takes the pending edits. Never throws.
 */
export function parseCdk(doc: HostDocument, previous?: { tree: Tree; text: string }, edit?: Edit): CdkParseResult {
  const lang = cdkLanguageOf(doc);
  if (!lang || !importsCdk(doc.text, lang)) return { format: 'cdk', policies: [], problems: [] };
  if (!cdkReady(lang)) {
    if (!languageFailed(lang)) void loadLanguage(lang);
    return empty(!languageFailed(lang), doc.text);
  }
  let old: Tree | undefined;
  let e: Edit | undefined;
  if (previous) {
    e = edit ?? diffEdit(previous.text, doc.text);
    if (e) previous.tree.edit(e);
    old = previous.tree;
  }
  const oldMirror = old && mirrors.get(old);
  // Typing inside a string's text changes no token: the edited tree stands for the new text (its
  // next real parse takes this edit with the later ones), the mirror only moves (mirror.ts). Every
  // CDK language; Java, C#, Go: not in a tree with a syntax error (EAGER_MOVES above).
  const leaf = oldMirror && previous && e ? stringTextEdit(oldMirror, previous.text, doc.text, e, EAGER_MOVES.has(lang) ? () => old!.rootNode.hasError : undefined) : undefined;
  const tree = leaf ? old!.copy() : parseText(lang, doc.text, old);
  if (!tree) return empty(false, doc.text);
  if (leaf) parseStats.skipped++;
  else parseStats.parsed++;
  // Strings typed in since the last parse, in this text's offsets (see typedStrings).
  const typed = old && e ? rangesAfter(typedStrings.get(old), e) : [];
  if (old) typedStrings.delete(old);
  // The JavaScript copy of the tree: spliced from the previous one where only part of the text changed.
  const oldState = old && extractions.get(old);
  const oldPolicies = old && fullExtractions.get(old);
  if (old) {
    mirrors.delete(old);
    extractions.delete(old);
    fullExtractions.delete(old);
  }
  let mirror: Mirror;
  let changed = oldMirror && old && e && !leaf ? old.getChangedRanges(tree) : [];
  // In a tree with a syntax error a parse may re-read more than the strings: their ranges are kept then.
  if (typed.length && changed.length && !tree.rootNode.hasError) changed = withoutTyped(changed, typed);
  if (leaf && oldMirror && e) {
    mirror = stretchMirror(oldMirror, leaf, doc.text, e);
    typed.push(leaf.startIndex, leaf.endIndex);
    typedStrings.set(tree, typed);
  } else if (oldMirror && old && e) mirror = spliceMirror(oldMirror, tree, doc.text, e, changed);
  else if (oldMirror && old && !e) {
    oldMirror.src.text = doc.text;
    mirror = oldMirror;
  } else mirror = buildMirror(tree, doc.text, EAGER_MOVES.has(lang));
  mirrors.set(tree, mirror);
  // Incremental extraction needs the previous extraction and a mirror spliced (not rebuilt) from its tree.
  const dirty = e ? (mirror.dirty ? [mirror.dirty] : undefined) : [];
  const incremental = oldState && previous && mirror === oldMirror && dirty ? { prev: oldState, prevText: previous.text, startIndex: e?.startIndex ?? 0, oldEndIndex: e?.oldEndIndex ?? 0, newEndIndex: e?.newEndIndex ?? 0, changed: [...changed, ...dirty] } : undefined;
  if (lang === 'java' || lang === 'csharp' || lang === 'go') {
    // Java, C#, Go: incremental too (the chunks and units of extractCommon.ts).
    const g = lang === 'go' ? extractGo(mirror.root, doc.text, incremental) : undefined;
    const j = g ?? (lang === 'java' ? extractJava(mirror.root, doc.text, incremental) : extractCsharp(mirror.root, doc.text, incremental));
    extractions.set(tree, j.state);
    // Re-extracted policies that the edit only moved keep their findings (through the findings cache).
    if (oldPolicies && e) carryShifts(oldPolicies, j.policies, e.oldEndIndex, e.newEndIndex - e.oldEndIndex);
    fullExtractions.set(tree, j.policies);
    return {
      format: `cdk-${lang}`,
      policies: j.policies,
      problems: broadManagedPolicyProblems(doc.text),
      renderer: g ? createGoRenderer(doc.text, g) : createCdkRenderer(doc.text, false, j.meta),
      notes: [],
      tree,
      text: doc.text,
    };
  }
  const x = extract(mirror.root, doc.text, lang === 'python', incremental);
  extractions.set(tree, x.state);
  return {
    format: `cdk-${lang}`,
    policies: x.policies,
    problems: [...x.problems, ...broadManagedPolicyProblems(doc.text)].sort((a, b) => a.span.offset - b.span.offset),
    renderer: createCdkRenderer(doc.text, lang === 'python', x.meta),
    notes: grantNotes(mirror.root, doc.text),
    tree,
    text: doc.text,
  };
}

/** Last tree per document URI, for incremental re-parsing through the synchronous adapter. */
const MAX_TREES = 8;
const trees = new Map<string, { tree: Tree; text: string; lang: CdkLanguage; result: CdkParseResult }>();

function parseWithCache(doc: HostDocument, lang: CdkLanguage): CdkParseResult {
  const cached = trees.get(doc.uri);
  if (cached && cached.text === doc.text && cached.lang === lang) return cached.result;
  trees.delete(doc.uri);
  const prev = cached && cached.lang === lang ? { tree: cached.tree, text: cached.text } : undefined;
  if (cached && !prev) cached.tree.delete();
  const result = parseCdk(doc, prev);
  if (prev && (result.tree !== prev.tree)) prev.tree.delete();
  if (!result.tree) return result;
  const { tree, text, ...plain } = result;
  const stored: CdkParseResult = plain;
  trees.set(doc.uri, { tree, text: text!, lang, result: stored });
  while (trees.size > MAX_TREES) {
    const [k, v] = trees.entries().next().value!;
    trees.delete(k);
    v.tree.delete();
  }
  return stored;
}

/** Forgets the tree kept for a document (e.g. when it is closed). */
export function forgetCdkDocument(uri: string): void {
  const c = trees.get(uri);
  if (c) {
    c.tree.delete();
    trees.delete(uri);
  }
}

export const cdkAdapter: Adapter = {
  id: 'cdk',
  accepts(doc: HostDocument): boolean {
    return cdkLanguageOf(doc) !== undefined;
  },
  parse(doc: HostDocument): ParseResult | undefined {
    const lang = cdkLanguageOf(doc);
    if (!lang || !importsCdk(doc.text, lang)) return undefined;
    if (!cdkReady(lang)) {
      if (!languageFailed(lang)) void loadLanguage(lang);
      return empty(!languageFailed(lang), doc.text);
    }
    return parseWithinCdkLimits(doc, (d) => parseWithCache(d, lang));
  },
  prepare: initCdkFor,
  release: forgetCdkDocument,
  suppressions: (doc) => cdkSuppressions(cdkLanguageOf(doc)),
};

export type { CdkLanguage } from './runtime';
