import { LIMITS, formatCount, limitProblem, type ParseProblem, type ParseResult, type PolicyDocument } from '../../model';
import type { HostDocument } from '../types';
import { PARSE_BUDGET, parseStopped } from './runtime';

/**
 * The bounds of a CDK source file (model/limits.ts: `maxCdkChars`, `maxCdkStatements`). A CDK
 * character costs about four times a JSON one (tree-sitter, the JavaScript mirror of the tree,
 * extraction: a 4 MB TypeScript stack took 29 s), so a file is read up to `maxCdkChars`, cut at a
 * line break where no construct is read in half; of what was read, the policies holding the first
 * `maxCdkStatements` statements (in source order) are checked. One LIMIT_EXCEEDED information says
 * what was skipped. Used by the adapter's `parse` (index.ts) around its cached, incremental parse.
 */

/** How far back from the limit the cut may move to find a line with the least indentation. */
const CUT_WINDOW = 64 * 1024;

/** A line that starts with one of these continues the statement before it (`{` on its own line, `.method()`, `) ;`, …). */
const CONTINUES = new Set([...'{}()[].,?:+-*/|&=>'].map((c) => c.charCodeAt(0)));
/** A line that ends with one of these is continued by the next (an open call, list or block, a trailing operator, `\\`, Python's `:`). */
const OPENS = new Set([...'([{,=+-*/.\\|&:?<'].map((c) => c.charCodeAt(0)));

/**
 * Where to cut a CDK source longer than `max`: at the start of the least indented line that starts
 * within the last `CUT_WINDOW` characters before `max` (the latest of them) and begins a statement
 * — its first character does not continue the line before, which does not end open — so the cut
 * falls between statements of the outermost block there rather than inside a construct; else at
 * `max`. Linear in the window; language-neutral (braces, Python indentation).
 */
export function cdkCut(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const floor = Math.max(0, max - CUT_WINDOW);
  let best = -1;
  let bestIndent = Infinity;
  for (let nl = text.lastIndexOf('\n', max - 1); nl >= 0 && nl + 1 > floor; nl = nl > 0 ? text.lastIndexOf('\n', nl - 1) : -1) {
    const start = nl + 1;
    let i = start;
    while (i < max && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= max || i - start >= bestIndent) continue;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || CONTINUES.has(c)) continue; // a blank or continuation line
    let p = nl;
    while (p > 0 && text.charCodeAt(p - 1) <= 32) p--;
    if (p > 0 && OPENS.has(text.charCodeAt(p - 1))) continue; // the line before is still open
    bestIndent = i - start;
    best = start;
    if (bestIndent === 0) break;
  }
  return best > 0 ? best : max;
}

interface Cut {
  full: string;
  text: string;
}
/** The last cut (so that the same text gives the same prefix string, and the adapter's tree cache compares by identity). */
let lastCut: Cut = { full: '', text: '' };

function readPart(text: string): string {
  if (text.length <= LIMITS.maxCdkChars) return text;
  if (lastCut.full !== text) lastCut = { full: text, text: text.slice(0, cdkCut(text, LIMITS.maxCdkChars)) };
  return lastCut.text;
}

const statementCount = (p: PolicyDocument): number => Math.max(1, p.statements.length);

/** The last result handed out, by the inner result it wraps (a re-validation of the same text gets the same object). */
let lastLimited: { inner: ParseResult; full: string; out: ParseResult } | undefined;

/**
 * `parse` (the adapter's own) applied to the part of `doc` within the CDK limits, with the
 * LIMIT_EXCEEDED information added when something was skipped. The result of a document within the
 * limits is `parse(doc)` itself.
 */
export function parseWithinCdkLimits(doc: HostDocument, parse: (doc: HostDocument) => ParseResult): ParseResult {
  const known = stoppedResults.get(doc.text);
  if (known) return known;
  const text = readPart(doc.text);
  const cut = text.length < doc.text.length;
  const inner = parse(cut ? { ...doc, text } : doc);
  const stop = parseStopped(text);
  if (stop) return rememberStopped(doc.text, text.length, inner, stop.offset);
  let total = 0;
  for (const p of inner.policies) total += statementCount(p);
  if (!cut && total <= LIMITS.maxCdkStatements) return inner;
  if (lastLimited && lastLimited.inner === inner && lastLimited.full === doc.text) return lastLimited.out;

  let policies = inner.policies;
  if (cut) {
    // A construct the cut left open (a line longer than the window, a huge literal) is not checked.
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
    policies = policies.filter((p) => p.root.span.offset + p.root.span.length < end);
    total = 0;
    for (const p of policies) total += statementCount(p);
  }
  let skippedAt = -1;
  if (total > LIMITS.maxCdkStatements) {
    const order = [...policies].sort((a, b) => a.root.span.offset - b.root.span.offset);
    const kept = new Set<PolicyDocument>();
    let n = 0;
    for (const p of order) {
      n += statementCount(p);
      if (n > LIMITS.maxCdkStatements) {
        skippedAt = p.root.span.offset;
        break;
      }
      kept.add(p);
    }
    policies = policies.filter((p) => kept.has(p));
  }
  // One information: what was read, and of it what was checked.
  const line = (offset: number): string => formatCount(lineNumber(doc.text, offset));
  const statements = `only the policies holding the first ${formatCount(LIMITS.maxCdkStatements)} statements are checked (the next starts on line ${line(skippedAt)})`;
  const problems: ParseProblem[] = [];
  if (cut) {
    const read = `This file has ${formatCount(doc.text.length)} characters; only the first ${formatCount(text.length)} (up to line ${line(text.length - 1)}) were read`;
    problems.push(limitProblem(skippedAt >= 0 ? `${read}, and of the ${formatCount(total)} policy statements in them ${statements}.` : `${read} and checked.`, { offset: skippedAt >= 0 ? skippedAt : text.length, length: 0 }));
  } else if (skippedAt >= 0) {
    problems.push(limitProblem(`This file has ${formatCount(total)} policy statements; ${statements}.`, { offset: skippedAt, length: 0 }));
  }
  const out: ParseResult = { ...inner, policies, problems: [...inner.problems, ...problems] };
  lastLimited = { inner, full: doc.text, out };
  return out;
}

/** Results of texts whose parse was stopped (PARSE_BUDGET), so that asking again costs nothing: the last few. */
const stoppedResults = new Map<string, ParseResult>();

/** A parse stopped by the time bound: no policies, one information where the parser was. */
function rememberStopped(full: string, parsedChars: number, inner: ParseResult, offset: number): ParseResult {
  const seconds = (PARSE_BUDGET.baseMs + (PARSE_BUDGET.perKiBMs * parsedChars) / 1024) / 1000;
  const message = `Reading this file was stopped after ${seconds.toFixed(1)} s of CPU time, at line ${formatCount(lineNumber(full, offset))}: the parser's recovery from a long run of syntax errors takes time that grows with the square of its length. Nothing in the file is checked until those syntax errors are fixed.`;
  const out: ParseResult = { ...inner, policies: [], problems: [...inner.problems, limitProblem(message, { offset, length: 0 })] };
  stoppedResults.set(full, out);
  while (stoppedResults.size > 4) stoppedResults.delete(stoppedResults.keys().next().value!);
  return out;
}

/** 1-based line of an offset (counts line feeds; called once per limit problem). */
function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
