import type { IamData } from '../data/iamData';
import type { EditIntent, ParseResult, Span, TextEdit } from '../model';
import { ACCESS_LEVELS_KIND, type DiagnosticRef, type FixCandidate, type FixCommand, type FixContext, type FixKind, type FixProvider } from './fixes/types';
import { parseFixPayload, type FixKindName } from '../model/fixPayload';
import { replacementsProvider } from './fixes/replacements';
import { apiNameProvider } from './fixes/apiNames';
import { expandWildcardProvider, shrinkToWildcardProvider } from './fixes/wildcards';
import { statementEditsProvider } from './fixes/statementEdits';

/**
 * Code actions over the policy model: quick fixes linked to diagnostics by code and `data`,
 * refactorings offered by cursor context, and "fix all" (every safe fix at once). LSP-free: the
 * server converts ranges and workspace edits; the CLI and tests call this directly.
 */

export type { DiagnosticRef, FixKind, FixCommand } from './fixes/types';
export { ACCESS_LEVELS_KIND } from './fixes/types';
/** The client command the access-level picker entry runs (VS Code; see client/src/accessLevelPicker.ts). */
export { PICK_ACCESS_LEVELS_COMMAND } from './fixes/wildcards';

export const FIX_ALL_KIND = 'source.fixAll.iamPolicy';
export type ActionKind = FixKind | typeof FIX_ALL_KIND;
export const CODE_ACTION_KINDS: readonly ActionKind[] = ['quickfix', 'refactor.rewrite', FIX_ALL_KIND];

/** Fix families, in the order their actions are listed. */
export const FIX_PROVIDERS: FixProvider[] = [apiNameProvider, replacementsProvider, statementEditsProvider, expandWildcardProvider, shrinkToWildcardProvider];

export interface CodeActionRequest {
  /** The selection or cursor. */
  span: Span;
  /** Diagnostics the client sent for this range. */
  diagnostics: DiagnosticRef[];
  /** LSP `only` kinds (prefix match: "source" includes "source.fixAll.iamPolicy"). */
  only?: readonly string[];
  /** Leave costly edits out (the client resolves them with resolveCodeAction). */
  lazy?: boolean;
  /** The client runs the access-level picker command: offer its entry ("…, choosing access levels…"). */
  picker?: boolean;
}

export interface EngineCodeAction {
  /** Unique within the request; resolveCodeAction finds the action again by it. */
  id: string;
  title: string;
  kind: ActionKind;
  diagnostics?: DiagnosticRef[];
  isPreferred?: boolean;
  safe: boolean;
  /** The rule-declared fix kind of an action that resolves diagnostics (see checks/fixPayload.ts). */
  fix?: FixKindName;
  /** Undefined when deferred (lazy request, costly edit) or when the action runs a command. */
  edits?: TextEdit[];
  /** A client command to run instead of an edit (the edge adds the document URI as first argument). */
  command?: FixCommand;
}

export function kindMatches(kind: string, only: readonly string[] | undefined): boolean {
  // The access-level picker's choices are opt-in: only a request that names them gets them.
  if (kind.startsWith(`${ACCESS_LEVELS_KIND}.`)) return !!only?.some((o) => o.startsWith(ACCESS_LEVELS_KIND) && (kind === o || kind.startsWith(`${o}.`)));
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The kind an action is offered under for a request, or undefined when the request's `only`
 * excludes it. A quickfix that is also a rewrite (`alsoRefactor`) is offered as `refactor.rewrite`
 * to a request for refactorings only (the Refactor… menu), without its diagnostics.
 */
function offeredKind(c: FixCandidate, only: readonly string[] | undefined): FixKind | undefined {
  if (kindMatches(c.kind, only)) return c.kind;
  if (c.alsoRefactor && kindMatches('refactor.rewrite', only)) return 'refactor.rewrite';
  return undefined;
}

/** Renders intents with the host's renderer; undefined when any cannot be expressed or edits overlap. */
export function renderIntents(parse: ParseResult, intents: EditIntent[] | undefined): TextEdit[] | undefined {
  if (!intents || !parse.renderer) return undefined;
  const edits: TextEdit[] = [];
  for (const intent of intents) {
    const e = parse.renderer.render(intent);
    if (!e) return undefined;
    edits.push(...e);
  }
  edits.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < edits.length; i++) if (edits[i].offset < edits[i - 1].offset + edits[i - 1].length) return undefined;
  return edits;
}

function diagnosticsKey(ds: DiagnosticRef[] | undefined): string {
  let k = '';
  for (const d of ds ?? []) k += `${d.code}@${d.span.offset}+${d.span.length};`;
  return k;
}

interface Collected {
  id: string;
  candidate: FixCandidate;
}

