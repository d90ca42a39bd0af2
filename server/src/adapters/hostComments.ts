/**
 * Comments of a host text, found the way the host's own parser finds them, so that a suppression
 * written inside a string (a YAML block scalar, a Python docstring, a TS template literal) is data,
 * not a comment. One scanner per comment syntax:
 * - `yaml`: the `yaml` package's lexer (block scalars, quoted scalars and flow collections exact);
 * - `hash`: `#` to end of line, strings in '…', "…", '''…''', """…""" (Python; HCL's `#`);
 * - `slash`: `//` and `/* … *\/`, strings in '…', "…" and template literals with `${…}` nesting
 *   (TypeScript, JavaScript, Java, C#, Go).
 * Hosts without comments (JSON) have none. Scanners are linear and never throw. Each adapter
 * chooses its scanner in its own comments.ts (the engine never names a host: see types.ts,
 * `HostSuppressions`).
 */
import { Lexer } from 'yaml';
import type { HostComment } from './types';

export type { HostComment } from './types';
export type CommentSyntax = 'yaml' | 'hash' | 'slash';

/** A comment from its text: the body is what the marker (`#`, `//`, `/* … *\/`) encloses. */
function comment(offset: number, text: string): HostComment {
  const open = text.startsWith('#') ? 1 : 2;
  const close = text.startsWith('/*') && text.length >= 4 && text.endsWith('*/') ? 2 : 0;
  return { offset, text, bodyOffset: offset + open, body: text.slice(open, text.length - close) };
}

/** The yaml lexer's control tokens that stand for structure and occupy no source text. */
const YAML_CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

function yamlComments(text: string): HostComment[] {
  const out: HostComment[] = [];
  let offset = 0;
  try {
    for (const tok of new Lexer().lex(text)) {
      if (tok.length === 1 && YAML_CONTROL.has(tok)) continue;
      if (!text.startsWith(tok, offset)) return out; // never expected; stop rather than misplace
      if (tok.startsWith('#')) out.push(comment(offset, tok));
      offset += tok.length;
    }
  } catch {
    /* what was found so far */
  }
  return out;
}

/**
 * The comments of a YAML text and the offsets where a line starts in the lexer's reading (not inside
 * a block scalar, a quoted or a multi-line plain scalar): a comment line inserted at one of those is
 * read as a comment. One lex of the text answers this for every line (the suppression quick fix asks
 * it for up to ten lines per request, where lexing each edited text cost ten lexes of a large template).
 */
export function yamlCommentSites(text: string): { comments: HostComment[]; lineStarts: Set<number> } {
  const comments: HostComment[] = [];
  const lineStarts = new Set<number>([0]);
  let offset = 0;
  // After a block scalar's header (`|`, `>-`, …) the next line break starts its body, not a line of structure.
  let header = false;
  try {
    for (const tok of new Lexer().lex(text)) {
      if (tok.length === 1 && YAML_CONTROL.has(tok)) continue;
      if (!text.startsWith(tok, offset)) break; // never expected; stop rather than misplace
      if (tok.startsWith('#')) comments.push(comment(offset, tok));
      else if (tok[0] === '|' || tok[0] === '>') header = true;
      const breaks = /^[\r\n]+$/.test(tok);
      if (breaks && header) header = false;
      else if (breaks) {
        // Blank lines: each line break inside the token starts a line.
        for (let i = 0; i < tok.length; i++) if (tok[i] === '\n') lineStarts.add(offset + i + 1);
      } else if (tok.endsWith('\n') && !header) lineStarts.add(offset + tok.length); // a block scalar's body ends with its last line break
      offset += tok.length;
    }
  } catch {
    /* what was found so far */
  }
  return { comments, lineStarts };
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n > i && text[n - 1] === '\r' ? n - 1 : n;
}

/** End (exclusive) of a quoted string starting at `i` (the quote); single-line strings end at a line break. */
function skipQuoted(text: string, i: number, quote: string, multiLine: boolean): number {
  let j = i + quote.length;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (text.startsWith(quote, j)) return j + quote.length;
    if (!multiLine && c === '\n') return j;
    j++;
  }
  return text.length;
}

function hashComments(text: string): HostComment[] {
  const out: HostComment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const e = lineEnd(text, i);
      out.push(comment(i, text.slice(i, e)));
      i = e;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c + c + c, i);
      i = skipQuoted(text, i, triple ? c + c + c : c, triple);
    } else i++;
  }
  return out;
}

function slashComments(text: string): HostComment[] {
  const out: HostComment[] = [];
  // Brace depth of each open `${` of a template literal: at depth 0 a `}` resumes the template.
  const templates: number[] = [];
  let i = 0;
  const scanTemplate = (from: number): number => {
    let j = from;
    while (j < text.length) {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '`') return j + 1;
      else if (c === '$' && text[j + 1] === '{') {
        templates.push(0);
        return j + 2;
      } else j++;
    }
    return text.length;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const e = lineEnd(text, i);
      out.push(comment(i, text.slice(i, e)));
      i = e;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const e = close < 0 ? text.length : close + 2;
      out.push(comment(i, text.slice(i, e)));
      i = e;
    } else if (c === '"' || c === "'") {
      i = skipQuoted(text, i, c, false);
    } else if (c === '`') {
      i = scanTemplate(i + 1);
    } else if (c === '{' && templates.length) {
      templates[templates.length - 1]++;
      i++;
    } else if (c === '}' && templates.length) {
      if (templates[templates.length - 1] === 0) {
        templates.pop();
        i = scanTemplate(i + 1);
      } else {
        templates[templates.length - 1]--;
        i++;
      }
    } else i++;
  }
  return out;
}

/** The comments of `text` in one of the comment syntaxes, in text order. */
export function hostComments(text: string, syntax: CommentSyntax): HostComment[] {
  switch (syntax) {
    case 'yaml':
      return yamlComments(text);
    case 'hash':
      return hashComments(text);
    case 'slash':
      return slashComments(text);
  }
}
