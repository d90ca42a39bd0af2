import type { Span } from '../model';

/**
 * The one place where features look at host text around a node: where a string's content starts
 * and ends (inside its quotes). How new text is spelled is the host syntax's job (EditRenderer in
 * model/edits.ts: `quote`, `property`, and `render` for replacing an unquoted YAML scalar).
 */

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/** The content range of a string/key written at `span` (quotes excluded); tolerates an unclosed string. */
export function contentRange(text: string, span: Span, cursor: number, valueSpan?: Span): Span {
  if (valueSpan) return valueSpan;
  const open = isQuote(text[span.offset]);
  const start = span.offset + (open ? 1 : 0);
  const last = span.offset + span.length - 1;
  const closed = open && span.length >= 2 && text[last] === text[span.offset] && !text.slice(start, last).includes('\n');
  let end = closed ? last : span.offset + span.length;
  if (!closed) {
    // An unclosed string runs to the end of the line (or further): stop at the word under the cursor.
    let e = Math.max(start, cursor);
    while (e < end && /[^\s"'`,\]}]/.test(text[e])) e++;
    end = e;
  }
  return { offset: start, length: Math.max(0, end - start) };
}

/** True when `span` starts with a quote character (the insert goes inside the quotes). */
export function isQuoted(text: string, span: Span): boolean {
  return isQuote(text[span.offset]);
}

/** Escapes literal text for an LSP snippet. */
export function snippetEscape(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}