function collect(ctx: FixContext, providers: FixProvider[]): Collected[] {
  const out: Collected[] = [];
  const ids = new Set<string>();
  const titles = new Set<string>();
  const preferredFor = new Set<DiagnosticRef>();
  for (const provider of providers) {
    let candidates: FixCandidate[];
    try {
      candidates = provider.provide(ctx);
    } catch {
      continue; // a failing fix family must not take the others down
    }
    for (const c of candidates) {
      // Two families may propose the same change (a check's data and a cursor refactoring): keep the
      // first. For fix-all, the same title on other diagnostics is another change (each duplicate
      // of an action is its own "Remove …").
      const same = ctx.fixAll ? `${c.title}\u0000${diagnosticsKey(c.diagnostics)}` : c.title;
      if (titles.has(same)) continue;
      titles.add(same);
      // At most one preferred fix per diagnostic: the first family's.
      if (c.preferred && c.diagnostics?.length) {
        if (c.diagnostics.some((d) => preferredFor.has(d))) c.preferred = false;
        else for (const d of c.diagnostics) preferredFor.add(d);
      }
      let id = `${provider.id}:${c.key}`;
      for (let n = 2; ids.has(id); n++) id = `${provider.id}:${c.key}#${n}`;
      ids.add(id);
      out.push({ id, candidate: c });
    }
  }
  return out;
}

/**
 * Diagnostics may come from a client (LSP code action and resolve requests): a payload that is not
 * exactly one of the union's members is dropped. Valid ones are passed on as they are (the caller
 * finds its diagnostics again by identity).
 */
function trusted(diagnostics: DiagnosticRef[]): DiagnosticRef[] {
  return diagnostics.map((d) => {
    if (d.data === undefined) return d;
    const payload = parseFixPayload(d.data);
    if (payload && JSON.stringify(payload) === JSON.stringify(d.data)) return d;
    return { code: d.code, span: d.span, ...(payload ? { data: payload } : {}), ...(d.message !== undefined ? { message: d.message } : {}) };
  });
}

function context(text: string, parse: ParseResult, data: IamData, span: Span, diagnostics: DiagnosticRef[], fixAll: boolean, request?: CodeActionRequest): FixContext {
  const offset = Math.max(0, Math.min(span.offset, text.length));
  const length = Math.max(0, Math.min(span.length, text.length - offset));
  // Fix-all gets the engine's own diagnostics (validate); requests may carry a client's.
  return {
    text,
    parse,
    data,
    span: { offset, length },
    diagnostics: fixAll ? diagnostics : trusted(diagnostics),
    fixAll,
    ...(request?.only ? { only: request.only } : {}),
    ...(request?.picker ? { picker: true } : {}),
  };
}

function toAction(parse: ParseResult, c: Collected, withEdits: boolean, kind: FixKind = c.candidate.kind): EngineCodeAction | undefined {
  const { candidate } = c;
  // Offered as a rewrite instead of as a quickfix: not linked to the diagnostics (nor preferred for them).
  const linked = kind === candidate.kind;
  if (candidate.command) return { id: c.id, title: candidate.title, kind, ...(linked && candidate.diagnostics?.length ? { diagnostics: candidate.diagnostics } : {}), safe: false, command: candidate.command };
  let edits: TextEdit[] | undefined;
  if (withEdits) {
    try {
      edits = renderIntents(parse, candidate.intents());
    } catch {
      edits = undefined;
    }
    if (!edits || edits.length === 0) return undefined;
  }
  return {
    id: c.id,
    title: candidate.title,
    kind,
    ...(linked && candidate.diagnostics?.length ? { diagnostics: candidate.diagnostics } : {}),
    ...(linked && candidate.preferred ? { isPreferred: true } : {}),
    safe: candidate.safe,
    ...(linked && candidate.fix ? { fix: candidate.fix } : {}),
    ...(edits ? { edits } : {}),
  };
}

/** The code actions for a range. Never throws. */
export function codeActions(text: string, parse: ParseResult, data: IamData, request: CodeActionRequest): EngineCodeAction[] {
  if (!parse.renderer || parse.policies.length === 0) return [];
  const ctx = context(text, parse, data, request.span, request.diagnostics, false, request);
  const out: EngineCodeAction[] = [];
  for (const c of collect(ctx, FIX_PROVIDERS)) {
    const kind = offeredKind(c.candidate, request.only);
    if (!kind) continue;
    const a = toAction(parse, c, !(request.lazy && c.candidate.costly), kind);
    if (a) out.push(a);
  }
  return out;
}

/** Computes the edit of an action returned by a lazy codeActions call with the same request. */
export function resolveCodeAction(text: string, parse: ParseResult, data: IamData, request: CodeActionRequest, id: string): EngineCodeAction | undefined {
  if (!parse.renderer) return undefined;
  // An access-level choice is produced only for requests that name its kind: resolve asks for it again.
  const only = request.only ?? (id.includes(':levels=') ? [ACCESS_LEVELS_KIND] : undefined);
  const ctx = context(text, parse, data, request.span, request.diagnostics, false, { ...request, ...(only ? { only } : {}) });
  const c = collect(ctx, FIX_PROVIDERS).find((x) => x.id === id);
  const kind = c && offeredKind(c.candidate, request.only);
  return c && toAction(parse, c, true, kind);
}

/**
 * Which parts of the text accepted edits already claim, one byte per character (bit 1: replaced,
 * bit 2: an insertion point), so that fix-all's overlap test costs the length of the edit tested,
 * not the number of edits accepted: linear in the edits' total size.
 */
class Claims {
  private readonly marks: Uint8Array;
  constructor(private readonly textLength: number) {
    this.marks = new Uint8Array(textLength + 1);
  }
  private bounds(e: TextEdit): [number, number] {
    const from = Math.max(0, Math.min(e.offset, this.textLength));
    return [from, Math.max(from, Math.min(e.offset + e.length, this.textLength))];
  }
  /**
   * Same rule as comparing with every accepted edit: two replacements overlap when they share a
   * character, an insertion conflicts with a replacement of the character after it and with
   * another insertion at the same place.
   */
  overlaps(e: TextEdit): boolean {
    const [from, to] = this.bounds(e);
    if (to === from) return this.marks[from] !== 0;
    for (let i = from; i < to; i++) if (this.marks[i] !== 0) return true;
    return false;
  }
  claim(e: TextEdit): void {
    const [from, to] = this.bounds(e);
    if (to === from) this.marks[from] |= 2;
    else this.marks.fill(1, from, to);
  }
}

/**
 * One action applying every safe fix of the given diagnostics (the whole document's), at most one
 * per diagnostic (the preferred one), skipping fixes whose edits would overlap an earlier one.
 * Linear in the diagnostics and the edits' size (a 20,000-item list with 15,000 duplicates is one pass).
 */
export function fixAllAction(text: string, parse: ParseResult, data: IamData, diagnostics: DiagnosticRef[]): EngineCodeAction | undefined {
  if (!parse.renderer) return undefined;
  const ctx = context(text, parse, data, { offset: 0, length: text.length }, diagnostics, true);
  const candidates = collect(ctx, FIX_PROVIDERS).filter((c) => c.candidate.safe && c.candidate.kind === 'quickfix' && c.candidate.diagnostics?.length);
  // Preferred first; otherwise the providers' order (the sort is stable).
  candidates.sort((a, b) => Number(!!b.candidate.preferred) - Number(!!a.candidate.preferred));
  const fixed = new Set<DiagnosticRef>();
  const accepted: TextEdit[] = [];
  const resolved: DiagnosticRef[] = [];
  const claims = new Claims(text.length);
  for (const c of candidates) {
    const diags = c.candidate.diagnostics!;
    if (diags.some((d) => fixed.has(d))) continue;
    let edits: TextEdit[] | undefined;
    try {
      edits = renderIntents(parse, c.candidate.intents());
    } catch {
      edits = undefined;
    }
    if (!edits || edits.length === 0 || edits.some((e) => e.snippet) || edits.some((e) => claims.overlaps(e))) continue;
    for (const e of edits) {
      claims.claim(e);
      accepted.push(e);
    }
    for (const d of diags) fixed.add(d);
    for (const d of diags) resolved.push(d);
  }
  if (accepted.length === 0) return undefined;
  accepted.sort((a, b) => a.offset - b.offset);
  return { id: 'fixAll', title: `Fix all safely fixable IAM policy problems (${resolved.length})`, kind: FIX_ALL_KIND, diagnostics: resolved, safe: true, edits: accepted };
}

/** Applies non-overlapping edits to a text (for tests, the CLI and fix-all previews). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + (e.snippet ? snippetToPlain(e.newText) : e.newText) + out.slice(e.offset + e.length);
  return out;
}

/**
 * Snippet text → plain text (`${1:bucket}` → `bucket`, `$1` → '', `\$` → `$`), for clients
 * without snippet edits in code actions.
 */
export function snippetToPlain(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && '\\$}'.includes(s[i + 1])) {
      out += s[++i];
    } else if (c === '$' && s[i + 1] === '{') {
      let j = i + 2;
      while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
      if (j > i + 2 && s[j] === ':') i = j; // keep the default text that follows
      else if (j > i + 2 && s[j] === '}') i = j;
      else out += c;
    } else if (c === '$' && /[0-9]/.test(s[i + 1] ?? '')) {
      while (/[0-9]/.test(s[i + 1] ?? '')) i++;
    } else if (c === '}') {
      // closing a placeholder (an unescaped brace is never literal in snippet text)
    } else {
      out += c;
    }
  }
  return out;
}
